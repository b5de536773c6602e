"""Pick lists that know the directory (issue 18 item 6): leader pickers offer who holds a
qualifying post ON THE DAY of the act first, everyone else behind 「显示全部」, and propose the
holder — never the former mayor (刘国栋, mayor until 2021-09-30 in the demo directory, whose
name sorts before 李明远's); 记录审批环节 shows only the fields of the chosen step; 纪要期号样式 is
chosen in Chinese and stores the same codes."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tests.ui.conftest import finish, open_errors, wait_ops


@pytest.fixture
def window(qtbot, demo_ctx):
    from ui.main_window import MainWindow

    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    return win


def texts(combo) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def show_all(dialog, key: str):
    from PySide6.QtWidgets import QCheckBox

    return dialog.findChild(QCheckBox, f"showAll_{key}")


def test_presider_proposes_that_days_mayor_and_hides_the_former_one(qtbot, window):
    pane = window.show_pane("会议")
    dialog = pane.plan_meeting()
    wait_ops()
    presider = dialog.widgets["presider_id"]
    assert presider.currentText() == "李明远（市长）"  # proposed: the mayor on the meeting's day
    offered = texts(presider)
    assert offered[0] == "（请选择）" and "张海峰（常务副市长）" in offered
    assert not any(t.startswith("刘国栋") for t in offered)  # mayor until 2021: not offered
    toggle = show_all(dialog, "presider_id")
    assert toggle.text() == "显示全部人员" and toggle.isVisibleTo(dialog)

    toggle.setChecked(True)  # everyone, the holders still first; the choice stays
    assert presider.currentText() == "李明远（市长）"
    assert "刘国栋" in texts(presider)
    assert texts(presider).index("刘国栋") > texts(presider).index("张海峰（常务副市长）")
    toggle.setChecked(False)
    assert "刘国栋" not in texts(presider)

    # a meeting on a day of the former term: the lists are read again for that day
    dialog.widgets["starts_at"].setDateTime(datetime(2020, 6, 1, 9, 0))
    wait_ops()
    assert presider.currentText() == "刘国栋（市长）"
    assert not any(t.startswith("李明远") for t in texts(presider))
    dialog.widgets["starts_at"].setDateTime(datetime(2026, 11, 30, 9, 0))
    wait_ops()
    assert presider.currentText() == "李明远（市长）"
    dialog.reject()


def test_a_choice_from_show_all_survives_a_date_change_that_keeps_it_offered(qtbot, window):
    pane = window.show_pane("会议")
    dialog = pane.plan_meeting()
    wait_ops()
    presider = dialog.widgets["presider_id"]
    show_all(dialog, "presider_id").setChecked(True)
    presider.setCurrentIndex(presider.findText("刘国栋"))
    dialog.widgets["starts_at"].setDateTime(datetime(2026, 12, 2, 9, 0))
    wait_ops()
    assert presider.currentText() == "刘国栋" and show_all(dialog, "presider_id").isChecked()
    dialog.reject()


def _agenda_item(ctx, title="关于农村供水工程建设的议题"):
    from desktop_app.services.directory import commands as directory
    from desktop_app.services.meetings import agenda

    unit = {u.name: u.id for u in directory.list_units(ctx.db)}["农业农村局"]
    return agenda.save_item(
        ctx.db,
        ctx.user,
        title=title,
        category="deliberation",
        department_id=unit,
        today=ctx.today(),
    )


def test_record_step_shows_only_the_fields_of_the_chosen_step(qtbot, window, demo_ctx):
    _agenda_item(demo_ctx)
    pane = window.show_pane("会议")
    pane.tabs.setCurrentWidget(pane.items)
    pane.items.reload()
    wait_ops()
    assert pane.items.select_where(lambda i: i.title == "关于农村供水工程建设的议题")
    dialog = pane.record_step()
    wait_ops()
    step, w = dialog.widgets["step"], dialog.widgets

    def shown() -> set[str]:
        return {
            k
            for k in ("on", "by", "method", "disagreement", "solution", "copies")
            if w[k].isVisibleTo(dialog)
        }

    def pick(code: str) -> None:
        step.setCurrentIndex(step.findData(code))
        wait_ops()

    pick("coordination")
    assert shown() == {"on", "method"}
    pick("disagreement")
    assert shown() == {"disagreement", "solution"}
    pick("materials")
    assert shown() == {"on", "copies"}
    pick("mayor_approved")
    assert shown() == {"on", "by"}
    assert w["by"].currentText() == "李明远（市长）"
    assert not any(t.startswith("刘国栋") for t in texts(w["by"]))
    pick("sponsor_signed")  # the vice mayor in charge of 农业农村局 that day (R6.1)
    assert shown() == {"on", "by"}
    assert texts(w["by"])[:2] == ["（当日任职者本人）", "孙立新（分管副市长）"]
    pick("coordination")
    assert not show_all(dialog, "by").isVisibleTo(dialog)  # its line goes with 签字人

    # a hidden required field is not asked for; the shown one is, in the same message
    w["method"].setCurrentIndex(0)
    assert finish(dialog.try_save()) is False
    assert any("以下内容须填写或选择：协调方式。" in t for t in open_errors())


def test_minutes_issue_style_is_a_chinese_choice_storing_the_same_codes(qtbot, ctx):
    from PySide6.QtWidgets import QComboBox

    from desktop_app.services.system import org_profile
    from ui.panes.settings_org import OrgProfileWidget

    org = OrgProfileWidget(ctx)
    qtbot.addWidget(org)
    with qtbot.waitSignal(org.loaded, timeout=5000):
        org.reload()
    combo = org.editors["minutes_issue_style"]
    assert isinstance(combo, QComboBox)
    assert texts(combo) == ["〔年份〕N号（如〔2026〕12号）", "第N期（如 第12期）"]
    assert combo.currentData() == "bracket"
    combo.setCurrentIndex(combo.findData("period"))
    assert org.changes() == {"minutes_issue_style": "period"}
    with qtbot.waitSignal(org.saved, timeout=5000):
        org.save()
    assert org_profile.get_profile(ctx.db)["minutes_issue_style"] == "period"
    with pytest.raises(Exception, match="纪要期号样式"):
        org_profile.clean_value(org_profile.BY_KEY["minutes_issue_style"], "第N期")


def test_minutes_signers_short_list_mayor_exec_and_presider_of_the_day(qtbot, demo_ctx):
    """R29.1: the mayor is proposed; the presider (a vice mayor) is offered with what qualifies
    him; a former mayor is not offered."""
    from desktop_app.services.directory import commands as directory
    from ui import operations
    from ui.panes.meeting_choices import qualified

    db, day = demo_ctx.db, date(2026, 11, 26)

    def read():
        people = {p.name: p.id for p in directory.list_persons(db)}
        presider = ((people["孙立新"], "会议主持人"),)
        return people, qualified(db, day, ("mayor", "exec_vice_mayor"), "mayor", extra=presider)

    got = operations.run(read, lambda _r: None)
    wait_ops()
    people, short = got.result
    assert [label for _v, label in short.first] == [
        "（请选择）",
        "李明远（市长）",
        "张海峰（常务副市长）",
        "孙立新（会议主持人）",
    ]
    assert short.default == people["李明远"]
    assert "刘国栋" in [label for _v, label in short.rest]
