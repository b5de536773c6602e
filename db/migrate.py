"""Schema upgrades through Alembic, usable from an installed or frozen app (paths from __file__).

At start the app upgrades the database; an SQLite file is backed up first. A database stamped
with a revision this build does not know was made by a newer fuban and is refused.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, inspect, text
from sqlalchemy.engine import make_url

from db import server_roles
from db.engine import Database
from db.errors import FubanError, SchemaTooNewError


class SchemaUpgradeRefused(FubanError):
    """The schema needs an upgrade that this connection may not make (a clerk's login)."""


MIGRATIONS = Path(__file__).resolve().parent / "migrations"

# Every revision this build knows, oldest first. Kept here so that start-up can decide "nothing to
# do" without importing Alembic (≈80 ms); a test checks it against the migration scripts.
KNOWN_REVISIONS: tuple[str, ...] = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
    "0007",
    "0008",
    "0009",
    "0010",
    "0011",
    "0012",
    "0013",
    "0014",
    "0015",
    "0016",
    "0017",
    "0019",
    "0021",
    "0022",
    "0023",
    "0024",
    "0025",
    "0026",
)
HEAD = KNOWN_REVISIONS[-1]


def _config():
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def script_head() -> str:
    """The head according to the migration scripts (slow: imports Alembic)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head() or ""


def head_revision() -> str:
    return HEAD


def current_revision(database: Database) -> str | None:
    with database.read() as s:
        if not inspect(s.connection()).has_table("alembic_version"):
            return None
        return s.execute(text("SELECT version_num FROM alembic_version")).scalar()


def check_not_newer(database: Database) -> None:
    current = current_revision(database)
    if current is not None and current not in KNOWN_REVISIONS:
        raise SchemaTooNewError(
            f"该数据库由更新版本的府办台账创建（结构版本 {current}），本程序无法打开。请先升级本程序。"
        )


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
    if os.name == "posix":
        dest.chmod(0o600)  # the copy holds every record, like the database itself
    return dest


def needs_upgrade(database: Database) -> bool:
    return current_revision(database) != head_revision()


def upgrade(
    database: Database, backup_dir: Path | None = None, target: str = "head"
) -> Path | None:
    """Bring the schema to head (or `target`, for tests of a single migration). Returns the
    path of the pre-upgrade backup, if one was made."""
    check_not_newer(database)
    if current_revision(database) == (HEAD if target == "head" else target):
        return None
    backup = None
    path = sqlite_path(database.url)
    if path is not None and path.exists() and current_revision(database) is not None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target_dir = backup_dir or path.parent / "backups"
        backup = backup_sqlite_file(path, target_dir / f"{path.stem}-升级前-{stamp}.db")
    from alembic import command

    cfg = _config()
    with database.engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            # SQLite's own procedure for changing a table's shape (ALTER TABLE, "making other
            # kinds of table schema changes"): foreign keys off outside the transaction, so a
            # batch migration may copy a table that other rows point at; the keys are checked
            # before the upgrade commits, and switched back on.
            _sqlite_foreign_keys(conn, on=False)
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                roles = _server_roles_before_upgrade(conn)
                command.upgrade(cfg, target)
                if roles is not None:  # new tables get their grants, guards and policies
                    server_roles.apply(conn, roles)
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"upgrade would break foreign keys: {broken[:5]}")
        finally:
            if sqlite:
                _sqlite_foreign_keys(conn, on=True)
    return backup


def _sqlite_foreign_keys(conn: Connection, on: bool) -> None:
    """Straight on the driver's connection: SQLAlchemy would open a transaction first, and
    SQLite ignores this pragma inside one."""
    driver = conn.connection.dbapi_connection
    if driver is None:  # only a closed or invalidated connection has none
        raise RuntimeError("the database connection was closed during the upgrade")
    driver.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def _server_roles_before_upgrade(conn) -> server_roles.RoleNames | None:
    """On a server with enforced roles (db.server_roles) only the owner or a superuser may
    change the schema, and the upgrade re-applies the grants in the same transaction — so a
    clerk's login is refused before anything starts, with what to do."""
    prefix = server_roles.installed_prefix(conn)
    if prefix is None:
        return None
    names = server_roles.RoleNames(prefix)
    if not conn.execute(
        text("SELECT pg_has_role(current_user, :o, 'MEMBER')"), {"o": names.owner}
    ).scalar():
        raise SchemaUpgradeRefused(
            "共享数据库需要升级结构，而升级只能由数据库服务器的管理账户进行。请 IT 人员在任一电脑上运行"
            "「fuban db upgrade --url postgresql://postgres@服务器/数据库」（见 docs/SERVER.md），"
            "完成后再打开府办台账。"
        )
    return names


def check_may_upgrade(database: Database) -> None:
    """Refuse early (before the pre-upgrade backup) when this login may not upgrade."""
    if database.dialect == "postgresql" and needs_upgrade(database):
        with database.engine.connect() as conn:
            _server_roles_before_upgrade(conn)


def revision(message: str, database: Database) -> None:
    """Developer helper: autogenerate a new migration against `database` (at head)."""
    from alembic import command

    cfg = _config()
    with database.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.revision(cfg, message=message, autogenerate=True)
