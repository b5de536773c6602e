"""Automatic daily backups of the local database (设置 → 维护): one a day, kept `keep_days` days,
never two at once; 立即备份 and 恢复 by an administrator with the backup's date and counts."""

from __future__ import annotations

import os
import threading
import time
from datetime import datetime, timedelta

import pytest

from desktop_app.services import demo
from desktop_app.services.directory import commands as directory
from desktop_app.services.system import backups, maintenance, recovery
from desktop_app.services.system.common import PermissionDenied

DAY = datetime(2026, 3, 2, 9, 15, 0)


def _names(folder):
    return sorted(p.name for p in folder.iterdir() if p.suffix == ".zip")


def test_one_backup_a_day_and_old_ones_removed(sqlite_db, admin, tmp_path):
    directory.save_person(sqlite_db, admin, name="李明远")
    folder = tmp_path / "backups"
    first = backups.run_daily(sqlite_db, folder, keep_days=30, now=DAY)
    assert first.made and first.path.name == "自动备份-20260302-091500.zip"
    assert maintenance.read_manifest(first.path)["tables"]["person"] == 1
    again = backups.run_daily(sqlite_db, folder, keep_days=30, now=DAY + timedelta(hours=5))
    assert not again.made and again.skipped == "今天已自动备份。"
    assert backups.due(folder, DAY + timedelta(days=1))
    # 40 days of running: the backups of the last 30 days stay, older ones go
    for n in range(1, 40):
        backups.run_daily(sqlite_db, folder, keep_days=30, now=DAY + timedelta(days=n))
    names = _names(folder)
    assert len(names) == 30
    assert names[0] == "自动备份-20260312-091500.zip"  # day 10; day 39 is 10 April
    assert names[-1] == "自动备份-20260410-091500.zip"
    assert backups.last_backup(folder).taken_at == DAY + timedelta(days=39)


def test_pruning_keeps_the_newest_and_other_files(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    for name in (
        "自动备份-20250101-080000.zip",
        "自动备份-20250102-080000.zip",
        "恢复前自动备份-20250101-080000.zip",  # a restore's safety copy: not an automatic one
        "fuban-before-0012.db",
    ):
        (folder / name).write_bytes(b"x")
    removed = backups.prune(folder, 30, DAY)
    assert [p.name for p in removed] == ["自动备份-20250101-080000.zip"]
    assert _names(folder) == ["恢复前自动备份-20250101-080000.zip", "自动备份-20250102-080000.zip"]
    assert (folder / "fuban-before-0012.db").exists()


def test_shared_server_is_not_backed_up_by_each_pc(db, tmp_path):
    result = backups.run_daily(db, tmp_path / "backups", keep_days=30, now=DAY)
    if db.dialect == "sqlite":
        assert result.made
    else:
        assert not result.made and "服务器" in result.skipped
        assert not (tmp_path / "backups").exists()


def test_never_two_at_once(sqlite_db, tmp_path):
    folder = tmp_path / "backups"
    held, release = threading.Event(), threading.Event()

    def hold():
        with backups.exclusive(folder) as got:
            assert got
            held.set()
            release.wait(30)

    other = threading.Thread(target=hold)
    other.start()
    try:
        assert held.wait(30)
        result = backups.run_daily(sqlite_db, folder, keep_days=30, now=DAY)
        assert not result.made and result.skipped == "另一次备份正在进行。"
    finally:
        release.set()
        other.join(30)
    assert not (folder / backups.LOCK_FILE).exists()
    # another process's lock file: respected while fresh, taken over once stale
    lock = folder / backups.LOCK_FILE
    lock.write_text("4242 2026-03-02T09:00:00\n", encoding="ascii")
    assert not backups.run_daily(sqlite_db, folder, keep_days=30, now=DAY).made
    old = time.time() - 3 * 3600
    os.utime(lock, (old, old))
    assert backups.run_daily(sqlite_db, folder, keep_days=30, now=DAY).made
    assert not lock.exists()


def test_backup_now_and_restore_name_date_and_counts(sqlite_db, admin, clerk, tmp_path):
    demo.fill(sqlite_db, admin)
    chosen = tmp_path / "U盘"
    with pytest.raises(PermissionDenied):
        backups.backup_now(sqlite_db, clerk, chosen)
    summary = backups.backup_now(sqlite_db, admin, chosen, now=DAY)
    assert summary.path.name == "府办台账备份-20260302-091500.zip"
    persons = len(directory.list_persons(sqlite_db, include_voided=True))
    assert summary.counts["person"] == persons
    assert f"人员 {persons} 人" in summary.records_text
    assert summary.taken_at.date() == datetime.now().date()
    text = summary.text()
    assert text.startswith(f"备份时间：{summary.taken_at:%Y年%m月%d日 %H:%M}（本机数据库）")
    assert f"审计记录 {summary.audit_entries} 条" in text and summary.audit_entries > 0

    directory.save_person(sqlite_db, admin, name="备份后登记的人")
    with pytest.raises(PermissionDenied):
        backups.restore(sqlite_db, clerk, summary.path, tmp_path / "safety")
    safety = backups.restore(sqlite_db, admin, summary.path, tmp_path / "safety")
    assert safety is not None and safety.exists()
    names = [p.name for p in directory.list_persons(sqlite_db, include_voided=True)]
    assert "备份后登记的人" not in names and len(names) == persons
    assert backups.describe(safety).counts["person"] == persons + 1  # the state before restoring
    assert maintenance.check(sqlite_db).ok


def test_restore_waits_for_a_running_backup(sqlite_db, admin, tmp_path):
    path = backups.backup_now(sqlite_db, admin, tmp_path / "b").path
    with backups.exclusive(tmp_path / "safety") as got:
        assert got
        with pytest.raises(maintenance.BackupError) as err:
            backups.restore(sqlite_db, admin, path, tmp_path / "safety")
    assert "自动备份正在进行" in err.value.message


def test_describe_refuses_what_is_not_a_backup(tmp_path):
    bogus = tmp_path / "x.zip"
    bogus.write_bytes(b"PK not really")
    with pytest.raises(maintenance.BackupError) as err:
        backups.describe(bogus)
    assert "不是府办台账的备份文件" in err.value.message


def test_start_up_recovery_finds_the_automatic_backup(sqlite_db, admin, tmp_path):
    directory.save_person(sqlite_db, admin, name="李明远")
    made = backups.run_daily(sqlite_db, tmp_path / "backups", keep_days=30, now=DAY).path
    found = recovery.newest_backup([tmp_path / "backups"])
    assert found is not None and found.path == made
