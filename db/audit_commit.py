"""The audit append sent with the COMMIT, on the shared server (PostgreSQL + psycopg).

Every save ends by appending its audit entries onto the chain's head row (db.audit), and the head
stays locked until COMMIT. Were the head locked by one statement, the entries appended by a
second and COMMIT sent by a third, every other clerk's save would wait for this client to be
given the CPU twice between them — on a busy PC, milliseconds each. So the end of a save is:

1. before COMMIT (db.commit_order → `defer`): the head is read *without* a lock, and the key
   checks made (the chain's keyed part needs this PC's key);
2. at COMMIT (the engine's commit event → `_append_at_commit`): the entries are hashed onto the
   head as read, and `SAVEPOINT`, the append and `COMMIT` go to the server in one round trip
   (psycopg's pipeline). The append locks the head only if it is still where it was read; the
   lock is then taken and released by the server alone, within that round trip;
3. if another save moved the head in between, the append fails on purpose (a division by zero
   in its last line: an error, so that the COMMIT sent with it does not run): back to the
   savepoint, the head is locked and read again in one round trip, the entries hashed onto it
   and appended with the COMMIT in another. The head is then locked for one client turn.

The chain stays one line (entries are appended only onto the head, under its lock, checked
against the last entry) and a save is still all or nothing: a failure anywhere rolls everything
back. SQLite needs none of this: one writer at a time holds the database lock anyway.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from db import audit
from db.base import utcnow

# The benchmark of clerks saving at once turns this off to time the design before it (the head
# locked by a statement of its own, the append and COMMIT each a round trip after it).
ENABLED = True

# Per connection of a save whose append waits for its COMMIT: what `defer` read.
_PENDING: weakref.WeakKeyDictionary[Connection, _Pending] = weakref.WeakKeyDictionary()

# How the appends of this process went: at the head as read (True), or again under the lock
# because another save had moved it (False). The benchmark reports the share.
APPENDS = {True: 0, False: 0}


@dataclass
class _Pending:
    session: Session
    seq: int
    prev: str
    keyed: int
    key: bytes | None


def _psycopg(sql: str) -> str:
    return re.sub(r"(?<!:):(\w+)", r"%(\1)s", sql)


_REFUSE = "SELECT 1 / (SELECT count(*) FROM upd)"  # no head moved: division by zero, on purpose
_APPEND_IF_HEAD = _psycopg(
    audit._APPEND_PG_SQL.format(
        lock="""lk AS (
  SELECT 1 FROM audit_head
  WHERE id = 1 AND last_seq = :head_seq AND last_hash = :head_hash
    AND coalesce(keyed_from, 0) = :keyed
  FOR UPDATE
),
""",
        if_locked=" AND EXISTS (SELECT 1 FROM lk)",
        final=_REFUSE,
    )
)
_APPEND_LOCKED = _psycopg(audit._APPEND_PG_SQL.format(lock="", if_locked="", final=_REFUSE))
_HEAD_LOCKED = (
    "SELECT last_seq, last_hash, coalesce(keyed_from, 0) FROM audit_head WHERE id = 1 FOR UPDATE"
)
_SAVEPOINT = "fuban_audit_append"


def defer(session: Session) -> bool:
    """Before COMMIT: leave the queued entries to be appended with the COMMIT (True), or say the
    caller must append them now, under the lock (False: SQLite, another driver, no head row yet,
    an old schema, the first keyed append — it writes the marker entry — or a large import)."""
    queued = session.info.get(audit.QUEUE_KEY)
    if not ENABLED or not queued or len(queued) >= audit._APPEND_BATCH:
        return False
    conn = session.connection()
    if conn.engine not in _INSTALLED or conn.dialect.driver != "psycopg":
        return False
    head = audit._head_row(conn)
    if head is None or head[2] is None:
        return False
    seq, prev, keyed = head
    ring = audit._keyring(session)
    if ring.key is not None and keyed == 0:
        return False
    audit._check_key(session, ring, keyed)
    _PENDING[conn] = _Pending(session, seq, prev, keyed, ring.key)
    return True


def _append_at_commit(conn: Connection) -> None:
    pending = _PENDING.pop(conn, None)
    if pending is None:
        return
    entries = pending.session.info.pop(audit.QUEUE_KEY, [])
    if not entries:
        return
    import psycopg

    raw = conn.connection.dbapi_connection
    at = utcnow()
    params = audit._append_params(entries, pending.seq, pending.prev, at, pending.key)
    params.update(head_hash=pending.prev, keyed=pending.keyed)
    try:
        if _appended(raw, [(f"SAVEPOINT {_SAVEPOINT}", None), (_APPEND_IF_HEAD, params)]):
            APPENDS[True] += 1
            return
        APPENDS[False] += 1
        (head,) = _send(raw, [(_BACK, None), (_HEAD_LOCKED, None)])
        seq, prev, keyed = head
        if keyed != pending.keyed:  # the chain was keyed meanwhile (once in its life)
            raise audit.AuditKeyError(
                audit.missing_key_message(None)
                if pending.key is None
                else "审计链的密钥状态刚刚发生变化，请重新保存。"
            )
        params = audit._append_params(entries, seq, prev, at, pending.key)
        if not _appended(raw, [(_APPEND_LOCKED, params)]):
            ((last,),) = _send(raw, [(_BACK, None), (_LAST_SEQ, None)])
            raise audit._tip_error(seq, last)
    except psycopg.Error as e:
        raise sa_exc.DBAPIError.instance(None, None, e, psycopg.Error) from e


_BACK = f"ROLLBACK TO SAVEPOINT {_SAVEPOINT}"
_LAST_SEQ = "SELECT coalesce(max(seq), 0) FROM audit_entry"


def _appended(raw, statements: list[tuple[str, dict[str, Any] | None]]) -> bool:
    """The statements ending in an append, and COMMIT, in one round trip. False (nothing
    committed; the transaction waits to be taken back to the savepoint) when the append found
    the head moved, or the chain's tip not at the head."""
    import psycopg

    try:
        _send(raw, statements, commit=True)
    except psycopg.errors.DivisionByZero:
        return False
    return True


def _send(raw, statements, commit: bool = False) -> list:
    """Statements (then COMMIT) through psycopg's pipeline: sent together, answered together;
    the first row of each that returns rows."""
    cursors = []
    with raw.pipeline():
        for sql, params in statements:
            cur = raw.cursor()
            cur.execute(sql, params)
            cursors.append(cur)
        if commit:
            raw.commit()
    return [cur.fetchone() for cur in cursors if cur.description is not None]


def _dropped(conn: Connection) -> None:
    _PENDING.pop(conn, None)


_INSTALLED: weakref.WeakSet[Engine] = weakref.WeakSet()


def install(engine: Engine) -> None:
    """On a PostgreSQL engine (db.engine.Database): its saves append with their COMMIT."""
    _INSTALLED.add(engine)
    event.listen(engine, "commit", _append_at_commit)
    event.listen(engine, "rollback", _dropped)
