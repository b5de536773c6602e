"""The 外出报备 pane driven like a clerk would (demo government, today 2026-11-26): file a request
for a township head through the dialog, be refused for the missing acting person (R62.6 — the
dialog stays open with what was typed), complete it, record the approval chain (R62.3), and see
the person on the 在外人员 board for those days and not on a day outside. Then the return, the
销假, the printed form, the filters, a dashboard entry, and the model tester."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pdfplumber
import pytest
from PySide6.QtCore import QDate

from tests.ui.conftest import choose, close_errors, finish, open_errors, wait_loaded, wait_ops
from ui import operations

TODAY = date(2026, 11, 26)  # tests/ui/conftest.py's ctx.today()
START, END = date(2026, 11, 30), date(2026, 12, 2)  # Monday to Wednesday


def set_date(widget, day: date) -> None:
    widget.setDate(QDate(day.year, day.month, day.day))


def select(qtbot, view, predicate) -> None:
    view.reload()
    wait_loaded(qtbot, view)
    assert view.select_where(predicate)


def board_names(qtbot, pane, day: date, span: str = "day") -> list[str]:
    board = pane.board
    board.span.setCurrentIndex(board.span.findData(span))
    set_date(board.day, day)
    board.reload()
    wait_loaded(qtbot, board.view)
    return board.names()


@pytest.fixture
def pane(qtbot, demo_ctx):
    from ui.main_window import MainWindow

    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    return win.show_pane("外出报备")


def file_request(qtbot, pane, person: str = "曹阳", acting: bool = True):
    dialog = pane.new_request()
    choose(dialog, "person_id", person)
    dialog.widgets["reason"].setPlainText("赴省参加乡镇工作会议")
    dialog.widgets["destination"].setText("哈尔滨市")
    set_date(dialog.widgets["start_date"], START)
    set_date(dialog.widgets["end_date"], END)
    choose(dialog, "end_half", "晚上")
    dialog.widgets["transport"].setText("火车")
    dialog.widgets["contact"].setText("13945400011")
    dialog.widgets["for_meeting"].setChecked(True)
    if acting:
        dialog.widgets["acting_name"].setText("邓晓")
        dialog.widgets["acting_post"].setText("街津口赫哲族乡副乡长")
        dialog.widgets["acting_contact"].setText("13945400012")
    return dialog


def opened(op):
    """The dialog an action opens once its record is reread through the runner."""
    assert finish(op), open_errors()
    return op.result


def approve(qtbot, pane, step: str, **text) -> None:
    select(qtbot, pane.register, lambda d: d.person_name == "曹阳")
    dialog = opened(pane.record_approval())
    dialog.widgets["step"].setCurrentIndex(dialog.widgets["step"].findData(step))
    for key, value in text.items():
        widget = dialog.widgets[key]
        widget.setPlainText(value) if hasattr(widget, "setPlainText") else widget.setText(value)
    assert finish(dialog.try_save()), open_errors()


def test_R62_6_R62_3_file_refused_then_complete_approve_and_see_on_the_board(qtbot, pane):
    # 1. the acting person left out: refused, citing the article; the dialog keeps the input
    dialog = file_request(qtbot, pane, acting=False)
    assert not finish(dialog.try_save())
    errors = open_errors()
    assert any("第六十二条" in e and "主持工作负责同志" in e for e in errors), errors
    close_errors()
    assert dialog.isVisible()
    assert dialog.widgets["destination"].text() == "哈尔滨市"
    assert dialog.widgets["reason"].toPlainText() == "赴省参加乡镇工作会议"
    # 2. completed in the same dialog: saved
    dialog.widgets["acting_name"].setText("邓晓")
    dialog.widgets["acting_post"].setText("街津口赫哲族乡副乡长")
    dialog.widgets["acting_contact"].setText("13945400012")
    assert finish(dialog.try_save()), open_errors()
    select(qtbot, pane.register, lambda d: d.person_name == "曹阳")
    d = pane.register.current()
    assert (d.post_title, d.procedure, d.status) == ("街津口赫哲族乡乡长", "head", "pending")
    # the computed chain shows in the detail (R62.3: vice mayor in charge, mayor, copy to 市委)
    assert [st.title for st in pane.detail.steps.rows] == ["分管副市长同意", "市长批准", "抄报市委"]
    assert "待登记" in pane.detail.checklist_title.text()
    assert board_names(qtbot, pane, date(2026, 12, 1)) == []  # not approved: not away

    # 3. the approvals, each by the post's holder that day
    approve(qtbot, pane, "vm_agree", opinion="同意")
    approve(qtbot, pane, "mayor_approve", opinion="同意")
    approve(qtbot, pane, "cc_party", note="已书面报送市委办")
    select(qtbot, pane.register, lambda d: d.person_name == "曹阳")
    d = pane.register.current()
    assert d.status == "approved" and d.missing == ()
    signers = [st.approval.signer_name for st in pane.detail.steps.rows[:2]]
    assert signers == ["赵文华", "李明远"]

    # 4. the 在外人员 board: on those days, not outside them
    pane.tabs.setCurrentWidget(pane.board)
    for day in (START, date(2026, 12, 1), END):
        assert board_names(qtbot, pane, day) == ["曹阳"], day
    assert board_names(qtbot, pane, date(2026, 12, 3)) == []
    assert board_names(qtbot, pane, date(2026, 11, 29)) == []
    assert board_names(qtbot, pane, date(2026, 12, 3), "week") == ["曹阳"]
    row = pane.board.view.model.rows[0]
    assert "邓晓" in row.acting and row.destination == "哈尔滨市"
    assert "在外 1 人" in pane.board.heading.text()


def test_R62_8_return_and_report_back_then_print_the_form(qtbot, pane, monkeypatch):
    dialog = file_request(qtbot, pane)
    assert finish(dialog.try_save()), open_errors()
    approve(qtbot, pane, "vm_agree")
    approve(qtbot, pane, "mayor_approve")
    approve(qtbot, pane, "cc_party", note="已书面报送市委办")
    # The clerk records the return a week later (the pane's "today" moves on).
    later = date(2026, 12, 4)
    pane.ctx._today = lambda: later
    select(qtbot, pane.register, lambda d: d.person_name == "曹阳")
    assert pane.register.model.columns[7].value(pane.register.current()) == "在外"
    dialog = pane.record_return()
    set_date(dialog.widgets["returned_on"], END)
    assert finish(dialog.try_save()), open_errors()
    select(qtbot, pane.register, lambda d: d.person_name == "曹阳")
    d = pane.register.current()
    assert d.return_due == date(2026, 12, 3)  # 1 working day after Wednesday's return
    assert pane.register.model.columns[7].value(d) == "逾期未销假"
    # the state filter finds it
    pane.filter_bar.state.setCurrentIndex(pane.filter_bar.state.findData("逾期未销假"))
    wait_loaded(qtbot, pane.register)
    assert [r.person_name for r in pane.register.model.rows] == ["曹阳"]
    pane.filter_bar.state.setCurrentIndex(pane.filter_bar.state.findData("已销假"))
    wait_loaded(qtbot, pane.register)
    assert pane.register.model.rows == []
    pane.filter_bar.state.setCurrentIndex(0)
    select(qtbot, pane.register, lambda d: d.person_name == "曹阳")
    dialog = pane.report_back()
    assert finish(dialog.try_save()), open_errors()
    select(qtbot, pane.register, lambda d: d.person_name == "曹阳")
    assert pane.register.current().reported_back_on == later

    # 打印报备表: the preview gets the form with the recorded approvals
    built = {}
    monkeypatch.setattr(  # the build still runs on the runner, as preview runs it
        "ui.panes.absences_actions.preview",
        lambda _p, build, title: operations.run(
            build, lambda r: built.update(title=title, result=r)
        ),
    )
    pane.print_form()
    wait_ops()
    assert built["title"] == "曹阳外出请示报备表"
    with pdfplumber.open(io.BytesIO(built["result"].pdf)) as pdf:
        text = pdf.pages[0].extract_text().replace(" ", "")
    assert "同江市领导干部外出请示报备表" in text and "赵文华" in text and "李明远" in text
    assert "已抄报市委" in text and "2026年12月4日" in text
    # 打印登记表: built with a progress dialog (ui.build_progress), then previewed
    monkeypatch.setattr(
        "ui.panes.absences_actions.show_preview",
        lambda _p, result, title: built.update(title=title, result=result),
    )
    pane.print_list()
    wait_ops()
    assert pane.list_job.state == "done"
    assert built["title"] == "外出请示报备登记表" and built["result"].pdf.startswith(b"%PDF")


def test_export_writes_the_register_as_shown(qtbot, pane, monkeypatch, tmp_path):
    assert finish(file_request(qtbot, pane).try_save()), open_errors()
    path = tmp_path / "外出.xlsx"
    monkeypatch.setattr(
        "ui.widgets.export.QFileDialog.getSaveFileName", lambda *a, **k: (str(path), "")
    )
    pane.register.reload()
    wait_loaded(qtbot, pane.register)
    pane.export()
    wait_ops()
    ws = openpyxl.load_workbook(path).active
    assert ws["B2"].value == "曹阳" and ws.max_row == 2
    pane.register.search.setText("不存在的人")  # the export follows the search box too
    pane.export()
    wait_ops()
    assert openpyxl.load_workbook(path).active.max_row == 1


def test_dashboard_entry_opens_the_request(qtbot, pane):
    from desktop_app.services.system import dashboard

    assert finish(file_request(qtbot, pane).try_save()), open_errors()
    pane.filter_bar.category.setCurrentIndex(pane.filter_bar.category.findData("休假"))  # hides it
    wait_loaded(qtbot, pane.register)
    assert pane.register.model.rows == []
    items = [i for i in dashboard.collect(pane.ctx.db, date(2026, 11, 28)) if i.area == "外出报备"]
    assert items, "a pending request departing soon is on the dashboard"
    pane.open_record(items[0].ref_kind, items[0].ref_id)
    wait_loaded(qtbot, pane.register)
    assert pane.register.current().person_name == "曹阳"


def test_register_checklist_and_board_models_pass_the_model_tester(qtbot, qtmodeltester, pane):
    assert finish(file_request(qtbot, pane).try_save()), open_errors()
    approve(qtbot, pane, "vm_agree")
    approve(qtbot, pane, "mayor_approve")
    approve(qtbot, pane, "cc_party", note="已书面报送市委办")
    select(qtbot, pane.register, lambda d: d.person_name == "曹阳")
    board_names(qtbot, pane, START)
    qtbot.waitUntil(lambda: pane.detail.history.rowCount() == 1, timeout=5000)
    for model in (
        pane.register.model,
        pane.detail.steps,
        pane.detail.history,
        pane.board.view.model,
    ):
        assert model.rowCount() > 0
        qtmodeltester.check(model, force_py=True)


def test_R62_7_change_of_itinerary_is_approved_the_same_way_then_in_force(qtbot, pane, monkeypatch):
    assert finish(file_request(qtbot, pane).try_save()), open_errors()
    for step in ("vm_agree", "mayor_approve"):
        approve(qtbot, pane, step)
    approve(qtbot, pane, "cc_party", note="已书面报送市委办")
    select(qtbot, pane.register, lambda d: d.person_name == "曹阳")
    dialog = opened(pane.amend())
    assert dialog.widgets["destination"].text() == "哈尔滨市"  # starts from the itinerary
    set_date(dialog.widgets["end_date"], date(2026, 12, 4))
    dialog.widgets["emergency_reason"].setPlainText("会议延期两天")
    assert finish(dialog.try_save()), open_errors()
    select(qtbot, pane.register, lambda d: d.person_name == "曹阳")
    assert pane.register.current().pending_amendment
    # until the change is approved, the approved itinerary stays in force
    assert board_names(qtbot, pane, date(2026, 12, 4)) == []
    # 记录审批 now records the change's steps
    for step in ("vm_agree", "mayor_approve"):
        approve(qtbot, pane, step)
    approve(qtbot, pane, "cc_party", note="已书面报送市委办")
    select(qtbot, pane.register, lambda d: d.person_name == "曹阳")
    assert not pane.register.current().pending_amendment
    qtbot.waitUntil(
        lambda: [h.status for h in pane.detail.history.rows] == ["approved", "approved"],
        timeout=5000,
    )
    assert board_names(qtbot, pane, date(2026, 12, 4)) == ["曹阳"]
    # 打印报备表 prints the itinerary in force: the approved change
    built = {}
    monkeypatch.setattr(
        "ui.panes.absences_actions.preview",
        lambda _p, build, title: operations.run(build, lambda r: built.update(result=r)),
    )
    pane.print_form()
    wait_ops()
    with pdfplumber.open(io.BytesIO(built["result"].pdf)) as pdf:
        text = pdf.pages[0].extract_text().replace(" ", "")
    assert "2026年12月4日晚上" in text and "行程变更" in text
    # everything recorded: a further 记录审批 says so instead of opening an empty form
    assert opened(pane.record_approval()) is None
    assert any("均已登记" in e for e in open_errors())
    close_errors()


def test_dashboard_shows_who_is_away_today(qtbot, pane):
    assert finish(file_request(qtbot, pane).try_save()), open_errors()
    for step in ("vm_agree", "mayor_approve"):
        approve(qtbot, pane, step)
    approve(qtbot, pane, "cc_party", note="已书面报送市委办")
    dash = pane.window().show_pane("工作台")
    dash.view.reload()
    qtbot.waitUntil(lambda: dash.away.text() == "今日在外：无", timeout=5000)  # 11-26: not yet
    pane.ctx._today = lambda: date(2026, 12, 1)
    dash.view.reload()
    qtbot.waitUntil(lambda: "曹阳" in dash.away.text(), timeout=5000)
    assert dash.away.text() == "今日在外：曹阳（哈尔滨市，至12月2日晚上；主持工作：邓晓）"


def test_R62_3_approval_dialog_shows_the_derived_vice_mayor_read_only(qtbot, pane):
    """The clerk confirms, never chooses, the vice mayor in charge (R62.3 with R6.1): the dialog
    shows who the step needs, derived from the directory, in a read-only field."""
    assert finish(file_request(qtbot, pane).try_save()), open_errors()
    select(qtbot, pane.register, lambda d: d.person_name == "曹阳")
    dialog = opened(pane.record_approval())
    expected = dialog.widgets["expected"]
    wait_ops()  # the hint is read through the runner
    assert expected.isReadOnly()
    assert expected.text() == "街津口赫哲族乡的分管副市长：赵文华"
    dialog.widgets["step"].setCurrentIndex(dialog.widgets["step"].findData("mayor_approve"))
    wait_ops()
    assert expected.text() == "市长：李明远"
    dialog.reject()


def test_R62_3_party_secretary_is_recorded_in_the_party_line(qtbot, pane):
    """A township party secretary reports in the 市委 line (R62.3): one step, the 市委's
    approval as written (who, when); then he is on the 在外人员 board."""
    assert finish(file_request(qtbot, pane, person="韩冬").try_save()), open_errors()
    select(qtbot, pane.register, lambda d: d.person_name == "韩冬")
    assert [st.title for st in pane.detail.steps.rows] == ["报市委批准（按所属序列）"]
    dialog = opened(pane.record_approval())
    wait_ops()  # the hint is read through the runner
    assert "市委批件" in dialog.widgets["expected"].text()
    dialog.widgets["signer_name"].setText("王建国")
    assert not finish(dialog.try_save())
    assert any("第六十二条" in e and "批准人姓名和职务" in e for e in open_errors())
    close_errors()
    dialog.widgets["signer_post"].setText("市委书记")
    assert finish(dialog.try_save()), open_errors()
    select(qtbot, pane.register, lambda d: d.person_name == "韩冬")
    assert pane.register.current().status == "approved"
    pane.tabs.setCurrentWidget(pane.board)
    assert board_names(qtbot, pane, START) == ["韩冬"]


def test_R66_trip_report_dialog_clears_the_tracking(qtbot, pane):
    from desktop_app.services.absences import approvals as absences_approvals
    from desktop_app.services.absences import commands as absences
    from desktop_app.services.absences import returns as absences_return
    from desktop_app.services.absences.commands import AbsenceInput
    from desktop_app.services.directory import commands as directory

    ctx, day = pane.ctx, TODAY
    people = {p.name: p.id for p in directory.list_persons(ctx.db)}
    d = absences.file_request(
        ctx.db,
        ctx.user,
        AbsenceInput(
            people["赵文华"],
            "出国（境）",
            "经贸洽谈",
            "俄罗斯哈巴罗夫斯克",
            date(2026, 11, 16),
            "上午",
            date(2026, 11, 18),
            "晚上",
            "飞机",
            "13945400000",
            "孙立新",
            "副市长",
            "13945400001",
            filed_on=date(2026, 11, 10),
        ),
    )
    for st in d.steps:
        extra = (
            {"signer_name": "市外事处刘处长", "opinion": "同意"}
            if st.code == "fao_opinion"
            else {"note": "督查室登记第9号"}
            if st.code == "abroad_register"
            else {}
        )
        d = absences_approvals.record_approval(
            ctx.db, ctx.user, d.id, st.code, date(2026, 11, 10), today=day, **extra
        )
    absences_return.record_return(
        ctx.db, ctx.user, d.id, date(2026, 11, 18), "晚上", date(2026, 11, 19), today=day
    )
    select(qtbot, pane.register, lambda x: x.person_name == "赵文华")
    assert "出访报告（第六十六条）：须提交" in pane.detail.facts.text()
    dialog = pane.trip_report()
    dialog.widgets["note"].setPlainText("出访报告已呈市政府")
    assert finish(dialog.try_save()), open_errors()
    select(qtbot, pane.register, lambda x: x.person_name == "赵文华")
    d = pane.register.current()
    assert not d.trip_report_missing and d.trip_report_received_on == day
