"""The one sequence allocator (DESIGN.md → Data): no duplicates, no gaps, never reused.

The number is taken inside the caller's transaction: the counter row stays locked until that
transaction commits (row lock on PostgreSQL; the database write lock that BEGIN IMMEDIATE took on
SQLite), and if the transaction rolls back the increment rolls back with it — so a number is
issued exactly when the record that carries it is saved, and no gap appears.

Because the row stays locked until COMMIT, a save should take its number as late as it can:
`number_at_commit` numbers a record as one of the transaction's last statements
(db.commit_order), after everything else the save writes, so another clerk's save waits for a
few statements instead of the whole save. `allocate` numbers at once, for callers that need the
number in the middle of their work.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db.locks import insert_if_missing
from db.models.system import SequenceCounter


def allocate(session: Session, name: str) -> int:
    """Return the next number of sequence `name` (1, 2, 3 …) within the session's transaction."""
    stmt = (
        update(SequenceCounter)
        .where(SequenceCounter.name == name)
        .values(last_value=SequenceCounter.last_value + 1)
        .returning(SequenceCounter.last_value)
    )
    value = session.execute(stmt).scalar()
    if value is None:  # the sequence's first number: create its counter (a race cannot fail)
        insert_if_missing(session, SequenceCounter, {"name": name, "last_value": 0}, ["name"])
        value = session.execute(stmt).scalar_one()
    return int(value)


def peek(session: Session, name: str) -> int:
    """The last number issued (0 if none): for display only, never for allocation."""
    value = session.scalar(select(SequenceCounter.last_value).where(SequenceCounter.name == name))
    return int(value or 0)


PENDING_KEY = "fuban_numbers_at_commit"


def number_at_commit(session: Session, name: str, record: Any, attribute: str = "seq") -> None:
    """Give `record` the next number of sequence `name` as one of the transaction's last
    statements: just before COMMIT the counter is incremented, the number set on
    `record.<attribute>` and the record added to the session and written (inserted if new, its
    empty number column filled if not). Until then the record must not be flushed with the
    column empty: create it here without adding it to the session. Several records numbered in
    one transaction get consecutive numbers in the order they were asked for."""
    session.info.setdefault(PENDING_KEY, []).append((name, record, attribute))


def number_pending(session: Session) -> None:
    """Number what `number_at_commit` deferred (db.commit_order calls this before COMMIT).
    Counter rows are taken in name order, so two transactions numbering in two sequences
    cannot each hold the counter the other one waits for."""
    pending = session.info.pop(PENDING_KEY, [])
    if not pending:
        return
    for name, record, attribute in sorted(pending, key=lambda p: p[0]):  # stable: asked order
        setattr(record, attribute, allocate(session, name))
        session.add(record)
    session.flush()
