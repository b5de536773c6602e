"""Planning a meeting (R20–R25, R28) on both engines: who may preside on that day, numbering per
kind, members and standing attendees from the dated directory (R23.1b), the law study (R23.3).

The `gov` fixture and the helpers here are shared by the other meeting tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest

from desktop_app.formatting import CHINA
from desktop_app.rules.registry import RuleViolation
from desktop_app.services import demo
from desktop_app.services.directory import commands as directory
from desktop_app.services.meetings import (
    agenda,
    agenda_meeting,
    attendance,
    attendance_record,
    holding,
)
from desktop_app.services.meetings import planning as meetings
from desktop_app.services.system import org_profile
from desktop_app.services.system.common import CurrentUser, ValidationError
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


@pytest.fixture
def gov(db, admin) -> Gov:
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


# --- R28: 全市性工作会议 and 战线会议 ------------------------------------------------------------


def test_R28_sector_meeting_is_presided_by_a_vice_mayor_in_charge(db, gov):
    m = plan(
        db,
        gov,
        T + timedelta(days=4),
        kind="sector",
        presider="孙立新",
        title="全市春季农业生产工作会议",
    )
    # no area chosen: the one area 孙立新 is in charge of that day
    assert (m.title, m.presider_capacity, m.area) == (
        "全市春季农业生产工作会议",
        "本人",
        "农业农村战线",
    )
    with pytest.raises(RuleViolation) as e:
        plan(
            db,
            gov,
            T + timedelta(days=4),
            kind="sector",
            presider="陈立",
            title="某战线会议",
            area="农业农村战线",
        )
    blocked(e, "R28")


def sector(
    db,
    gov: Gov,
    area: str,
    presider: str | None = None,
    day: date = T + timedelta(days=4),
    title: str = "全市农业农村工作会议",
) -> meetings.MeetingDTO:
    return meetings.plan_meeting(
        db,
        CLERK,
        kind="sector",
        starts_at=at(day),
        title=title,
        area=area,
        presider_id=gov.person[presider] if presider else None,
    )


def test_R28_the_vice_mayor_in_charge_of_the_area_presides_derived(db, gov):
    """第二十八条: a 战线会议 in the government's name is presided by the 分管副市长 of that area:
    with the area chosen the presider is derived; the same person given is accepted."""
    m = sector(db, gov, "农业农村战线")
    assert (m.area, m.presider_name, m.presider_capacity) == ("农业农村战线", "孙立新", "本人")
    again = sector(db, gov, "农业农村战线", "孙立新", title="全市秋收工作会议")
    assert again.presider_name == "孙立新"
    assert [x.area for x in meetings.list_meetings(db, kind="sector")] == ["农业农村战线"] * 2


@pytest.mark.parametrize("presider", ["周志强", "赵文华", "李明远"])
def test_R28_another_vice_mayor_the_ab_partner_or_the_mayor_is_refused(db, gov, presider):
    """Any vice mayor with some portfolio was accepted before; article 28 names the area's vice
    mayor in charge alone: not another portfolio's, not his AB partner (赵文华: R6.2 covers
    signatures), not the mayor (his meeting is a 全市性工作会议)."""
    with pytest.raises(RuleViolation) as e:
        sector(db, gov, "农业农村战线", presider)
    message = blocked(e, "R28", "第二十八条")
    assert "由分管副市长孙立新主持" in message and f"{presider}不分管该战线" in message
    assert meetings.list_meetings(db) == []


def test_R28_an_area_without_a_vice_mayor_is_refused_pointing_to_the_directory(db, gov, admin):
    with pytest.raises(RuleViolation) as e:
        sector(db, gov, "工业战线", "周志强", title="全市工业经济运行调度会议")
    message = blocked(e, "R28", "第二十八条")
    assert "「工业战线」没有登记分管副市长" in message and "人员与分管 → 分管" in message
    assert meetings.list_meetings(db) == []
    directory.save_portfolio(
        db, admin, person_id=gov.person["周志强"], unit_id=None, area="工业战线", start_date=T
    )
    assert sector(db, gov, "工业战线", "周志强").presider_name == "周志强"


def test_R28_no_area_chosen_and_the_presider_has_none_is_an_input_error(db, gov):
    with pytest.raises(ValidationError) as e:
        plan(db, gov, T + timedelta(days=4), kind="sector", presider="周志强", title="某战线会议")
    assert "请选择战线会议的战线" in e.value.message


def test_R28_the_vice_mayor_in_charge_away_that_day_cannot_preside(db, gov):
    from tests.integration.test_absences import approve_all, file

    day = T + timedelta(days=14)
    approve_all(db, file(db, gov, "孙立新", start=day, days=1))
    with pytest.raises(RuleViolation) as e:
        sector(db, gov, "农业农村战线", day=day)
    assert "孙立新2026年3月16日经批准外出，不能主持" in blocked(e, "R28", "第二十八条")
    assert sector(db, gov, "农业农村战线", day=day + timedelta(days=1)).presider_name == "孙立新"


def test_R28_citywide_meeting_needs_a_title_and_the_mayor(db, gov):
    with pytest.raises(ValidationError):
        plan(db, gov, T + timedelta(days=4), kind="citywide")
    with pytest.raises(RuleViolation) as e:
        plan(
            db,
            gov,
            T + timedelta(days=4),
            kind="citywide",
            presider="张海峰",
            title="全市安全生产工作会议",
        )
    blocked(e, "R28")
    m = plan(db, gov, T + timedelta(days=4), kind="citywide", title="全市安全生产工作会议")
    members = [a.person_name for a in attendance.list_attendance(db, m.id) if a.role == "member"]
    assert members[:6] == LEADERS and len(members) == 6 + len(demo.TOWNSHIPS)  # 乡镇长 attend


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
