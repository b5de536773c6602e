"""The 督办 register on both engines: a meeting decision becomes an item without retyping and is
followed up in one place (R23.6.1, R70), items from a 批示 with the vice mayor in charge derived
(R70, R71), written reports and closing (R29.3), escalation (R71), the 工作台 and the per-unit
lines of the 督查通报 (R73)."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.rules.registry import RuleViolation
from desktop_app.services import demo
from desktop_app.services.directory import commands as directory
from desktop_app.services.meetings import decisions
from desktop_app.services.supervision import commands, queries, summaries
from desktop_app.services.system import dashboard
from desktop_app.services.system.common import PermissionDenied, ValidationError
from tests.integration.minutes_support import people, units
from tests.integration.test_decisions import MEETING_DAY, _add, _meeting

TODAY = date(2024, 6, 3)


def _vm_of(db, unit: str) -> str:
    from desktop_app.services.absences import in_charge

    with db.read() as s:
        return in_charge.find(s, MEETING_DAY, unit_id=units(db)[unit]).name


def _from_decision(db, clerk, deadline=date(2024, 5, 31)):
    m, (_heating, _farm, money) = _meeting(db, clerk)
    d = _add(db, clerk, m, deadline, agenda_item_id=money, quality="资金拨付到位")
    return d, commands.item_from_decision(db, clerk, d.id, responsible_person="财政局 王强")


def test_R70_R23_6_1_a_decision_becomes_an_item_without_retyping(db, clerk):
    d, item = _from_decision(db, clerk)
    assert (item.source_kind, item.decision_id, item.content) == ("decision", d.id, d.content)
    assert (item.unit_name, item.vice_mayor_name, item.quality) == (
        "财政局",
        "张海峰",
        "资金拨付到位",
    )
    assert (item.assigned_on, item.deadline) == (MEETING_DAY, d.deadline)
    with pytest.raises(ValidationError, match="已列入督办台账"):
        commands.item_from_decision(db, clerk, d.id, responsible_person="王强")
    # followed up in one place: the meeting's own report form defers to the register
    with pytest.raises(ValidationError, match="督办"):
        decisions.report_done(db, clerk, d.id, reported_on=TODAY, report="已拨付")


def test_R29_3_a_late_report_closes_the_item_late_and_the_decision_with_it(db, clerk):
    d, item = _from_decision(db, clerk)
    with pytest.raises(RuleViolation) as e:
        commands.close_item(db, clerk, item.id, done=True, closed_on=TODAY, evidence="已拨付")
    assert e.value.rule_id == "R29.3"
    commands.record_report(
        db, clerk, item.id, received_on=TODAY, text="资金已全部拨付", today=TODAY
    )
    closed = commands.close_item(
        db,
        clerk,
        item.id,
        done=True,
        closed_on=TODAY,
        evidence="拨付凭证",
        expected_version=item.version,
    )
    assert (closed.status, closed.timeliness, closed.status_text) == ("done", "late", "逾期办结")
    assert closed.reports == 1 and closed.last_report_on == TODAY
    assert [x.status for x in decisions.list_decisions(db) if x.id == d.id] == ["done"]


def test_R29_3_R71_overdue_items_on_the_dashboard_and_the_decision_not_listed_twice(db, clerk):
    d, item = _from_decision(db, clerk)
    got = [
        i
        for i in dashboard.collect(db, TODAY)
        if (i.ref_kind, i.ref_id) in (("decision", d.id), ("supervision_item", item.id))
    ]
    assert [(i.area, i.ref_kind, i.severity, i.rule_id) for i in got] == [
        ("督办", "supervision_item", "overdue", "R29.3")
    ]
    assert "尚未办结，也未书面反馈" in got[0].detail and "第二十九条" in got[0].detail
    soon = [i for i in dashboard.collect(db, date(2024, 5, 29)) if i.ref_kind == "supervision_item"]
    assert [i.severity for i in soon] == ["due"]  # 2 working days: May 30, 31


def test_R70_R71_an_instruction_item_gets_the_vice_mayor_in_charge_from_the_directory(db, clerk):
    _meeting(db, clerk)  # the government of the meeting day: units, posts, portfolios
    u, p = units(db), people(db)
    with pytest.raises(RuleViolation) as e:
        commands.create_item(
            db,
            clerk,
            kind="instruction",
            title="督促完成供热改造",
            unit_id=u["住房和城乡建设局"],
            responsible_person="张三",
            deadline=date(2024, 7, 1),
            assigned_on=MEETING_DAY,
        )
    assert e.value.rule_id == "R70"
    with pytest.raises(RuleViolation) as e:
        commands.create_item(
            db,
            clerk,
            kind="instruction",
            title="督促完成供热改造",
            unit_id=u["住房和城乡建设局"],
            responsible_person="",
            deadline=None,
            assigned_on=MEETING_DAY,
            instruction_by_id=p["李明远"],
            instruction_on=MEETING_DAY,
        )
    assert e.value.rule_id == "R71" and "责任人、完成时限" in e.value.message
    item = commands.create_item(
        db,
        clerk,
        kind="instruction",
        title="督促完成供热改造",
        unit_id=u["住房和城乡建设局"],
        responsible_person="张三",
        deadline=date(2024, 7, 1),
        assigned_on=MEETING_DAY,
        instruction_by_id=p["李明远"],
        instruction_on=MEETING_DAY,
        assisting_units="财政局",
    )
    assert (item.instruction_by, item.status_text) == ("李明远", "办理中")
    assert item.vice_mayor_name == _vm_of(db, "住房和城乡建设局")  # derived, not typed
    assert [i.id for i in queries.list_items(db, TODAY, search="供热改造")] == [item.id]
    assert [i.id for i in queries.list_items(db, TODAY, state="overdue")] == []


def test_R71_escalation_to_the_mayor_with_a_reason_and_not_to_a_vice_mayor(db, clerk):
    _d, item = _from_decision(db, clerk)
    p = people(db)
    with pytest.raises(RuleViolation) as e:
        commands.escalate(db, clerk, item.id, to_person_id=p["李明远"], on=TODAY, reason="")
    assert e.value.rule_id == "R71"
    done = commands.escalate(
        db, clerk, item.id, to_person_id=p["李明远"], on=TODAY, reason="跨部门，分管领导难以协调"
    )
    assert (done.escalated_to, done.escalated_on) == ("李明远", TODAY)


def test_R73_unit_lines_count_on_time_late_overdue_and_not_reported(db, clerk):
    _d, late = _from_decision(db, clerk)
    u = units(db)
    on_time = commands.create_item(
        db,
        clerk,
        kind="major",
        title="完成项目前期",
        unit_id=u["财政局"],
        responsible_person="王强",
        deadline=date(2024, 5, 20),
        assigned_on=MEETING_DAY,
    )
    commands.record_report(
        db, clerk, on_time.id, received_on=date(2024, 5, 17), text="完成", today=TODAY
    )
    commands.close_item(
        db, clerk, on_time.id, done=True, closed_on=date(2024, 5, 17), evidence="验收"
    )
    lines = summaries.unit_lines(db, date(2024, 5, 1), date(2024, 6, 30))
    assert [
        (x.unit_name, x.items, x.done_on_time, x.done_late, x.overdue, x.not_reported)
        for x in lines
    ] == [("财政局", 2, 1, 0, 1, 1)]


def test_a_readonly_account_cannot_record_items(db, clerk):
    from desktop_app.services.system.common import CurrentUser

    _d, item = _from_decision(db, clerk)
    reader = CurrentUser("reader", "读者", "readonly")
    with pytest.raises(PermissionDenied):
        commands.record_report(db, reader, item.id, received_on=TODAY, text="x", today=TODAY)


def test_R44_an_item_from_a_confidential_meeting_shows_its_text_only_to_classified_accounts(
    db, clerk, admin
):
    from desktop_app.services.supervision.dto import HIDDEN
    from tests.integration.minutes_support import plan

    m = plan(db, clerk, day=MEETING_DAY, confidential=True)
    d = _add(db, clerk, m, date(2024, 5, 31), content="研究边境口岸安保方案")
    item = commands.item_from_decision(db, clerk, d.id, responsible_person="王强")
    assert item.secrecy == "涉密"
    (shown,) = queries.list_items(db, TODAY, user=clerk)
    assert (shown.title, shown.content, shown.unit_name) == (HIDDEN, HIDDEN, "财政局")
    assert queries.list_items(db, TODAY, user=clerk, search="口岸") == []
    (full,) = queries.list_items(db, TODAY, user=admin, search="口岸")
    assert full.title == "研究边境口岸安保方案"


def test_R73_the_circular_and_the_export_of_the_register(db, clerk, admin, tmp_path):
    import openpyxl

    from desktop_app.services.supervision import export, printouts
    from tests.pdf_text import pdftotext

    _d, item = _from_decision(db, clerk)
    n = export.export_items(db, tmp_path / "督办.xlsx", TODAY, user=admin)
    sheet = openpyxl.load_workbook(tmp_path / "督办.xlsx").active
    assert n == 1 and [c.value for c in sheet[2]][1:5] == [
        "会议决定事项",
        item.title,
        "财政局",
        "财政局 王强",
    ]
    assert (sheet[2][10].value.date(), sheet[2][14].value) == (item.deadline, "已逾期")
    units = openpyxl.load_workbook(tmp_path / "督办.xlsx")["按单位汇总"]
    assert [c.value for c in units[2]] == [1, "财政局", 1, 0, 0, 0, 0, 0, 1]
    result = printouts.circular_pdf(db, date(2024, 5, 1), date(2024, 6, 30), TODAY)
    text = "".join(pdftotext(result.pdf, "-raw").split())
    assert "逾期未办结1项，未书面反馈1项" in text
    assert "未按时限落实的单位：财政局" in text and "未按要求书面反馈落实情况的单位：财政局" in text
    with pytest.raises(ValidationError):
        printouts.circular_pdf(db, date(2024, 6, 30), date(2024, 5, 1), TODAY)


def test_R71_the_notice_to_the_unit_and_R44_refused_for_a_classified_item(db, clerk, admin):
    from desktop_app.services.supervision import printouts
    from tests.integration.minutes_support import plan
    from tests.pdf_text import pdftotext

    _d, item = _from_decision(db, clerk)
    text = "".join(pdftotext(printouts.notice_pdf(db, item.id, TODAY, user=clerk).pdf).split())
    assert "督办通知单" in text and "财政局：" in text
    assert "分管副市长：张海峰。责任人：财政局王强" in text and "完成时限：2024年5月31日前" in text
    m = plan(db, clerk, day=MEETING_DAY, confidential=True, demo_fill=False)
    secret = _add(db, clerk, m, date(2024, 5, 31), content="研究边境口岸安保方案")
    hidden = commands.item_from_decision(db, clerk, secret.id, responsible_person="王强")
    with pytest.raises(PermissionDenied):
        printouts.notice_pdf(db, hidden.id, TODAY, user=clerk)
    shown = "".join(pdftotext(printouts.notice_pdf(db, hidden.id, TODAY, user=admin).pdf).split())
    assert "研究边境口岸安保方案" in shown


def test_R35_R44_an_item_from_a_classified_document_is_as_classified(db, admin):
    from desktop_app.services.documents import incoming
    from desktop_app.services.supervision.dto import HIDDEN
    from tests.integration.test_incoming import CLERK, JIYAO, T, proposed, reg

    demo.fill(db, admin, today=T)
    open_doc = proposed(db)
    secret = reg(
        db,
        JIYAO,
        secrecy="机密",
        secrecy_term="10年",
        copies=1,
        copy_numbers="003",
        title="涉密事项通知",
    )
    incoming.propose(db, JIYAO, secret.id, "呈孙副市长阅示。", secret.version)
    assert [i for i, _t in queries.document_choices(db, user=CLERK)] == [open_doc.id]
    assert {i for i, _t in queries.document_choices(db, user=JIYAO)} == {open_doc.id, secret.id}
    finance = next(u.id for u in directory.list_units(db) if u.name == "财政局")
    item = commands.create_item(
        db,
        JIYAO,
        kind="document",
        title="落实涉密通知要求",
        unit_id=finance,
        responsible_person="徐东升",
        deadline=date(2026, 3, 20),
        assigned_on=T,
        incoming_document_id=secret.id,
    )
    assert item.secrecy == "机密"
    (shown,) = queries.list_items(db, T, user=CLERK)
    assert shown.title == HIDDEN


def test_a_voided_item_returns_its_decision_to_the_meetings_follow_up(db, clerk):
    d, item = _from_decision(db, clerk)
    commands.void_item(db, clerk, item.id, "责任单位录错", item.version)
    with pytest.raises(ValidationError, match="已作废（责任单位录错）"):
        commands.item_from_decision(db, clerk, d.id, responsible_person="王强")
    done = decisions.report_done(db, clerk, d.id, reported_on=TODAY, report="已拨付")
    assert done.status == "done"
    assert [i.void_reason for i in queries.list_items(db, TODAY, include_voided=True)] == [
        "责任单位录错"
    ]


def test_a_closed_item_voided_reopens_the_decision_it_had_closed(db, clerk):
    """Closing a decision's item closed the decision with the item's date and evidence; voiding
    the item (entered wrongly) takes that back, so the decision is followed up again in the
    meetings area instead of standing as done on a voided record's evidence."""
    d, item = _from_decision(db, clerk)
    commands.record_report(
        db, clerk, item.id, received_on=TODAY, text="资金已全部拨付", today=TODAY
    )
    closed = commands.close_item(
        db, clerk, item.id, done=True, closed_on=TODAY, evidence="拨付凭证", expected_version=None
    )
    assert [x.status for x in decisions.list_decisions(db) if x.id == d.id] == ["done"]
    commands.void_item(db, clerk, item.id, "责任单位录错", closed.version)
    (back,) = [x for x in decisions.list_decisions(db) if x.id == d.id]
    assert (back.status, back.reported_on, back.report) == ("open", None, "")
    done = decisions.report_done(db, clerk, d.id, reported_on=TODAY, report="已拨付")
    assert (done.status, done.report) == ("done", "已拨付")


def test_a_voided_not_done_item_leaves_its_open_decision_as_it_was(db, clerk):
    d, item = _from_decision(db, clerk)
    commands.record_report(db, clerk, item.id, received_on=TODAY, text="未能拨付", today=TODAY)
    closed = commands.close_item(
        db,
        clerk,
        item.id,
        done=False,
        closed_on=TODAY,
        evidence="资金未到位",
        expected_version=None,
    )
    commands.void_item(db, clerk, item.id, "重复登记", closed.version)
    (back,) = [x for x in decisions.list_decisions(db) if x.id == d.id]
    assert back.status == "open"
