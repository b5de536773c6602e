"""Engines for the two supported databases and the unit of work services run in.

SQLite (embedded default): WAL, foreign keys on, and every writing transaction starts with
BEGIN IMMEDIATE so two processes never interleave writes (the sequence allocator and the audit
chain rely on it); writers ask for it first come, first served (db.writer_queue). PostgreSQL
(shared mode): ordinary READ COMMITTED; serialisation points take row locks explicitly;
whole-database reads (backup, check) run in one snapshot.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from db import audit, audit_commit, commit_order, text_input, writer_queue
from db.audit_key import use_key
from db.errors import StaleRecordError

SYSTEM_ACTOR = "system"


def _sqlite_engine(url: str) -> Engine:
    # The pool hands a connection to one thread at a time; work runs off the GUI thread too.
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's implicit BEGIN is DEFERRED).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        if make_url(url).database not in (None, "", ":memory:"):
            cur.execute("PRAGMA journal_mode=WAL")
        cur.close()

    database = make_url(url).database
    queue = None
    if database not in (None, "", ":memory:") and not str(database).startswith("file:"):
        queue = writer_queue.for_database(str(database))

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        if conn.get_execution_options().get("fuban_readonly"):
            conn.exec_driver_sql("BEGIN DEFERRED")
            return
        raw = conn.connection.driver_connection
        raw.execute("PRAGMA busy_timeout=0")  # the retry loop waits, not SQLite's handler
        try:
            if not _begin_in_turn(raw, queue if QUEUE_WRITERS else None):
                conn.exec_driver_sql("BEGIN IMMEDIATE")  # the last try: its error as always
        finally:
            raw.execute(f"PRAGMA busy_timeout={int(WRITE_WAIT_SECONDS * 1000)}")

    return engine


# Writers of one file queue first come, first served (db.writer_queue) and only the first in
# line retries BEGIN IMMEDIATE: the retry loop alone gives every waiter the same chance at each
# release, which still left one save waiting 0.5–2.8 s among four busy processes. False: the
# retry loop alone (the fairness trial compares the two).
QUEUE_WRITERS = True


def _begin_in_turn(dbapi_conn, queue: writer_queue.WriterQueue | None) -> bool:
    give_up_at = time.monotonic() + WRITE_WAIT_SECONDS
    if queue is None:
        return begin_immediate_fairly(dbapi_conn, WRITE_WAIT_SECONDS)
    with queue.turn(give_up_at) as first_in_line:
        return first_in_line and begin_immediate_fairly(dbapi_conn, give_up_at - time.monotonic())


# SQLite's own busy handler is not fair: a waiting writer sleeps longer and longer between tries
# (up to 100 ms), so writers arriving later, still trying every millisecond, keep taking the lock
# before it — with four processes saving without pause one save waited 3–11 s. Writers here try
# again after a short random pause instead, whatever they have waited: each has the same chance
# at every release, and none falls behind for seconds.
WRITE_WAIT_SECONDS = 30.0
_RETRY_PAUSE = (0.0005, 0.003)


def begin_immediate_fairly(dbapi_conn, deadline_seconds: float = WRITE_WAIT_SECONDS) -> bool:
    """BEGIN IMMEDIATE on a connection whose busy timeout is 0, retried after short random
    pauses; False when the write lock was not had within `deadline_seconds`."""
    give_up = time.monotonic() + deadline_seconds
    while True:
        try:
            dbapi_conn.execute("BEGIN IMMEDIATE")
            return True
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
        if time.monotonic() >= give_up:
            return False
        time.sleep(random.uniform(*_RETRY_PAUSE))


def make_engine(url: str) -> Engine:
    if make_url(url).get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    return _server_engine(url)


# A pooled server connection that has sat unused for longer than this is checked with a ping
# before it is handed out (a server restart or a dropped intranet link shows there, and the pool
# opens a new connection instead). One used within the last seconds is handed out as it is: a
# ping per checkout was one more round trip for every save and every search. If the server went
# away within that window, the operation fails like any other lost connection — nothing of it is
# committed, the form keeps what the clerk typed — and the pool drops every connection it held.
PING_AFTER_IDLE_SECONDS = 10.0


def _server_engine(url: str, *, read_only: bool = False) -> Engine:
    """A PostgreSQL engine; `read_only`: the one read sessions run on (below)."""
    connect_args: dict = {"connect_timeout": 5}
    options: dict = {}
    if read_only:
        # Each statement commits by itself: no BEGIN and ROLLBACK around a read (two round trips
        # of a search's five; READ COMMITTED gave each statement its own snapshot already). The
        # server refuses any write made through these connections, so a read session that wrote
        # by mistake fails loudly instead of committing.
        # kept beside any options the URL itself carries (connect_args would replace them)
        given = make_url(url).query.get("options")
        given = given if isinstance(given, str) else " ".join(given or ())
        connect_args["options"] = f"{given} -c default_transaction_read_only=on".strip()
        options["isolation_level"] = "AUTOCOMMIT"
    engine = create_engine(url, connect_args=connect_args, **options)
    if read_only:
        # A server-side cursor (yield_per) needs a transaction: on these connections a streamed
        # read fetches its rows at once instead of failing. The long streamed reads (backup,
        # check) run in Database.snapshot(), on the writing engine, and stream there.
        engine.dialect.supports_server_side_cursors = False

    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_conn, record):
        record.info["fuban_idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_conn, record, _proxy):
        idle_since = record.info.get("fuban_idle_since")
        if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS:
            return  # new, or used a moment ago
        try:
            with dbapi_conn.cursor() as cur:
                cur.execute("SELECT 1")
            if not dbapi_conn.autocommit:
                dbapi_conn.rollback()
        except Exception as exc:  # any failure: the pool discards it and connects anew
            raise DisconnectionError(str(exc)) from exc

    return engine


class Database:
    """One configured database: an engine plus session factories for writing and reading.

    `audit_key`: the key the audit chain's hashes are made with (db.audit_key; None = this process
    writes plain SHA-256 entries, and is refused once the chain is keyed). `audit_key_path`:
    where this PC keeps, or should keep, its key file — named in the refusal when it is missing."""

    def __init__(
        self,
        url: str,
        engine: Engine | None = None,
        audit_key: bytes | None = None,
        audit_key_path: str | None = None,
        audit_may_start: bool = True,
    ):
        self.url = url
        self.engine = engine or make_engine(url)
        # A clerk's own server login (db.server_roles) whose password he changed while signed in:
        # new pool connections use the new one (the URL still carries the old).
        self._login_password: str | None = None
        # Read sessions: on PostgreSQL an engine of their own (_server_engine, read_only); on SQLite
        # the same one, whose read transactions begin DEFERRED (no write lock).
        self._read_engine: Engine = self.engine.execution_options(fuban_readonly=True)
        self._read_pool: Engine | None = None  # PostgreSQL: the read engine, disposed with this
        if self.engine.dialect.name == "postgresql":
            event.listen(self.engine, "do_connect", self._use_login_password)
            audit_commit.install(self.engine)
            if engine is None:
                self._read_engine = self._read_pool = _server_engine(url, read_only=True)
                event.listen(self._read_pool, "do_connect", self._use_login_password)
        self.audit_key_path = audit_key_path
        self.set_audit_key(audit_key, audit_may_start)
        self._write = sessionmaker(self.engine, expire_on_commit=False)
        self._read = sessionmaker(self._read_engine, expire_on_commit=False)
        text_input.install(self._write)
        audit.install(self._write)
        commit_order.install(self._write)

    def _use_login_password(self, _dialect, _record, _cargs, cparams) -> None:
        if self._login_password is not None:
            cparams["password"] = self._login_password

    def set_login_password(self, password: str) -> None:
        self._login_password = password

    def set_audit_key(self, key: bytes | None, may_start: bool = True) -> None:
        """`may_start=False`: a chain holding only plain entries is refused, not keyed
        (db.audit_key)."""
        self.audit_key = key
        use_key(self.engine, key, self.audit_key_path, may_start)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def uow(self, actor: str = SYSTEM_ACTOR) -> Iterator[Session]:
        """A writing unit of work: commits on success, rolls back everything on any error."""
        session = self._write()
        session.info["actor"] = actor
        try:
            yield session
            session.commit()
        except StaleDataError as exc:
            session.rollback()
            raise StaleRecordError() from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session (never commits; on SQLite does not take the write lock). On
        PostgreSQL each of its statements runs by itself, outside any transaction: a read that
        must see several tables at one moment, or streams a long result (its server-side cursor
        needs a transaction; here the rows would be fetched at once), takes `snapshot()`."""
        session = self._read()
        try:
            yield session
        finally:
            # close() alone: the pool rolls the connection back as it takes it in. A rollback
            # first would expire every object the read loaded (0.5 ms for a page of 50).
            session.close()

    @contextmanager
    def read_connection(self) -> Iterator[Connection]:
        """A read as `read()`, on a Core connection instead of a Session: for a read that only
        executes statements (a search: no Session to build and close around it)."""
        with self._read_engine.connect() as conn:
            yield conn

    @contextmanager
    def snapshot(self) -> Iterator[Session]:
        """A read-only session that sees the whole database as of one moment, however long it
        reads — for backups and `check`, which read every table while clerks keep saving.

        PostgreSQL: one REPEATABLE READ, READ ONLY transaction (its snapshot is taken at the
        first statement and holds to the end; READ COMMITTED would give each table its own
        moment, so a backup could pair a counter with data written after it). SQLite: the read
        session's single deferred transaction already is a snapshot in WAL mode."""
        if self.dialect != "postgresql":
            with self.read() as session:
                yield session
            return
        conn = self.engine.connect().execution_options(
            isolation_level="REPEATABLE READ", postgresql_readonly=True, fuban_readonly=True
        )
        session = Session(bind=conn, expire_on_commit=False)
        try:
            yield session
        finally:
            session.rollback()
            session.close()
            conn.close()

    def dispose(self) -> None:
        self.engine.dispose()
        if self._read_pool is not None:
            self._read_pool.dispose()
