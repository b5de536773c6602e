"""Migration 0024: the 工作台's 发文 reminders (R16, R18/R38, 待印发, R55) read through two
indexes of ``outgoing_document`` instead of walking every unclassified document; the migration
upgrades and downgrades a database holding 发文 records on both engines, changing no row."""

from __future__ import annotations

from sqlalchemy import event, inspect

from db import migrate
from db.engine import Database
from desktop_app.services.documents import dashboard_outgoing
from desktop_app.services.system import dashboard
from tests.integration.migration_support import downgrade_to, drift_after_upgrade
from tests.integration.test_outgoing_support import Org, T, issued, signed_r33_1

INDEXES = {"ix_outgoing_document_status", "ix_outgoing_document_normative"}
PROVIDERS = (
    dashboard_outgoing.filing_items,
    dashboard_outgoing.normative_items,
    dashboard_outgoing.awaiting_issue_items,
    dashboard_outgoing.publication_items,
)


def _indexes(d: Database) -> set[str]:
    return {i["name"] for i in inspect(d.engine).get_indexes("outgoing_document")}


def _outgoing_items(d: Database) -> list[tuple]:
    return [
        (i.title, i.severity, i.ref_id)
        for i in dashboard.collect(d, T)
        if i.area == dashboard_outgoing.AREA
    ]


def test_0024_adds_and_drops_the_indexes_on_a_database_holding_documents(
    empty_url, admin, tmp_path
):
    from desktop_app.services import demo

    d = Database(empty_url)
    try:
        migrate.upgrade(d)
        demo.fill(d, admin, today=T)
        org = Org(d)
        signed_r33_1(d, org)  # signed, waiting for its number
        issued(d, org)  # issued, its openness not yet decided (R55)
        assert INDEXES <= _indexes(d)
        items = _outgoing_items(d)
        assert len(items) == 2
        downgrade_to(d, "0023")
        assert not INDEXES & _indexes(d)
        migrate.upgrade(d, backup_dir=tmp_path / "bk")
        assert INDEXES <= _indexes(d)
        assert drift_after_upgrade(d) == []  # no row value changed behind the audit chain
        assert _outgoing_items(d) == items
    finally:
        d.dispose()


def test_the_reminders_read_outgoing_documents_through_the_new_indexes(sqlite_db, admin):
    """On SQLite (no planner statistics) every statement of the 发文 providers that reads
    outgoing_document searches one of 0024's indexes, not the secrecy index or the table."""
    from desktop_app.services import demo

    demo.fill(sqlite_db, admin, today=T)
    org = Org(sqlite_db)
    signed_r33_1(sqlite_db, org)
    issued(sqlite_db, org)
    statements: list[tuple[str, object]] = []

    def seen(conn, cursor, statement, parameters, context, executemany):
        if "FROM outgoing_document" in statement:
            statements.append((statement, parameters))

    event.listen(sqlite_db.engine, "before_cursor_execute", seen)
    try:
        for provider in PROVIDERS:
            provider(sqlite_db, T)
    finally:
        event.remove(sqlite_db.engine, "before_cursor_execute", seen)

    assert len(statements) >= len(PROVIDERS)
    with sqlite_db.engine.connect() as conn:
        for statement, parameters in statements:
            plan = " / ".join(
                row[-1]
                for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
            )
            assert any(f"INDEX {name} " in plan for name in INDEXES), (statement, plan)
