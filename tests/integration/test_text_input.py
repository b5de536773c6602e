"""Text too long for its column, or holding NUL or a lone surrogate, is refused with the field's
name on both engines (PostgreSQL raised a raw DataError; SQLite kept the text in full, and the
backup then failed to restore on PostgreSQL); nothing is half-saved."""

from __future__ import annotations

import pytest

from db.models import Person, Unit
from db.text_input import TextInputError, max_length
from desktop_app.services import directory


def test_text_longer_than_its_column_is_refused_naming_the_field(db, admin):
    limit = max_length(Unit, "short_name")
    with pytest.raises(TextInputError) as e:
        directory.save_unit(db, admin, name="农业农村局", kind="department",
                            short_name="农" * (limit + 1))
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
        directory.save_person(db, admin, record_id=p.id, name="张三", phone="1" * 200,
                              expected_version=p.version)
    assert directory.list_persons(db)[0].phone == "13900000000"
