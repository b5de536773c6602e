"""Open the configured database the way both the window and the command line do."""

from __future__ import annotations

import logging
from pathlib import Path

from db import migrate
from db.engine import Database
from desktop_app import config

log = logging.getLogger(__name__)


def open_database(url: str | None = None, upgrade: bool = True) -> Database:
    """Connect, refuse a schema from a newer fuban, and upgrade (backing up an SQLite file first)."""
    if url is None:
        url = config.load().database_url()
    path = migrate.sqlite_path(url)
    if path is not None:
        config.check_local_path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
    database = Database(url)
    migrate.check_not_newer(database)
    if upgrade:
        backup = migrate.upgrade(database, config.data_dir() / "backups")
        if backup is not None:
            log.info("database backed up to %s before upgrading", backup)
    return database


def setup_logging() -> Path:
    """Tracebacks go to a log file in the user's data folder (the user sees a clear dialog)."""
    folder = config.log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "fuban.log"
    logging.basicConfig(filename=path, level=logging.INFO, encoding="utf-8",
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    return path
