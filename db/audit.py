"""Append-only audit log with a hash chain (DESIGN.md → Data).

Every flush records, per changed row, who, when, table, id, action and the values before and
after. Each entry's hash covers its content and the previous entry's hash; the single
`audit_head` row holds the tip. Appending locks that row (SELECT … FOR UPDATE on PostgreSQL; on
SQLite the writing transaction already holds the database lock), so concurrent clerks append one
after another and the chain never forks. `verify_chain` finds edited, deleted or inserted rows.

The head row stays locked until COMMIT, so a unit of work does not append at each flush: the
entries of its flushes are queued (values taken at the flush) and appended together as the
transaction's last statements (db.commit_order). Other clerks' saves wait for the append and
the COMMIT only, not for the whole save. `append_entries` still appends at once (after what is
queued, so the chain keeps the order in which things happened).

This module holds what an entry records of a row (the change capture at each flush), the queue
and the append. How an entry is hashed is db.audit_hash; the audit key and the head row as
stored, db.audit_key; the check that the head sits on the last entry, db.audit_tip; the append
as one PostgreSQL statement, db.audit_append_pg; keying the chain at once and repairing its
head, db.audit_maintenance.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import event, insert, inspect, update
from sqlalchemy.orm import Session, sessionmaker

from db.audit_append_pg import append_checking_tip
from db.audit_hash import GENESIS, canonical, entry_hash
from db.audit_key import (
    KEY_ACTION,
    KEY_TABLE,
    AuditKeyError,
    check_key,
    head_row,
    keyring,
    unkeyed_message,
)
from db.audit_tip import check_tip
from db.base import RecordMixin, utcnow
from db.locks import insert_if_missing
from db.models.system import AuditEntry, AuditHead

_SKIP_COLUMNS = {"created_at", "updated_at", "created_by", "updated_by", "version"}
# Secrets are recorded as changed, never by value: the log keeps a digest of the stored secret
# (itself already a salted hash), enough for `fuban check` to notice a hash swapped behind the app.
_REDACT = {"password_hash"}
REDACTED_LEGACY = "***"  # what entries written before the digest hold


def redacted(value: Any) -> str:
    return "sha256:" + hashlib.sha256(str(value).encode("utf-8")).hexdigest()


def _value(key: str, value: Any) -> Any:
    return redacted(value) if key in _REDACT and value is not None else _plain(value)


def image_value(key: str, value: Any) -> Any:
    """A column's value as an entry's before/after image holds it (db.bulk builds images)."""
    return _value(key, value)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _row_values(obj: Any) -> dict[str, Any]:
    mapper = inspect(obj).mapper
    return {
        c.key: _value(c.key, getattr(obj, c.key))
        for c in mapper.column_attrs
        if c.key not in _SKIP_COLUMNS
    }


def _changes(obj: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    state = inspect(obj)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        if attr.key in _SKIP_COLUMNS:
            continue
        hist = state.attrs[attr.key].history
        if hist.has_changes():
            before[attr.key] = _value(attr.key, hist.deleted[0]) if hist.deleted else None
            after[attr.key] = _value(attr.key, hist.added[0]) if hist.added else None
    return before, after


def _stamp(session: Session, _ctx, _instances) -> None:
    """Fill created/updated by+at from the unit of work's actor before anything is written."""
    actor = session.info.get("actor", "system")
    now = utcnow()
    for obj in session.new:
        if isinstance(obj, RecordMixin):
            obj.created_at = obj.updated_at = now
            obj.created_by = obj.updated_by = actor
    for obj in session.dirty:
        if isinstance(obj, RecordMixin) and session.is_modified(obj, include_collections=False):
            obj.updated_at = now
            obj.updated_by = actor
    for obj in session.deleted:
        if isinstance(obj, RecordMixin):
            # Registers are append-only; the only way out is voiding (作废).
            raise RuntimeError(f"deleting {type(obj).__name__} rows is not allowed; void it")


def _record(session: Session, _ctx) -> None:
    """After the rows are written (ids known), append one audit entry per changed row."""
    pending: list[tuple[str, int, str, dict, dict]] = []
    for obj in session.new:
        if isinstance(obj, RecordMixin):
            pending.append((obj.__tablename__, obj.id, "insert", {}, _row_values(obj)))
    for obj in session.dirty:
        if isinstance(obj, RecordMixin):
            before, after = _changes(obj)
            if after:
                action = "void" if after.get("voided_at") else "update"
                pending.append((obj.__tablename__, obj.id, action, before, after))
    if pending:
        actor = session.info.get("actor", "system")
        session.info.setdefault(QUEUE_KEY, []).extend((actor, *p) for p in pending)
        if session.info.get(APPENDED_KEY):
            append_queued(session)  # a flush after the final append (a late listener): at once


QUEUE_KEY = "fuban_audit_queue"  # (actor, table, record id, action, before, after), in order
APPENDED_KEY = "fuban_audit_appended"  # set by db.commit_order once the queue went on the chain
_APPEND_BATCH = 2000  # entries per INSERT statement


def queue_inserts(
    session: Session, actor: str, table: str, rows: Iterable[tuple[int, dict[str, Any]]]
) -> None:
    """Queue one `insert` entry per (record id, after-image) for the transaction's end, as a
    flush queues its new objects' (db.bulk: rows written with Core, not through the ORM). The
    image is kept as its entry text, which takes less memory than the dict over a large import."""
    session.info.setdefault(QUEUE_KEY, []).extend(
        (actor, table, record_id, "insert", "", canonical(after)) for record_id, after in rows
    )


def append_queued(session: Session) -> None:
    """Append what this transaction's flushes queued (db.commit_order calls this last)."""
    queued = session.info.get(QUEUE_KEY)
    if queued:
        _append(session, queued[0][0], [])


def append_entries(
    session: Session,
    actor: str,
    pending: list[tuple[str, int, str, dict, dict]],
    *,
    _start: bool = False,
) -> None:
    """Append entries now (after those the transaction's flushes queued), locking the head row
    until the transaction ends."""
    _append(session, actor, [(actor, *p) for p in pending], _start=_start)


def _append(
    session: Session,
    actor: str,  # who keys the chain, if this append is its first keyed one
    entries: list[tuple[str, str, int, str, dict, dict]],
    *,
    _start: bool = False,
) -> None:
    entries = [*session.info.pop(QUEUE_KEY, []), *entries]
    conn = session.connection()
    head = head_row(conn, lock=True)
    if head is None:
        # The first writers on a fresh database may race to create the head row: create it in
        # a way that cannot fail, then lock it.
        insert_if_missing(
            session, AuditHead, {"id": 1, "last_seq": 0, "last_hash": GENESIS}, ["id"]
        )
        head = head_row(conn, lock=True)
    seq, prev, keyed = head
    # PostgreSQL: the tip is checked by the statement that appends (db.audit_append_pg), one
    # round trip fewer while the head row is locked. (Not by the statement that locks the head:
    # under READ COMMITTED a statement that waited for the lock still sees the entries as they
    # were before it waited, so max(seq) there would miss the entries of the save it waited for.)
    ring = keyring(session)
    starts_keying = ring.key is not None and keyed == 0  # a marker entry will be appended
    tip_in_append = (
        conn.dialect.name == "postgresql"
        and 0 < len(entries) + starts_keying < _APPEND_BATCH  # else: batches, as below
    )
    if not tip_in_append:
        check_tip(conn, seq)
    key = ring.key
    check_key(session, ring, keyed)
    if keyed is None:
        key = None  # upgrading from a schema before keyed chains: plain, as that schema was
    if key is not None and not keyed:
        if seq and not (ring.may_start or _start):
            raise AuditKeyError(unkeyed_message(seq))
        # The first keyed append: a marker entry, itself keyed, shows in the chain where the
        # keyed part starts (and that it was started by someone holding the key).
        keyed = seq + 1
        entries.insert(
            0,
            (actor, KEY_TABLE, 1, KEY_ACTION, {"keyed_from": 0}, {"keyed_from": keyed}),
        )
        conn.execute(update(AuditHead).where(AuditHead.id == 1).values(keyed_from=keyed))
    if not entries:
        return
    at = utcnow()
    if tip_in_append:
        append_checking_tip(conn, entries, seq, prev, at, key)
        return
    rows = []
    for actor, table, record_id, action, before, after in entries:
        seq += 1
        b, a = canonical(before), canonical(after)
        digest = entry_hash(prev, seq, at, actor, table, record_id, action, b, a, key)
        rows.append(
            dict(
                seq=seq,
                at=at,
                actor=actor,
                table_name=table,
                record_id=record_id,
                action=action,
                before_json=b,
                after_json=a,
                prev_hash=prev,
                hash=digest,
            )
        )
        prev = digest
        if len(rows) >= _APPEND_BATCH:  # a large import: its parameters are not built at once
            conn.execute(insert(AuditEntry), rows)
            rows = []
    if rows:
        conn.execute(insert(AuditEntry), rows)
    conn.execute(update(AuditHead).where(AuditHead.id == 1).values(last_seq=seq, last_hash=prev))


def head_anchor(session: Session) -> str:
    """The chain's head as one short line for paper (「审计链第 1234 条 · 3f2a9c…」): printed on a
    register page, it lets the paper copy later prove what the electronic record said then."""
    row = head_row(session.connection())
    if row is None:
        return "审计链：尚无记录"
    return f"审计链第 {row[0]} 条 · {row[1][:16]}"


def record_migration_changes(
    conn, revision: str, table: str, changes: list[tuple[int, dict[str, Any], dict[str, Any]]]
) -> None:
    """A migration that changes existing rows of an audited table records each change (record
    id, values before, values after) in the chain, as actor 「system:migration <revision>」 —
    otherwise `fuban check`, which replays every audited table, would report the upgrade as an
    edit made behind the app."""
    if not changes:
        return
    session = Session(bind=conn)
    try:
        append_entries(
            session,
            f"system:migration {revision}",
            [
                (
                    table,
                    record_id,
                    "update",
                    {k: _plain(v) for k, v in before.items()},
                    {k: _plain(v) for k, v in after.items()},
                )
                for record_id, before, after in changes
            ],
        )
    finally:
        session.close()


def install(factory: sessionmaker) -> None:
    event.listen(factory, "before_flush", _stamp)
    event.listen(factory, "after_flush", _record)
