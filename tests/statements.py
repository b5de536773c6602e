"""The SQL statements a piece of code sends, on both engines (PostgreSQL's reads go through an
engine of their own)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event


@contextmanager
def recorded(db) -> Iterator[list[tuple[str, object]]]:
    """(statement, parameters) of every statement sent inside the block, SQLite's BEGIN of a read
    transaction left out."""
    seen: list[tuple[str, object]] = []

    def record(_conn, _cursor, statement, parameters, *_args) -> None:
        if not statement.startswith("BEGIN"):
            seen.append((statement, parameters))

    engines = {db.engine, getattr(db, "_read_pool", None) or db.engine}
    for engine in engines:
        event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", record)
