"""The hash-chained audit log (DESIGN.md → Data) on both engines: what it records, and that
verify_chain notices edited, deleted and truncated entries."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select, text

from db.audit_verify import verify_chain
from db.models import AuditEntry, Person
from desktop_app.services.directory import commands as directory
from desktop_app.services.system import accounts
from tests.two_threads import lined_up


def _entries(db):
    """All audit rows, oldest first, as plain rows (attribute access by column name)."""
    with db.read() as s:
        return s.execute(select(*AuditEntry.__table__.c).order_by(AuditEntry.seq)).all()


def _problems(db):
    with db.snapshot() as s:  # as `fuban check` runs it: one snapshot, entries streamed
        return verify_chain(s)


def _raw(db, sql: str, **params) -> None:
    """Tamper with the table directly, as someone with database access could."""
    with db.engine.begin() as conn:
        conn.execute(text(sql), params)


@pytest.fixture
def history(db, clerk):
    """Three people saved, one renamed, one voided: five audit entries."""
    a = directory.save_person(db, clerk, name="张三", phone="0454-1111")
    b = directory.save_person(db, clerk, name="李四")
    c = directory.save_person(db, clerk, name="王五")
    directory.save_person(
        db, clerk, name="张三丰", phone=a.phone, record_id=a.id, expected_version=a.version
    )
    directory.void(db, clerk, "person", b.id, "重复登记", b.version)
    return a, b, c


def test_insert_update_void_are_recorded_with_actor_table_id_and_values(db, clerk, history):
    a, b, c = history
    entries = _entries(db)
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert [e.action for e in entries] == ["insert", "insert", "insert", "update", "void"]
    assert {e.actor for e in entries} == {clerk.username}
    assert {e.table_name for e in entries} == {"person"}
    assert [e.record_id for e in entries] == [a.id, b.id, c.id, a.id, b.id]

    inserted = json.loads(entries[0].after_json)
    assert inserted["name"] == "张三" and inserted["phone"] == "0454-1111"
    assert inserted["id"] == a.id
    assert entries[0].before_json == ""

    renamed = entries[3]
    assert json.loads(renamed.before_json) == {"name": "张三"}
    assert json.loads(renamed.after_json) == {"name": "张三丰"}

    voided = entries[4]
    after = json.loads(voided.after_json)
    assert after["void_reason"] == "重复登记" and after["voided_by"] == clerk.username
    assert after["voided_at"]
    assert json.loads(voided.before_json)["voided_at"] is None


def test_intact_chain_verifies_clean(db, history):
    assert _problems(db) == []
    entries = _entries(db)
    assert entries[0].prev_hash == "0" * 64
    assert all(e.prev_hash == p.hash for p, e in zip(entries, entries[1:], strict=False))


def test_edited_after_json_is_detected(db, history):
    _raw(db, "UPDATE audit_entry SET after_json = :j WHERE seq = 2", j='{"name":"赵六"}')
    problems = _problems(db)
    assert problems
    assert [p.seq for p in problems] == [2]
    assert "内容被改动" in problems[0].message


def test_deleted_middle_entry_is_detected(db, history):
    _raw(db, "DELETE FROM audit_entry WHERE seq = 3")
    problems = _problems(db)
    assert problems
    assert any(p.seq == 4 and "缺失" in p.message for p in problems)


def test_deleted_last_entry_is_detected(db, history):
    _raw(db, "DELETE FROM audit_entry WHERE seq = 5")
    problems = _problems(db)
    assert problems
    assert any("末尾" in p.message for p in problems)


def test_password_hash_never_appears_in_audit(db, admin):
    accounts.create_first_admin(db, "admin", "管理员", "first-pass-123")
    created = accounts.create_account(db, admin, "wenmi", "文秘甲", "clerk-pass-123", "clerk")
    accounts.set_password(db, admin, created.id, "another-pass-456")
    accounts.authenticate(db, "wenmi", "another-pass-456")

    entries = _entries(db)
    assert {e.table_name for e in entries} == {"account"}
    assert {e.action for e in entries} == {"insert", "update"}
    for e in entries:
        assert "argon2" not in e.after_json and "argon2" not in e.before_json
        assert "pass-" not in e.after_json
    changed = [json.loads(e.after_json) for e in entries if "password_hash" in e.after_json]
    assert len(changed) == 3  # two inserts and the reset, each recorded as changed, not by value
    # Only a digest of the stored (salted) hash, so `fuban check` notices a hash swapped in SQL.
    assert all(c["password_hash"].startswith("sha256:") for c in changed)
    assert _problems(db) == []


def test_deleting_a_register_record_through_the_orm_is_refused(db, clerk):
    p = directory.save_person(db, clerk, name="张三")
    with pytest.raises(RuntimeError, match="void"):
        with db.uow(clerk.username) as s:
            s.delete(s.get(Person, p.id))
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 1
    assert [e.action for e in _entries(db)] == ["insert"]


def test_first_audited_writes_from_two_clerks_at_once_do_not_fork_or_fail(db, clerk):
    """Two clerks save at the same moment on a fresh database (no audit_head row yet)."""
    # Each writer is held right after it read the chain's head, so both read it before either
    # writes.
    _, errors = lined_up(
        db.engine,
        lambda sql: "audit_head" in sql,
        [lambda n=n: directory.save_person(db, clerk, name=n) for n in ("张三", "李四")],
    )

    assert errors == []
    assert [e.seq for e in _entries(db)] == [1, 2]
    assert _problems(db) == []
