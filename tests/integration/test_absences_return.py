"""Return, 销假 and written reports on both engines (R62.8, R62.9, CAL1), the lists and the
dashboard providers of absences."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop_app.rules.registry import RuleViolation
from desktop_app.services.absences import queries as absences_queries
from desktop_app.services.absences import returns as absences_return
from desktop_app.services.system import calendar_admin, dashboard
from desktop_app.services.system.common import ValidationError
from tests.integration import test_meeting_plan as base
from tests.integration.test_absences import CLERK, TRIP, T, approve_all, file

gov = base.gov


def trip(db, gov, name: str, start: date, days: int = 3, **kw):
    return approve_all(
        db, file(db, gov, name, start=start, days=days, filed=start - timedelta(days=5), **kw)
    )


def back(db, d, on: date, half: str = "晚上", today: date | None = None, **kw):
    return absences_return.record_return(db, CLERK, d.id, on, half, today=today or on, **kw)


def test_R62_8_return_on_2026_09_30_is_due_on_2026_10_08(db, gov):
    d = trip(db, gov, "邓磊", date(2026, 9, 28))
    d = back(db, d, date(2026, 9, 30), today=date(2026, 10, 8))
    assert (d.return_due, d.return_due_provisional) == (date(2026, 10, 8), False)
    assert (d.status, d.status_name) == ("returned", "已返回待销假")
    assert not d.overdue_return(date(2026, 10, 8)) and d.overdue_return(date(2026, 10, 9))
    d = absences_return.record_report_back(
        db, CLERK, d.id, date(2026, 10, 8), today=date(2026, 10, 8)
    )
    assert (d.reported_back_on, d.status_name) == (date(2026, 10, 8), "已销假")


def test_R62_8_return_on_2026_10_09_is_due_on_the_make_up_working_day(db, gov):
    d = trip(db, gov, "邓磊", date(2026, 10, 8), days=2)
    d = back(db, d, date(2026, 10, 9), today=date(2026, 10, 9))
    assert (d.return_due, d.return_due_provisional) == (date(2026, 10, 10), False)


def test_R62_8_a_2027_deadline_is_provisional_until_the_notice_is_entered(db, gov, admin):
    d = trip(db, gov, "邓磊", date(2027, 9, 27), days=4)
    d = back(db, d, date(2027, 9, 30), today=date(2027, 9, 30))
    assert (d.return_due, d.return_due_provisional) == (date(2027, 10, 1), True)
    calendar_admin.save_notice(db, admin, "年份: 2027\n休: 2027-10-01 至 2027-10-07 国庆节\n")
    d = absences_queries.list_absences(db, person_id=gov.person["邓磊"])[0]
    assert (d.return_due, d.return_due_provisional) == (date(2027, 10, 8), False)


def test_R62_8_overdue_return_is_on_the_dashboard_until_reported(db, gov):
    d = trip(db, gov, "罗健", TRIP, category="休假")
    back(db, d, TRIP + timedelta(days=2), today=TRIP + timedelta(days=2))
    late_day = TRIP + timedelta(days=5)
    items = [i for i in dashboard.collect(db, late_day) if i.rule_id == "R62.8"]
    assert [(i.area, i.severity, i.title, i.ref_id) for i in items] == [
        ("外出报备", "overdue", "罗健逾期未销假", d.id)
    ]
    assert "（R62.8）" in items[0].detail
    assert [
        x.id for x in absences_queries.list_absences(db, status="overdue_return", today=late_day)
    ] == [d.id]
    d = absences_return.record_report_back(db, CLERK, d.id, late_day, today=late_day)
    assert d.reported_late and d.status_name == "已销假"
    assert not [i for i in dashboard.collect(db, late_day) if i.rule_id == "R62.8"]


def test_return_needs_an_approved_request_and_a_sensible_date(db, gov):
    pending = file(db, gov, "邓磊")
    # 第六十二条 decides: the return and 销假 close an approved trip (经批准后方可外出), so the
    # refusal cites R62.8 (it was a bare ValidationError).
    with pytest.raises(RuleViolation) as e:
        back(db, pending, TRIP + timedelta(days=2))
    assert e.value.rule_id == "R62.8" and "第六十二条" in e.value.message
    d = approve_all(db, pending)
    with pytest.raises(ValidationError):
        back(db, d, TRIP - timedelta(days=1))
    with pytest.raises(RuleViolation) as e:  # 销假 after the return (第六十二条, R62.8)
        absences_return.record_report_back(db, CLERK, d.id, TRIP, today=TRIP)
    assert e.value.rule_id == "R62.8"


def test_R62_9_written_report_after_training_is_tracked_until_received(db, gov):
    d = trip(db, gov, "邓磊", TRIP, category="学习培训")
    assert d.report_required
    d = back(db, d, TRIP + timedelta(days=2), reported_back_on=TRIP + timedelta(days=2))
    day = TRIP + timedelta(days=3)
    assert d.report_missing
    assert [i.title for i in dashboard.collect(db, day) if i.rule_id == "R62.9"] == [
        "邓磊外出书面报告未交"
    ]
    d = absences_return.record_written_report(db, CLERK, d.id, day, note="培训心得报告", today=day)
    assert not d.report_missing and d.report_received_on == day
    assert not [i for i in dashboard.collect(db, day) if i.rule_id == "R62.9"]


def test_R62_9_no_report_for_a_vacation(db, gov):
    d = trip(db, gov, "罗健", TRIP, category="休假")
    d = back(db, d, TRIP + timedelta(days=2))
    assert not d.report_required and not d.report_missing
    # 第六十二条 (R62.9) decides which trips owe a written report: the refusal cites it.
    with pytest.raises(RuleViolation) as e:
        absences_return.record_written_report(
            db, CLERK, d.id, TRIP + timedelta(days=3), today=TRIP + timedelta(days=3)
        )
    assert e.value.rule_id == "R62.9"


def test_dashboard_pending_soon_and_away_today(db, gov):
    pending = file(
        db, gov, "邓磊", start=T + timedelta(days=2), filed=T, emergency_reason="临时通知"
    )
    away_now = trip(db, gov, "赵文华", T, days=2)
    items = {i.rule_id: i for i in dashboard.collect(db, T) if i.area == "外出报备"}
    assert items["R62.3"].title == "邓磊外出请示待审批" and items["R62.3"].ref_id == pending.id
    assert "尚缺：分管副市长同意、市长批准、抄报市委" in items["R62.3"].detail
    info = items["R62.6"]
    assert (info.severity, info.title, info.ref_id) == ("info", "赵文华在外", away_now.id)
    assert "AB角：孙立新" in info.detail and "王强" in info.detail


def test_list_in_a_period_with_status(db, gov):
    first = trip(db, gov, "邓磊", TRIP)
    second = file(db, gov, "罗健", start=TRIP + timedelta(days=20))
    listed = absences_queries.list_absences(db, TRIP, TRIP + timedelta(days=30))
    assert [d.id for d in listed] == [second.id, first.id]
    assert [d.id for d in absences_queries.list_absences(db, status="pending")] == [second.id]
    assert (
        absences_queries.list_absences(db, TRIP + timedelta(days=3), TRIP + timedelta(days=10))
        == []
    )
    with pytest.raises(ValidationError):
        absences_queries.list_absences(db, TRIP, TRIP - timedelta(days=1))
