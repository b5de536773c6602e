"""Backup, restore (also across engines) and the integrity check behind `fuban check`."""

from __future__ import annotations

import zipfile

import pytest
from sqlalchemy import text

from desktop_app.services import demo
from desktop_app.services.directory import commands as directory
from desktop_app.services.system import maintenance
from desktop_app.services.system.maintenance import BackupError


def _snapshot(d):
    return (
        [(p.name, p.phone) for p in directory.list_persons(d, include_voided=True)],
        [
            (x.person_name, x.label, x.start_date, x.end_date)
            for x in directory.list_periods(d, "appointment", include_voided=True)
        ],
    )


def test_backup_restore_round_trip_restores_everything(db, sqlite_db, admin, tmp_path):
    """A backup taken on one engine restores on the other (SQLite ⇄ PostgreSQL)."""
    demo.fill(db, admin)
    p = directory.list_persons(db)[0]
    directory.void(db, admin, "person", p.id, "重复登记", p.version)
    expected = _snapshot(db)
    path = tmp_path / "backup.zip"
    manifest = maintenance.backup(db, path)
    assert manifest["tables"]["person"] == len(expected[0])

    safety = maintenance.restore(sqlite_db, path, tmp_path / "safety")
    assert safety.exists()
    assert _snapshot(sqlite_db) == expected
    result = maintenance.check(sqlite_db)
    assert result.ok, result.problems
    # New records after a restore get fresh ids and extend the audit chain.
    directory.save_person(sqlite_db, admin, name="新来的同志")
    assert maintenance.check(sqlite_db).ok


def test_restore_refuses_a_file_that_is_not_a_fuban_backup(db, admin, tmp_path):
    directory.save_person(db, admin, name="李明远")
    bogus = tmp_path / "notes.zip"
    with zipfile.ZipFile(bogus, "w") as zf:
        zf.writestr("readme.txt", "hello")
    plain = tmp_path / "minutes.docx"
    plain.write_text("not a zip", encoding="utf-8")
    for path in (bogus, plain):
        with pytest.raises(BackupError) as err:
            maintenance.restore(db, path, tmp_path / "safety")
        assert "不是府办台账的备份文件" in err.value.message
    assert [p.name for p in directory.list_persons(db)] == ["李明远"]
    assert not (tmp_path / "safety").exists()


def test_check_passes_on_a_clean_database(db, admin):
    demo.fill(db, admin)
    result = maintenance.check(db)
    assert result.ok and result.audit_entries > 100


def test_check_finds_an_edited_audit_row(db, admin):
    directory.save_person(db, admin, name="李明远")
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_entry SET actor = 'someone' WHERE seq = 1"))
    problems = maintenance.check(db).problems
    assert any("被改动" in p for p in problems)


def test_check_finds_a_row_written_around_the_audit(db, admin):
    directory.save_person(db, admin, name="李明远")
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO person (name, phone, note, created_at, created_by, updated_at, "
                "updated_by, version) VALUES ('冒名', '', '', CURRENT_TIMESTAMP, 'x', "
                "CURRENT_TIMESTAMP, 'x', 1)"
            )
        )
    problems = maintenance.check(db).problems
    assert any("没有审计记录" in p for p in problems)


def test_the_shared_database_is_backed_up_as_stored_before_an_upgrade(
    db, admin, tmp_path, monkeypatch
):
    """Like an SQLite file, the PostgreSQL database is copied before its schema changes; the
    copy holds the tables as they were stored (the old schema), for the previous version."""
    from db import migrate
    from desktop_app import bootstrap
    from tests.integration.migration_support import downgrade_to

    if db.dialect != "postgresql":
        pytest.skip("an SQLite file is copied by migrate.upgrade itself (tested elsewhere)")
    directory.save_person(db, admin, name="李明远")
    downgrade_to(db, "0013")
    monkeypatch.setenv("FUBAN_DATA_DIR", str(tmp_path / "data"))
    upgraded = bootstrap.open_database(db.url)
    try:
        assert migrate.current_revision(upgraded) == migrate.HEAD
    finally:
        upgraded.dispose()
    [copy] = (tmp_path / "data" / "backups").glob("共享数据库-升级前-0013-*.zip")
    manifest = maintenance.read_manifest(copy)
    assert manifest["schema_revision"] == "0013"
    assert manifest["tables"]["person"] == 1 and "sign_in_attempt" not in manifest["tables"]


@pytest.mark.skipif(__import__("os").name != "posix", reason="POSIX file modes")
def test_database_file_backups_and_log_are_readable_by_their_owner_only(
    tmp_path, monkeypatch, admin
):
    import stat

    from desktop_app import bootstrap

    monkeypatch.setenv("FUBAN_DATA_DIR", str(tmp_path / "data"))
    d = bootstrap.open_database(f"sqlite:///{tmp_path / 'new.db'}")
    try:
        directory.save_person(d, admin, name="李明远")
        maintenance.backup(d, tmp_path / "b.zip")
    finally:
        d.dispose()
    log = bootstrap.setup_logging()
    for path in (tmp_path / "new.db", tmp_path / "b.zip", log):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def _edit_backup(src, dest, table: str, old: str, new: str, keep_signature=True):
    """Rewrite one table file of a backup, as someone with a text editor would."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w") as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if name == f"tables/{table}.jsonl":
                data = data.decode("utf-8").replace(old, new).encode("utf-8")
            zout.writestr(name, data)


def test_a_backup_edited_by_hand_is_refused_before_anything_is_replaced(db, admin, tmp_path):
    """The classic: one edited line turns a 文秘 into 管理员. The signature no longer verifies."""
    from desktop_app.services.system import accounts

    accounts.create_first_admin(db, "admin", "管理员", "first-pass-123")
    accounts.create_account(db, admin, "wenmi", "文秘甲", "clerk-pass-123", "clerk")
    good, bad = tmp_path / "good.zip", tmp_path / "bad.zip"
    maintenance.backup(db, good)
    _edit_backup(good, bad, "account", '"role": "clerk"', '"role": "admin"')
    with pytest.raises(BackupError) as e:
        maintenance.restore(db, bad, tmp_path / "safety")
    assert "被改动" in e.value.message and "未做任何改动" in e.value.message
    assert {a.username: a.role for a in accounts.list_accounts(db)}["wenmi"] == "clerk"


def test_a_backup_from_another_computer_needs_that_computers_key(db, admin, tmp_path):
    directory.save_person(db, admin, name="李明远")
    other_key = bytes(range(32))
    path = tmp_path / "other.zip"
    maintenance.backup(db, path, key=other_key)
    with pytest.raises(BackupError) as e:
        maintenance.restore(db, path, tmp_path / "safety")
    assert "--key-file" in e.value.message
    maintenance.restore(db, path, tmp_path / "safety", key=other_key)
    assert [p.name for p in directory.list_persons(db)] == ["李明远"]


def test_a_resigned_backup_whose_rows_disagree_with_the_audit_is_rolled_back(db, admin, tmp_path):
    """Someone holding the key re-signs an edited backup: the restore checks the rows against
    the audit chain inside its transaction and rolls everything back."""
    import json

    from desktop_app.services.system import backup_signature

    directory.save_person(db, admin, name="李明远")
    directory.save_person(db, admin, name="赵文华")
    good, bad = tmp_path / "good.zip", tmp_path / "bad.zip"
    maintenance.backup(db, good)
    _edit_backup(good, tmp_path / "edited.zip", "person", "李明远", "王五")
    with zipfile.ZipFile(tmp_path / "edited.zip") as zin, zipfile.ZipFile(bad, "w") as zout:
        manifest = json.loads(zin.read("manifest.json"))
        for name in zin.namelist():
            if name.startswith("tables/"):
                data = zin.read(name)
                manifest["tables_sha256"][name[7:-6]] = backup_signature.table_digest(data)
                zout.writestr(name, data)
        manifest["signature"] = backup_signature.sign(manifest, backup_signature.machine_key())
        zout.writestr("manifest.json", json.dumps(manifest))
    directory.save_person(db, admin, name="新来的同志")
    with pytest.raises(BackupError) as e:
        maintenance.restore(db, bad, tmp_path / "safety")
    assert "与其审计记录不符" in e.value.message
    assert sorted(p.name for p in directory.list_persons(db)) == ["新来的同志", "李明远", "赵文华"]


def test_an_unsigned_backup_of_an_older_version_restores_only_when_asked(db, admin, tmp_path):
    import json

    directory.save_person(db, admin, name="李明远")
    good, old = tmp_path / "good.zip", tmp_path / "old.zip"
    maintenance.backup(db, good)
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(old, "w") as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if name == "manifest.json":
                m = json.loads(data)
                m.pop("signature"), m.pop("tables_sha256")
                data = json.dumps(m).encode()
            zout.writestr(name, data)
    with pytest.raises(BackupError) as e:
        maintenance.restore(db, old, tmp_path / "safety")
    assert "没有签名" in e.value.message
    maintenance.restore(db, old, tmp_path / "safety", allow_unsigned=True)
    assert [p.name for p in directory.list_persons(db)] == ["李明远"]


def test_each_backup_carries_the_audit_chains_head(db, admin, tmp_path):
    """The head (last entry and its hash) leaves the database with every backup, signed."""
    from sqlalchemy import text as sql

    directory.save_person(db, admin, name="李明远")
    manifest = maintenance.backup(db, tmp_path / "b.zip")
    with db.engine.connect() as conn:
        seq, digest = conn.execute(sql("SELECT last_seq, last_hash FROM audit_head")).one()
    assert manifest["audit_head"] == {"seq": seq, "hash": digest} and seq >= 1
