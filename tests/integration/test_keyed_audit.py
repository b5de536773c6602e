"""The keyed audit chain (issue 13 item 8), on both engines.

Without a key anyone with SQL access can delete an entry — say, that a 机要 clerk opened a
classified 收文 — and re-hash every later one with plain SHA-256: `fuban check` then passes (the
legacy tests below show it). With this PC's audit.key each entry's hash is HMAC-SHA256, which
nobody without the key can recompute, so the same forgeries are reported; a PC without the key
cannot write to a keyed chain at all; an old database keeps its plain part and is keyed from its
next entry."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from db import audit_hash, audit_key, migrate
from db.audit_key import AuditKeyError
from db.audit_verify import NO_KEY, verify_chain
from db.engine import Database
from db.models import AuditEntry
from desktop_app.services.directory import commands as directory
from desktop_app.services.system import maintenance
from desktop_app.services.system.common import CurrentUser
from tests.integration.keyed_audit_support import KEY, OTHER_KEY, _erase_and_rehash, _open, _seed
from tests.integration.migration_support import downgrade_to


def _view_seq(d: Database) -> int:
    with d.read() as s:
        return s.scalar(select(AuditEntry.seq).where(AuditEntry.action == "view"))


def _append_forged(d: Database) -> None:
    """The other forgery: a hash-correct (plain SHA-256) row appended, head moved onto it."""
    with d.engine.begin() as conn:
        last = conn.execute(
            select(*AuditEntry.__table__.c).order_by(AuditEntry.seq.desc()).limit(1)
        ).one()
        seq, at = last.seq + 1, last.at
        after = '{"name":"伪造"}'
        digest = audit_hash.entry_hash(
            last.hash, seq, at, "admin", "person", 999, "update", "", after
        )
        conn.execute(
            AuditEntry.__table__.insert().values(
                seq=seq,
                at=at,
                actor="admin",
                table_name="person",
                record_id=999,
                action="update",
                before_json="",
                after_json=after,
                prev_hash=last.hash,
                hash=digest,
            )
        )
        conn.execute(
            text("UPDATE audit_head SET last_seq = :n, last_hash = :h WHERE id = 1"),
            {"n": seq, "h": digest},
        )


def _chain_problems(d: Database, key: bytes | None) -> list[str]:
    with d.snapshot() as s:  # as `fuban check` runs it: one snapshot, entries streamed
        return [p.message for p in verify_chain(s, key)]


# --- what the key buys ---------------------------------------------------------------------------


def test_legacy_unkeyed_chain_a_view_erased_and_rehashed_passes_unnoticed(db_url):
    """Before keying: the forgery that erases who opened a classified document is invisible to
    the chain check — the reason for the key."""
    d = _open(db_url, None)
    try:
        _seed(d)
        _erase_and_rehash(d, _view_seq(d))
        assert _view_seq(d) is None
        assert _chain_problems(d, None) == []
    finally:
        d.dispose()


def test_keyed_chain_a_view_erased_and_rehashed_is_reported_by_check(db_url):
    d = _open(db_url, KEY)
    try:
        _seed(d)
        assert maintenance.check(d).ok
        view = _view_seq(d)
        _erase_and_rehash(d, view)
        result = maintenance.check(d, audit_key=KEY)
        assert not result.ok
        assert any(f"第 {view} 条内容被改动" in p for p in result.problems)
    finally:
        d.dispose()


def test_legacy_unkeyed_chain_an_appended_forged_row_passes_the_chain_check(db_url):
    d = _open(db_url, None)
    try:
        _seed(d)
        _append_forged(d)
        assert _chain_problems(d, None) == []
    finally:
        d.dispose()


def test_keyed_chain_an_appended_forged_row_is_reported(db_url):
    d = _open(db_url, KEY)
    try:
        _seed(d)
        _append_forged(d)
        with d.read() as s:
            last = s.scalar(select(func.max(AuditEntry.seq)))
        assert any(f"第 {last} 条内容被改动" in p for p in _chain_problems(d, KEY))
    finally:
        d.dispose()


def test_keyed_chain_rewritten_whole_in_plain_form_is_reported(db_url):
    """The downgrade: marker deleted, every entry re-hashed with SHA-256, keyed_from set to 0.
    A PC holding the key expects a keyed chain (it keys it on opening) and says so."""
    d = _open(db_url, KEY)
    try:
        _seed(d)
        _erase_and_rehash(d, 1)  # entry 1 is the marker: gone, the rest re-hashed in plain
        with d.engine.begin() as conn:
            conn.execute(text("UPDATE audit_head SET keyed_from = 0"))
        assert _chain_problems(d, None) == []
        assert any("未用密钥保护" in p for p in _chain_problems(d, KEY))
    finally:
        d.dispose()


def test_moving_keyed_from_or_the_marker_is_reported(db_url):
    d = _open(db_url, KEY)
    try:
        _seed(d)
        with d.engine.begin() as conn:
            conn.execute(text("UPDATE audit_head SET keyed_from = 3"))
        problems = _chain_problems(d, KEY)
        assert any("不是启用密钥的记录" in p for p in problems)
        assert any("第 1 条内容被改动" in p or "第 3 条内容被改动" in p for p in problems)
    finally:
        d.dispose()


# --- who may write -------------------------------------------------------------------------------


def test_the_first_keyed_append_marks_where_the_keyed_part_starts(db_url):
    d = _open(db_url, KEY)
    try:
        directory.save_person(d, CurrentUser("wenmi", "文秘甲", "clerk"), name="李明远")
        with d.read() as s:
            entries = s.execute(select(*AuditEntry.__table__.c).order_by(AuditEntry.seq)).all()
            assert audit_key.keyed_from(s) == 1
        marker = entries[0]
        assert (marker.table_name, marker.action) == ("audit_head", "key")
        assert [e.action for e in entries[1:]] == ["insert"]
        assert _chain_problems(d, KEY) == []
        # Plain SHA-256 does not reproduce a keyed entry's hash; HMAC with the key does.
        plain = audit_hash.entry_hash(
            marker.prev_hash,
            marker.seq,
            marker.at,
            marker.actor,
            marker.table_name,
            marker.record_id,
            marker.action,
            marker.before_json,
            marker.after_json,
        )
        assert plain != marker.hash
    finally:
        d.dispose()


def test_a_pc_without_the_key_cannot_write_to_a_keyed_chain_and_one_with_it_can(db_url):
    keyed = _open(db_url, KEY)
    keyless = _open(db_url, None)
    wrong = _open(db_url, OTHER_KEY)
    clerk = CurrentUser("wenmi", "文秘甲", "clerk")
    try:
        directory.save_person(keyed, clerk, name="李明远")
        with pytest.raises(AuditKeyError) as refused:
            directory.save_person(keyless, clerk, name="张海峰")
        message = str(refused.value)
        assert "本机缺少审计密钥 audit.key" in message and "/pc/fuban/audit.key" in message
        assert "%LOCALAPPDATA%\\fuban\\audit.key" in message
        with pytest.raises(AuditKeyError, match="密钥不同"):
            directory.save_person(wrong, clerk, name="张海峰")
        assert [p.name for p in directory.list_persons(keyed)] == ["李明远"]  # nothing saved
        directory.save_person(keyed, clerk, name="张海峰")
        assert _chain_problems(keyed, KEY) == []
        # Without the key the keyed part is not passed: it cannot be verified here.
        problems = _chain_problems(keyless, None)
        assert len(problems) == 1 and NO_KEY in problems[0]
        assert not maintenance.check(keyless).ok
    finally:
        for d in (keyed, keyless, wrong):
            d.dispose()


def test_a_keyed_from_moved_behind_a_running_program_is_checked_again_at_its_next_save(db_url):
    """The marker is verified once per process and (keyed_from, key), not at every save; a head
    that names another keyed_from sends the next save back to the chain to verify it."""
    d = _open(db_url, KEY)
    clerk = CurrentUser("wenmi", "文秘甲", "clerk")
    try:
        directory.save_person(d, clerk, name="李明远")  # keys the chain: marker at 1
        directory.save_person(d, clerk, name="张海峰")  # verified the marker
        with d.engine.begin() as conn:
            conn.execute(text("UPDATE audit_head SET keyed_from = 2"))  # a plain entry
        with pytest.raises(AuditKeyError, match="密钥不同"):
            directory.save_person(d, clerk, name="王立新")
        with d.engine.begin() as conn:
            conn.execute(text("UPDATE audit_head SET keyed_from = 1"))
        directory.save_person(d, clerk, name="王立新")
        assert _chain_problems(d, KEY) == []
    finally:
        d.dispose()


def test_repair_of_a_deleted_head_row_keeps_the_chain_keyed(db_url):
    d = _open(db_url, KEY)
    try:
        _seed(d)
        with d.engine.begin() as conn:
            conn.execute(text("DELETE FROM audit_head"))
        assert "已重新接续" in maintenance.repair_audit(d)
        with d.read() as s:
            assert audit_key.keyed_from(s) == 1
        assert _chain_problems(d, KEY) == []
    finally:
        d.dispose()


def test_an_old_database_upgrades_and_keying_starts_at_its_next_entry(db_url):
    """Entries written on the old schema (there, even a writer holding a key — a migration
    recording its changes — writes them plain) keep their SHA-256 hashes; the first keyed write
    after the upgrade starts the keyed part."""
    d = _open(db_url, KEY)
    clerk = CurrentUser("wenmi", "文秘甲", "clerk")
    try:
        downgrade_to(d, "0014")
        directory.save_person(d, clerk, name="李明远")  # as written before the upgrade
        directory.save_person(d, clerk, name="张海峰")
        migrate.upgrade(d)
        with d.read() as s:
            assert audit_key.keyed_from(s) == 0
        directory.save_person(d, clerk, name="孙立新")
        with d.read() as s:
            assert audit_key.keyed_from(s) == 3
            entries = s.execute(select(*AuditEntry.__table__.c).order_by(AuditEntry.seq)).all()
        assert [(e.table_name, e.action) for e in entries] == [
            ("person", "insert"),
            ("person", "insert"),
            ("audit_head", "key"),
            ("person", "insert"),
        ]
        for old in entries[:2]:  # the old part is still plain SHA-256
            assert old.hash == audit_hash.entry_hash(
                old.prev_hash,
                old.seq,
                old.at,
                old.actor,
                old.table_name,
                old.record_id,
                old.action,
                old.before_json,
                old.after_json,
            )
        assert maintenance.check(d, audit_key=KEY).ok
    finally:
        d.dispose()
