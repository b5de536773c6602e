"""The backups this PC keeps of its own database (设置 → 维护): one automatic backup a day of the
local SQLite database in the data folder's `backups`, removed after `backup_keep_days` (30 by
default), and what a backup holds — its date and counts, for the confirmation before a restore.

An office that keeps its only records on one PC must not depend on someone remembering to back
up: the window makes the day's backup at start and checks again while it runs. Two at once never
run — not two windows, not the window and a restore — thanks to a lock file beside the backups.
The automatic backups sit in the same folder as the copies taken before an upgrade or a restore,
so the start-up's 「从最新备份恢复」 finds them (services/system/recovery.py).
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from db.engine import Database
from desktop_app import config
from desktop_app.services.system import maintenance
from desktop_app.services.system.common import CurrentUser, require

log = logging.getLogger(__name__)

PREFIX = "自动备份-"
_NAME = re.compile(r"^自动备份-(\d{8}-\d{6})\.zip$")
LOCK_FILE = "auto-backup.lock"
STALE_LOCK = timedelta(hours=2)  # a lock left by a process that died is taken over after this

_running = threading.Lock()


def backup_folder() -> Path:
    """Where the automatic backups go: the data folder's `backups`."""
    return config.data_dir() / "backups"


@dataclass(frozen=True)
class AutoBackup:
    path: Path
    taken_at: datetime  # local time, from the file name

    @property
    def label(self) -> str:
        return f"{self.taken_at:%Y年%m月%d日 %H:%M}"


def automatic_backups(folder: Path | None = None) -> list[AutoBackup]:
    """The automatic backups in `folder`, oldest first."""
    folder = Path(folder) if folder is not None else backup_folder()
    found = []
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    for name in names:
        match = _NAME.match(name)
        if match:
            taken = datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
            found.append(AutoBackup(folder / name, taken))
    return sorted(found, key=lambda b: b.taken_at)


def last_backup(folder: Path | None = None) -> AutoBackup | None:
    backups = automatic_backups(folder)
    return backups[-1] if backups else None


def due(folder: Path | None = None, now: datetime | None = None) -> bool:
    """No automatic backup has been made today."""
    last = last_backup(folder)
    today = (now or datetime.now()).date()
    return last is None or last.taken_at.date() < today


@dataclass(frozen=True)
class DailyResult:
    path: Path | None  # the backup made (None: none was due, or another was running)
    pruned: tuple[Path, ...] = ()
    skipped: str = ""  # why none was made, in Chinese

    @property
    def made(self) -> bool:
        return self.path is not None


def run_daily(
    database: Database,
    folder: Path | None = None,
    keep_days: int | None = None,
    now: datetime | None = None,
) -> DailyResult:
    """Make today's automatic backup of a local database if it is not made yet, then remove
    automatic backups older than `keep_days` (the newest is always kept). A shared server is
    left to its administrator's backups; a backup already running (this or another process) is
    not joined by a second one."""
    if database.dialect != "sqlite":
        return DailyResult(None, skipped="共享数据库由服务器管理员备份，本机不做自动备份。")
    folder = Path(folder) if folder is not None else backup_folder()
    keep = keep_days if keep_days is not None else config.load().backup_keep_days
    now = now or datetime.now()
    with exclusive(folder) as got:
        if not got:
            return DailyResult(None, skipped="另一次备份正在进行。")
        if not due(folder, now):
            return DailyResult(None, prune(folder, keep, now), "今天已自动备份。")
        dest = folder / f"{PREFIX}{now:%Y%m%d-%H%M%S}.zip"
        maintenance.backup(database, dest)
        log.info("automatic backup written to %s", dest)
        return DailyResult(dest, prune(folder, keep, now))


def prune(folder: Path, keep_days: int, now: datetime | None = None) -> tuple[Path, ...]:
    """Remove automatic backups taken `keep_days` days ago or earlier; never the newest one (a
    PC switched off for longer still has its last backup). Other files are never touched."""
    today = (now or datetime.now()).date()
    cutoff = today - timedelta(days=max(int(keep_days), 1))
    backups = automatic_backups(folder)
    removed = []
    for backup in backups[:-1]:
        if backup.taken_at.date() <= cutoff:
            try:
                backup.path.unlink()
            except OSError:  # held open by a virus scanner, say: removed next time
                log.warning("old automatic backup not removed: %s", backup.path, exc_info=True)
                continue
            removed.append(backup.path)
    if removed:
        log.info("%d automatic backups older than %d days removed", len(removed), keep_days)
    return tuple(removed)


@contextmanager
def exclusive(folder: Path) -> Iterator[bool]:
    """Hold the backup lock of `folder` (yields False when another backup holds it): one thread
    of this process and one process of this PC at a time. A lock file older than STALE_LOCK was
    left by a process that ended without removing it and is taken over."""
    if not _running.acquire(blocking=False):
        yield False
        return
    lock = Path(folder) / LOCK_FILE
    try:
        lock.parent.mkdir(parents=True, exist_ok=True)
        if not _take(lock):
            yield False
            return
        try:
            yield True
        finally:
            lock.unlink(missing_ok=True)
    finally:
        _running.release()


def _take(lock: Path) -> bool:
    for _attempt in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            try:
                age = datetime.now() - datetime.fromtimestamp(lock.stat().st_mtime)
            except OSError:
                continue  # removed meanwhile: try again
            if age < STALE_LOCK:
                return False
            log.warning("stale backup lock taken over: %s", lock)
            lock.unlink(missing_ok=True)
            continue
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(f"{os.getpid()} {datetime.now().isoformat()}\n")
        return True
    return False


# --- what a backup holds ------------------------------------------------------------------------

# The registers a clerk recognises, in the order the confirmation names them.
REGISTERS = (
    ("meeting", "会议", "次"),
    ("agenda_item", "议题", "项"),
    ("incoming_document", "收文", "件"),
    ("outgoing_document", "发文", "件"),
    ("seal_use", "用印", "次"),
    ("absence", "外出报备", "次"),
    ("supervision_item", "督办事项", "项"),
    ("person", "人员", "人"),
    ("account", "账户", "个"),
)


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    taken_at: datetime  # local time, aware
    source: str  # sqlite | postgresql
    schema_revision: str | None
    counts: dict[str, int]

    @property
    def total(self) -> int:
        """Every row, the audit entries included."""
        return sum(self.counts.values())

    @property
    def records_text(self) -> str:
        """「会议 12 次、收文 340 件、…」: the registers that hold something."""
        parts = [
            f"{label} {self.counts[table]} {unit}"
            for table, label, unit in REGISTERS
            if self.counts.get(table)
        ]
        return "、".join(parts) if parts else "没有登记记录"

    @property
    def audit_entries(self) -> int:
        return self.counts.get("audit_entry", 0)

    def text(self) -> str:
        where = "本机数据库" if self.source == "sqlite" else "共享数据库服务器"
        return (
            f"备份时间：{self.taken_at:%Y年%m月%d日 %H:%M}（{where}）\n"
            f"其中：{self.records_text}；审计记录 {self.audit_entries} 条，共 {self.total} 行。"
        )


def describe(path: Path) -> BackupSummary:
    """The date and counts of the backup at `path` (BackupError when it is not a fuban backup)."""
    manifest = maintenance.read_manifest(Path(path))
    try:
        taken = datetime.fromisoformat(manifest["created_at"]).astimezone()
        counts = {str(k): int(v) for k, v in dict(manifest["tables"]).items()}
    except (KeyError, TypeError, ValueError):
        raise maintenance.BackupError(
            f"「{Path(path).name}」不是府办台账的备份文件，未做任何改动。"
        ) from None
    return BackupSummary(
        Path(path),
        taken,
        str(manifest.get("source", "")),
        manifest.get("schema_revision"),
        counts,
    )


# --- by hand, from 设置 → 维护 (administrators) ---------------------------------------------------


def backup_now(
    database: Database, user: CurrentUser, folder: Path, now: datetime | None = None
) -> BackupSummary:
    """立即备份: a signed backup of every table into `folder`, named with the date and time."""
    require(user, "admin")
    dest = Path(folder) / f"府办台账备份-{(now or datetime.now()):%Y%m%d-%H%M%S}.zip"
    maintenance.backup(database, dest)
    log.info("backup written to %s by %s", dest, user.username)
    return describe(dest)


def restore(
    database: Database, user: CurrentUser, path: Path, safety_dir: Path | None = None
) -> Path | None:
    """Replace all data with the backup at `path`, after a safety backup of the current data in
    `safety_dir` (default: the backups folder) — never while an automatic backup runs. Returns
    the safety backup's path. Refusals are maintenance.restore's (nothing is replaced)."""
    require(user, "admin")
    folder = Path(safety_dir) if safety_dir is not None else backup_folder()
    with exclusive(folder) as got:
        if not got:
            raise maintenance.BackupError("自动备份正在进行，请稍候一分钟再恢复。未做任何改动。")
        safety = maintenance.restore(database, Path(path), folder)
    log.warning("database restored from %s by %s (safety backup %s)", path, user.username, safety)
    return safety
