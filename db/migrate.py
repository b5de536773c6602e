"""Schema upgrades through Alembic, usable from an installed or frozen app (paths from __file__).

At start the app upgrades the database; an SQLite file is backed up first. A database stamped
with a revision this build does not know was made by a newer fuban and is refused.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url

from db.engine import Database
from db.errors import SchemaTooNewError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(_config()).get_current_head() or ""


def current_revision(database: Database) -> str | None:
    with database.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def check_not_newer(database: Database) -> None:
    current = current_revision(database)
    if current is None:
        return
    script = ScriptDirectory.from_config(_config())
    try:
        script.get_revision(current)
    except Exception as exc:  # alembic raises several kinds for an unknown revision
        raise SchemaTooNewError(
            f"该数据库由更新版本的府办台账创建（结构版本 {current}），本程序无法打开。请先升级本程序。"
        ) from exc


def sqlite_path(url: str) -> Path | None:
    u = make_url(url)
    if u.get_backend_name() != "sqlite" or u.database in (None, "", ":memory:"):
        return None
    return Path(u.database)


def backup_sqlite_file(src: Path, dest: Path) -> Path:
    """Consistent copy of a live SQLite database (the backup API, safe with WAL and readers)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(src) as source, sqlite3.connect(dest) as target:
        source.backup(target)
    return dest


def needs_upgrade(database: Database) -> bool:
    return current_revision(database) != head_revision()


def upgrade(database: Database, backup_dir: Path | None = None) -> Path | None:
    """Bring the schema to head. Returns the path of the pre-upgrade backup, if one was made."""
    check_not_newer(database)
    if not needs_upgrade(database):
        return None
    backup = None
    path = sqlite_path(database.url)
    if path is not None and path.exists() and current_revision(database) is not None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target_dir = backup_dir or path.parent / "backups"
        backup = backup_sqlite_file(path, target_dir / f"{path.stem}-升级前-{stamp}.db")
    cfg = _config()
    with database.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return backup


def revision(message: str, database: Database) -> None:
    """Developer helper: autogenerate a new migration against `database` (at head)."""
    cfg = _config()
    with database.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.revision(cfg, message=message, autogenerate=True)
