"""Optimistic locking (DESIGN.md → Data): when two clerks edit the same record, the second save is
refused with 「该记录已被他人修改，请刷新后重试」 and the first clerk's data stays."""

from __future__ import annotations

import pytest

from db.errors import StaleRecordError
from db.models import Person
from desktop_app.services.directory import commands as directory
from desktop_app.services.system.common import CurrentUser

STALE = "该记录已被他人修改，请刷新后重试"
CLERK_A = CurrentUser("wenmi_a", "文秘甲", "clerk")
CLERK_B = CurrentUser("wenmi_b", "文秘乙", "clerk")


def _only_person(db):
    [p] = directory.list_persons(db)
    return p


def test_second_clerk_saving_an_old_version_is_refused(db):
    directory.save_person(db, CLERK_A, name="张三", phone="0454-1111")
    seen_by_a = _only_person(db)
    seen_by_b = _only_person(db)
    assert seen_by_a.version == seen_by_b.version == 1

    saved = directory.save_person(
        db,
        CLERK_A,
        name="张三",
        phone="0454-2222",
        record_id=seen_by_a.id,
        expected_version=seen_by_a.version,
    )
    assert saved.version == 2

    with pytest.raises(StaleRecordError) as err:
        directory.save_person(
            db,
            CLERK_B,
            name="张三",
            phone="0454-9999",
            record_id=seen_by_b.id,
            expected_version=seen_by_b.version,
        )
    assert str(err.value) == STALE and err.value.message == STALE

    now = _only_person(db)
    assert (now.phone, now.version) == ("0454-2222", 2)


def test_voiding_an_old_version_is_refused_too(db):
    p = directory.save_person(db, CLERK_A, name="张三")
    directory.save_person(
        db, CLERK_A, name="张三（市财政局）", record_id=p.id, expected_version=p.version
    )
    with pytest.raises(StaleRecordError, match=STALE):
        directory.void(db, CLERK_B, "person", p.id, "重复登记", p.version)
    assert _only_person(db).void_reason is None


def test_reloading_after_the_refusal_lets_the_second_clerk_save(db):
    p = directory.save_person(db, CLERK_A, name="张三")
    directory.save_person(
        db, CLERK_A, name="张三", phone="1", record_id=p.id, expected_version=p.version
    )
    fresh = _only_person(db)
    saved = directory.save_person(
        db, CLERK_B, name="张三", phone="2", record_id=fresh.id, expected_version=fresh.version
    )
    assert (saved.phone, saved.version) == ("2", 3)


def _load_detached(db, person_id: int) -> Person:
    """The row as loaded in a session that has ended (its attributes stay loaded: the unit of
    work commits without expiring; Database.read() rolls back, which would expire them)."""
    with db.uow() as s:
        return s.get(Person, person_id)


def test_orm_level_second_commit_of_a_stale_row_raises_stale_record_error(db):
    pid = directory.save_person(db, CLERK_A, name="张三").id
    row_a, row_b = _load_detached(db, pid), _load_detached(db, pid)

    with db.uow(CLERK_A.username) as s:
        s.add(row_a)
        row_a.phone = "0454-2222"

    with pytest.raises(StaleRecordError, match=STALE):
        with db.uow(CLERK_B.username) as s:
            s.add(row_b)
            row_b.phone = "0454-9999"

    with db.read() as s:
        p = s.get(Person, pid)
        assert (p.phone, p.version, p.updated_by) == ("0454-2222", 2, CLERK_A.username)


def test_orm_level_two_open_transactions_on_the_shared_server(db):
    """Both clerks' units of work are open at once (PostgreSQL; SQLite lets only one writer in)."""
    if db.dialect != "postgresql":
        pytest.skip("SQLite serialises writing transactions (BEGIN IMMEDIATE)")
    pid = directory.save_person(db, CLERK_A, name="张三").id

    with pytest.raises(StaleRecordError, match=STALE):
        with db.uow(CLERK_B.username) as session_b:
            row_b = session_b.get(Person, pid)
            with db.uow(CLERK_A.username) as session_a:
                session_a.get(Person, pid).phone = "0454-2222"
            row_b.phone = "0454-9999"  # flushed at commit: UPDATE … WHERE version = 1

    with db.read() as s:
        assert s.get(Person, pid).phone == "0454-2222"
