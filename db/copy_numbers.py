"""份号: the copy numbers printed on a classified paper (R44), counted on the record it prints.

Each paper that carries 份号 has a counter column on its record (minutes.copies_printed,
meeting.agenda_copies_printed …) holding the last 份号 printed. `take` moves it on by the number
of copies in one UPDATE … RETURNING, the same serialisation point as the sequence allocator
(db.sequences.allocate): on PostgreSQL the row stays locked until the transaction ends, and a
second clerk's print waits, then adds to the value the first one committed (READ COMMITTED
re-reads the row it waited for); on SQLite the writing transaction already holds the database
lock (BEGIN IMMEDIATE). Two prints never get the same number, a reprint continues the numbering,
and the numbers of a transaction that rolls back are given again (nothing was printed with them).

The statement leaves the row's version alone: printing does not make another clerk's open form
of the same record stale. The caller records the new value in the audit chain with the print
(services.system.copy_numbers), as `fuban check` replays every change of an audited row.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import Table, update
from sqlalchemy.orm import Session

from db.base import RecordMixin


def take(
    session: Session, model: type[RecordMixin], column: str, record_id: int, count: int
) -> int:
    """Add `count` (≥ 1) to the counter `column` of the record `record_id` of `model`; return
    the new last 份号 — the numbers taken are last - count + 1 … last. LookupError when the
    record does not exist."""
    if count < 1:
        raise ValueError(f"copy count must be at least 1, not {count}")
    table = cast(Table, model.__table__)  # a plain UPDATE: no ORM version check or bump
    counter = table.c[column]
    last = session.execute(
        update(table)
        .where(table.c.id == record_id)
        .values({counter: counter + count})
        .returning(counter)
    ).scalar()
    if last is None:
        raise LookupError(f"{table.name} {record_id} does not exist")
    return int(last)
