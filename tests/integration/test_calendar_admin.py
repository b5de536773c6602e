"""CAL1/CAL2 through the database: entered notices drive the working-day calendar."""

from __future__ import annotations

from datetime import date

import pytest

from db.errors import StaleRecordError
from desktop_app.services.system import calendar_admin
from desktop_app.services.system.common import PermissionDenied, ValidationError

NOTICE = "年份: 2027\n休: 2027-02-06 至 2027-02-12 春节\n班: 2027-02-14\n"


def test_CAL1_entered_notice_changes_working_days(db, admin):
    before = calendar_admin.work_calendar(db)
    assert before.is_provisional(2027) and before.is_working_day(date(2027, 2, 8))
    calendar_admin.save_notice(db, admin, NOTICE)
    cal = calendar_admin.work_calendar(db)
    assert not cal.is_provisional(2027)
    assert not cal.is_working_day(date(2027, 2, 8))
    assert cal.is_working_day(date(2027, 2, 14))  # a Sunday, make-up working day


def test_CAL2_working_days_skip_the_entered_holiday(db, admin):
    calendar_admin.save_notice(db, admin, NOTICE)
    cal = calendar_admin.work_calendar(db)
    # Friday 5 Feb + 1 working day: the holiday week is skipped, Sunday 14 Feb is worked.
    assert cal.add_working_days(date(2027, 2, 5), 1) == date(2027, 2, 14)


def test_CAL1_second_entry_for_a_year_needs_the_version(db, admin):
    first = calendar_admin.save_notice(db, admin, NOTICE)
    with pytest.raises(ValidationError):
        calendar_admin.save_notice(db, admin, NOTICE)
    updated = calendar_admin.save_notice(db, admin, NOTICE + "班: 2027-02-20\n", first.version)
    assert updated.workdays == 2
    with pytest.raises(StaleRecordError):
        calendar_admin.save_notice(db, admin, NOTICE, first.version)


def test_import_reports_bad_lines_in_chinese_and_saves_nothing(db, admin, tmp_path):
    bad = tmp_path / "2027.txt"
    bad.write_text("年份: 2027\n休: 2027-13-01 元旦\n", encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        calendar_admin.import_notice_file(db, admin, bad)
    assert "第2行" in err.value.message
    assert calendar_admin.list_notices(db) == []
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("年份: 2027\n".encode("gbk"))
    with pytest.raises(ValidationError) as err:
        calendar_admin.import_notice_file(db, admin, gbk)
    assert "UTF-8" in err.value.message


def test_only_an_administrator_enters_notices(db, clerk):
    with pytest.raises(PermissionDenied):
        calendar_admin.save_notice(db, clerk, NOTICE)


def test_CAL1_the_notice_opened_is_the_one_replaced_whatever_year_its_text_names(db, admin):
    """2027's notice opened and its text corrected to name 2029 (no notice yet): that row now
    holds 2029 — not a second row beside an unchanged 2027."""
    opened = calendar_admin.save_notice(db, admin, NOTICE)
    corrected = calendar_admin.save_notice(
        db,
        admin,
        "年份: 2029\n休: 2029-10-01 至 2029-10-07 国庆节\n",
        opened.version,
        record_id=opened.id,
    )
    assert (corrected.id, corrected.year) == (opened.id, 2029)
    assert [(n.id, n.year) for n in calendar_admin.list_notices(db)] == [(opened.id, 2029)]
    cal = calendar_admin.work_calendar(db)
    assert cal.is_provisional(2027) and not cal.is_working_day(date(2029, 10, 5))


def test_CAL1_a_notice_edited_to_name_another_entered_year_is_refused(db, admin):
    opened = calendar_admin.save_notice(db, admin, NOTICE)
    other = calendar_admin.save_notice(db, admin, "年份: 2028\n休: 2028-01-01 元旦\n")
    with pytest.raises(ValidationError) as err:
        calendar_admin.save_notice(
            db,
            admin,
            "年份: 2028\n休: 2028-10-01 至 2028-10-07 国庆节\n",
            opened.version,
            record_id=opened.id,
        )
    assert "修改的是2027年的放假安排" in err.value.message
    assert "2028年的放假安排已单独录入" in err.value.message
    assert [(n.year, n.version, n.text) for n in calendar_admin.list_notices(db)] == [
        (2027, opened.version, opened.text),
        (2028, other.version, other.text),
    ]
    with pytest.raises(StaleRecordError):  # the version is the opened row's own
        calendar_admin.save_notice(db, admin, NOTICE, opened.version + 1, record_id=opened.id)
