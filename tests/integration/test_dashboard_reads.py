"""The 工作台 asks every area for its reminders; the working-day calendar and the office's
settings, which most of them need, are read once per 工作台 read, not once per area — and a
change to the calendar is seen by the next read."""

from __future__ import annotations

from datetime import date

from desktop_app.services.system import calendar_admin, dashboard, read_once
from desktop_app.services.system.common import CurrentUser
from tests import statements
from tests.demo_db import fill_demo

T = date(2026, 12, 7)
VIEWER = CurrentUser("admin", "管理员", "admin")


def _reads(seen, table_marker: str) -> int:
    return sum(1 for s, _ in seen if table_marker in s)


def test_the_calendar_and_the_settings_are_read_once_per_workbench_read(db, admin):
    fill_demo(db, admin, T)
    with statements.recorded(db) as seen:
        dashboard.collect(db, T, VIEWER)
    assert _reads(seen, "FROM holiday_notice") == 1
    assert _reads(seen, "org_setting.version") == 1  # the whole profile (not one key's value)
    with statements.recorded(db) as again:  # and again at the next read: nothing kept between
        dashboard.collect(db, T, VIEWER)
    assert _reads(again, "FROM holiday_notice") == 1


def test_outside_a_workbench_read_every_call_reads_the_calendar_as_it_is_now(db, admin):
    before = calendar_admin.work_calendar(db)
    assert before.is_provisional(2031)
    calendar_admin.save_notice(db, admin, "年份: 2031\n休: 2031-10-01 至 2031-10-07 国庆节\n")
    assert not calendar_admin.work_calendar(db).is_provisional(2031)


def test_once_keeps_a_value_only_inside_a_reading():
    loads: list[int] = []

    def load() -> int:
        loads.append(1)
        return len(loads)

    assert [read_once.once("k", load), read_once.once("k", load)] == [1, 2]
    with read_once.reading():
        assert [read_once.once("k", load), read_once.once("k", load)] == [3, 3]
        with read_once.reading():  # a nested reading shares the outer one's values
            assert read_once.once("k", load) == 3
        assert read_once.once("other", load) == 4
    assert read_once.once("k", load) == 5
