"""督办 and 请示报告 rules (R70, R71, R72, R29.3, R57, R58, R59, R60): each refused and allowed."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.rules.registry import RuleViolation, rule_info
from desktop_app.rules.supervision import (
    MAJOR_CATEGORIES,
    check_assignment,
    check_chain_step,
    check_close,
    check_escalation,
    check_major_category,
    check_oral_record,
    check_post_signer,
    check_proposal_assignment,
    check_reply_deadline,
    check_report,
    check_request_route,
    check_source,
    reply_deadline,
    timeliness,
)
from desktop_app.workdays import HolidayNotice, WorkCalendar

D = date(2026, 9, 1)


def _refused(rule_id: str, fn, *args, **kwargs) -> str:
    with pytest.raises(RuleViolation) as e:
        fn(*args, **kwargs)
    assert e.value.rule_id == rule_id
    assert f"（{rule_id}）" in e.value.message and "第" in e.value.message
    return e.value.message


def test_R70_an_instruction_names_its_leader_and_day_and_a_decision_is_picked_not_retyped():
    assert "批示的领导" in _refused("R70", check_source, "instruction", instruction_by=3)
    assert "不必重新录入" in _refused("R70", check_source, "decision")
    assert "收文" in _refused("R70", check_source, "document")
    _refused("R70", check_source, "gossip")
    assert "第七十条" in _refused("R70", check_source, "decision")


def test_R70_allowed_sources():
    check_source("instruction", instruction_by=3, instruction_on=D)
    check_source("decision", decision_id=1)
    check_source("document", document_id=1)
    check_source("major")


def test_R71_refuses_an_item_without_unit_person_or_deadline_and_one_due_before_assignment():
    msg = _refused("R71", check_assignment, None, " ", None, D)
    assert "责任单位、责任人、完成时限" in msg and "第七十一条" in msg
    assert "早于交办日期" in _refused("R71", check_assignment, 1, "王强", date(2026, 8, 1), D)


def test_R71_allows_a_complete_assignment():
    check_assignment(1, "王强", D, D)


def test_R71_escalation_goes_to_the_executive_vice_mayor_or_mayor_with_a_reason():
    assert "常务副市长或市长" in _refused("R71", check_escalation, ["vice_mayor"], "跨部门")
    assert "理由" in _refused("R71", check_escalation, ["mayor"], "  ")
    check_escalation(["exec_vice_mayor"], "跨部门，分管领导难以协调")
    check_escalation(["vice_mayor", "mayor"], "落实难度大")


def test_R29_3_a_report_is_written_and_dated_within_the_item():
    today = date(2026, 9, 20)
    assert "书面反馈" in _refused("R29.3", check_report, D, "", D, today)
    _refused("R29.3", check_report, None, "已完成", D, today)
    assert "早于交办日期" in _refused("R29.3", check_report, date(2026, 8, 30), "x", D, today)
    _refused("R29.3", check_report, date(2026, 9, 21), "x", D, today)
    check_report(date(2026, 9, 20), "已完成一期", D, today)


def test_R29_3_closing_needs_a_unit_report_and_evidence():
    assert "书面反馈" in _refused("R29.3", check_close, True, "验收合格", 0)
    assert "办结依据" in _refused("R29.3", check_close, True, "", 1)
    assert "未办结的原因" in _refused("R29.3", check_close, False, "", 1)
    check_close(True, "验收合格", 1)
    check_close(False, "资金未到位", 2)


def test_R29_3_timeliness_of_an_item():
    due = date(2026, 9, 10)
    assert timeliness(due, date(2026, 9, 10), date(2026, 12, 1)) == "on_time"
    assert timeliness(due, date(2026, 9, 11), date(2026, 9, 11)) == "late"
    assert timeliness(due, None, date(2026, 9, 11)) == "overdue"
    assert timeliness(due, None, due) == "open"
    assert timeliness(None, None, date(2030, 1, 1)) == "open"


def test_R72_the_assignment_is_approved_by_the_vice_mayor_in_charge_or_his_stand_in():
    assert "审批人" in _refused("R72", check_proposal_assignment, None, [5])
    assert "第七十二条" in _refused("R72", check_proposal_assignment, 9, [5, 6])
    check_proposal_assignment(5, [5])
    check_proposal_assignment(6, [5, 6])


def test_R57_no_skipping_levels_unless_an_especially_urgent_major_matter():
    msg = _refused("R57", check_request_route, "书面", "urgent_direct", "")
    assert "不得越级" in msg and "第五十七条" in msg
    _refused("R57", check_request_route, "电报", "in_charge", "")
    _refused("R57", check_request_route, "口头", "elsewhere", "")
    check_request_route("口头", "in_charge", "")
    check_request_route("书面", "urgent_direct", MAJOR_CATEGORIES[6])


def test_R58_an_oral_request_is_written_down_by_whoever_received_it():
    msg = _refused("R58", check_oral_record, "口头", "", "街津口乡", "")
    assert "接受人、报告内容" in msg and "第五十八条" in msg
    check_oral_record("口头", "李秘书", "街津口乡 王乡长", "防汛物资不足")
    check_oral_record("书面", "", "", "")  # a written one is its own record


def test_R60_the_category_is_one_of_the_sixteen():
    assert len(MAJOR_CATEGORIES) == 16
    assert "十六类" in _refused("R60", check_major_category, "一般事项")
    check_major_category(MAJOR_CATEGORIES[15])
    check_major_category("")


def test_R59_a_township_request_received_on_30_september_is_due_on_the_make_up_saturday():
    """Oct 1-7 are the National Day holiday; Oct 8, 9 and the make-up working Saturday Oct 10."""
    cal = WorkCalendar()
    assert reply_deadline(date(2026, 9, 30), False, True, cal) == date(2026, 10, 10)
    # several leaders' portfolios: 5 working days (Oct 8, 9, 10, 12, 13)
    assert reply_deadline(date(2026, 9, 30), True, False, cal) == date(2026, 10, 13)
    assert reply_deadline(date(2026, 9, 30), True, True, cal) == date(2026, 10, 10)
    assert reply_deadline(date(2026, 9, 30), False, False, cal) is None
    assert rule_info("R59").article == "第五十九条"


def test_R59_in_a_year_the_calendar_does_not_know_deadlines_count_weekdays_until_the_notice():
    cal = WorkCalendar()
    assert cal.is_provisional(2031)
    # Friday 2031-01-31 + 3 working days on the provisional (Mon-Fri) calendar
    assert reply_deadline(date(2031, 1, 31), False, True, cal) == date(2031, 2, 5)
    notice = HolidayNotice(2031, holidays=((date(2031, 2, 3), date(2031, 2, 7), "春节"),))
    entered = WorkCalendar([notice])
    assert reply_deadline(date(2031, 1, 31), False, True, entered) == date(2031, 2, 12)


def test_R59_a_deadline_later_than_article_59_allows_is_refused_an_earlier_one_kept():
    due = date(2026, 10, 10)
    assert "2026年10月10日前答复" in _refused("R59", check_reply_deadline, date(2026, 10, 12), due)
    assert check_reply_deadline(date(2026, 10, 9), due) == date(2026, 10, 9)
    assert check_reply_deadline(None, due) == due
    assert check_reply_deadline(date(2026, 11, 1), None) == date(2026, 11, 1)


def test_R13_R67_chains_in_order_none_skipped_none_twice():
    assert "分管副市长审核" in _refused("R13", check_chain_step, "fiscal", "mayor_approve", [])
    assert "不能重复" in _refused("R13", check_chain_step, "fiscal", "vm_review", ["vm_review"])
    assert check_chain_step("fiscal", "mayor_approve", ["vm_review"]) == ("市长审批", "mayor")
    msg = _refused("R67", check_chain_step, "taiwan_guest", "exec_decide", ["tao_opinion"])
    assert "办公室主任同意" in msg and "第六十七条" in msg
    assert check_chain_step("foreign_guest", "fao_opinion", [])[1] == ""
    _refused("R72", check_chain_step, "proposal", "mayor_approve", [])


def test_R13_R67_a_step_given_to_a_post_is_signed_by_its_holder_that_day():
    assert "市长" in _refused(
        "R13", check_post_signer, "fiscal", "市长审批", "mayor", ["vice_mayor"], False
    )
    _refused(
        "R67",
        check_post_signer,
        "taiwan_guest",
        "办公室主任同意",
        "office_director",
        ["unit_head"],
        False,
    )
    _refused(
        "R67", check_post_signer, "taiwan_guest", "决定", "exec_or_leader", ["unit_head"], False
    )
    check_post_signer("fiscal", "市长审批", "mayor", ["mayor"], False)
    check_post_signer("taiwan_guest", "办公室主任同意", "office_director", ["unit_head"], True)
    check_post_signer("taiwan_guest", "决定", "exec_or_leader", ["exec_vice_mayor"], False)


def test_R57_a_matter_for_the_party_committee_is_forwarded_by_the_executive_vice_mayor():
    assert check_chain_step("party_report", "exec_forward", []) == (
        "常务副市长转报市委副书记",
        "exec_vice_mayor",
    )
    msg = _refused(
        "R57",
        check_post_signer,
        "party_report",
        "常务副市长转报市委副书记",
        "exec_vice_mayor",
        ["mayor"],
        False,
    )
    assert "常务副市长" in msg and "第五十七条" in msg
    check_post_signer("party_report", "转报", "exec_vice_mayor", ["exec_vice_mayor"], False)
