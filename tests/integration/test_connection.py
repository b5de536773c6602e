"""「测试连接」 against the real local PostgreSQL server and real SQLite files."""

from __future__ import annotations

import time
import uuid

import pytest

from desktop_app.services.system import connection
from tests.conftest import PG_ADMIN_URL, _pg_exec, _pg_url, pg_or_skip


def check(url: str, **kw) -> connection.ConnectionReport:
    return connection.test_connection(url, **kw)


# --- SQLite ---------------------------------------------------------------------------------


def test_sqlite_new_file_in_creatable_folder_is_ok_and_nothing_is_created(tmp_path):
    path = tmp_path / "新建文件夹" / "fuban.db"
    report = check(f"sqlite:///{path}")
    assert report.ok
    assert report.message.startswith("连接成功：SQLite")
    assert "首次启动时将自动建立" in report.message
    assert not path.parent.exists()  # testing creates nothing


def test_sqlite_migrated_file_reports_fuban_schema(sqlite_db):
    from db.migrate import HEAD

    report = check(sqlite_db.url)
    assert report.ok and report.revision == HEAD
    assert f"已有府办台账数据（结构版本 {HEAD}）" in report.message


def test_sqlite_empty_file_is_not_initialised(tmp_path):
    import sqlite3

    path = tmp_path / "empty.db"
    sqlite3.connect(path).close()
    report = check(f"sqlite:///{path}")
    assert report.ok and report.revision is None
    assert "数据库尚未初始化" in report.message


def test_sqlite_newer_schema_is_refused(tmp_path):
    import sqlite3

    path = tmp_path / "newer.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        conn.execute("INSERT INTO alembic_version VALUES ('9999')")
    report = check(f"sqlite:///{path}")
    assert not report.ok and report.newer
    assert "更新版本的府办台账" in report.message and "9999" in report.message


def test_sqlite_unc_path_is_refused():
    report = check("sqlite:///\\\\server\\share\\fuban.db")
    assert not report.ok
    assert "网络共享" in report.message and "PostgreSQL" in report.message


def test_sqlite_folder_below_a_file_cannot_be_created(tmp_path):
    blocker = tmp_path / "a-file.txt"
    blocker.write_text("x", encoding="utf-8")
    report = check(f"sqlite:///{blocker / 'sub' / 'fuban.db'}")
    assert not report.ok
    assert "不是文件夹" in report.message


def test_sqlite_file_that_is_not_a_database(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("这不是数据库" * 200, encoding="utf-8")
    report = check(f"sqlite:///{path}")
    assert not report.ok
    assert "不是 SQLite 数据库文件" in report.message


# --- PostgreSQL -----------------------------------------------------------------------------


def test_refused_port_fails_quickly_with_address():
    started = time.monotonic()
    report = check("postgresql+psycopg://postgres@127.0.0.1:1/fuban", timeout=3)
    assert time.monotonic() - started < 5
    assert not report.ok
    assert report.message.startswith("无法连接到 127.0.0.1:1：")


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_postgresql_migrated_database_reports_version_and_schema(db_url):
    from db.migrate import HEAD

    report = check(db_url)
    assert report.ok, report.message
    assert report.message.startswith("连接成功：PostgreSQL ")
    assert report.server_version.startswith("PostgreSQL ")
    assert report.revision == HEAD


def test_postgresql_empty_database_is_not_initialised():
    pg_or_skip()
    report = check(_pg_url("template1"))
    assert report.ok, report.message
    assert "数据库尚未初始化，首次启动时将自动建立" in report.message


def test_missing_postgresql_database_is_explained_and_can_be_created():
    pg_or_skip()
    name = f"fuban_conn_{uuid.uuid4().hex[:10]}"
    url = _pg_url(name)
    try:
        report = check(url)
        assert not report.ok and report.missing_database
        assert f"数据库「{name}」不存在" in report.message

        created = connection.create_database(url)
        assert created.ok, created.message
        assert created.message.startswith(f"已建立数据库「{name}」。连接成功：PostgreSQL")
        assert check(url).ok
    finally:
        _pg_exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_wrong_postgresql_user_is_reported():
    pg_or_skip()
    report = check(PG_ADMIN_URL.replace("//postgres@", "//no_such_role_fuban@"))
    assert not report.ok
    assert report.message.startswith("无法登录数据库服务器 127.0.0.1:5432：用户名或密码错误")


def test_create_database_refuses_sqlite(tmp_path):
    report = connection.create_database(f"sqlite:///{tmp_path / 'x.db'}")
    assert not report.ok
