"""A 收文 registered is indexed from the document just written (db.search_index.insert_new):
one INSERT, no reads back, while the year's counter is locked. The entry must be the one the
general refresh computes from the database, on both engines."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select, text

from db import search_index
from db.models import IncomingDocument, IncomingReading
from db.models.search import SLICE, SLICE_TOKEN_SQL, DocumentSearch, slice_token
from desktop_app.formatting import CHINA
from desktop_app.services.documents import incoming
from desktop_app.services.system.common import CurrentUser

CLERK = CurrentUser("wenmi", "文秘甲", "clerk")
JIYAO = CurrentUser("jiyao", "机要员", "confidential")


def _entries(db) -> dict[int, tuple]:
    with db.read() as s:
        rows = s.execute(
            select(
                DocumentSearch.record_id,
                DocumentSearch.id,
                DocumentSearch.secrecy,
                DocumentSearch.voided,
                DocumentSearch.tokens,
            ).where(DocumentSearch.kind == "incoming")
        ).all()
    return {r[0]: tuple(r[1:]) for r in rows}


def test_a_new_documents_entry_is_what_the_refresh_computes_from_the_database(db):
    received = datetime(2026, 3, 2, 9, tzinfo=CHINA)
    plain = incoming.register_document(
        db,
        CLERK,
        received_at=received,
        sender="市农业农村局",
        sender_number="同农发〔2026〕3号",
        title="关于秸秆禁烧工作的请示",
        doc_type="请示",
        nature="request",
    )
    secret = incoming.register_document(
        db,
        JIYAO,
        received_at=received,
        sender="省政府办公厅",
        title="涉密文件",
        doc_type="通知",
        nature="action",
        secrecy="机密",
        secrecy_term="10年",
        copy_numbers="003",
    )
    written = _entries(db)
    assert set(written) == {plain.id, secret.id}
    assert written[secret.id][1] == "机密"
    with db.engine.begin() as conn:
        search_index.refresh(conn, "incoming", [plain.id, secret.id])  # read from the tables
    assert _entries(db) == written  # same entries, ids and tokens
    with db.read() as s:
        hits = search_index.SOURCES["incoming"].load(s.connection(), [plain.id])
    assert hits[plain.id].number == "收文〔2026〕1号"


def test_a_new_document_and_a_reading_of_it_in_one_flush_are_indexed_together(db):
    """The shortcut is only for a document nothing else in the flush touched."""
    with db.uow("wenmi") as s:
        d = IncomingDocument(
            id=500,  # known before the flush: the reading refers to it in the same flush
            year=2026,
            seq=1,
            received_at=datetime(2026, 3, 2, 9, tzinfo=CHINA),
            sender="市农业农村局",
            title="关于春耕生产的请示",
            doc_type="请示",
            nature="request",
        )
        s.add(d)
        s.add(
            IncomingReading(
                document_id=500, read_on=d.received_at.date(), kind="opinion", opinion="同意开展"
            )
        )
    entry = _entries(db)[500]
    with db.engine.begin() as conn:
        search_index.refresh(conn, "incoming", [500])
    assert _entries(db)[500] == entry  # the entry already held the opinion
    with db.read() as s:
        texts = search_index.SOURCES["incoming"].load(s.connection(), [500])[500].texts
    assert ("opinion", "同意开展") in texts


def test_the_slice_word_made_in_sql_is_slice_token(db):
    if db.dialect != "postgresql":
        pytest.skip("the slice word is PostgreSQL's")
    ids = [1, 16_383, 16_384, 16_385, 40_000, 16_384 * 255, 16_384 * 4_096 + 7]
    with db.engine.connect() as conn:
        made = [
            conn.execute(
                text("SELECT " + SLICE_TOKEN_SQL.format(":i")), {"i": i, "slice_size": SLICE}
            ).scalar()
            for i in ids
        ]
    assert made == [slice_token(i) for i in ids]
