"""db.bulk on both engines: rows written with Core INSERTs of many rows are what the ORM would
have written — stamped, defaults filled, checked by db.text_input, one audit `insert` entry each
with the whole after-image (so `fuban check` replays them), search-indexed with their 密级 —
ids come back in the rows' order, and a rollback leaves no row, entry or index entry behind."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from db import bulk, search_index
from db.locks import insert_if_missing
from db.models import AuditEntry, IncomingDocument, IncomingReading
from db.models.search import DocumentSearch
from db.models.system import SequenceCounter
from db.text_input import TextInputError
from desktop_app.formatting import CHINA
from desktop_app.services.documents import incoming
from desktop_app.services.documents import search as doc_search
from desktop_app.services.system import maintenance
from tests.integration.test_doc_registers import CLERK, JIYAO


def _doc(seq: int, **kw) -> dict:
    return {
        "year": 2026,
        "seq": seq,
        "received_at": datetime(2026, 3, seq, 9, 30, tzinfo=CHINA),
        "sender": "黑龙江省人民政府办公厅",
        "title": f"关于第{seq}项防汛工作的通知",
        "doc_type": "通知",
        "nature": "notice",
    } | kw


def _counts(db) -> tuple[int, int, int, int]:
    with db.read() as s:
        return tuple(  # type: ignore[return-value]
            int(s.scalar(select(func.count()).select_from(t)) or 0)
            for t in (IncomingDocument, IncomingReading, AuditEntry, DocumentSearch)
        )


def test_bulk_rows_are_stamped_audited_indexed_and_pass_the_check(db):
    with db.uow("wenmi") as s:
        search_index.defer(s)
        ids = bulk.insert_records(
            s,
            IncomingDocument,
            [
                _doc(3),
                _doc(1, secrecy="机密", copy_numbers="001-002", copies=2),
                _doc(
                    2,
                    voided_at=datetime(2026, 3, 9, tzinfo=CHINA),
                    voided_by="wenmi",
                    void_reason="重复登记",
                ),
            ],
        )
        bulk.insert_records(
            s,
            IncomingReading,
            [
                dict(
                    document_id=ids[0],
                    person_id=None,
                    read_on=date(2026, 3, 4),
                    kind="opinion",
                    opinion="请水务局抓紧办理",
                )
            ],
        )
        bulk.reindex(s, "incoming", ids)
        search_index.refresh_deferred(s)
        insert_if_missing(s, SequenceCounter, {"name": "incoming:2026", "last_value": 3}, ["name"])
    assert len(ids) == 3 and ids == sorted(ids)
    with db.read() as s:
        rows = {d.id: d for d in s.scalars(select(IncomingDocument))}
        entries = {
            e.record_id: e
            for e in s.scalars(
                select(AuditEntry).where(AuditEntry.table_name == "incoming_document")
            )
        }
        assert [rows[i].seq for i in ids] == [3, 1, 2]  # ids in the order of the rows given
        first = rows[ids[0]]
        assert (first.created_by, first.updated_by, first.version) == ("wenmi", "wenmi", 1)
        assert (first.channel, first.copies, first.status, first.secrecy) == (
            "normal",
            1,
            "registered",
            "",
        )
        after = json.loads(entries[ids[0]].after_json)
        assert entries[ids[0]].actor == "wenmi" and entries[ids[0]].action == "insert"
    columns = {c.key for c in IncomingDocument.__table__.columns} - {
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
        "version",
    }
    assert set(after) == columns and after["id"] == ids[0]
    assert after["received_at"] == "2026-03-03T09:30:00+08:00"
    assert maintenance.check(db).ok, maintenance.check(db).problems
    # indexed, opinion included, classified one only for 机要 (R44), voided one flagged
    assert doc_search.count_matches(db, CLERK, "抓紧办理") == 1
    assert doc_search.count_matches(db, CLERK, "第1项防汛") == 0
    assert doc_search.count_matches(db, JIYAO, "第1项防汛") == 1
    assert [d.number for d in incoming.list_documents(db, CLERK, "", True, "")] == [
        "收文〔2026〕3号",
        "收文〔2026〕2号",
    ]


def test_a_rollback_leaves_no_row_entry_or_index_entry(db):
    before = _counts(db)
    with pytest.raises(RuntimeError), db.uow("wenmi") as s:
        ids = bulk.insert_records(s, IncomingDocument, [_doc(n) for n in range(1, 6)])
        bulk.reindex(s, "incoming", ids)
        raise RuntimeError("cancelled")
    assert _counts(db) == before
    assert maintenance.check(db).ok


def test_text_the_orm_would_refuse_is_refused_with_the_same_message(db):
    with pytest.raises(TextInputError, match="「标题」不能超过256个字"), db.uow("wenmi") as s:
        bulk.insert_records(s, IncomingDocument, [_doc(1), _doc(2, title="长" * 300)])
    with pytest.raises(TextInputError, match="NUL"), db.uow("wenmi") as s:
        bulk.insert_records(s, IncomingDocument, [_doc(1, sender="省政府\x00")])
    with pytest.raises(TextInputError, match="不是合理的日期"), db.uow("wenmi") as s:
        bulk.insert_records(s, IncomingDocument, [_doc(1, deadline=date(2099, 1, 1))])
    with pytest.raises(KeyError, match="no_such"), db.uow("wenmi") as s:
        bulk.insert_records(s, IncomingDocument, [_doc(1, no_such=1)])
    assert _counts(db)[0] == 0
