"""The audit key of each PC (issue 13 item 8), on both engines: the audit.key file opening makes,
the copy a second PC needs before it may save, a damaged file refused in words, and a backup
restored only under this PC's key."""

from __future__ import annotations

import os
import shutil

import pytest
from sqlalchemy import text

from db import audit_key
from db.audit_key import AuditKeyError
from db.models import Person
from desktop_app import bootstrap, config
from desktop_app.services.directory import commands as directory
from desktop_app.services.system import maintenance
from desktop_app.services.system.common import CurrentUser
from tests.integration.keyed_audit_support import KEY, OTHER_KEY, _erase_and_rehash, _open, _seed


@pytest.fixture(autouse=True)
def _own_settings_folder(tmp_path, monkeypatch):
    """Keys (audit and backup) in this test's own settings folder, never the user's."""
    monkeypatch.setenv("FUBAN_CONFIG_DIR", str(tmp_path / "cfg"))
    monkeypatch.setenv("FUBAN_DATA_DIR", str(tmp_path / "data"))


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
