"""工作台 order (issue 18 item 8): what is late, what falls today, what falls in the coming days,
what waits for an approval, then reminders and notes; today's and tomorrow's meetings and every
外出请示 still awaiting a step are listed; the directory's standing gaps are not a day's work."""

from __future__ import annotations

from datetime import date, timedelta

from desktop_app.services.system import dashboard
from desktop_app.services.system.dashboard import AttentionItem, category, urgency
from tests.integration import test_meeting_plan as base
from tests.integration.test_absences import T, file
from tests.integration.test_meeting_plan import plan

gov = base.gov

TODAY = date(2026, 3, 4)


def item(severity: str, due: date | None, title: str = "x") -> AttentionItem:
    return AttentionItem("会议", severity, title, due=due)


def test_urgency_puts_late_then_today_then_soon_then_waiting_then_reminders():
    items = [
        item("info", None, "提示"),
        item("warn", TODAY - timedelta(days=9), "提醒"),
        item("pending", None, "用印待审批"),
        item("pending", TODAY + timedelta(days=10), "外出待审批"),
        item("due", TODAY + timedelta(days=2), "后天到期"),
        item("meeting", TODAY + timedelta(days=1), "明日会议"),
        item("meeting", TODAY, "今日会议"),
        item("due", TODAY, "今日到期"),
        item("due", TODAY - timedelta(days=1), "昨日到期"),
        item("overdue", TODAY - timedelta(days=3), "逾期"),
    ]
    ordered = sorted(items, key=lambda i: (urgency(i, TODAY), i.due or date.max, i.title))
    assert [category(i, TODAY) for i in ordered] == [
        "已逾期",
        "已逾期",
        "今日会议",
        "今日到期",
        "明日会议",
        "即将到期",
        "待审批",
        "待审批",
        "提醒",
        "提示",
    ]
    assert [i.title for i in ordered][:2] == ["逾期", "昨日到期"]


def test_todays_and_tomorrows_meetings_are_listed_by_time(db, gov):
    assert T == TODAY - timedelta(days=2)
    later = plan(db, gov, TODAY + timedelta(days=1), room="第二会议室")
    today = plan(db, gov, TODAY, kind="mayor_regular")
    plan(db, gov, TODAY + timedelta(days=2), kind="plenary")  # the day after: not yet
    got = [i for i in dashboard.collect(db, TODAY) if i.severity == "meeting"]
    assert [(i.ref_kind, i.ref_id) for i in got] == [("meeting", today.id), ("meeting", later.id)]
    assert got[0].title.startswith("今日 09:00 ") and got[1].title.startswith("明日 09:00 ")
    assert "第二会议室" in got[1].detail
    assert [category(i, TODAY) for i in got] == ["今日会议", "明日会议"]


def test_every_absence_request_awaiting_a_step_is_listed(db, gov):
    near = file(db, gov, "邓磊", start=TODAY + timedelta(days=2), filed=T)
    far = file(db, gov, "赵文华", start=TODAY + timedelta(days=20), filed=T)
    got = {i.ref_id: i for i in dashboard.collect(db, TODAY) if i.area == "外出报备"}
    assert got[near.id].severity == "due" and category(got[near.id], TODAY) == "即将到期"
    assert got[far.id].severity == "pending" and category(got[far.id], TODAY) == "待审批"
    assert got[far.id].title == "赵文华外出请示待审批" and "尚缺：" in got[far.id].detail
    # the one leaving soon comes first
    order = [i.ref_id for i in dashboard.collect(db, TODAY) if i.area == "外出报备"]
    assert order.index(near.id) < order.index(far.id)


def test_the_directorys_standing_gaps_are_not_on_the_dashboard(db, gov):
    from desktop_app.services.directory.dashboard import standing_gaps

    titles = [i.title for i in dashboard.collect(db, TODAY)]
    assert not any("AB角" in t for t in titles)
    assert any("AB角" in i.title for i in standing_gaps(db, TODAY))
