"""工作台 providers of the foundation: calendar reminders (CAL1) and directory gaps."""

from __future__ import annotations

from datetime import date

from desktop_app.services import demo
from desktop_app.services.directory import commands as directory
from desktop_app.services.directory import dashboard as directory_dashboard
from desktop_app.services.system import calendar_admin, dashboard

NOTICE_2027 = "年份: 2027\n休: 2027-01-01 至 2027-01-03 元旦\n班: 2027-02-20\n"


def _titles(db, today):
    return [i.title for i in dashboard.collect(db, today)]


def test_CAL1_reminder_from_november_until_next_year_is_entered(db, admin):
    assert "请录入2027年节假日安排" not in _titles(db, date(2026, 10, 31))
    assert "请录入2027年节假日安排" in _titles(db, date(2026, 11, 1))
    calendar_admin.save_notice(db, admin, NOTICE_2027)
    assert "请录入2027年节假日安排" not in _titles(db, date(2026, 11, 26))


def test_CAL1_provisional_year_is_flagged_until_its_notice_is_entered(db, admin):
    assert "2027年工作日暂按周末计算" in _titles(db, date(2027, 3, 1))
    calendar_admin.save_notice(db, admin, NOTICE_2027)
    assert "2027年工作日暂按周末计算" not in _titles(db, date(2027, 3, 1))


def test_directory_gaps_are_listed_and_cite_the_rule(db, admin):
    items = dashboard.collect(db, date(2026, 11, 26))
    assert any(i.title == "今日无市长任职记录" and "第四条" in i.detail for i in items)
    demo.fill(db, admin, today=date(2026, 11, 26))
    items = dashboard.collect(db, date(2026, 11, 26))
    titles = [i.title for i in items]
    assert "今日无市长任职记录" not in titles
    # The executive vice mayor has no AB partner in the demo: worth a note, but it is true
    # every day, so the 人员与分管 pane shows it once instead of the 工作台 daily.
    assert not any(t.endswith("今日没有AB角") for t in titles)
    gaps = [i.title for i in directory_dashboard.standing_gaps(db, date(2026, 11, 26))]
    assert "张海峰（常务副市长）今日没有AB角" in gaps
    # Every department has a vice mayor in charge in the demo.
    assert not any(t.endswith("今日无分管副市长") for t in gaps)
    unit = next(u for u in directory.list_units(db) if u.name == "财政局")
    gap = [
        i for i in directory_dashboard.standing_gaps(db, date(2021, 9, 1)) if i.ref_id == unit.id
    ]
    assert gap == []  # before the term nobody was vice mayor, so no portfolio gaps are claimed
