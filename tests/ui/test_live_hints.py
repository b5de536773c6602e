"""Hints a form derives from the database (ui.widgets.live_hint) are read through the operation
runner: a clerk who changes a field fast sees only the hint for what the field holds now, never
one for an older value; a save asked for while a hint that sets a saved field is on its way saves
what the hint set."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.ui.conftest import finish, open_errors, wait_ops


@pytest.fixture
def pane(qtbot, demo_ctx):
    from ui.main_window import MainWindow

    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    pane = win.show_pane("会议")
    pane.tabs.setCurrentWidget(pane.items)
    return pane


def pick_now(dialog, key: str, text: str) -> None:
    """Choose without waiting for anything: as fast as a clerk scrolling a combo."""
    combo = dialog.widgets[key]
    combo.setCurrentIndex(next(i for i in range(combo.count()) if combo.itemText(i) == text))


def test_R23_4_1a_fast_changes_show_only_the_hint_for_the_last_unit(qtbot, pane):
    dialog = pane.edit_item(None)
    wait_ops()  # the units' pick list
    shown = dialog.widgets["vice_mayor"]
    seen: list[str] = []
    shown.textChanged.connect(seen.append)
    for unit in ("教育局", "住房和城乡建设局", "农业农村局"):
        pick_now(dialog, "department_id", unit)
    assert seen == []  # nothing read on the GUI thread: the hints come later
    wait_ops()
    # The older lookups ran, but their results were dropped: 赵文华 (教育局) and 周志强
    # (住房和城乡建设局) were never shown.
    assert len(seen) == 1 and seen[0].startswith("孙立新"), seen
    dialog.reject()


def test_R28_a_save_asked_for_before_the_presider_is_in_saves_the_derived_presider(qtbot, pane):
    dialog = pane.plan_meeting()
    wait_ops()  # the pick lists
    dialog.widgets["starts_at"].setDateTime(datetime(2026, 12, 8, 9, 0))
    dialog.widgets["title"].setText("全市农业农村工作会议")
    pick_now(dialog, "area", "农业农村战线")
    presider = dialog.widgets["presider_id"]
    sun = next(
        presider.itemData(i)
        for i in range(presider.count())
        if presider.itemText(i).startswith("孙立新")
    )
    # Still being looked up: the form shows the mayor it proposed when it opened.
    assert presider.currentData() != sun and presider.currentText().startswith("李明远")
    given, save = [], dialog.save_fn
    dialog.save_fn = lambda v: (given.append(v["presider_id"]), save(v))[1]
    saving = dialog.try_save()  # waits for the lookup, then saves what it set
    assert finish(saving), open_errors()
    assert given == [sun]  # the save got the derived presider, not the empty choice
    pane.meetings.reload()
    wait_ops()
    saved = [m for m in pane.meetings.model.rows if m.title == "全市农业农村工作会议"]
    assert [(m.presider_name, m.kind) for m in saved] == [("孙立新", "sector")]
