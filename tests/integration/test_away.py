"""Who is away (在外人员) on both engines, and the same source in other panes: attendance (R27),
agenda items held back (R23.4.5), routing suggestions offering the AB partner (R6.2), the
entrusted executive vice mayor while the mayor is away (R6.3)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop_app.rules.registry import RuleViolation
from desktop_app.services.absences import away
from desktop_app.services.absences import returns as absences_return
from desktop_app.services.documents import incoming
from desktop_app.services.meetings import agenda_meeting, attendance, attendance_record
from desktop_app.services.system.common import ValidationError
from tests.integration import test_meeting_plan as base
from tests.integration.agenda_support import approve as approve_item
from tests.integration.agenda_support import new_item, place
from tests.integration.test_absences import CLERK, T, approve_all, file
from tests.integration.test_meeting_plan import attend, blocked, hold, plan

gov = base.gov
DAY = T + timedelta(days=14)  # 2026-03-16, a Monday


def away_trip(db, gov, name: str, start=DAY, days: int = 2, **kw):
    return approve_all(db, file(db, gov, name, start=start, days=days, **kw))


def test_board_shows_who_where_until_when_acting_and_ab_partner(db, gov):
    assert away.who_is_away(db, DAY, DAY) == []
    pending = file(db, gov, "周志强", start=DAY)  # not approved: not away
    d = away_trip(db, gov, "赵文华", destination="北京")
    board = away.who_is_away(db, DAY, DAY + timedelta(days=6))
    assert [(a.name, a.destination, a.end, a.end_half, a.ab_partner_name) for a in board] == [
        ("赵文华", "北京", DAY + timedelta(days=1), "晚上", "孙立新")
    ]
    a = board[0]
    assert (a.absence_id, a.category, a.acting) == (d.id, "出差", "王强（副职负责同志）13945400001")
    with db.read() as s:
        assert away.is_away(s, gov.person["赵文华"], DAY)
        assert not away.is_away(s, gov.person["赵文华"], DAY + timedelta(days=2))
        assert not away.is_away(s, gov.person["周志强"], DAY)
        assert away.cover_for(s, gov.person["赵文华"], DAY) == gov.person["孙立新"]
        assert away.cover_for(s, gov.person["孙立新"], DAY) is None
    assert pending.status == "pending"


def test_R6_2_partner_signs_only_while_he_is_away_and_the_partner_is_not(db, gov):
    """The AB partner is named to sign — and the printed box says so — only while the vice mayor
    is away and the partner is not; with both away the box says only that he is away."""
    zhao, sun = gov.person["赵文华"], gov.person["孙立新"]
    away_trip(db, gov, "赵文华")
    with db.read() as s:
        assert away.signing_partner(s, zhao, DAY) == sun
        assert away.away_note(s, zhao, DAY) == "（赵文华外出，可由AB角孙立新代签）"
        assert away.signing_partner(s, zhao, DAY + timedelta(days=2)) is None  # back
        assert away.away_note(s, zhao, DAY + timedelta(days=2)) == ""
        assert away.away_note(s, None, DAY) == ""
    away_trip(db, gov, "孙立新")
    with db.read() as s:
        assert away.signing_partner(s, zhao, DAY) is None
        assert away.away_note(s, zhao, DAY) == "（赵文华外出）"


def test_R6_3_mayor_away_shows_the_entrusted_executive_vice_mayor(db, gov):
    start = T + timedelta(days=7)  # the demo entrusts 张海峰 from T+7 to T+10
    d = file(db, gov, "李明远", start=start, days=4, acting_name="张海峰", acting_post="常务副市长")
    # R62.10: article 62 does not list the mayor — his trip is recorded, approved by nobody.
    assert [s.code for s in d.steps] == ["mayor_record"]
    approve_all(db, d)
    a = away.who_is_away(db, start, start)[0]
    assert (a.name, a.entrusted_name, a.entrusted_id) == ("李明远", "张海峰", gov.person["张海峰"])


def test_early_return_ends_the_absence(db, gov):
    d = away_trip(db, gov, "赵文华", days=5)
    absences_return.record_return(
        db, CLERK, d.id, DAY + timedelta(days=1), "上午", today=DAY + timedelta(days=1)
    )
    with db.read() as s:
        assert away.is_away(s, gov.person["赵文华"], DAY)
        assert not away.is_away(s, gov.person["赵文华"], DAY + timedelta(days=1))
    assert [
        a.name for a in away.who_is_away(db, DAY + timedelta(days=2), DAY + timedelta(days=4))
    ] == []


def test_voided_request_is_not_away(db, gov):
    from desktop_app.services.absences import commands as absences

    d = away_trip(db, gov, "赵文华")
    absences.void_request(db, CLERK, d.id, "行程取消", absences.get_absence(db, d.id).version)
    assert away.who_is_away(db, DAY, DAY) == []


# --- R27: attendance -------------------------------------------------------------------------


def test_R27_vice_mayor_away_on_the_meeting_day_shows_as_leave(db, gov):
    m = plan(db, gov, DAY)
    away_trip(db, gov, "赵文华", destination="北京")
    attend(db, m.id)  # the others are recorded 出席 (nobody is by default, R23.1)
    row = next(a for a in attendance.list_attendance(db, m.id) if a.person_name == "赵文华")
    assert (row.status, row.status_name) == ("leave", "请假")
    assert "经批准外出（出差，北京）" in row.note
    assert attendance.quorum(db, m.id) == (6, 5)
    with pytest.raises(ValidationError) as e:
        attendance_record.set_attendance(db, CLERK, row.id, "present", row.version)
    assert "经批准外出" in e.value.message


def test_R27_not_away_on_the_meeting_day_stays_present(db, gov):
    m = plan(db, gov, DAY)
    away_trip(db, gov, "赵文华", start=DAY + timedelta(days=1))
    attend(db, m.id)
    row = next(a for a in attendance.list_attendance(db, m.id) if a.person_name == "赵文华")
    assert row.status == "present" and attendance.quorum(db, m.id) == (6, 6)


def test_R27_R23_1_away_members_do_not_count_for_the_quorum(db, gov):
    """Four of six away leaves two present — fewer than half (第二十三条: 半数以上 includes half,
    so three away would still leave a quorum of three)."""
    m = plan(db, gov, DAY)
    for name in ("赵文华", "孙立新", "周志强", "吴秀兰"):
        away_trip(db, gov, name)
    attend(db, m.id)
    assert attendance.quorum(db, m.id) == (6, 2)
    with pytest.raises(RuleViolation) as e:
        hold(db, m.id)
    assert "出席 2 人，至少需要 3 人" in blocked(e, "R23.1")


# --- R23.4.5: items of an away vice mayor are held -------------------------------------------


def test_R23_4_5_item_of_an_away_vice_mayor_is_not_placed(db, gov):
    first = plan(db, gov, DAY)
    second = plan(db, gov, DAY + timedelta(days=14))
    away_trip(db, gov, "赵文华")
    item = new_item(db, gov, category="report")
    approve_item(db, item.id)
    with pytest.raises(agenda_meeting.SponsorAbsent) as e:
        place(db, item.id, first.id)
    assert "赵文华" in blocked(e, "R23.4.5")
    assert place(db, item.id, second.id).meeting_id == second.id


def test_R23_4_5_item_of_a_vice_mayor_back_in_time_is_placed(db, gov):
    first = plan(db, gov, DAY)
    away_trip(db, gov, "赵文华", start=DAY - timedelta(days=3), days=2)
    item = new_item(db, gov, category="report")
    approve_item(db, item.id)
    assert place(db, item.id, first.id).meeting_id == first.id


# --- R6.2: routing suggestion ----------------------------------------------------------------


def test_R6_2_routing_offers_the_partner_while_the_vice_mayor_is_away(db, gov):
    unit = gov.unit["农业农村局"]  # 孙立新, AB partner 赵文华
    s = incoming.suggest_route(db, unit, DAY)
    assert (s.vice_mayor_away, s.suggested_id) == (False, gov.person["孙立新"])
    away_trip(db, gov, "孙立新", destination="北京")
    s = incoming.suggest_route(db, unit, DAY)
    assert (s.vice_mayor_name, s.partner_name, s.vice_mayor_away) == ("孙立新", "赵文华", True)
    assert s.suggested_id == gov.person["赵文华"] and "北京" in s.away_note
