"""The 督办 pane driven like a clerk would (demo government, today 2026-11-26): a meeting decision
becomes an item through 「会议决定转入督办」 without retyping (R70), a refused close keeps the form
open (R29.3), a late written report and the close mark it 逾期办结, the filters and the dashboard
entry find it, and the register's model passes Qt's model tester."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtWidgets import QPushButton

from desktop_app.formatting import CHINA
from tests.pdf_text import pdftotext
from tests.ui.conftest import choose, close_errors, finish, open_errors, wait_loaded, wait_ops
from tests.ui.test_absences_pane import set_date

TODAY = date(2026, 11, 26)
DEADLINE = date(2026, 11, 20)


def _decision(ctx) -> int:
    from desktop_app.services.directory import queries as dq
    from desktop_app.services.directory.commands import list_units
    from desktop_app.services.meetings import decisions, planning

    with ctx.db.read() as s:
        mayor = dq.holders(s, "mayor", date(2026, 11, 2))[0].person_id
    m = planning.plan_meeting(
        ctx.db,
        ctx.user,
        kind="mayor_office",
        presider_id=mayor,
        starts_at=datetime(2026, 11, 2, 9, tzinfo=CHINA),
    )
    unit = next(u.id for u in list_units(ctx.db) if u.name == "财政局")
    return decisions.add_decision(
        ctx.db,
        ctx.user,
        meeting_id=m.id,
        content="筹措供热补贴资金",
        unit_id=unit,
        deadline=DEADLINE,
        quality="月底前拨付到位",
    ).id


@pytest.fixture
def pane(qtbot, demo_ctx):
    from ui.main_window import MainWindow

    _decision(demo_ctx)
    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    p = win.show_pane("督办")
    wait_loaded(qtbot, p.view)
    yield p
    close_errors()


def _dialog(name: str):
    from PySide6.QtWidgets import QApplication

    return next(
        w for w in QApplication.topLevelWidgets() if w.objectName() == name and w.isVisible()
    )


def test_R70_R29_3_a_decision_becomes_an_item_reported_late_and_closed(qtbot, pane):
    pane.findChild(QPushButton, "supFromDecision").click()
    dialog = _dialog("supervisionFromDecisionDialog")
    choose(dialog, "decision_id", "市政府")
    dialog.widgets["responsible_person"].setText("财政局 王强")
    assert finish(dialog.try_save()), open_errors()
    wait_loaded(qtbot, pane.view)
    rows = pane.view.model.rows
    assert [(r.title, r.unit_name, r.deadline, r.quality) for r in rows] == [
        ("筹措供热补贴资金", "财政局", DEADLINE, "月底前拨付到位")
    ]
    assert rows[0].vice_mayor_name and rows[0].status_text == "已逾期"
    assert pane.view.select_where(lambda r: True)

    # closing before any written report is refused; the form stays open with what was typed
    pane.findChild(QPushButton, "supClose").click()
    close = _dialog("supervisionCloseDialog")
    close.widgets["evidence"].setPlainText("已拨付")
    assert finish(close.try_save()) is False
    assert any("书面反馈" in e and "第二十九条" in e for e in open_errors())
    close_errors()
    assert close.isVisible()
    close.reject()

    pane.findChild(QPushButton, "supReport").click()
    report = _dialog("supervisionReportDialog")
    set_date(report.widgets["received_on"], date(2026, 11, 24))
    report.widgets["text"].setPlainText("补贴资金已于11月24日拨付")
    assert finish(report.try_save()), open_errors()
    wait_loaded(qtbot, pane.view)
    assert pane.view.select_where(lambda r: True)
    pane.findChild(QPushButton, "supClose").click()
    close = _dialog("supervisionCloseDialog")
    set_date(close.widgets["closed_on"], date(2026, 11, 24))
    close.widgets["evidence"].setPlainText("拨付凭证")
    assert finish(close.try_save()), open_errors()
    wait_loaded(qtbot, pane.view)
    (row,) = pane.view.model.rows
    assert (row.status_text, row.reports) == ("逾期办结", 1)
    pane.view.select_where(lambda r: True)
    wait_ops()
    assert "补贴资金已于11月24日拨付" in pane.detail.toPlainText()

    pane.state.setCurrentIndex(pane.state.findData("overdue"))
    wait_loaded(qtbot, pane.view)
    assert pane.view.model.rows == []

    # R73: the 督查通报 for November names the unit that finished late
    pane.findChild(QPushButton, "supCircular").click()
    circular = _dialog("supervisionCircularDialog")
    set_date(circular.widgets["start"], date(2026, 11, 1))
    set_date(circular.widgets["end"], date(2026, 11, 30))
    assert finish(circular.try_save()), open_errors()
    text = "".join(pdftotext(pane.last_circular.pdf, "-raw").split())
    assert "财政局：督办事项1项，按时办结0项，逾期办结1项" in text
    assert "未按时限落实的单位：财政局" in text


def test_R71_the_notice_is_previewed_for_the_selected_item(qtbot, pane, monkeypatch):
    from desktop_app.services.supervision import commands
    from desktop_app.services.supervision.queries import decision_choices

    (choice,) = decision_choices(pane.ctx.db)
    commands.item_from_decision(pane.ctx.db, pane.ctx.user, choice[0], responsible_person="王强")
    built = {}

    def fake_preview(parent, build, title):  # the build still runs on the runner
        from ui import operations

        operations.run(build, lambda r: built.update(result=r, title=title), parent=parent)

    monkeypatch.setattr("ui.panes.meeting_print.preview", fake_preview)
    pane.view.reload()
    wait_loaded(qtbot, pane.view)
    assert pane.view.select_where(lambda r: True)
    pane.findChild(QPushButton, "supNotice").click()
    wait_ops()
    text = "".join(pdftotext(built["result"].pdf).split())
    assert built["title"] == "督办通知单" and "筹措供热补贴资金" in text and "财政局：" in text


def test_the_register_model_and_the_dashboard_entry(qtbot, qtmodeltester, pane):
    from desktop_app.services.supervision import commands
    from desktop_app.services.supervision.queries import decision_choices

    (choice,) = decision_choices(pane.ctx.db)
    item = commands.item_from_decision(
        pane.ctx.db, pane.ctx.user, choice[0], responsible_person="王强"
    )
    pane.view.reload()
    wait_loaded(qtbot, pane.view)
    qtmodeltester.check(pane.view.model)
    pane.state.setCurrentIndex(pane.state.findData("overdue"))
    wait_loaded(qtbot, pane.view)
    assert [r.id for r in pane.view.model.rows] == [item.id]
    pane.open_record("supervision_item", item.id)
    wait_loaded(qtbot, pane.view)
    assert pane.view.current().id == item.id


def test_R58_R59_an_oral_township_request_through_the_form(qtbot, pane):
    from PySide6.QtCore import QDateTime

    pane.findChild(QPushButton, "supRequest").click()
    dialog = _dialog("supervisionRequestDialog")
    choose(dialog, "form", "口头")
    dialog.widgets["title"].setText("请求调拨防汛物资")
    dialog.widgets["request_from"].setText("街津口赫哲族乡 王乡长")
    dialog.widgets["received_at"].setDateTime(QDateTime(2026, 11, 25, 15, 0, 0))
    choose(dialog, "unit_id", "财政局")
    dialog.widgets["responsible_person"].setText("李科长")
    dialog.widgets["from_grassroots"].setChecked(True)
    # R58: not written down (who received it, what) — refused, the form keeps what was typed
    assert finish(dialog.try_save()) is False
    assert any("第五十八条" in e for e in open_errors())
    close_errors()
    dialog.widgets["received_by"].setText("文秘甲")
    dialog.widgets["content"].setPlainText("堤防编织袋不足五千条")
    assert finish(dialog.try_save()), open_errors()
    wait_loaded(qtbot, pane.view)
    (row,) = [r for r in pane.view.model.rows if r.source_kind == "request"]
    # Wednesday 25 November + 3 working days (R59)
    assert (row.deadline, row.request_form, row.source_text) == (
        date(2026, 11, 30),
        "口头",
        "请示报告",
    )


def test_the_per_unit_and_per_leader_views(qtbot, pane):
    from desktop_app.services.directory.commands import list_units
    from desktop_app.services.supervision import commands

    units = {u.name: u.id for u in list_units(pane.ctx.db)}
    leader = next(i for i in range(pane.leader.count()) if "李明远" in pane.leader.itemText(i))
    commands.create_item(
        pane.ctx.db,
        pane.ctx.user,
        kind="instruction",
        title="督促做好冬季供暖",
        unit_id=units["住房和城乡建设局"],
        responsible_person="郑红梅",
        deadline=date(2026, 12, 15),
        assigned_on=TODAY,
        instruction_by_id=pane.leader.itemData(leader),
        instruction_on=TODAY,
    )
    commands.create_item(
        pane.ctx.db,
        pane.ctx.user,
        kind="major",
        title="完成年度预算编制",
        unit_id=units["财政局"],
        responsible_person="徐东升",
        deadline=date(2026, 12, 20),
        assigned_on=TODAY,
    )
    pane.view.reload()
    wait_loaded(qtbot, pane.view)
    assert len(pane.view.model.rows) == 2
    pane.unit.setCurrentIndex(pane.unit.findData(units["财政局"]))
    wait_loaded(qtbot, pane.view)
    assert [r.title for r in pane.view.model.rows] == ["完成年度预算编制"]
    pane.unit.setCurrentIndex(0)
    pane.leader.setCurrentIndex(leader)
    wait_loaded(qtbot, pane.view)
    assert [(r.title, r.instruction_by) for r in pane.view.model.rows] == [
        ("督促做好冬季供暖", "李明远")
    ]


def test_import_buttons_are_offered_to_the_accounts_that_keep_the_register(qtbot, pane):
    """督查 registers 督办 items itself, so it may bring in the office's 督办台账; a read-only
    account is not offered the import."""
    from desktop_app.services.system.common import CurrentUser
    from ui.context import AppContext
    from ui.panes.supervision import SupervisionPane

    assert pane.findChild(QPushButton, "importSupervision") is not None  # 管理员
    ctx = pane.ctx
    for role, offered in (("supervisor", True), ("readonly", False), ("clerk", True)):
        other = SupervisionPane(AppContext(ctx.db, CurrentUser("x", "某", role), today=ctx.today))
        qtbot.addWidget(other)
        assert (other.findChild(QPushButton, "importSupervision") is not None) == offered, role
