"""CAL1 (Chinese working-day calendar) and CAL2 (counting N working days) on real dates."""

from datetime import date, datetime

import pytest
from chinese_calendar import constants as lib

from desktop_app import workdays as wd
from desktop_app.workdays import (
    HolidayNotice,
    WorkCalendar,
    format_notice_text,
    parse_notice_text,
)

D = date
LIB_MAX_YEAR = max(d.year for d in lib.holidays)
NO_DATA_YEAR = 2031  # far enough ahead that the library cannot have it yet

NOTICE_2031 = """\ufeff# 2031年部分节假日安排（测试用）
年份： 2031

休: 2031-01-01 元旦
休: 2031-01-22 至 2031-01-28 春节
班: 2031-01-19
"""


@pytest.fixture
def lib_cal() -> WorkCalendar:
    return WorkCalendar()


def test_CAL1_library_covers_2025_2026_and_not_the_fallback_year(lib_cal):
    assert LIB_MAX_YEAR >= 2026
    assert NO_DATA_YEAR > LIB_MAX_YEAR
    assert lib_cal.source(2026) == "library" and not lib_cal.is_provisional(2026)
    assert lib_cal.source(NO_DATA_YEAR) == "weekends"


def test_CAL1_normal_weekday_works_and_weekend_rests(lib_cal):
    assert lib_cal.is_working_day(D(2026, 3, 2))  # Monday
    assert not lib_cal.is_working_day(D(2026, 3, 7))  # Saturday
    assert lib_cal.holiday_name(D(2026, 3, 7)) is None
    assert lib_cal.holiday_name(D(2026, 3, 2)) is None


def test_CAL1_makeup_saturday_2026_02_14_is_working(lib_cal):
    assert D(2026, 2, 14).weekday() == 5
    assert lib_cal.is_working_day(D(2026, 2, 14))
    assert lib_cal.holiday_name(D(2026, 2, 14)) is None


def test_CAL1_national_day_2026_is_holiday(lib_cal):
    for day in range(1, 8):
        d = D(2026, 10, day)
        assert not lib_cal.is_working_day(d), d
        assert lib_cal.holiday_name(d) == "国庆节"
    assert lib_cal.is_working_day(D(2026, 10, 8))
    assert lib_cal.is_working_day(D(2026, 10, 10))  # Saturday make-up day


def test_CAL1_makeup_days_2025(lib_cal):
    assert D(2025, 1, 26).weekday() == 6  # Sunday before Spring Festival 2025
    assert lib_cal.is_working_day(D(2025, 1, 26))
    assert D(2025, 10, 11).weekday() == 5
    assert lib_cal.is_working_day(D(2025, 10, 11))
    assert lib_cal.holiday_name(D(2025, 1, 29)) == "春节"


def test_CAL1_weekend_fallback_is_provisional(lib_cal):
    assert lib_cal.is_provisional(NO_DATA_YEAR)
    assert lib_cal.is_provisional(D(NO_DATA_YEAR, 5, 1))
    assert lib_cal.is_working_day(D(2031, 1, 1))  # Wednesday: no data, so just a weekday
    assert lib_cal.is_working_day(D(2031, 5, 1))  # Thursday
    assert not lib_cal.is_working_day(D(2031, 1, 25))  # Saturday
    assert lib_cal.holiday_name(D(2031, 1, 1)) is None


def test_CAL1_entered_notice_makes_year_authoritative_and_changes_results():
    cal = WorkCalendar([parse_notice_text(NOTICE_2031)])
    assert cal.source(2031) == "notice"
    assert not cal.is_provisional(2031) and not cal.is_provisional(D(2031, 6, 2))
    assert not cal.is_working_day(D(2031, 1, 1))
    assert cal.holiday_name(D(2031, 1, 1)) == "元旦"
    assert not cal.is_working_day(D(2031, 1, 23))  # Thursday inside 春节
    assert not cal.is_working_day(D(2031, 1, 25))  # Saturday inside 春节
    assert cal.is_working_day(D(2031, 1, 19))  # Sunday make-up day
    assert cal.is_working_day(D(2031, 1, 2))  # unlisted weekday: normal
    assert not cal.is_working_day(D(2031, 1, 4))  # unlisted Saturday: normal rest
    assert cal.add_working_days(D(2031, 1, 17), 1) == D(2031, 1, 19)
    assert cal.add_working_days(D(2031, 1, 21), 1) == D(2031, 1, 29)
    assert cal.working_days_between(D(2031, 1, 17), D(2031, 1, 29)) == 4  # 19, 20, 21, 29


def test_CAL1_notice_overrides_library_for_its_year(lib_cal):
    notice = HolidayNotice(2026, ((D(2026, 10, 1), D(2026, 10, 8), "国庆节"),))
    cal = WorkCalendar([notice])
    assert cal.source(2026) == "notice"
    # The library's 2026-02-14 make-up day is not in this notice, so it is a plain Saturday.
    assert lib_cal.is_working_day(D(2026, 2, 14)) and not cal.is_working_day(D(2026, 2, 14))
    assert lib_cal.is_working_day(D(2026, 10, 8)) and not cal.is_working_day(D(2026, 10, 8))
    assert cal.next_working_day(D(2026, 9, 30)) == D(2026, 10, 9)
    assert cal.source(2025) == "library"  # other years keep the library
    assert cal.is_working_day(D(2025, 1, 26))


def test_CAL1_new_year_spill_from_next_years_notice():
    # Like the real 2019 notice: 元旦 2018-12-30 至 2019-01-01, 班 2018-12-29.
    notice = HolidayNotice(2031, ((D(2030, 12, 30), D(2031, 1, 1), "元旦"),), (D(2030, 12, 28),))
    cal = WorkCalendar([notice])
    assert not cal.is_working_day(D(2030, 12, 30))  # Monday, named by the 2031 notice
    assert cal.is_working_day(D(2030, 12, 28))  # Saturday make-up day
    assert not cal.is_provisional(D(2030, 12, 30))
    assert cal.is_provisional(D(2030, 6, 3))


def test_CAL2_counting_in_a_normal_week(lib_cal):
    assert lib_cal.add_working_days(D(2026, 3, 2), 3) == D(2026, 3, 5)
    assert lib_cal.add_working_days(D(2026, 3, 5), 2) == D(2026, 3, 9)  # skips the weekend
    assert lib_cal.working_days_between(D(2026, 3, 2), D(2026, 3, 9)) == 5
    assert lib_cal.add_working_days(D(2026, 3, 4), 0) == D(2026, 3, 4)
    assert lib_cal.add_working_days(D(2026, 3, 7), 0) == D(2026, 3, 9)


def test_CAL2_one_working_day_after_2026_09_30_is_10_08(lib_cal):
    assert lib_cal.add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)
    assert lib_cal.next_working_day(D(2026, 9, 30)) == D(2026, 10, 8)
    assert lib_cal.add_working_days(D(2026, 10, 3), 0) == D(2026, 10, 8)
    # 10-08 Thu, 10-09 Fri, 10-10 Sat (make-up day)
    assert lib_cal.add_working_days(D(2026, 9, 30), 3) == D(2026, 10, 10)


def test_CAL2_working_days_between_around_national_day_2026(lib_cal):
    assert lib_cal.working_days_between(D(2026, 9, 30), D(2026, 10, 7)) == 0
    assert lib_cal.working_days_between(D(2026, 9, 30), D(2026, 10, 8)) == 1
    assert (
        lib_cal.working_days_between(D(2026, 9, 28), D(2026, 10, 11)) == 5
    )  # 9-29, 9-30, 10-8..10
    assert lib_cal.working_days_between(D(2026, 10, 11), D(2026, 9, 28)) == 0
    assert lib_cal.working_days_between(D(2026, 10, 1), D(2026, 10, 1)) == 0


def test_CAL2_negative_counts_backwards(lib_cal):
    assert lib_cal.add_working_days(D(2026, 10, 8), -1) == D(2026, 9, 30)
    assert lib_cal.add_working_days(D(2026, 2, 24), -1) == D(2026, 2, 14)  # over 春节 to 班
    assert lib_cal.add_working_days(D(2026, 3, 9), -1) == D(2026, 3, 6)


def test_CAL2_add_and_between_agree(lib_cal):
    start = D(2026, 1, 1)
    for n in range(1, 60, 7):  # n == 0 may move a non-working start forward
        end = lib_cal.add_working_days(start, n)
        assert lib_cal.working_days_between(start, end) == n


def test_CAL2_weekend_fallback_counting(lib_cal):
    assert lib_cal.add_working_days(D(2031, 1, 1), 3) == D(2031, 1, 6)  # Thu, Fri, Mon


def test_CAL1_CAL2_module_level_helpers_and_datetime():
    assert wd.is_working_day(D(2026, 2, 14))
    assert not wd.is_working_day(datetime(2026, 10, 1, 9, 30))
    assert wd.add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)
    assert wd.working_days_between(D(2026, 9, 30), D(2026, 10, 9)) == 2


def test_CAL1_parser_round_trip_and_lenient_input():
    notice = parse_notice_text(NOTICE_2031)
    assert notice == HolidayNotice(
        2031,
        ((D(2031, 1, 1), D(2031, 1, 1), "元旦"), (D(2031, 1, 22), D(2031, 1, 28), "春节")),
        (D(2031, 1, 19),),
    )
    assert parse_notice_text(format_notice_text(notice)) == notice
    lenient = parse_notice_text(
        "年份:2031年\n休：2031/1/22~2031/1/28 春节\n休: 2031年10月1日-2031年10月7日 国庆节\n"
        "上班: ２０３１-01-19\n"
    )
    assert lenient.holidays[0] == (D(2031, 1, 22), D(2031, 1, 28), "春节")
    assert lenient.holidays[1] == (D(2031, 10, 1), D(2031, 10, 7), "国庆节")
    assert lenient.workdays == (D(2031, 1, 19),)
    assert parse_notice_text(format_notice_text(lenient)) == lenient


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("年份: 2031\n\n休: 2031-13-01 元旦\n", "第3行：日期 2031-13-01 不存在"),
        ("年份: 2031\n# 注释\n休: 31-01-01 元旦\n", "第3行：日期格式错误，应为 2027-01-01"),
        ("年份: 2031\n班: 2031-1-x\n", "第2行：日期格式错误"),
        ("休: 2031-01-01 元旦\n", "缺少“年份”行"),
        ("年份: 2031\n年份: 2032\n", "第2行：“年份”只能写一次（第1行已写）"),
        ("年份: 2031\n休: 2031-01-22 至 2031-01-28 春节\n班: 2031-01-25\n", "第3行：调休上班日"),
        ("年份: 2031\n班: 2031-01-27\n", "第2行：2031-01-27 是星期一"),
        (
            "年份: 2031\n休: 2030-05-01 劳动节\n",
            "第2行：假期 2030-05-01 至 2030-05-01 不在 2031 年内",
        ),
        ("年份: 2031\n休: 2031-01-03 至 2031-01-01 元旦\n", "第2行：开始日期 2031-01-03 晚于"),
        ("年份: 2031\n休: 2031-01-01\n", "第2行：2031-01-01 的假期缺少节日名称"),
        ("年份: 2031\n休: 2031-01-01 至 元旦\n", "第2行：“至”后面应写结束日期"),
        ("年份: 2031\n放假 2031-01-01 元旦\n", "第2行：无法识别"),
        (
            "年份: 2031\n休: 2031-02-01 至 2031-12-01 春节\n",
            "第2行：假期 2031-02-01 至 2031-12-01 超过",
        ),
        ("年份: 2031\n休: 2031-01-01 元旦\n休: 2031-01-01 至 2031-01-02 元旦\n", "第3行：假期"),
    ],
)
def test_CAL1_parser_rejects_with_chinese_line_numbered_message(text, expected):
    with pytest.raises(ValueError) as err:
        parse_notice_text(text)
    assert expected in str(err.value)


def test_CAL1_notice_dataclass_validates():
    ok = HolidayNotice(2031, ((D(2031, 12, 31), D(2032, 1, 1), "元旦"),))  # may run into next year
    assert ok.year == 2031
    with pytest.raises(ValueError, match="星期三"):
        HolidayNotice(2031, (), (D(2031, 1, 1),))
    with pytest.raises(ValueError, match="落在“春节”假期"):
        HolidayNotice(2031, ((D(2031, 1, 22), D(2031, 1, 28), "春节"),), (D(2031, 1, 25),))
    with pytest.raises(ValueError, match="不在 2031 年内"):
        HolidayNotice(2031, (), (D(2032, 1, 3),))
    with pytest.raises(ValueError, match="年份"):
        HolidayNotice(31)
