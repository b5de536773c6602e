"""Bring a test database back to an older revision, so a migration can be tested upgrading a
database that already holds data written by that older schema."""

from __future__ import annotations

from db import migrate
from db.engine import Database


def downgrade_to(database: Database, revision: str) -> None:
    """Run the migrations' own downgrades down to `revision` (every later table is dropped)."""
    from alembic import command

    cfg = migrate._config()
    with database.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
    assert migrate.current_revision(database) == revision


def insert_audited(conn, table, rows: list[dict], actor: str = "wenmi") -> None:
    """Insert rows written at an older revision the way the app would have: each with its insert
    entry in the audit chain, so a test can then ask `check` whether the upgrade changed any of
    them without recording it (db.audit.record_migration_changes)."""
    import sqlalchemy as sa
    from sqlalchemy.orm import Session

    from db.audit import _SKIP_COLUMNS, _plain, append_entries

    conn.execute(sa.insert(table), rows)
    session = Session(bind=conn)
    try:
        append_entries(
            session,
            actor,
            [
                (
                    table.name,
                    row["id"],
                    "insert",
                    {},
                    {k: _plain(v) for k, v in row.items() if k not in _SKIP_COLUMNS},
                )
                for row in rows
            ],
        )
    finally:
        session.close()


def drift_after_upgrade(database: Database) -> list[str]:
    """What `check` says about rows and counters after an upgrade (schema-independent parts)."""
    from desktop_app.services.system import integrity

    with database.snapshot() as s:
        problems = []
        for mapper in integrity.record_mappers():
            problems.extend(integrity.register_drift(s, mapper))
        return problems
