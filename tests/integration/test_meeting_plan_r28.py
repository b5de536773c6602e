"""Planning the meetings of 第二十八条 (R28) on both engines: a 战线会议 presided by the vice mayor in
charge of its area (derived from the dated directory, refused for anyone else, for an area
nobody is in charge of, and on a day he is away), and a 全市性工作会议 with its title, the mayor
presiding and the township heads attending.

The rest of meeting planning (R20–R25, R23.1b, R23.3): test_meeting_plan.py."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop_app.rules.registry import RuleViolation
from desktop_app.services import demo
from desktop_app.services.directory import commands as directory
from desktop_app.services.meetings import attendance
from desktop_app.services.meetings import planning as meetings
from desktop_app.services.system.common import ValidationError
from tests.integration.meeting_plan_support import (
    CLERK,
    LEADERS,
    Gov,
    T,
    at,
    blocked,
    gov_fixture,  # noqa: F401 - the `gov` fixture
    plan,
)

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
