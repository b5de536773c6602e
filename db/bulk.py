"""Writing many new audited rows at once (an import of an office's ledger): Core INSERTs of many
rows per statement instead of one ORM object per row, with everything a unit of work's flush
does for a new object done here in bulk, so the rows are indistinguishable from ones the ORM
wrote:

- created/updated at and by from the unit of work's actor, version 1, the column defaults;
- the same text, date and number checks (db.text_input), refused with the same message;
- one audit `insert` entry per row, its after-image every column as the ORM path records it,
  queued for the transaction's end like a flush's entries (db.audit, db.commit_order), so the
  chain's head row is locked only at COMMIT and the entries keep the order of the writes;
- the search index refreshed for the documents given (`reindex`), in the same transaction.

Nothing is kept per row after the call but the queued audit text: no ORM objects, no identity
map. All of it is inside the caller's transaction: a rollback takes every row, entry and index
entry back with it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, cast

from sqlalchemy import String, Table, insert, inspect, text
from sqlalchemy.orm import Mapper, Session

from db import audit, search_index, text_input
from db.base import RecordMixin, utcnow

_STAMPS = ("created_at", "created_by", "updated_at", "updated_by", "version")


class _Columns:
    """What inserting into one mapped class needs to know of its columns, worked out once."""

    def __init__(self, model: type):
        mapper: Mapper[Any] = inspect(model)
        self.table = cast(Table, mapper.local_table)
        self.name = self.table.name
        # (attribute key, column key, default value or None, length limit, column type)
        self.columns: list[tuple[str, str, Any, int | None, Any]] = []
        for attr in mapper.column_attrs:
            column = attr.columns[0]
            if column.primary_key or attr.key in _STAMPS:
                continue
            default = column.default
            if column.server_default is not None:
                raise ValueError(f"{self.name}.{column.key}: server defaults are not supported")
            if default is not None and not default.is_scalar:
                raise ValueError(f"{self.name}.{column.key}: only scalar defaults are supported")
            limit = column.type.length if isinstance(column.type, String) else None
            arg = default.arg if default is not None else None
            self.columns.append((attr.key, column.key, arg, limit, column.type))
        self.id_key = next(c.key for c in self.table.primary_key.columns)


_COLUMNS: dict[type, _Columns] = {}


def _columns_of(model: type) -> _Columns:
    found = _COLUMNS.get(model)
    if found is None:
        found = _COLUMNS[model] = _Columns(model)
    return found


def insert_records(session: Session, model: type, rows: list[dict[str, Any]]) -> list[int]:
    """Insert `rows` (attribute key → value; a missing key takes the column's default, or None)
    into the table of `model` (a RecordMixin class) and return their new ids in the same order.
    The rows are checked, stamped and audited as a flush would (see the module docstring)."""
    if not rows:
        return []
    if not issubclass(model, RecordMixin):
        raise TypeError(f"{model.__name__} is not an audited record")
    cols = _columns_of(model)
    actor = session.info.get("actor", "system")
    now = utcnow()
    today = date.today()
    params: list[dict[str, Any]] = []
    images: list[dict[str, Any]] = []
    unknown = set().union(*(r.keys() for r in rows)) - {c[0] for c in cols.columns}
    if unknown:
        raise KeyError(f"{cols.name}: no such columns: {', '.join(sorted(unknown))}")
    for row in rows:
        values: dict[str, Any] = {}
        image: dict[str, Any] = {}
        for key, column_key, default, limit, column_type in cols.columns:
            value = row.get(key, default)
            _check(cols.name, key, value, limit, column_type, today)
            values[column_key] = value
            image[key] = audit.image_value(key, value)
        values.update(created_at=now, updated_at=now, created_by=actor, updated_by=actor, version=1)
        params.append(values)
        images.append(image)
    ids = _insert(session, cols, params)
    audit.queue_inserts(
        session,
        actor,
        cols.name,
        ((rid, {**image, cols.id_key: rid}) for rid, image in zip(ids, images, strict=True)),
    )
    return ids


def _insert(session: Session, cols: _Columns, params: list[dict[str, Any]]) -> list[int]:
    """The rows written, their ids in order. PostgreSQL: the ids are drawn from the table's
    sequence first and the rows sent as one pipelined executemany — a multi-row VALUES list with
    RETURNING (what SQLite gets) is one huge statement there, and the driver's parsing of its
    thousands of placeholders cost more than the insert itself."""
    table = cols.table
    id_column = table.c[cols.id_key]
    if session.get_bind().dialect.name == "postgresql":
        drawn = session.execute(
            text("SELECT nextval(pg_get_serial_sequence(:t, :c)) FROM generate_series(1, :n)"),
            {"t": table.name, "c": id_column.name, "n": len(params)},
        ).scalars()
        ids = sorted(int(i) for i in drawn)
        for values, rid in zip(params, ids, strict=True):
            values[cols.id_key] = rid
        session.execute(insert(table), params)
        return ids
    stmt = insert(table).returning(id_column, sort_by_parameter_order=True)
    return [int(i) for i in session.execute(stmt, params).scalars()]


def _check(table: str, key: str, value: Any, limit: int | None, column_type, today: date) -> None:
    """db.text_input's checks of one value (the ORM path runs them before every flush)."""
    if value is None:
        return
    if isinstance(value, date):
        text_input.check_date(key, value, today)
    elif isinstance(value, int) and not isinstance(value, bool):
        text_input.check_number(table, key, value, column_type)
    elif isinstance(value, str):
        text_input.check_text(table, key, value, limit)


def reindex(session: Session, kind: str, ids: Iterable[int]) -> None:
    """The search entries of these documents (db.search_index), in this transaction: collected
    for the next `search_index.refresh_deferred` when the session defers them, else now."""
    ids = set(ids)
    if not ids:
        return
    deferred = session.info.get(search_index.DEFERRED_KEY)
    if deferred is not None:
        deferred.setdefault(kind, set()).update(ids)
    else:
        search_index.refresh(session.connection(), kind, ids)
