"""Open the configured database the way both the window and the command line do."""

from __future__ import annotations

import logging
import tempfile
import time
from datetime import datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import TYPE_CHECKING

from db.errors import FubanError
from desktop_app import config, failures

if TYPE_CHECKING:
    from db.engine import Database

# The database modules (SQLAlchemy, the models, the migrations) are imported by the functions
# that open the database: the window imports setup_logging first and shows its first dialog
# while they load (ui.app).

log = logging.getLogger(__name__)


def open_database(url: str | None = None, upgrade: bool = True) -> Database:
    """Connect, refuse a schema from a newer fuban, and upgrade (backing up an SQLite file first).

    A database file that is damaged, read-only or cannot be opened, a folder that cannot be made
    and a server that does not answer raise a FubanError naming the file (desktop_app.failures)."""
    if url is None:
        url = config.load().database_url()
    try:
        return _open(url, upgrade)
    except FubanError:
        raise
    except Exception as exc:
        known = failures.database_failure(exc, url)
        if known is None and isinstance(exc, OSError):
            known = FubanError(failures.os_error_message(exc))
        if known is None:
            raise
        log.warning("cannot open database %s: %s", url.split("@")[-1], exc)
        raise known from exc


def _open(url: str, upgrade: bool) -> Database:
    from db import migrate
    from db.engine import Database

    path = migrate.sqlite_path(url)
    if path is not None:
        config.check_local_path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
    # A key that already existed never starts keying a chain holding plain entries (db.audit_key):
    # every chain it met was keyed when it was made, so such a chain was rewritten behind the app.
    database = Database(
        url,
        audit_key=config.read_audit_key(),
        audit_key_path=str(config.audit_key_path()),
        audit_may_start=False,
    )
    migrate.check_not_newer(database)
    if path is not None:
        with database.engine.connect():  # creates a new file, then make it the owner's alone
            pass
        config.owner_only(path)
        _check_writable(database)
    if upgrade:
        migrate.check_may_upgrade(database)  # a clerk's own server login may not (SERVER.md)
        _backup_server_before_upgrade(database)
        backup = migrate.upgrade(database, config.data_dir() / "backups")
        if backup is not None:
            log.info("database backed up to %s before upgrading", backup)
    if migrate.current_revision(database) == migrate.head_revision():
        _key_audit_chain(database)
    return database


def _check_writable(database: Database) -> None:
    """SQLite opens a file it may not write read-only, without a word: the first save would fail.
    A table made and rolled back inside a write transaction finds out now, changing nothing."""
    with database.engine.connect() as conn:
        conn.exec_driver_sql("CREATE TABLE fuban_write_probe (x INTEGER)")
        conn.rollback()


def _key_audit_chain(database: Database) -> None:
    """The audit chain is keyed with this PC's audit.key (db.audit_key). A PC without one makes it
    only while the chain is not keyed yet — it is then the first to use this version, and the
    IT person copies its key to the other PCs; a keyed chain is never given a second key (that
    PC's saves are refused with where to put the copy). The chain is keyed at once, so that
    `fuban check` never meets a legitimately unkeyed chain on a PC that holds a key. A key that
    existed before meets a chain of plain entries only if it was rewritten (or the key belongs to
    another database): it is left so, `check` reports it and saving is refused with what to do."""
    from db.audit_key import SYSTEM_KEYING_ACTOR, AuditKeyError, keyed_from
    from db.audit_maintenance import start_keying
    from db.audit_tip import AuditTipError

    new_key = database.audit_key is None
    if new_key:
        with database.read() as s:
            if keyed_from(s):
                return
        database.set_audit_key(config.create_audit_key(), may_start=False)
        log.info("audit key created at %s", config.audit_key_path())
    try:
        with database.uow(SYSTEM_KEYING_ACTOR) as s:
            started = start_keying(s, SYSTEM_KEYING_ACTOR, force=new_key)
    except AuditKeyError as exc:  # shown to whoever tries to save; the window still opens
        log.warning("audit chain not keyed: %s", exc)
        return
    except AuditTipError as exc:
        # A head row deleted behind the app reads as a chain not keyed yet. Nothing can be
        # appended until `fuban db repair-audit` re-anchors it (and takes the keyed part's start
        # from the chain's own marker): the database still opens, so that the repair can run
        # and the window can show the refusal with what to do.
        log.warning("audit chain's tip damaged, not keyed now: %s", exc)
        return
    if started:
        log.info("audit chain keyed from entry %s", started)


def _backup_server_before_upgrade(database: Database) -> Path | None:
    """The shared PostgreSQL database is copied (as it is stored) before its schema is upgraded,
    like an SQLite file: a failed or unwanted upgrade can be undone with the previous version."""
    from db import migrate

    if (
        database.dialect != "postgresql"
        or not migrate.needs_upgrade(database)
        or migrate.current_revision(database) is None
    ):
        return None
    from desktop_app.services.system import maintenance

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    revision = migrate.current_revision(database)
    dest = config.data_dir() / "backups" / f"共享数据库-升级前-{revision}-{stamp}.zip"
    maintenance.backup(database, dest, as_stored=True)
    log.info("shared database backed up to %s before upgrading", dest)
    return dest


_log_file: Path | None = None


LOG_BYTES = 1_000_000  # one log file at most; then fuban.log.1 … fuban.log.5
LOG_BACKUPS = 5


class SharedRotatingFileHandler(RotatingFileHandler):
    """Rotates at LOG_BYTES, keeping LOG_BACKUPS old files. On Windows a log another fuban
    process holds open (the window and the console tool at once) cannot be renamed: the line is
    then still written to the current file, and rotation is tried again a minute later."""

    RETRY_SECONDS = 60.0

    def __init__(self, filename: Path, max_bytes: int = LOG_BYTES, backups: int = LOG_BACKUPS):
        super().__init__(filename, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
        self._retry_at = 0.0

    def _open(self):
        stream = super()._open()
        config.owner_only(Path(self.baseFilename))  # a new file after rotation, too
        return stream

    def shouldRollover(self, record: logging.LogRecord) -> bool:
        if time.monotonic() < self._retry_at:
            return False
        return bool(super().shouldRollover(record))

    def doRollover(self) -> None:
        try:
            super().doRollover()
        except OSError:
            self._retry_at = time.monotonic() + self.RETRY_SECONDS
            if self.stream is None or self.stream.closed:
                self.stream = self._open()


def setup_logging() -> Path:
    """Tracebacks go to a log file in the user's data folder (the user sees a clear dialog),
    rotated at 1 MB with five older files kept. A data folder that cannot be written leaves the
    log in the system's temporary folder, so the start-up can still say what is wrong and where
    the details are."""
    global _log_file
    try:
        path = _log_file_in(config.log_dir())
    except OSError:
        path = _log_file_in(Path(tempfile.gettempdir()) / "fuban-logs")
    handler = SharedRotatingFileHandler(path)
    logging.basicConfig(
        handlers=[handler],
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if handler not in logging.getLogger().handlers:  # logging was set up before: not used
        handler.close()
    _log_file = path
    return path


def log_file() -> Path | None:
    """Where this process writes its log (None before setup_logging)."""
    return _log_file


def _log_file_in(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "fuban.log"
    path.touch()
    config.owner_only(path)
    return path
