"""Migration 0021 (import provenance) upgrades a database that holds data: the three new tables
appear empty, and what was there before stays as it was (`check` finds nothing)."""

from __future__ import annotations

from sqlalchemy import inspect, text

from db import migrate
from desktop_app.services.directory import commands as directory
from desktop_app.services.system import maintenance
from tests.integration.migration_support import downgrade_to


def test_0021_adds_the_provenance_tables_and_keeps_data(db, admin):
    directory.save_person(db, admin, name="李明远")
    downgrade_to(db, "0019")
    assert not inspect(db.engine).has_table("import_batch")
    migrate.upgrade(db)
    tables = set(inspect(db.engine).get_table_names())
    assert {"import_batch", "imported_record", "import_mapping"} <= tables
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM import_batch")).scalar() == 0
    assert [p.name for p in directory.list_persons(db)] == ["李明远"]
    assert maintenance.check(db).ok
