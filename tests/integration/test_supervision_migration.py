"""Migration 0016 upgrades a database that holds meetings and decisions (both engines): the two
督办 tables arrive empty, older rows are kept and check clean, a decision recorded before the
upgrade becomes an item after it; the downgrade drops only the new tables."""

from __future__ import annotations

from datetime import date

from sqlalchemy import inspect, text

from db import migrate
from db.engine import Database
from desktop_app.services.supervision import commands
from tests.integration.migration_support import downgrade_to, drift_after_upgrade
from tests.integration.test_decisions import _add, _meeting

NEW = {"supervision_item", "supervision_report"}


def _tables(d: Database) -> set[str]:
    return set(inspect(d.engine).get_table_names())


def test_0016_upgrades_a_database_holding_decisions(empty_url, clerk, tmp_path):
    d = Database(empty_url)
    try:
        migrate.upgrade(d)
        # The decision is entered by today's services, then the schema goes back to 0015 with it
        # (today's services read tables of later migrations, so they cannot write a 0015 file).
        m, _items = _meeting(d, clerk)
        before = _add(d, clerk, m, date(2024, 6, 28))
        downgrade_to(d, "0015")
        assert not NEW & _tables(d)
        migrate.upgrade(d, backup_dir=tmp_path / "bk")
        assert NEW <= _tables(d)
        assert drift_after_upgrade(d) == []
        item = commands.item_from_decision(d, clerk, before.id, responsible_person="王强")
        assert (item.content, item.deadline) == (before.content, before.deadline)
        downgrade_to(d, "0015")
        assert not NEW & _tables(d)
        with (
            d.engine.connect() as conn
        ):  # the decision outlives the downgrade (read as 0015 has it)
            ids = conn.execute(text("SELECT id FROM decision WHERE id = :i"), {"i": before.id})
            assert ids.scalars().all() == [before.id]
    finally:
        d.dispose()
