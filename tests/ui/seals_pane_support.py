"""Shared set-up of the 用印 pane tests (no tests here): the main window on the demo government
(the `window` fixture), and the helpers that put a seal into use through the 印章 tab and apply
for its use as a clerk would."""

from __future__ import annotations

from datetime import date

import pytest

from tests.ui.conftest import choose, finish, open_errors, wait_loaded, wait_ops

TODAY = date(2026, 11, 26)  # tests/ui/conftest.py: ctx.today
TITLE = "关于申请春耕生产资金的说明"


def select(qtbot, view, predicate) -> None:
    view.reload()
    wait_loaded(qtbot, view)
    assert view.select_where(predicate)
    wait_ops()  # what the selection reads (the detail, the imprint)


@pytest.fixture(name="window")
def window_fixture(qtbot, demo_ctx):
    from ui.main_window import MainWindow

    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    return win


def add_active_seal(qtbot, pane, name: str = "同江市人民政府印", kind: str = "gov") -> None:
    """Through the 印章 tab: 刻制 (new seal), then 启用."""
    tab = pane.catalogue
    pane.tabs.setCurrentWidget(tab)
    dialog = tab.add_seal()
    dialog.widgets["name"].setText(name)
    dialog.widgets["kind"].setCurrentIndex(dialog.widgets["kind"].findData(kind))
    dialog.widgets["document"].setText("同编办〔2021〕3号")
    assert finish(dialog.try_save()), open_errors()
    select(qtbot, tab.seals, lambda s: s.name == name)
    dialog = tab.change_status()
    dialog.widgets["document"].setText("启用通知")
    assert finish(dialog.try_save()), open_errors()
    select(qtbot, tab.seals, lambda s: s.name == name)
    assert tab.seals.current().status_name == "启用"


def apply_for_use(qtbot, pane) -> object:
    pane.tabs.setCurrentIndex(0)
    pane.activate()
    dialog = pane.new_application()
    choose(dialog, "unit_id", "农业农村局")
    dialog.widgets["handler"].setText("王经办")
    dialog.widgets["contact"].setText("13904560001")
    dialog.widgets["title"].setText(TITLE)
    dialog.widgets["copies"].setValue(3)
    choose(dialog, "seal_id", "同江市人民政府印")
    dialog.widgets["purpose"].setPlainText("报送省农业农村厅")
    assert finish(dialog.try_save()), open_errors()
    qtbot.waitUntil(
        lambda: pane.detail.app is not None and pane.detail.app.title == TITLE, timeout=5000
    )
    return pane.detail.app
