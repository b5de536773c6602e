"""Migration 0025: the 工作台's R35 reminders read the routed 收文 most overdue first straight
from an index, on both engines — no sort, and no walk past the closed documents of earlier years
(on the shared server the planner walked the deadline index past 168,732 closed documents of the
200,000-document benchmark to find 51 routed ones: 120 ms on every 工作台 read). The migration
upgrades and downgrades a database holding 收文 without changing a row."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import inspect, text

from db import migrate
from db.engine import Database
from desktop_app.services.documents import dashboard_incoming
from tests import statements
from tests.bench import documents_data
from tests.integration.migration_support import downgrade_to, drift_after_upgrade

INDEX = "ix_incoming_document_deadline_open"


def _overdue_statements(db) -> list[tuple[str, object]]:
    with statements.recorded(db) as seen:
        dashboard_incoming.deadline_items(db, date.today())
    found = [(s, p) for s, p in seen if "ORDER BY incoming_document.deadline" in s]
    assert found
    return found


def _nodes(node: dict):
    yield node
    for child in node.get("Plans", []):
        yield from _nodes(child)


def test_overdue_routed_documents_come_in_deadline_order_from_the_index(db):
    # 20 years of 收文: all closed but those of the last 30 days
    documents_data.load(db, 3000, 10)
    if db.dialect == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("ANALYZE incoming_document"))
    for statement, parameters in _overdue_statements(db):
        with db.engine.connect() as conn:
            if db.dialect == "postgresql":
                plan = conn.exec_driver_sql(
                    "EXPLAIN (ANALYZE, FORMAT JSON) " + statement, parameters
                ).scalar()
                nodes = list(
                    _nodes((plan if isinstance(plan, list) else json.loads(plan))[0]["Plan"])
                )
                assert not [n for n in nodes if "Sort" in n["Node Type"]], nodes
                assert sum(n.get("Rows Removed by Filter", 0) for n in nodes) <= 10, nodes
                assert any(n.get("Index Name") == INDEX for n in nodes), nodes
            else:
                plan = " / ".join(
                    row[-1]
                    for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
                )
                assert f"INDEX {INDEX} " in plan and "TEMP B-TREE" not in plan, plan


def test_0025_adds_and_drops_the_index_on_a_database_holding_documents(empty_url, tmp_path):
    d = Database(empty_url)
    try:
        migrate.upgrade(d)
        documents_data.load(d, 300, 10)
        items = dashboard_incoming.deadline_items(d, date.today())
        downgrade_to(d, "0024")
        assert INDEX not in {i["name"] for i in inspect(d.engine).get_indexes("incoming_document")}
        migrate.upgrade(d, backup_dir=tmp_path / "bk")
        assert INDEX in {i["name"] for i in inspect(d.engine).get_indexes("incoming_document")}
        assert drift_after_upgrade(d) == []  # no row value changed behind the audit chain
        assert dashboard_incoming.deadline_items(d, date.today()) == items
    finally:
        d.dispose()
