"""A database file that cannot be used (damaged, read-only): put the newest backup in its place.

Offered at start when the configured SQLite file cannot be opened. The backups looked at are the
ones this PC makes by itself or by hand, in the data folder's and the database folder's
`backups`: signed ZIP backups (`fuban db backup`, the copy before a restore) of a local database,
and the copies of the file taken before a schema upgrade. The unusable file is never deleted: it
is renamed beside the new one, so nothing is lost if someone can still rescue it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from db import migrate, writer_queue
from db.engine import Database
from desktop_app import config
from desktop_app.services.system import maintenance

SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True)
class BackupChoice:
    path: Path
    taken_at: datetime  # local time, aware
    kind: str  # "zip" (fuban backup) | "sqlite" (a copy of the database file)

    @property
    def label(self) -> str:
        return f"{self.taken_at:%Y年%m月%d日 %H:%M}"


def backup_folders(db_path: Path) -> list[Path]:
    """Where this PC keeps backups of `db_path` (the data folder's first)."""
    folders = [config.data_dir() / "backups", Path(db_path).parent / "backups"]
    return list(dict.fromkeys(f.absolute() for f in folders))


def newest_backup(folders: Iterable[Path]) -> BackupChoice | None:
    """The most recent backup in `folders` that can stand in for a local database file."""
    found = [
        choice
        for folder in folders
        if folder.is_dir()
        for path in folder.iterdir()
        if path.is_file()
        for choice in [_as_backup(path)]
        if choice is not None
    ]
    return max(found, key=lambda c: c.taken_at, default=None)


def _as_backup(path: Path) -> BackupChoice | None:
    try:
        if path.suffix == ".zip":
            manifest = maintenance.read_manifest(path)
            if manifest.get("source") != "sqlite" or not sum(manifest["tables"].values()):
                return None  # a shared server's copy, or an empty database's
            if manifest.get("schema_revision") not in migrate.KNOWN_REVISIONS:
                return None
            taken = datetime.fromisoformat(manifest["created_at"]).astimezone()
            return BackupChoice(path, taken, "zip")
        if path.suffix == ".db":
            with path.open("rb") as f:
                if f.read(16) != SQLITE_HEADER:
                    return None
            taken = datetime.fromtimestamp(path.stat().st_mtime).astimezone()
            return BackupChoice(path, taken, "sqlite")
    except (maintenance.BackupError, OSError, ValueError, KeyError, TypeError):
        return None
    return None


def restore_file(db_path: Path, choice: BackupChoice) -> Path | None:
    """Build a database from `choice` beside `db_path`, then move the unusable file aside and put
    the new one in its place. Returns where the old file was kept (None: there was none). If the
    backup cannot be restored, the old file stays exactly where and as it was."""
    db_path = Path(db_path)
    new = db_path.with_name(db_path.name + ".restoring")
    _remove_with_journal(new)
    try:
        if choice.kind == "sqlite":
            migrate.backup_sqlite_file(choice.path, new)
            _check_copy(new, choice.path)
        else:
            _restore_zip(choice.path, new)
    except BaseException:
        _remove_with_journal(new)
        raise
    kept = None
    if db_path.exists():
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        kept = db_path.with_name(f"{db_path.stem}-无法使用-{stamp}{db_path.suffix}")
        db_path.replace(kept)
        for extra in ("-wal", "-shm"):  # the old file's journal belongs to it, not the new one
            journal = db_path.with_name(db_path.name + extra)
            if journal.exists():
                journal.replace(kept.with_name(kept.name + extra))
    new.replace(db_path)
    writer_queue.lock_path(new).unlink(missing_ok=True)  # the restoring file's; db_path has its own
    config.owner_only(db_path)
    return kept


def _check_copy(copy: Path, source: Path) -> None:
    """A copy of the database file (one taken before an upgrade) copies page by page, damaged
    pages and all: checked before it takes the place of the file, so a damaged copy is refused
    rather than put in place of the unusable file (and offered again at the next start)."""
    try:
        with closing(sqlite3.connect(copy)) as conn:
            result = str(conn.execute("PRAGMA quick_check").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        result = str(exc)
    if result != "ok":
        detail = result.splitlines()[-1] if result.strip() else result
        raise maintenance.BackupError(
            f"备份文件「{source}」本身已损坏（{detail}），不能用来恢复；原数据库文件未做任何改动。"
            "请把该文件移出所在的 backups 文件夹后再试（将改用更早的备份），或请管理员处理。"
        )


def _restore_zip(backup: Path, dest: Path) -> None:
    """A new file at the backup's schema, filled with its rows (checked against its audit chain
    with this PC's audit key); the start-up upgrades it to this version afterwards."""
    revision = maintenance.read_manifest(backup)["schema_revision"]
    database = Database(
        f"sqlite:///{dest}",
        audit_key=config.read_audit_key(),
        audit_key_path=str(config.audit_key_path()),
        audit_may_start=False,
    )
    try:
        migrate.upgrade(database, target=revision)
        maintenance.restore(database, backup, safety_dir=None)
    finally:
        database.dispose()


def _remove_with_journal(path: Path) -> None:
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        p.unlink(missing_ok=True)
    writer_queue.lock_path(path).unlink(missing_ok=True)
