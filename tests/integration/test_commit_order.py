"""NUM and the audit chain with the shared locks taken last (db.commit_order): a save numbers its
record and appends its audit entries as its final statements, so the year's counter row and the
chain's head row are not locked while the rest of the save runs — and numbers stay gap-free and
unique, the chain unbroken, on both engines."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.exc import IntegrityError, OperationalError

from db import audit_commit, audit_key, audit_tip
from db.audit_verify import verify_chain
from db.engine import Database
from db.models import AuditEntry, IncomingDocument, Person
from db.sequences import allocate, number_at_commit, peek
from desktop_app.formatting import CHINA
from desktop_app.services.documents import incoming
from desktop_app.services.system.common import CurrentUser
from tests.two_processes import race

CLERK = CurrentUser("wenmi", "文秘甲", "clerk")
RECEIVED = datetime(2026, 3, 2, 9, tzinfo=CHINA)
PER_PROCESS = 100


def _document(title: str | None = "关于秸秆禁烧工作的请示") -> IncomingDocument:
    return IncomingDocument(
        year=2026,
        received_at=RECEIVED,
        sender="市农业农村局",
        title=title,
        doc_type="请示",
        nature="request",
    )


def _register(db: Database, title: str = "关于春耕生产的请示") -> incoming.IncomingDTO:
    return incoming.register_document(
        db,
        CLERK,
        received_at=RECEIVED,
        sender="市农业农村局",
        title=title,
        doc_type="请示",
        nature="request",
    )


def _entries(db: Database):
    with db.read() as s:
        return s.execute(select(*AuditEntry.__table__.c).order_by(AuditEntry.seq)).all()


def _chain_problems(db: Database):
    with db.read() as s:
        return verify_chain(s)


def test_NUM_registration_is_numbered_and_audited_at_commit(db):
    first, second = _register(db), _register(db, "关于防汛工作的请示")
    assert (first.number, second.number) == ("收文〔2026〕1号", "收文〔2026〕2号")
    with db.read() as s:
        stored = s.execute(select(IncomingDocument.id, IncomingDocument.seq)).all()
        assert sorted(stored) == [(first.id, 1), (second.id, 2)]
    entries = [e for e in _entries(db) if e.table_name == "incoming_document"]
    # the insert entry carries the number: the record is written once, already numbered
    assert [(e.action, e.record_id) for e in entries] == [
        ("insert", first.id),
        ("insert", second.id),
    ]
    assert '"seq":1' in entries[0].after_json and '"seq":2' in entries[1].after_json
    assert _chain_problems(db) == []


def test_NUM_a_save_failing_at_its_last_statements_leaves_no_gap(db):
    with pytest.raises(IntegrityError):
        with db.uow("wenmi") as s:
            s.add(Person(name="张三"))  # other work of the save, flushed and queued for audit
            s.flush()
            number_at_commit(s, "incoming:2026", _document(title=None))  # title is required
    with db.read() as s:
        assert peek(s, "incoming:2026") == 0
        assert s.scalar(select(Person.id)) is None
    assert _entries(db) == []  # nothing queued survives the rollback
    assert _register(db).number == "收文〔2026〕1号"
    assert [e.seq for e in _entries(db)] == [1]
    assert _chain_problems(db) == []


def test_NUM_numbers_given_at_commit_follow_the_order_asked_per_sequence(db):
    with db.uow("wenmi") as s:
        docs = [_document(f"第{i}件") for i in range(3)]
        other = _document("另一年的来文")
        other.year = 2025
        for d in docs[:2]:
            number_at_commit(s, "incoming:2026", d)
        number_at_commit(s, "incoming:2025", other)
        number_at_commit(s, "incoming:2026", docs[2])
    assert [d.seq for d in docs] == [1, 2, 3]
    assert other.seq == 1
    assert all(d.id is not None for d in [*docs, other])


def test_NUM_a_record_numbered_at_commit_may_be_numbered_beside_one_numbered_at_once(db):
    with db.uow("wenmi") as s:
        late = _document("后编号")
        number_at_commit(s, "incoming:2026", late)
        early = _document("先编号")
        early.seq = allocate(s, "incoming:2026")
        s.add(early)
    assert (early.seq, late.seq) == (1, 2)


def test_a_rolled_back_savepoint_leaves_no_audit_entry(db):
    with db.uow("wenmi") as s:
        s.add(Person(name="张三"))
        s.flush()
        savepoint = s.begin_nested()
        s.add(Person(name="李四"))
        s.flush()
        savepoint.rollback()
        s.add(Person(name="王五"))
    entries = _entries(db)
    assert [e.action for e in entries] == ["insert", "insert"]
    assert ['"张三"' in entries[0].after_json, '"王五"' in entries[1].after_json] == [True, True]
    assert _chain_problems(db) == []


def test_entries_of_several_flushes_are_appended_in_the_order_of_the_changes(db):
    with db.uow("wenmi") as s:
        p = Person(name="张三")
        s.add(p)
        s.flush()
        p.name = "张三丰"
        s.flush()
        s.info["actor"] = "jiyao"  # a second actor within one transaction keeps its own name
        p.phone = "0454-1111"
    entries = _entries(db)
    assert [(e.seq, e.action, e.actor) for e in entries] == [
        (1, "insert", "wenmi"),
        (2, "update", "wenmi"),
        (3, "update", "jiyao"),
    ]
    assert _chain_problems(db) == []


def test_a_change_flushed_after_the_final_append_is_still_audited(db):
    """A listener that changes a record once the queue is on the chain (COMMIT flushes it):
    its entry is appended at once, not left out of the chain."""
    with db.uow("wenmi") as s:
        p = Person(name="张三")
        s.add(p)

        def late(session):
            p.phone = "0454-1111"

        event.listen(s, "before_commit", late)
    entries = _entries(db)
    assert [(e.seq, e.action) for e in entries] == [(1, "insert"), (2, "update")]
    assert '"phone":"0454-1111"' in entries[1].after_json
    assert _chain_problems(db) == []


# ---- the locks are free while the save works (PostgreSQL) -------------------------------------


def _nowait(db: Database, table: str, where: str) -> bool:
    """Could a third session lock the row right now without waiting?"""
    with db.engine.connect() as conn:
        try:
            found = conn.execute(text(f"SELECT 1 FROM {table} WHERE {where} FOR UPDATE NOWAIT"))
            assert found.scalar() == 1, f"no committed {table} row where {where}"
            return True
        except OperationalError as exc:
            assert "could not obtain lock" in str(exc)
            return False
        finally:
            conn.rollback()


@pytest.fixture
def pg_db(db):
    if db.dialect != "postgresql":
        pytest.skip("row locks of the shared server")
    return db


def test_NUM_counter_and_head_are_free_while_a_registration_is_midway_on_the_server(pg_db):
    db = pg_db
    _register(db, "先登记的一件")  # the counter row and the audit head exist
    counter, head = "name = 'incoming:2026'", "id = 1"
    assert _nowait(db, "sequence_counter", counter) and _nowait(db, "audit_head", head)

    other = Database(db.url)
    # A second clerk's save never waits long here: were the rows locked, it fails fast instead
    # of hanging the test (the first clerk's transaction waits for it below).
    event.listen(
        other.engine,
        "connect",
        lambda conn, _rec: conn.execute("SET lock_timeout = '3s'"),
    )
    try:
        with db.uow("wenmi") as s:
            mine = _document("正在登记的一件")
            number_at_commit(s, "incoming:2026", mine)
            s.add(Person(name="张三"))  # the rest of the save: written, audited later
            s.flush()
            # Mid-way: rows written, nothing numbered or appended yet.
            assert _nowait(db, "sequence_counter", counter)
            assert _nowait(db, "audit_head", head)
            theirs = _register(other, "另一位文秘同时登记的一件")  # completes meanwhile
            assert theirs.number == "收文〔2026〕2号"
        assert mine.seq == 3
    finally:
        other.dispose()
    with db.read() as s:
        assert sorted(s.scalars(select(IncomingDocument.seq))) == [1, 2, 3]
    assert _chain_problems(db) == []


def test_NUM_a_number_taken_at_once_still_holds_the_counter_to_commit(pg_db):
    """The contrast: `allocate` locks the counter row until the transaction ends."""
    _register(pg_db)
    with pg_db.uow("wenmi") as s:
        allocate(s, "incoming:2026")
        assert not _nowait(pg_db, "sequence_counter", "name = 'incoming:2026'")
    assert _nowait(pg_db, "sequence_counter", "name = 'incoming:2026'")


def test_the_head_row_is_free_until_a_save_appends_its_entries(pg_db):
    _register(pg_db)
    with pg_db.uow("wenmi") as s:
        s.add(Person(name="张三"))
        s.flush()
        assert _nowait(pg_db, "audit_head", "id = 1")
    assert [e.seq for e in _entries(pg_db)] == [1, 2]
    assert _chain_problems(pg_db) == []


# ---- several processes at once, both engines --------------------------------------------------


def register_many(d: Database, count: int, tag: str) -> list[str]:
    """In a child process: `count` registrations through the service, one save each."""
    return [_register(d, f"{tag}第{i}件").number for i in range(count)]


def test_NUM_two_processes_registering_at_once_get_1_to_200_and_one_chain(db_url):
    lists = race(db_url, register_many, [(PER_PROCESS, "甲"), (PER_PROCESS, "乙")], timeout=300)
    seqs = [int(n.removeprefix("收文〔2026〕").removesuffix("号")) for got in lists for n in got]
    assert len(set(seqs)) == len(seqs), "duplicate numbers issued"
    assert sorted(seqs) == list(range(1, 2 * PER_PROCESS + 1))
    for got in lists:
        mine = [int(n.removeprefix("收文〔2026〕").removesuffix("号")) for n in got]
        assert mine == sorted(mine)
    db = Database(db_url)
    try:
        with db.read() as s:
            stored = sorted(s.scalars(select(IncomingDocument.seq)))
        assert stored == list(range(1, 2 * PER_PROCESS + 1))
        entries = _entries(db)
        assert [e.seq for e in entries] == list(range(1, 2 * PER_PROCESS + 1))
        assert _chain_problems(db) == []
    finally:
        db.dispose()


def _statements(db: Database, call) -> list[str]:
    """The statements `call` sends, by their first words, and COMMIT."""
    sent: list[str] = []

    def before(_conn, _cursor, statement, *_):
        sent.append(" ".join(statement.split()[:3]))

    def commit(_conn):
        sent.append("COMMIT")

    event.listen(db.engine, "before_cursor_execute", before)
    event.listen(db.engine, "commit", commit)
    try:
        call()
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
        event.remove(db.engine, "commit", commit)
    return sent


def _pipelines(monkeypatch) -> list[list[str]]:
    """What db.audit_commit sends the server in each of its round trips, by first words."""
    sent: list[list[str]] = []
    send = audit_commit._send

    def spy(raw, statements, commit=False):
        sent.append([" ".join(sql.split()[:3]) for sql, _ in statements] + ["COMMIT"] * commit)
        return send(raw, statements, commit)

    monkeypatch.setattr(audit_commit, "_send", spy)
    return sent


def test_NUM_a_registration_holds_the_counter_for_four_round_trips_and_the_head_for_one(
    pg_db, monkeypatch
):
    """What other clerks' saves wait for on the server: from the counter to COMMIT, the number,
    the document, its search entry, the head locked and read, then the append and COMMIT in one
    round trip; the head is locked across one of this client's turns."""
    _register(pg_db, "先登记的一件")  # the counter and the head exist
    _register(pg_db, "再登记的一件")  # this process has appended with a COMMIT before
    pipelines = _pipelines(monkeypatch)
    sent = _statements(pg_db, lambda: _register(pg_db))
    locked = sent[next(i for i, s in enumerate(sent) if s.startswith("UPDATE sequence_counter")) :]
    assert locked == [
        "UPDATE sequence_counter SET",
        "INSERT INTO incoming_document",
        "INSERT INTO document_search",
        "COMMIT",  # SQLAlchemy's: the append goes with it (below)
    ]
    assert pipelines == [["SELECT last_seq, last_hash,"], ["WITH tip AS", "COMMIT"]]
    assert "SELECT * FROM" not in sent  # the head is not read before it is locked
    assert sent.index("UPDATE sequence_counter SET") > sent.index(
        "SELECT account.role, account.active"
    )
    assert _chain_problems(pg_db) == []


def test_a_chain_keyed_by_another_pc_meanwhile_refuses_a_plain_entry(pg_db):
    """This PC (no key) knows the chain as plain; another PC keys it. This PC's next save is
    refused under the head's lock — no plain entry in a keyed chain — and nothing of it kept."""
    db = pg_db
    db.set_audit_key(None)
    _register(db, "先登记的一件")
    _register(db, "再登记的一件")  # the chain known here as plain
    keyed = Database(db.url, audit_key=b"k" * 32)
    try:
        with keyed.uow("admin") as s:
            s.add(Person(name="李四"))  # the first keyed append: the marker entry, then this
    finally:
        keyed.dispose()
    with pytest.raises(audit_key.AuditKeyError, match="密钥"):
        with db.uow("wenmi") as s:
            s.add(Person(name="张三"))
    with db.read() as s:
        assert s.scalars(select(Person.name)).all() == ["李四"]


def test_an_append_that_finds_the_tip_past_the_head_saves_nothing(pg_db):
    """An entry past the head (a broken chain): the save is refused with the repair hint, and
    nothing of it is kept."""
    db = pg_db
    _register(db, "先登记的一件")
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO audit_entry (seq, at, actor, table_name, record_id, action,"
                " before_json, after_json, prev_hash, hash) SELECT seq + 1, at, actor, table_name,"
                " record_id, action, before_json, after_json, hash, 'x' FROM audit_entry"
                " ORDER BY seq DESC LIMIT 1"
            )
        )
    with pytest.raises(audit_tip.AuditTipError, match="实际最后一条为第 2 条"):
        with db.uow("wenmi") as s:
            s.add(Person(name="张三"))
    with db.read() as s:
        assert s.scalar(select(Person.id)) is None
