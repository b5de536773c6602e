"""The shared server's connections (db.engine): read sessions that hold no transaction open and
cannot write, and pooled connections checked with a ping only after they sat idle."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from db import engine as engine_module
from desktop_app import failures
from desktop_app.services.documents import incoming
from tests.conftest import _pg_exec


@pytest.fixture
def pg_db(db):
    if db.dialect != "postgresql":
        pytest.skip("connections of the shared server")
    return db


def _backend_pid(session) -> int:
    return int(session.execute(text("SELECT pg_backend_pid()")).scalar_one())


def _state(db, pid: int) -> str:
    with db.engine.connect() as conn:
        return str(
            conn.execute(
                text("SELECT state FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}
            ).scalar_one()
        )


def test_a_read_session_holds_no_transaction_open_between_its_statements(pg_db):
    with pg_db.read() as s:
        pid = _backend_pid(s)
        # A clerk's open register page does not keep a snapshot (nor an "idle in transaction"
        # backend) on the server while he reads it.
        assert _state(pg_db, pid) == "idle"
    with pg_db.uow() as s:
        pid = _backend_pid(s)
        assert _state(pg_db, pid) == "idle in transaction"  # a save is one transaction


def test_a_read_session_cannot_write_and_nothing_is_kept(pg_db, clerk):
    with pytest.raises(DBAPIError, match="read-only transaction"):
        with pg_db.read() as s:
            s.execute(text("UPDATE sequence_counter SET last_value = last_value + 1"))
    with pytest.raises(DBAPIError, match="read-only transaction"):
        with pg_db.read() as s:
            s.execute(text("INSERT INTO audit_head (id, last_seq, last_hash) VALUES (2, 0, '')"))
    with pytest.raises(DBAPIError, match="read-only transaction"):
        with pg_db.read_connection() as conn:  # the same connections, without a Session
            conn.execute(text("UPDATE sequence_counter SET last_value = 0"))
    with pg_db.read() as s:
        assert s.execute(text("SELECT count(*) FROM audit_head WHERE id = 2")).scalar_one() == 0
    # the same connections still serve reads, and saves go through the writing engine
    incoming.register_document(
        pg_db,
        clerk,
        received_at=_noon(),
        sender="市农业农村局",
        title="关于秸秆禁烧工作的请示",
        doc_type="请示",
        nature="request",
    )
    assert [d.title for d in incoming.list_documents(pg_db, clerk)] == ["关于秸秆禁烧工作的请示"]


def _noon():
    from datetime import datetime

    from desktop_app.formatting import CHINA

    return datetime(2026, 3, 2, 12, tzinfo=CHINA)


def _kill(pid: int) -> None:
    _pg_exec(f"SELECT pg_terminate_backend({pid})")


def test_a_connection_idle_past_the_limit_is_pinged_and_replaced_if_gone(pg_db, monkeypatch):
    monkeypatch.setattr(engine_module, "PING_AFTER_IDLE_SECONDS", 0.0)  # every one is "idle"
    with pg_db.read() as s:
        first = _backend_pid(s)
    _kill(first)  # the server restarted, or the link dropped, while the clerk was away
    with pg_db.read() as s:
        second = _backend_pid(s)  # no error: the ping found it gone, the pool connected anew
    assert second != first
    with pg_db.uow() as s:
        writer = _backend_pid(s)
    _kill(writer)
    with pg_db.uow() as s:
        assert _backend_pid(s) != writer


def test_a_connection_used_a_moment_ago_is_not_pinged_its_loss_fails_one_step(pg_db, monkeypatch):
    monkeypatch.setattr(engine_module, "PING_AFTER_IDLE_SECONDS", 3600.0)
    with pg_db.read() as s:
        first = _backend_pid(s)
    _kill(first)
    # Handed out without a ping (that round trip is what was saved), so this one read fails …
    with pytest.raises(DBAPIError) as raised:
        with pg_db.read() as s:
            _backend_pid(s)
    assert raised.value.connection_invalidated
    # … with a message the clerk can act on …
    message = failures.explain(raised.value)
    assert message is not None and "连接中断" in message and "再操作一次" in message
    # … and the next one runs on a new connection.
    with pg_db.read() as s:
        assert _backend_pid(s) != first


def test_a_save_on_a_lost_connection_keeps_nothing_and_the_next_save_works(
    pg_db, clerk, monkeypatch
):
    monkeypatch.setattr(engine_module, "PING_AFTER_IDLE_SECONDS", 3600.0)
    with pg_db.uow() as s:
        writer = _backend_pid(s)
    _kill(writer)
    register = dict(
        received_at=_noon(),
        sender="市农业农村局",
        title="关于秸秆禁烧工作的请示",
        doc_type="请示",
        nature="request",
    )
    with pytest.raises(DBAPIError):
        incoming.register_document(pg_db, clerk, **register)
    assert incoming.list_documents(pg_db, clerk) == []
    d = incoming.register_document(pg_db, clerk, **register)
    assert d.number == "收文〔2026〕1号"  # the failed save took no number


def test_a_streamed_read_in_a_read_session_still_reads_every_row(pg_db, clerk):
    from db.audit_verify import verify_chain

    for n in range(3):
        incoming.register_document(
            pg_db,
            clerk,
            received_at=_noon(),
            sender="市农业农村局",
            title=f"关于秸秆禁烧工作的请示（{n}）",
            doc_type="请示",
            nature="request",
        )
    # yield_per asks for a server-side cursor, which needs a transaction these connections do
    # not open: the rows are fetched at once instead (a snapshot() streams them).
    with pg_db.read() as s:
        assert verify_chain(s, batch=2) == []
    with pg_db.snapshot() as s:
        assert verify_chain(s, batch=2) == []


def test_options_in_the_server_address_are_kept_on_the_read_connections(pg_db):
    """A server address may carry its own connection options (here a search_path); the read
    connections add theirs beside them."""
    from sqlalchemy.engine import make_url

    from db.engine import Database

    url = (
        make_url(pg_db.url)
        .update_query_dict({"options": "-c search_path=public,pg_catalog"})
        .render_as_string(hide_password=False)
    )
    db = Database(url)
    try:
        with db.read() as s:
            assert s.execute(text("SHOW search_path")).scalar_one() == "public,pg_catalog"
            assert s.execute(text("SHOW default_transaction_read_only")).scalar_one() == "on"
        with db.uow() as s:
            assert s.execute(text("SHOW search_path")).scalar_one() == "public,pg_catalog"
            assert s.execute(text("SHOW default_transaction_read_only")).scalar_one() == "off"
    finally:
        db.dispose()
