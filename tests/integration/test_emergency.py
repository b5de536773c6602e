"""临机处置 and its 事后报告 (R23.4.3) on both engines: the report goes on the next planned 常务会议
(now, or when one is planned) and the decision stays flagged until that meeting is held."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop_app.rules.registry import RuleViolation
from desktop_app.services.meetings import agenda, agenda_meeting, emergency, holding
from desktop_app.services.meetings import planning as meetings
from desktop_app.services.system import dashboard
from desktop_app.services.system.common import ValidationError
from tests.integration import test_meeting_plan as base
from tests.integration.test_meeting_plan import CLERK, T, attend_and_hold, blocked, plan

gov = base.gov  # the shared demo-government fixture

DECIDED = T + timedelta(days=3)
REPORT = "关于向阳乡防汛抢险临机处置情况的事后报告"


def record(db, on=DECIDED, method="口头汇报") -> emergency.EmergencyDTO:
    return emergency.record_emergency(
        db, CLERK, on, method, "向阳乡防汛抢险", "紧急调拨救灾物资并转移沿江群众"
    )


def flags(db, today) -> list[dashboard.AttentionItem]:
    return [i for i in dashboard.collect(db, today) if i.rule_id == "R23.4.3"]


def test_R23_4_3_report_goes_on_the_next_planned_executive_meeting_and_is_flagged_until_held(
    db, gov
):
    plan(db, gov, DECIDED)  # the same day: it was not held in time for the decision
    plan(db, gov, T + timedelta(days=5), kind="mayor_office")  # not a 常务会议
    later = plan(db, gov, T + timedelta(days=28))
    nxt = plan(db, gov, T + timedelta(days=14))
    e = record(db)
    assert (e.meeting_id, e.meeting_title, e.reported) == (nxt.id, "市政府第三次常务会议", False)
    item = agenda.get_item(db, e.item_id)
    assert (item.title, item.kind, item.category, item.status) == (
        REPORT,
        "after_report",
        "report",
        "placed",
    )
    assert [i.kind for i in agenda.list_items(db, meeting_id=nxt.id)] == [
        "law_study",
        "after_report",
    ]
    assert agenda.list_items(db, meeting_id=later.id)[1:] == []

    [flag] = flags(db, T + timedelta(days=4))
    assert (flag.severity, flag.due, flag.ref_kind, flag.ref_id) == (
        "due",
        nxt.day,
        "agenda_item",
        item.id,
    )
    assert "依据《工作规则》第二十三条" in flag.detail and "市政府第三次常务会议" in flag.detail
    assert flags(db, nxt.day + timedelta(days=1))[0].severity == "overdue"
    attend_and_hold(db, nxt.id)
    assert flags(db, nxt.day + timedelta(days=1)) == []
    assert emergency.get_emergency(db, e.id).reported
    assert emergency.list_emergencies(db, pending_only=True) == []


def test_R23_4_3_without_a_planned_meeting_the_report_waits_for_the_next_one(db, gov):
    e = record(db, method="会签")
    assert (e.meeting_id, agenda.get_item(db, e.item_id).status) == (None, "draft")
    [flag] = flags(db, DECIDED)
    assert flag.severity == "warn" and "筹备时将自动列入" in flag.detail
    earlier = plan(db, gov, T + timedelta(days=1))  # before the decision: not reported there
    assert meetings.get_meeting(db, earlier.id).items == 1
    m = plan(db, gov, T + timedelta(days=14))
    assert meetings.get_meeting(db, m.id).items == 2
    assert [(i.title, i.position) for i in agenda.list_items(db, meeting_id=m.id)] == [
        ("会前集体学法", 0),
        (REPORT, 1),
    ]
    assert emergency.list_emergencies(db)[0].meeting_id == m.id


def test_R23_4_3_a_cancelled_meeting_passes_its_reports_on(db, gov):
    first = plan(db, gov, T + timedelta(days=14))
    second = plan(db, gov, T + timedelta(days=28))
    e = record(db)
    assert e.meeting_id == first.id
    holding.cancel_meeting(db, CLERK, first.id, "改期", meetings.get_meeting(db, first.id).version)
    moved = emergency.get_emergency(db, e.id)
    assert (moved.meeting_id, moved.item_id) == (second.id, e.item_id)
    assert agenda.get_item(db, e.item_id).position == 1


def test_R23_4_3_the_report_is_not_placed_or_voided_by_hand(db, gov):
    m = plan(db, gov, T + timedelta(days=14))
    e = record(db)
    item = agenda.get_item(db, e.item_id)
    with pytest.raises(RuleViolation) as err:
        agenda.void_item(db, CLERK, item.id, "不需要报告", item.version)
    blocked(err, "R23.4.3", "第二十三条")
    # Article 23 (四)3 sends the report to the next 常务会议 with its 临机处置: placing or taking it
    # off by hand is a refusal under 第二十三条 (it was a bare input error).
    with pytest.raises(RuleViolation) as err:
        agenda_meeting.place_on_meeting(db, CLERK, item.id, m.id, item.version)
    assert "请作废该临机处置记录后重新登记" in blocked(err, "R23.4.3", "第二十三条")
    with pytest.raises(RuleViolation) as err:
        agenda_meeting.remove_from_meeting(db, CLERK, item.id, item.version)
    blocked(err, "R23.4.3", "第二十三条")
    emergency.void_emergency(db, CLERK, e.id, "重复登记", e.version)
    assert agenda.get_item(db, item.id).void_reason == "重复登记"
    assert flags(db, DECIDED) == []
    assert [i.kind for i in agenda.list_items(db, meeting_id=m.id)] == ["law_study"]


def test_R23_4_3_bad_input_saves_nothing(db, gov):
    with pytest.raises(ValidationError):
        emergency.record_emergency(db, CLERK, DECIDED, "电话", "某事项", "某决定")
    with pytest.raises(ValidationError):
        emergency.record_emergency(db, CLERK, DECIDED, "会签", " ", "某决定")
    assert emergency.list_emergencies(db, include_voided=True) == []
    assert agenda.list_items(db, include_voided=True) == []
