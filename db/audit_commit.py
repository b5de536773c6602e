"""The audit append sent with the COMMIT, on the shared server (PostgreSQL + psycopg).

Every save ends by appending its audit entries onto the chain's head row (db.audit), and the head
stays locked until COMMIT. Were the head locked by one statement, the entries appended by a
second and COMMIT sent by a third, every other clerk's save would wait for this client to be
given the CPU twice in between — on a busy PC, milliseconds each. So the end of a save is:

1. before the save's numbers are taken (db.commit_order → `prepare`): the key checks (the
   chain's keyed part needs this PC's key), from the head read without a lock;
2. at COMMIT (the engine's commit event → `_append_at_commit`): the head locked and read (one
   round trip), the entries hashed onto it, then the append and `COMMIT` in one more round trip
   (psycopg's pipeline). The head is locked across one of this client's turns instead of two.

Tried and not kept: appending onto the head as read without a lock and locking it only if it had
not moved (an error otherwise, so that the COMMIT sent with it does not run, then again under
the lock). With ten clerks on a two-core PC the head had moved in 60-70 % of the appends, and
the statements could not be prepared on the server (an aborted pipeline leaves psycopg thinking
the skipped ones are): it was slower than locking first (docs/PERFORMANCE.md).

The chain stays one line (entries are appended only onto the locked head, checked against the
last entry) and a save is still all or nothing: a failure anywhere rolls everything back. SQLite
needs none of this: one writer at a time holds the database lock anyway.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass

from sqlalchemy import event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from db import audit, audit_append_pg, audit_key, audit_tip
from db.base import utcnow

# The benchmark of clerks saving at once turns this off to time the design before it (the head
# locked by a statement of its own, the append and COMMIT each a round trip after it).
ENABLED = True

# Per connection of a save whose append waits for its COMMIT: what `prepare` checked.
_PENDING: weakref.WeakKeyDictionary[Connection, _Pending] = weakref.WeakKeyDictionary()


@dataclass
class _Pending:
    session: Session
    keyed: int  # where the keyed part of the chain started when the key was checked
    key: bytes | None
    where: str | None  # where this PC keeps its key file (for the messages)


def _psycopg(sql: str) -> str:
    return re.sub(r"(?<!:):(\w+)", r"%(\1)s", sql)


# The tip not at the head (a broken chain): nothing appended, the head not moved — and an error
# (division by zero, on purpose), so that the COMMIT sent with the append does not run.
_APPEND_LOCKED = _psycopg(
    audit_append_pg.APPEND_PG_SQL.format(final="SELECT 1 / (SELECT count(*) FROM upd)")
)
_HEAD_LOCKED = (
    "SELECT last_seq, last_hash, coalesce(keyed_from, 0) FROM audit_head WHERE id = 1 FOR UPDATE"
)


def prepare(session: Session) -> None:
    """Before a save takes its numbers: check the key now, if the save's entries can be appended
    with its COMMIT (`defer` then says so). Not on SQLite, another driver, no head row yet, an
    old schema, or the chain's first keyed append (it writes the marker entry, under the lock)."""
    if not ENABLED:
        return
    conn = session.connection()
    engine = conn.engine
    if engine not in _INSTALLED or conn.dialect.driver != "psycopg":
        return
    keyed = _KEYED.get(engine)
    if keyed is None:  # this process's first save: read where the keyed part starts
        head = audit_key.head_row(conn)
        if head is None or head[2] is None:
            return
        keyed = head[2]
    ring = audit_key.keyring(session)
    if ring.key is not None and keyed == 0:
        return
    audit_key.check_key(session, ring, keyed)  # the marker is read once per process
    _PENDING[conn] = _Pending(session, keyed, ring.key, ring.where)


# Per engine: where the chain's keyed part starts, as the last append found it. It is set once in
# a chain's life and never moves after (db.server_roles_sql guards it), so a save need not read
# the head before it locks it; should another PC have keyed the chain meanwhile, the append finds
# it under the lock and refuses that one save.
_KEYED: weakref.WeakKeyDictionary[Engine, int] = weakref.WeakKeyDictionary()


def defer(session: Session) -> bool:
    """Before COMMIT: True when the queued entries will be appended with the COMMIT; False: the
    caller appends them now, under the lock (also for a large import's)."""
    if not _PENDING:
        return False  # (nothing prepared in this process right now: no connection asked for)
    conn = session.connection()
    queued = session.info.get(audit.QUEUE_KEY)
    if conn not in _PENDING or not queued or len(queued) >= audit._APPEND_BATCH:
        _PENDING.pop(conn, None)
        return False
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
    try:
        ((seq, prev, keyed),) = _send(raw, [(_HEAD_LOCKED, None)])
        if keyed != pending.keyed:
            # Keyed by another PC since this one last looked, or keyed_from moved behind the
            # program: refused; the next save reads the head and checks the key afresh.
            _KEYED.pop(conn.engine, None)
            raise audit_key.AuditKeyError(
                audit_key.missing_key_message(pending.where)
                if pending.key is None
                else audit_key.wrong_key_message(pending.where, keyed)
            )
        _KEYED[conn.engine] = keyed
        params = audit_append_pg.append_params(entries, seq, prev, utcnow(), pending.key)
        try:
            _send(raw, [(_APPEND_LOCKED, params)], commit=True)
        except psycopg.errors.DivisionByZero:
            ((last,),) = _send(raw, [("ROLLBACK", None), (_LAST_SEQ, None)])
            raise audit_tip.tip_error(seq, last) from None
    except psycopg.Error as e:
        raise sa_exc.DBAPIError.instance(None, None, e, psycopg.Error) from e


_LAST_SEQ = "SELECT coalesce(max(seq), 0) FROM audit_entry"
_UNPREPARED = {"COMMIT", "ROLLBACK", _LAST_SEQ}


def _send(raw, statements, commit: bool = False) -> list:
    """Statements (then COMMIT) through psycopg's pipeline: sent together, answered together;
    the first row of each that returns rows."""
    cursors = []
    # COMMIT as one more statement: the pipeline's end sends and reads them all (an error in one
    # skips the rest — the COMMIT too — and is raised there, once).
    with raw.pipeline():
        for sql, params in [*statements, *[("COMMIT", None)] * commit]:
            cur = raw.cursor()
            # What may follow a failing statement is not prepared on the server: psycopg would
            # take a skipped statement for prepared, and the next save would fail.
            cur.execute(sql, params, prepare=False if sql in _UNPREPARED else None)
            cursors.append(cur)
    return [cur.fetchone() for cur in cursors if cur.description is not None]


def _dropped(conn: Connection) -> None:
    _PENDING.pop(conn, None)


_INSTALLED: weakref.WeakSet[Engine] = weakref.WeakSet()


def install(engine: Engine) -> None:
    """On a PostgreSQL engine (db.engine.Database): its saves append with their COMMIT."""
    _INSTALLED.add(engine)
    event.listen(engine, "commit", _append_at_commit)
    event.listen(engine, "rollback", _dropped)
