"""Shared set-up of the meeting tests (no tests here): the demo government (the `gov` fixture), a
meeting planned (`plan`), attended and held (`attend`, `hold`), a 常务秘书 appointed, and the check
that a refusal names its rule (`blocked`). test_meeting_plan.py re-exports these names for the
meeting tests that import them from there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest

from desktop_app.formatting import CHINA
from desktop_app.services import demo
from desktop_app.services.directory import commands as directory
from desktop_app.services.meetings import attendance_record, holding
from desktop_app.services.meetings import planning as meetings
from desktop_app.services.system.common import CurrentUser
from tests.demo_db import fill_demo

CLERK = CurrentUser("wenmi", "文秘甲", "clerk")
T = date(2026, 3, 2)  # the demo's "today" (a Monday); the mayor entrusts 张海峰 from T+7 to T+10
LEADERS = [
    "李明远",
    "张海峰",
    "赵文华",
    "孙立新",
    "周志强",
    "吴秀兰",
]  # mayor, 常务副市长, 4 副市长


@dataclass(frozen=True)
class Gov:
    person: dict[str, int]
    unit: dict[str, int]


@pytest.fixture(name="gov")
def gov_fixture(db, admin) -> Gov:
    """The demo government (demo.fill): 李明远 mayor, 张海峰 executive vice mayor, four vice mayors
    with portfolios, the departments the rules name, six townships."""
    fill_demo(db, admin, T)
    return Gov(
        {p.name: p.id for p in directory.list_persons(db)},
        {u.name: u.id for u in directory.list_units(db)},
    )


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=CHINA)


def plan(
    db, gov: Gov, day: date, kind: str = "executive", presider: str = "李明远", **kw
) -> meetings.MeetingDTO:
    return meetings.plan_meeting(
        db, CLERK, kind=kind, starts_at=at(day), presider_id=gov.person[presider], **kw
    )


def blocked(excinfo, rule_id: str, article: str = "") -> str:
    """The refusal names the rule and, where the rule is declared, its article."""
    err = excinfo.value
    assert err.rule_id == rule_id
    assert f"（{rule_id}）" in err.message
    if article:
        assert err.message.startswith(f"依据《工作规则》{article}")
    return err.message


def hold(db, meeting_id: int) -> meetings.MeetingDTO:
    m = meetings.get_meeting(db, meeting_id)
    return holding.mark_held(db, CLERK, meeting_id, m.version)


def attend(db, meeting_id: int) -> int:
    """The clerk records 出席 for every line still 未登记 (those away that day stay 请假):
    attendance is never assumed (第二十三条, R23.1)."""
    return attendance_record.record_rest_present(db, CLERK, meeting_id)


def attend_and_hold(db, meeting_id: int) -> meetings.MeetingDTO:
    attend(db, meeting_id)
    return hold(db, meeting_id)


def appoint_secretary(db, gov: Gov, name: str = "钱文") -> int:
    """A 常务秘书 of 市政府办公室 from the term's start: he drafts the minutes (R23.7.2)."""
    pid = directory.save_person(db, CLERK, name=name).id
    directory.save_appointment(
        db,
        CLERK,
        person_id=pid,
        post_code="standing_secretary",
        unit_id=gov.unit["市政府办公室"],
        start_date=demo.TERM,
    )
    return pid
