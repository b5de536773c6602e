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
