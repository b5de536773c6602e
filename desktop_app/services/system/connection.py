"""「测试连接」: can this machine use a database URL, and what is in it? (no Qt)

Used by the database settings before they are saved, so an administrator setting up a PC or the
shared server learns in seconds, in Chinese, what is wrong: a network share (SQLite corrupts
there), a server that does not answer, a wrong password, a database that does not exist yet, or
a database made by a newer fuban. Nothing is created or changed, except by `create_database`,
which an administrator calls explicitly.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, create_engine, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from db.errors import DatabaseLocationError
from db.migrate import HEAD, KNOWN_REVISIONS
from desktop_app import config


@dataclass(frozen=True)
class ConnectionReport:
    ok: bool
    message: str
    server_version: str = ""
    revision: str | None = None  # fuban schema revision found (None: not initialised)
    newer: bool = False  # made by a newer fuban: this build cannot open it
    missing_database: bool = False  # PostgreSQL answered, but the database does not exist


def test_connection(url: str, timeout: int = 5) -> ConnectionReport:
    """Connect to `url` (read only) and report; never raises for an unusable database."""
    try:
        u = make_url(url)
    except Exception:  # make_url raises several types for garbage input
        return ConnectionReport(False, "数据库地址格式不正确。")
    if u.get_backend_name() == "sqlite":
        return _test_sqlite(u.database or "")
    if u.get_backend_name() == "postgresql":
        return _test_postgresql(u, timeout)
    return ConnectionReport(False, f"不支持的数据库类型：{u.get_backend_name()}。")


test_connection.__test__ = False  # type: ignore[attr-defined]  # not a pytest test


# --- SQLite ---------------------------------------------------------------------------------


def _test_sqlite(database: str) -> ConnectionReport:
    if database in ("", ":memory:"):
        return ConnectionReport(True, "连接成功：内存数据库（仅供测试，关闭后数据不保留）")
    path = Path(database)
    try:
        config.check_local_path(path)
    except DatabaseLocationError as exc:
        return ConnectionReport(False, exc.message)
    version = f"SQLite {sqlite3.sqlite_version}"
    if not path.exists():
        problem = _folder_problem(path.parent)
        if problem:
            return ConnectionReport(False, problem, version)
        return ConnectionReport(
            True, f"连接成功：{version}，数据库文件尚不存在，首次启动时将自动建立", version
        )
    if path.is_dir():
        return ConnectionReport(
            False, f"{path} 是一个文件夹，请填写数据库文件的完整路径（如 …\\fuban.db）。"
        )
    # Read-only URI: testing must not create, lock or change the file.
    engine = create_engine(
        "sqlite://",
        poolclass=NullPool,
        creator=lambda: sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True),
    )
    try:
        with engine.connect() as conn:
            return _schema_report(conn, version)
    except DBAPIError as exc:
        detail = str(exc.orig)
        if "not a database" in detail:
            return ConnectionReport(
                False, f"文件 {path} 不是 SQLite 数据库文件，请选择其他文件名。", version
            )
        return ConnectionReport(False, f"无法打开数据库文件 {path}：{detail}", version)
    finally:
        engine.dispose()


def _folder_problem(folder: Path) -> str | None:
    """Why the database folder cannot be used or created (None when it can)."""
    existing = folder
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    if not existing.is_dir():
        return f"无法建立数据库文件夹 {folder}：{existing} 不是文件夹。"
    if not os.access(existing, os.W_OK | os.X_OK):
        return f"无法在 {existing} 中建立数据库：没有写入权限，请选择自己的文件夹（如“文档”）。"
    return None


# --- PostgreSQL -----------------------------------------------------------------------------


def _where(u: URL) -> str:
    return f"{u.host or 'localhost'}:{u.port or 5432}"


def _pg_engine(u: URL, timeout: int):
    return create_engine(u, poolclass=NullPool, connect_args={"connect_timeout": max(2, timeout)})


def _test_postgresql(u: URL, timeout: int) -> ConnectionReport:
    engine = _pg_engine(u, timeout)
    try:
        with engine.connect() as conn:
            info = engine.dialect.server_version_info or ()
            version = "PostgreSQL " + ".".join(str(p) for p in info)
            return _schema_report(conn, version)
    except DBAPIError as exc:
        return _pg_failure(u, exc.orig, timeout)
    finally:
        engine.dispose()


def _pg_failure(u: URL, orig: BaseException | None, timeout: int) -> ConnectionReport:
    detail = str(orig or "").strip()
    state = getattr(orig, "sqlstate", None)
    where = _where(u)
    if state == "3D000" or ('database "' in detail and "does not exist" in detail):
        return ConnectionReport(
            False,
            f"已连接到服务器 {where}，但数据库「{u.database}」不存在。请由管理员建立该数据库"
            "（可点击「建立数据库」），或检查数据库名称。",
            missing_database=True,
        )
    if (
        state in ("28P01", "28000")
        or "password authentication failed" in detail
        or ('role "' in detail and "does not exist" in detail)
    ):
        return ConnectionReport(
            False,
            f"无法登录数据库服务器 {where}：用户名或密码错误，或该用户无权连接。"
            f"（{_first_line(detail)}）",
        )
    if "timeout" in detail.lower():
        return ConnectionReport(
            False, f"无法连接到 {where}：{timeout} 秒内没有响应。请检查服务器地址、网络和防火墙。"
        )
    return ConnectionReport(
        False,
        f"无法连接到 {where}：服务器没有响应或拒绝连接。请检查服务器地址、"
        f"端口，服务器是否已启动，防火墙是否放行。（{_first_line(detail)}）",
    )


def _first_line(detail: str) -> str:
    lines = [line.strip() for line in detail.splitlines() if line.strip()]
    return lines[-1] if lines else "未知错误"


def create_database(url: str, timeout: int = 5) -> ConnectionReport:
    """Create the (empty) PostgreSQL database `url` names, connecting to the server's 'postgres'
    database with the same account; fuban builds its tables there at first start."""
    u = make_url(url)
    if u.get_backend_name() != "postgresql" or not u.database:
        return ConnectionReport(False, "只有共享数据库服务器（PostgreSQL）需要建立数据库。")
    engine = _pg_engine(u.set(database="postgres"), timeout)
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            quoted = conn.dialect.identifier_preparer.quote(u.database)
            conn.execute(text(f"CREATE DATABASE {quoted}"))
    except DBAPIError as exc:
        detail = str(exc.orig or exc)
        state = getattr(exc.orig, "sqlstate", None)
        if state == "42501" or "permission denied" in detail:
            return ConnectionReport(
                False,
                f"用户「{u.username}」无权建立数据库。请用服务器管理员账户"
                "（如 postgres）建立，或请服务器管理员建立。",
            )
        if state == "42P04":  # duplicate_database: someone was quicker; that is fine
            return test_connection(url, timeout)
        return _pg_failure(u, exc.orig, timeout)
    finally:
        engine.dispose()
    report = test_connection(url, timeout)
    if not report.ok:
        return report
    return ConnectionReport(
        True,
        f"已建立数据库「{u.database}」。{report.message}",
        report.server_version,
        report.revision,
    )


# --- what the database holds ----------------------------------------------------------------


def _schema_report(conn: Connection, version: str) -> ConnectionReport:
    tables = inspect(conn).get_table_names()
    revision = None
    if "alembic_version" in tables:
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if revision is None:
        others = [t for t in tables if t != "alembic_version"]
        note = (
            f"数据库中已有 {len(others)} 个其他数据表，但尚无府办台账的数据；"
            if others
            else "数据库尚未初始化，"
        )
        return ConnectionReport(True, f"连接成功：{version}，{note}首次启动时将自动建立", version)
    if revision not in KNOWN_REVISIONS:
        return ConnectionReport(
            False,
            f"连接成功：{version}，但该数据库由更新版本的府办台账创建（结构版本 {revision}），"
            "本程序无法打开。请先升级本程序。",
            version,
            revision,
            newer=True,
        )
    if revision != HEAD:
        return ConnectionReport(
            True,
            f"连接成功：{version}，已有府办台账数据（结构版本 {revision}），首次启动时将自动升级",
            version,
            revision,
        )
    return ConnectionReport(
        True, f"连接成功：{version}，已有府办台账数据（结构版本 {revision}）", version, revision
    )
