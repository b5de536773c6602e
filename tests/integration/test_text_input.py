"""Text too long for its column, or holding NUL or a lone surrogate, is refused with the field's
name on both engines (PostgreSQL raised a raw DataError; SQLite kept the text in full, and the
backup then failed to restore on PostgreSQL); nothing is half-saved."""

from __future__ import annotations

import pytest

from db.models import Person, Unit
from db.text_input import TextInputError, max_length
from desktop_app.services.directory import commands as directory


def test_text_longer_than_its_column_is_refused_naming_the_field(db, admin):
    limit = max_length(Unit, "short_name")
    with pytest.raises(TextInputError) as e:
        directory.save_unit(
            db, admin, name="农业农村局", kind="department", short_name="农" * (limit + 1)
        )
    assert e.value.message == f"「简称」不能超过{limit}个字（现为{limit + 1}个字）。"
    assert directory.list_units(db) == []  # nothing saved


def test_text_at_its_limit_is_kept_whole(db, admin):
    limit = max_length(Person, "phone")
    saved = directory.save_person(db, admin, name="张三", phone="1" * limit)
    assert directory.list_persons(db)[0].phone == "1" * limit == saved.phone


@pytest.mark.parametrize("bad,phrase", [("张\x00三", "NUL"), ("张\ud800三", "代理字符")])
def test_nul_and_lone_surrogates_are_refused(db, admin, bad, phrase):
    with pytest.raises(TextInputError) as e:
        directory.save_person(db, admin, name=bad)
    assert e.value.message.startswith("「姓名」含有") and phrase in e.value.message
    assert directory.list_persons(db) == []


def test_an_edit_is_checked_too_and_the_record_keeps_its_old_text(db, admin):
    p = directory.save_person(db, admin, name="张三", phone="13900000000")
    with pytest.raises(TextInputError):
        directory.save_person(
            db, admin, record_id=p.id, name="张三", phone="1" * 200, expected_version=p.version
        )
    assert directory.list_persons(db)[0].phone == "13900000000"


@pytest.mark.parametrize("year", [1900, 2099])
def test_a_date_no_office_could_mean_is_refused_and_uses_up_no_number(db, year):
    """A typo (2099 for 2009) must not use up 收文〔2099〕1号."""
    from datetime import datetime

    from desktop_app.formatting import CHINA
    from desktop_app.services.documents import incoming
    from tests.integration.test_incoming import CLERK

    with pytest.raises(TextInputError) as e:
        incoming.register_document(
            db,
            CLERK,
            received_at=datetime(year, 3, 2, 9, tzinfo=CHINA),
            sender="佳木斯市人民政府办公室",
            title="关于春耕的通知",
            doc_type="通知",
            nature="action",
        )
    assert e.value.message.startswith(f"「收文时间」{year}年3月2日不是合理的日期")
    with db.read() as s:
        from db.sequences import peek

        assert peek(s, f"incoming:{year}") == 0


def test_a_plausible_date_is_kept(db, admin):
    from datetime import date

    p = directory.save_person(db, admin, name="李明远")
    directory.save_appointment(
        db, admin, person_id=p.id, post_code="mayor", unit_id=None, start_date=date(1998, 1, 1)
    )
    assert directory.list_periods(db, "appointment")[0].start_date == date(1998, 1, 1)
