"""Putting the newest backup in place of a database file that cannot be used (damaged), as the
window offers at start: the unusable file is kept aside, never deleted."""

from __future__ import annotations

import os
import shutil
from datetime import date

import pytest
from sqlalchemy import func, select

from db.models import Person
from desktop_app import bootstrap, config
from desktop_app.services import demo
from desktop_app.services.system import maintenance, recovery
from desktop_app.services.system.common import CurrentUser

ADMIN = CurrentUser("admin", "管理员", "admin")


def _persons(database) -> int:
    with database.read() as s:
        return int(s.scalar(select(func.count()).select_from(Person)) or 0)


@pytest.fixture
def filled(tmp_path, monkeypatch):
    """This PC's own database, with the demo government, and a backup of it taken by hand."""
    monkeypatch.delenv("FUBAN_DB_URL", raising=False)
    monkeypatch.setenv("FUBAN_DATA_DIR", str(tmp_path / "data"))
    path = config.data_dir() / "fuban.db"
    d = bootstrap.open_database(f"sqlite:///{path}")
    demo.fill(d, ADMIN, today=date(2026, 11, 26))
    persons = _persons(d)
    maintenance.backup(d, config.data_dir() / "backups" / "周五备份.zip")
    d.dispose()
    return path, persons


def _damage(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    return path.read_bytes()


def test_newest_backup_is_restored_in_place_of_a_truncated_file(filled):
    path, persons = filled
    damaged = _damage(path)
    with pytest.raises(Exception) as opened:
        bootstrap.open_database(f"sqlite:///{path}")
    assert "不是有效的数据库文件" in str(opened.value)
    choice = recovery.newest_backup(recovery.backup_folders(path))
    assert choice is not None and choice.kind == "zip" and choice.path.name == "周五备份.zip"
    assert choice.label.startswith(f"{choice.taken_at:%Y}年")
    kept = recovery.restore_file(path, choice)
    assert kept is not None and kept.read_bytes() == damaged and "无法使用" in kept.name
    d = bootstrap.open_database(f"sqlite:///{path}")
    try:
        assert _persons(d) == persons
        assert maintenance.check(d).ok
    finally:
        d.dispose()
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600


def test_a_newer_file_copy_wins_over_an_older_zip(filled, tmp_path):
    """The copy taken before a schema upgrade (a plain SQLite file) counts too, by its date."""
    path, persons = filled
    copy = config.data_dir() / "backups" / "fuban-升级前-20261127-080000.db"
    shutil.copyfile(path, copy)
    zip_time = (config.data_dir() / "backups" / "周五备份.zip").stat().st_mtime
    os.utime(copy, (zip_time + 3600, zip_time + 3600))
    (config.data_dir() / "backups" / "不是备份.zip").write_bytes(b"PK\x03\x04 broken")
    _damage(path)
    choice = recovery.newest_backup(recovery.backup_folders(path))
    assert choice is not None and choice.kind == "sqlite" and choice.path == copy
    recovery.restore_file(path, choice)
    d = bootstrap.open_database(f"sqlite:///{path}")
    try:
        assert _persons(d) == persons
    finally:
        d.dispose()


def test_a_backup_that_does_not_restore_leaves_the_file_as_it_was(filled, monkeypatch):
    """A backup signed by another PC (this PC's key changed) is refused; nothing moved."""
    path, _ = filled
    damaged = _damage(path)
    choice = recovery.newest_backup(recovery.backup_folders(path))
    assert choice is not None
    monkeypatch.setattr(
        "desktop_app.services.system.backup_signature.machine_key", lambda: b"k" * 32
    )
    with pytest.raises(maintenance.BackupError):
        recovery.restore_file(path, choice)
    assert path.read_bytes() == damaged
    # The database and its writers' queue file (db.writer_queue), nothing of the restore's.
    assert sorted(p.name for p in path.parent.iterdir() if p.is_file()) == [
        "fuban.db",
        "fuban.db.writers.lock",
    ]


def test_a_damaged_file_copy_is_refused_before_it_replaces_anything(filled):
    """The newest backup is a copy of the file taken before an upgrade, itself damaged in one
    page (the copy goes through page by page): it is not put in place of the unusable file."""
    path, _ = filled
    copy = config.data_dir() / "backups" / "fuban-升级前-20261127-080000.db"
    shutil.copyfile(path, copy)
    with copy.open("r+b") as f:  # a b-tree page's cell pointers overwritten
        f.seek(4096 * 5 + 8)
        f.write(b"\xff" * 64)
    zip_time = (config.data_dir() / "backups" / "周五备份.zip").stat().st_mtime
    os.utime(copy, (zip_time + 3600, zip_time + 3600))
    damaged = _damage(path)
    choice = recovery.newest_backup(recovery.backup_folders(path))
    assert choice is not None and choice.path == copy
    with pytest.raises(maintenance.BackupError) as err:
        recovery.restore_file(path, choice)
    assert "本身已损坏" in err.value.message and str(copy) in err.value.message
    assert path.read_bytes() == damaged
    assert sorted(p.name for p in path.parent.iterdir() if p.is_file()) == [
        "fuban.db",
        "fuban.db.writers.lock",
    ]


def test_no_backup_at_all(tmp_path, monkeypatch):
    monkeypatch.setenv("FUBAN_DATA_DIR", str(tmp_path / "data"))
    assert recovery.newest_backup(recovery.backup_folders(tmp_path / "x.db")) is None
