"""The one sequence allocator (DESIGN.md → Data): no duplicates, no gaps, never reused.

The number is taken inside the caller's transaction: the counter row stays locked until that
transaction commits (row lock on PostgreSQL; the database write lock that BEGIN IMMEDIATE took on
SQLite), and if the transaction rolls back the increment rolls back with it — so a number is
issued exactly when the record that carries it is saved, and no gap appears.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db.locks import insert_if_missing
from db.models.system import SequenceCounter


def allocate(session: Session, name: str) -> int:
    """Return the next number of sequence `name` (1, 2, 3 …) within the session's transaction."""
    insert_if_missing(session, SequenceCounter, {"name": name, "last_value": 0}, ["name"])
    stmt = (
        update(SequenceCounter)
        .where(SequenceCounter.name == name)
        .values(last_value=SequenceCounter.last_value + 1)
        .returning(SequenceCounter.last_value)
    )
    return int(session.execute(stmt).scalar_one())


def peek(session: Session, name: str) -> int:
    """The last number issued (0 if none): for display only, never for allocation."""
    value = session.scalar(select(SequenceCounter.last_value).where(SequenceCounter.name == name))
    return int(value or 0)
