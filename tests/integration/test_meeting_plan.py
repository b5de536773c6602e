"""Planning a meeting on both engines: who may preside on that day (R20–R25), numbering per kind,
members and standing attendees from the dated directory (R23.1b), the law study (R23.3), and the
register's filters. The 战线会议 and 全市性工作会议 (R28): test_meeting_plan_r28.py.

The `gov` fixture and the helpers the other meeting tests share live in meeting_plan_support.py;
they are re-exported here, where those tests import them from."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop_app.rules.registry import RuleViolation
from desktop_app.services import demo
from desktop_app.services.directory import commands as directory
from desktop_app.services.meetings import agenda, agenda_meeting, attendance
from desktop_app.services.meetings import planning as meetings
from desktop_app.services.system import org_profile
from desktop_app.services.system.common import ValidationError
from tests.integration import meeting_plan_support as support
from tests.integration.meeting_plan_support import (
    CLERK,
    LEADERS,
    Gov,  # noqa: F401 - re-exported for the other meeting tests
    T,
    appoint_secretary,  # noqa: F401 - re-exported for the other meeting tests
    at,  # noqa: F401 - re-exported for the other meeting tests
    attend,  # noqa: F401 - re-exported for the other meeting tests
    attend_and_hold,  # noqa: F401 - re-exported for the other meeting tests
    blocked,
    hold,  # noqa: F401 - re-exported for the other meeting tests
    plan,
)

# The `gov` fixture; the other meeting tests take it from here (`gov = base.gov`).
gov = support.gov_fixture

# --- R20: kinds and numbering ------------------------------------------------------------------


def test_R20_meetings_are_numbered_per_kind_within_the_term(db, gov):
    first = plan(db, gov, T + timedelta(days=14))
    second = plan(db, gov, T + timedelta(days=28))
    office = plan(db, gov, T + timedelta(days=15), kind="mayor_office")
    assert (first.number, first.title) == (1, "市政府第一次常务会议")
    assert (second.number, second.title) == (2, "市政府第二次常务会议")
    assert (office.number, office.title) == (1, "市政府第一次市长办公会议")
    assert first.room == "501" and first.status == "planned" and first.presider_name == "李明远"
    listed = meetings.list_meetings(db, kind="executive")
    assert [m.title for m in listed] == ["市政府第二次常务会议", "市政府第一次常务会议"]


def test_R20_unknown_kind_is_refused_and_nothing_is_saved(db, gov):
    with pytest.raises(ValidationError):
        plan(db, gov, T, kind="party_meeting")
    assert meetings.list_meetings(db) == []


# --- R23.1: presider of the 常务会议 -------------------------------------------------------------


def test_R23_1_the_mayor_presides_in_person(db, gov):
    m = plan(db, gov, T + timedelta(days=1))
    assert m.presider_capacity == "本人"


def test_R23_1_executive_vice_mayor_without_entrustment_is_refused(db, gov):
    with pytest.raises(RuleViolation) as e:
        plan(db, gov, T + timedelta(days=1), presider="张海峰")
    assert "委托" in blocked(e, "R23.1", "第二十三条")
    assert meetings.list_meetings(db) == []


def test_R23_1_executive_vice_mayor_entrusted_that_day_presides_as_entrusted(db, gov):
    m = plan(db, gov, T + timedelta(days=8), presider="张海峰")
    assert (m.presider_name, m.presider_capacity) == ("张海峰", "受委托")
    with pytest.raises(RuleViolation):  # the entrustment ended on T+10
        plan(db, gov, T + timedelta(days=11), presider="张海峰")


def test_R23_1_a_vice_mayor_may_not_preside(db, gov):
    with pytest.raises(RuleViolation) as e:
        plan(db, gov, T + timedelta(days=8), presider="赵文华")
    blocked(e, "R23.1")


# --- R23.1b: members and standing attendees ------------------------------------------------------

STANDING_UNITS = [
    "市政府办公室",
    "法制办公室",
    "调查研究室",
    "督办检查室",
    "社区管委会",
    "财政局",
    "发展和改革局",
    "审计局",
    "信访局",
    "安全生产监督管理局",
]


def test_R23_1b_members_and_standing_attendees_come_from_the_directory(db, gov):
    m = plan(db, gov, T + timedelta(days=14))
    rows = attendance.list_attendance(db, m.id)
    members = [a.person_name for a in rows if a.role == "member"]
    attendees = [a.unit_name for a in rows if a.role == "attendee"]
    assert members == LEADERS
    # 第二十三条 (R23.1): nobody is 出席 until the clerk records it — every line starts 未登记.
    assert (m.members, m.present, m.unrecorded) == (6, 0, 6)
    # 张海峰 is also a party-group member, but he is a member already: not listed twice.
    assert attendees == STANDING_UNITS
    assert all(
        a.person_name and (a.status, a.status_name) == ("unrecorded", "未登记") for a in rows
    )


def test_R23_1b_a_listed_unit_that_is_not_registered_is_flagged_on_the_line(db, gov, admin):
    profile = org_profile.get_profile(db)
    lists = dict(profile["standing_attendees"])
    lists["常务会议"] = [*lists["常务会议"], "统计局"]
    org_profile.save_profile(db, admin, {"standing_attendees": lists}, profile.versions)
    m = plan(db, gov, T + timedelta(days=14))
    last = attendance.list_attendance(db, m.id)[-1]
    assert (last.person_id, last.unit_id, last.note) == (None, None, "统计局（单位未登记）")


def test_R23_1b_members_follow_the_directory_of_the_meeting_day(db, gov):
    before_term = plan(db, gov, date(2021, 9, 20), presider="刘国栋")
    names = [
        a.person_name for a in attendance.list_attendance(db, before_term.id) if a.role == "member"
    ]
    assert names == ["刘国栋"]  # the vice mayors of the demo took office with the new term


# --- R23.3: collective law study -----------------------------------------------------------------


def test_R23_3_every_executive_meeting_opens_with_the_law_study(db, gov):
    m = plan(db, gov, T + timedelta(days=14))
    items = agenda.list_items(db, meeting_id=m.id)
    assert [(i.kind, i.title, i.position) for i in items] == [("law_study", "会前集体学法", 0)]
    regular = plan(db, gov, T + timedelta(days=3), kind="mayor_regular")
    assert agenda.list_items(db, meeting_id=regular.id) == []


def test_R23_3_the_law_study_cannot_be_voided(db, gov):
    m = plan(db, gov, T + timedelta(days=14))
    study = agenda.list_items(db, meeting_id=m.id)[0]
    with pytest.raises(RuleViolation) as e:
        agenda.void_item(db, CLERK, study.id, "不学了", study.version)
    blocked(e, "R23.3", "第二十三条")
    assert agenda.get_item(db, study.id).void_reason is None


def test_R23_3_the_law_study_is_not_moved_or_taken_off_its_meeting(db, gov):
    """R23.3: the law study opens the 常务会议 — moving it or taking it off is a refusal under
    第二十三条 (it was a bare input error); its outcome is still recorded at the meeting."""
    m = plan(db, gov, T + timedelta(days=14))
    other = plan(db, gov, T + timedelta(days=28))
    study = agenda.list_items(db, meeting_id=m.id)[0]
    with pytest.raises(RuleViolation) as e:
        agenda_meeting.remove_from_meeting(db, CLERK, study.id, study.version)
    assert "会前集体学法由系统列为常务会议议程的第一项" in blocked(e, "R23.3", "第二十三条")
    with pytest.raises(RuleViolation) as e:
        agenda_meeting.move_item(db, CLERK, study.id, other.id, study.version)
    blocked(e, "R23.3", "第二十三条")
    assert agenda.get_item(db, study.id).meeting_id == m.id
    done = agenda_meeting.record_outcome(
        db,
        CLERK,
        study.id,
        reporter="法制办公室主任",
        discussion="",
        conclusion="学习了行政复议法。",
        expected_version=study.version,
    )
    assert (done.meeting_id, done.conclusion) == (m.id, "学习了行政复议法。")


# --- R21, R22: plenary and integrity meetings -----------------------------------------------------


@pytest.mark.parametrize("kind, rule_id", [("plenary", "R21"), ("integrity", "R22")])
def test_R21_R22_composition_meetings_are_presided_by_the_mayor(db, gov, kind, rule_id):
    m = plan(db, gov, T + timedelta(days=5), kind=kind)
    members = [a for a in attendance.list_attendance(db, m.id) if a.role == "member"]
    # 市政府组成人员: the mayor, the vice mayors and the heads of the working departments.
    assert len(members) == len(LEADERS) + len(demo.DEPARTMENTS)
    with pytest.raises(RuleViolation) as e:
        plan(db, gov, T + timedelta(days=6), kind=kind, presider="张海峰")
    blocked(e, rule_id)


# --- R24: 市长办公会议 ---------------------------------------------------------------------------


def test_R24_mayor_office_meeting_presided_by_an_entrusted_vice_mayor(db, gov):
    day = T + timedelta(days=20)
    with pytest.raises(RuleViolation) as e:
        plan(db, gov, day, kind="mayor_office", presider="赵文华")
    assert "委托" in blocked(e, "R24", "第二十四条")
    directory.save_entrustment(
        db,
        CLERK,
        principal_id=gov.person["李明远"],
        agent_id=gov.person["赵文华"],
        start_date=day,
        end_date=day,
        scope="主持市长办公会议",
    )
    m = plan(db, gov, day, kind="mayor_office", presider="赵文华")
    assert (m.presider_name, m.presider_capacity) == ("赵文华", "受委托")
    assert plan(db, gov, day, kind="mayor_office").presider_capacity == "本人"


# --- R25: 市长工作例会 ---------------------------------------------------------------------------


def test_R25_mayor_regular_meeting_by_the_mayor_with_its_standing_attendees(db, gov):
    m = plan(db, gov, T + timedelta(days=3), kind="mayor_regular")
    rows = attendance.list_attendance(db, m.id)
    assert [a.person_name for a in rows if a.role == "member"] == LEADERS
    assert [a.unit_name for a in rows if a.role == "attendee"] == [
        "市政府办公室",
        "法制办公室",
        "调查研究室",
    ]
    with pytest.raises(RuleViolation) as e:
        plan(db, gov, T + timedelta(days=8), kind="mayor_regular", presider="张海峰")
    blocked(e, "R25", "第二十五条")


def test_register_filters_by_kind_status_and_china_time_year(db, gov):
    """A meeting at 08:00 on 1 January (China time) is still the previous year in UTC: the
    register files it under the year the clerk sees."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    new_year = meetings.plan_meeting(
        db,
        CLERK,
        kind="mayor_regular",
        starts_at=datetime(2026, 1, 1, 8, tzinfo=ZoneInfo("Asia/Shanghai")),
        presider_id=gov.person["李明远"],
    )
    dec = plan(db, gov, date(2025, 12, 30))
    assert [m.id for m in meetings.list_meetings(db, year=2026)] == [new_year.id]
    assert [m.id for m in meetings.list_meetings(db, year=2025)] == [dec.id]
    assert [m.id for m in meetings.list_meetings(db, kind="executive")] == [dec.id]
    row = meetings.list_meetings(db, kind="executive")[0]
    assert (row.items, row.members, row.present, row.presider_name) == (1, 6, 0, "李明远")
    assert meetings.list_meetings(db, status="held") == []
