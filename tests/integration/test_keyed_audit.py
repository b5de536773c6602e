"""The keyed audit chain (issue 13 item 8), on both engines.

Without a key anyone with SQL access can delete an entry — say, that a 机要 clerk opened a
classified 收文 — and re-hash every later one with plain SHA-256: `fuban check` then passes (the
legacy tests below show it). With this PC's audit.key each entry's hash is HMAC-SHA256, which
nobody without the key can recompute, so the same forgeries are reported; a PC without the key
cannot write to a keyed chain at all; an old database keeps its plain part and is keyed from its
next entry."""

from __future__ import annotations

import os
import shutil
from datetime import datetime

import pytest
from sqlalchemy import func, select, text

from db import audit_hash, audit_key, migrate
from db.audit_key import AuditKeyError
from db.audit_verify import NO_KEY, verify_chain
from db.engine import Database
from db.models import AuditEntry, IncomingDocument, Person
from db.sequences import allocate
from desktop_app import bootstrap, config
from desktop_app.formatting import CHINA
from desktop_app.services.directory import commands as directory
from desktop_app.services.documents import incoming
from desktop_app.services.system import maintenance
from desktop_app.services.system.common import CurrentUser
from tests.integration.migration_support import downgrade_to

KEY = bytes.fromhex("11" * 32)
OTHER_KEY = bytes.fromhex("22" * 32)
JIYAO = CurrentUser("jiyao", "机要员", "confidential")


@pytest.fixture(autouse=True)
def _own_settings_folder(tmp_path, monkeypatch):
    """Keys (audit and backup) in this test's own settings folder, never the user's."""
    monkeypatch.setenv("FUBAN_CONFIG_DIR", str(tmp_path / "cfg"))
    monkeypatch.setenv("FUBAN_DATA_DIR", str(tmp_path / "data"))


def _open(url: str, key: bytes | None) -> Database:
    return Database(url, audit_key=key, audit_key_path="/pc/fuban/audit.key")


def _seed(d: Database) -> int:
    """A classified 收文, opened by the 机要 clerk (an audited `view`), then more work after it."""
    with d.uow("wenmi") as s:
        doc = IncomingDocument(
            year=2026,
            seq=allocate(s, "incoming:2026"),
            received_at=datetime(2026, 3, 2, 10, tzinfo=CHINA),
            sender="省政府办公厅",
            title="涉密文件",
            doc_type="通知",
            nature="action",
            secrecy="机密",
            secrecy_term="10年",
            copy_numbers="003",
        )
        s.add(doc)
        s.flush()
        doc_id = doc.id
    incoming.get_document(d, JIYAO, doc_id)
    directory.save_person(d, CurrentUser("wenmi", "文秘甲", "clerk"), name="李明远")
    directory.save_person(d, CurrentUser("wenmi", "文秘甲", "clerk"), name="张海峰")
    return doc_id


def _view_seq(d: Database) -> int:
    with d.read() as s:
        return s.scalar(select(AuditEntry.seq).where(AuditEntry.action == "view"))


def _erase_and_rehash(d: Database, seq: int) -> None:
    """The forgery: delete entry `seq`, renumber and re-hash every later entry with plain
    SHA-256 (the published algorithm) and move the head — all in SQL, no key."""
    with d.engine.begin() as conn:
        rows = conn.execute(select(*AuditEntry.__table__.c).order_by(AuditEntry.seq)).all()
        conn.execute(text("DELETE FROM audit_entry WHERE seq >= :s"), {"s": seq})
        prev = rows[seq - 2].hash if seq > 1 else audit_hash.GENESIS
        new_seq = seq
        for e in rows[seq:]:
            digest = audit_hash.entry_hash(
                prev,
                new_seq,
                e.at,
                e.actor,
                e.table_name,
                e.record_id,
                e.action,
                e.before_json,
                e.after_json,
            )
            conn.execute(
                AuditEntry.__table__.insert().values(
                    seq=new_seq,
                    at=e.at,
                    actor=e.actor,
                    table_name=e.table_name,
                    record_id=e.record_id,
                    action=e.action,
                    before_json=e.before_json,
                    after_json=e.after_json,
                    prev_hash=prev,
                    hash=digest,
                )
            )
            prev, new_seq = digest, new_seq + 1
        conn.execute(
            text("UPDATE audit_head SET last_seq = :n, last_hash = :h WHERE id = 1"),
            {"n": new_seq - 1, "h": prev},
        )


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


# --- the key file on each PC ---------------------------------------------------------------------


def test_opening_makes_the_key_keys_the_chain_and_a_second_pc_needs_a_copy(
    db_url, tmp_path, monkeypatch
):
    clerk = CurrentUser("wenmi", "文秘甲", "clerk")
    first = bootstrap.open_database(db_url)
    try:
        path = config.audit_key_path()
        assert path.exists() and len(config.read_audit_key()) == 32
        if os.name == "posix":
            assert path.stat().st_mode & 0o777 == 0o600
        with first.read() as s:
            assert audit_key.keyed_from(s) >= 1  # keyed on opening, before any save
        directory.save_person(first, clerk, name="李明远")
        assert maintenance.check(first).ok
    finally:
        first.dispose()

    # A second clerk's PC (its own settings folder): no key of its own is made for a keyed
    # chain; reading works, saving is refused naming where the copy goes.
    monkeypatch.setenv("FUBAN_CONFIG_DIR", str(tmp_path / "cfg2"))
    second = bootstrap.open_database(db_url)
    try:
        assert not config.audit_key_path().exists()
        assert [p.name for p in directory.list_persons(second)] == ["李明远"]
        with pytest.raises(
            AuditKeyError, match=str(tmp_path / "cfg2" / "audit.key").replace("\\", "\\\\")
        ):
            directory.save_person(second, clerk, name="张海峰")
    finally:
        second.dispose()
    (tmp_path / "cfg2").mkdir(exist_ok=True)
    shutil.copy(tmp_path / "cfg" / "audit.key", tmp_path / "cfg2" / "audit.key")
    second = bootstrap.open_database(db_url)
    try:
        directory.save_person(second, clerk, name="张海峰")
        assert maintenance.check(second).ok
    finally:
        second.dispose()


def test_a_pc_whose_key_existed_does_not_rekey_a_chain_rewritten_in_plain_form(db_url):
    """The downgrade forgery followed by the next start of the app: the PC's key existed before,
    so a chain of plain entries is not taken for an old one waiting to be keyed — opening leaves
    it unkeyed, `check` reports it and saving is refused saying why."""
    clerk = CurrentUser("wenmi", "文秘甲", "clerk")
    first = bootstrap.open_database(db_url)
    try:
        directory.save_person(first, clerk, name="李明远")
        _erase_and_rehash(first, 1)
        with first.engine.begin() as conn:
            conn.execute(text("UPDATE audit_head SET keyed_from = 0"))
    finally:
        first.dispose()
    again = bootstrap.open_database(db_url)
    try:
        with again.read() as s:
            assert audit_key.keyed_from(s) == 0
        assert any("未用密钥保护" in p for p in maintenance.check(again).problems)
        with pytest.raises(AuditKeyError, match="本机早已有审计密钥"):
            directory.save_person(again, clerk, name="张海峰")
        assert [p.name for p in directory.list_persons(again)] == ["李明远"]
    finally:
        again.dispose()


def test_a_damaged_key_file_is_refused_in_words(tmp_path):
    path = tmp_path / "audit.key"
    path.write_text("not a key", encoding="ascii")
    with pytest.raises(Exception, match="审计密钥文件.*已损坏"):
        config.read_audit_key(path)


# --- restore -------------------------------------------------------------------------------------


def test_restore_checks_the_backups_keyed_chain_with_this_pcs_key(db_url, tmp_path):
    source = _open(db_url, KEY)
    try:
        _seed(source)
        dest = tmp_path / "b.zip"
        maintenance.backup(source, dest)
        directory.save_person(source, CurrentUser("wenmi", "文秘甲", "clerk"), name="恢复后消失")

        other_pc = _open(db_url, OTHER_KEY)
        try:
            with pytest.raises(maintenance.BackupError, match="另一台电脑的审计密钥"):
                maintenance.restore(other_pc, dest, tmp_path / "safety")
        finally:
            other_pc.dispose()
        assert "恢复后消失" in [p.name for p in directory.list_persons(source)]  # untouched

        maintenance.restore(source, dest, tmp_path / "safety")
        assert "恢复后消失" not in [p.name for p in directory.list_persons(source)]
        assert maintenance.check(source).ok
        directory.save_person(source, CurrentUser("wenmi", "文秘甲", "clerk"), name="恢复后新增")
        assert maintenance.check(source).ok
    finally:
        source.dispose()


def test_restore_of_an_unkeyed_chain_keys_it_from_the_next_entry(db_url, tmp_path):
    legacy = _open(db_url, None)
    try:
        with legacy.uow("wenmi") as s:
            s.add(Person(name="李明远"))
        dest = tmp_path / "legacy.zip"
        maintenance.backup(legacy, dest)
    finally:
        legacy.dispose()
    d = _open(db_url, KEY)
    try:
        maintenance.restore(d, dest, tmp_path / "safety")
        with d.read() as s:
            assert audit_key.keyed_from(s) == 2
        assert maintenance.check(d).ok  # entry 1 verifies as plain SHA-256, the marker by HMAC
    finally:
        d.dispose()
