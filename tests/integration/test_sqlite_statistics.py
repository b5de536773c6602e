"""SQLite's planner statistics (sqlite_stat1): refreshed after a bulk import and a migration,
and PRAGMA optimize run as connections close (https://www.sqlite.org/lang_analyze.html)."""

from __future__ import annotations

import sqlite3

from db import migrate
from db.engine import Database
from desktop_app.services.documents.import_outgoing import SPEC
from desktop_app.services.system import ledger_import as li
from tests.integration.import_support import write_ledger
from tests.integration.migration_support import downgrade_to
from tests.integration.test_outgoing_support import CLERK, T, org_fixture

_ = org_fixture  # the `org` fixture: the demo government

HEADERS = ["发文字号", "标题", "文种", "拟稿单位", "印发日期"]


def _stat_rows(db: Database) -> dict[str, int]:
    """Rows counted per table in sqlite_stat1 (the largest figure over its indexes)."""
    with db.engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        have = raw.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone()
        if have is None:
            return {}
        out: dict[str, int] = {}
        for table, stat in raw.execute("SELECT tbl, stat FROM sqlite_stat1").fetchall():
            out[table] = max(out.get(table, 0), int(stat.split()[0]))
        return out


def test_a_bulk_import_leaves_statistics_for_the_register_tables(db, org, tmp_path):
    rows = [
        [f"同政发〔2026〕{n}号", f"关于第{n}项工作的通知", "通知", "农业农村局", "2026-2-2"]
        for n in range(1, 301)
    ]
    path = write_ledger(tmp_path / "发文.xlsx", HEADERS, rows)
    assert li.import_file(db, CLERK, SPEC, path).count == 300
    if db.dialect != "sqlite":
        return  # PostgreSQL's autovacuum analyzes by itself
    stats = _stat_rows(db)
    assert stats.get("outgoing_document", 0) >= 300, stats
    assert stats.get("imported_record", 0) >= 300, stats
    assert {"unit", "person", "audit_entry"} <= set(stats)  # every table that holds rows


def test_a_migration_refreshes_statistics_and_closing_runs_optimize(tmp_path, admin):
    from desktop_app.services import demo

    path = tmp_path / "fuban.db"
    d = Database(f"sqlite:///{path}")
    migrate.upgrade(d)
    demo.fill(d, admin, today=T)
    with d.engine.begin() as conn:  # a database from before this release: no statistics
        conn.exec_driver_sql("DROP TABLE IF EXISTS sqlite_stat1")
    downgrade_to(d, "0022")
    migrate.upgrade(d, backup_dir=tmp_path / "bk")
    assert {"unit", "person", "appointment"} <= set(_stat_rows(d))

    d.dispose()
    raw = sqlite3.connect(path)  # forget them again, outside the application's connections
    with raw:
        raw.execute("DELETE FROM sqlite_stat1")
    raw.close()
    d = Database(f"sqlite:///{path}")
    with d.read() as s:  # a query that would plan better with statistics of `unit`
        s.connection().exec_driver_sql("SELECT id FROM unit WHERE kind = 'department'").all()
    d.dispose()  # closing the connection runs PRAGMA optimize
    conn = sqlite3.connect(path)
    try:
        tables = {t for (t,) in conn.execute("SELECT tbl FROM sqlite_stat1")}
    finally:
        conn.close()
    assert "unit" in tables
