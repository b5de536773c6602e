"""Serialisation points that work the same on both engines.

`insert_if_missing` creates a keyed row without failing when a concurrent transaction created it
first (INSERT … ON CONFLICT DO NOTHING on both dialects). `serialize(session, key)` makes
concurrent transactions that check-then-write the same kind of thing run one after another:
it updates a keyed counter row, which PostgreSQL locks until commit; on SQLite the writing
transaction already holds the database lock (BEGIN IMMEDIATE).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from db.models.system import SequenceCounter


def insert_if_missing(
    session: Session, model: type, values: dict[str, Any], key: list[str]
) -> None:
    # Imported here: the PostgreSQL dialect package loads asyncio with its asyncpg module, which
    # an SQLite start-up never needs (the engine imports the dialect it connects with).
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        session.execute(
            pg_insert(model).values(**values).on_conflict_do_nothing(index_elements=key)
        )
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        session.execute(
            sqlite_insert(model).values(**values).on_conflict_do_nothing(index_elements=key)
        )


def serialize(session: Session, key: str) -> None:
    """Hold a lock named `key` until the session's transaction ends."""
    name = f"lock:{key}"
    insert_if_missing(session, SequenceCounter, {"name": name, "last_value": 0}, ["name"])
    session.execute(
        update(SequenceCounter)
        .where(SequenceCounter.name == name)
        .values(last_value=SequenceCounter.last_value + 1)
    )
