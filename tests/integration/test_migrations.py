"""Alembic owns the schema: upgrades keep data, an SQLite file is backed up first, and a database
from a newer fuban is refused."""

from __future__ import annotations

import sqlite3

import pytest
from alembic.util.exc import CommandError
from sqlalchemy import text

from db import migrate
from db.engine import Database
from db.errors import SchemaTooNewError
from desktop_app.services.directory import commands as directory
from tests.integration.migration_support import downgrade_to


def test_known_revisions_match_the_migration_scripts():
    """Start-up decides "nothing to do" from KNOWN_REVISIONS without importing Alembic."""
    assert migrate.script_head() == migrate.HEAD


def test_model_metadata_matches_migrated_schema(db):
    """No model change without a migration: autogenerate finds nothing to do at head."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from db.base import Base
    from db.models.search import engine_managed

    # The full-text index's own objects (FTS5 tables, the GIN index) are not in the metadata.
    opts = {"include_name": lambda name, _type, _parent: not engine_managed(name)}
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts=opts), Base.metadata)
    assert diff == []


def test_upgrade_is_idempotent_and_keeps_data(db, admin):
    directory.save_person(db, admin, name="李明远")
    assert migrate.upgrade(db) is None  # already at head: nothing done, no backup
    assert [p.name for p in directory.list_persons(db)] == ["李明远"]


def test_sqlite_file_is_backed_up_before_an_upgrade(tmp_path, admin):
    path = tmp_path / "fuban.db"
    d = Database(f"sqlite:///{path}")
    migrate.upgrade(d)
    directory.save_person(d, admin, name="张海峰")
    # Pretend the file was made by an older build: mark it as needing the head migration again
    # by stamping an older (known) revision list — simulated with a private revision list.
    with d.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0000'"))
    try:
        migrate.KNOWN_REVISIONS = ("0000", *migrate.KNOWN_REVISIONS)
        with pytest.raises(CommandError):
            # '0000' is unknown to Alembic's scripts, so the upgrade itself fails — but the
            # backup must already exist, holding the data.
            migrate.upgrade(d, backup_dir=tmp_path / "bk")
    finally:
        migrate.KNOWN_REVISIONS = migrate.KNOWN_REVISIONS[1:]
    backups = list((tmp_path / "bk").glob("fuban-升级前-*.db"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("SELECT name FROM person").fetchall() == [("张海峰",)]
    d.dispose()


def test_database_from_a_newer_version_is_refused(db):
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    with pytest.raises(SchemaTooNewError) as err:
        migrate.upgrade(db)
    assert "更新版本" in err.value.message


def test_fresh_database_is_created_at_head(tmp_path):
    d = Database(f"sqlite:///{tmp_path / 'new.db'}")
    assert migrate.current_revision(d) is None
    assert migrate.upgrade(d) is None  # nothing to back up in a new file
    assert migrate.current_revision(d) == migrate.HEAD
    d.dispose()


def test_0002_meetings_upgrades_a_database_holding_data(db, admin):
    """Every migration is run on a database with data in it: here 0001 → 0002 keeps the
    directory and the audit chain intact and adds the meeting tables."""
    from desktop_app.services import demo
    from desktop_app.services.system import maintenance

    downgrade_to(db, "0001")  # a fresh 0001 database in the same server/file
    demo.fill(db, admin)
    before = [p.name for p in directory.list_persons(db)]
    migrate.upgrade(db, backup_dir=None)
    assert migrate.current_revision(db) == migrate.HEAD
    assert [p.name for p in directory.list_persons(db)] == before
    assert maintenance.check(db).ok
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM meeting")).scalar() == 0
