"""One formatting function each for dates and numbers (FORMS.md → Headings and numbers)."""

from datetime import UTC, date, datetime

import pytest

from desktop_app.formatting import (
    CHINA,
    chinese_number,
    copies_text,
    format_date,
    format_doc_number,
    format_issue_number,
    format_local_time,
    is_doc_number,
)


def test_dates_have_full_year_and_no_leading_zeros():
    assert format_date(date(2018, 9, 4)) == "2018年9月4日"
    assert format_date(date(2026, 11, 26)) == "2026年11月26日"
    assert format_date(None) == ""


def test_NUM_document_numbers_use_hexagonal_brackets_without_leading_zeros():
    assert format_doc_number("同政发", 2018, 34) == "同政发〔2018〕34号"
    assert format_doc_number("同政办函", 2026, 1) == "同政办函〔2026〕1号"
    assert is_doc_number("同政发〔2018〕34号")
    for bad in ("同政发[2018]34号", "同政发〔2018〕034号", "同政发〔2018〕第34号", "〔2018〕34号"):
        assert not is_doc_number(bad)
    with pytest.raises(ValueError):
        format_doc_number("", 2018, 34)
    with pytest.raises(ValueError):
        format_doc_number("同政发", 2018, 0)


def test_minutes_issue_number_styles():
    assert format_issue_number(2018, 12) == "〔2018〕12号"
    assert format_issue_number(2018, 12, "period") == "第12期"


@pytest.mark.parametrize(
    "n, text",
    [
        (1, "一"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (25, "二十五"),
        (100, "一百"),
        (103, "一百零三"),
        (110, "一百一十"),
        (999, "九百九十九"),
    ],
)
def test_chinese_numbers_for_headings_and_meeting_ordinals(n, text):
    assert chinese_number(n) == text


def test_a_stored_timestamp_prints_in_china_time():
    """23:30 UTC on 3 September is 07:30 on 4 September in China (UTC+8, no summer time)."""
    assert format_local_time(datetime(2018, 9, 3, 23, 30, tzinfo=UTC)) == "2018年9月4日 07:30"
    assert format_local_time(datetime(2018, 9, 4, 10, 5, tzinfo=CHINA)) == "2018年9月4日 10:05"
    assert format_local_time(None) == ""


def test_copies_carry_their_copy_numbers_when_classified():
    """R44: printed classified copies carry their 份号 under 份数."""
    assert copies_text(3, "") == "3"
    assert copies_text(3, "001-003") == "3（份号：001-003）"
