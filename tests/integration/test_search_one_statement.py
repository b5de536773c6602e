"""On the shared server a search reads its hits and what they show (number, title, organ or
drafting unit, date, the fields its snippet comes from) in one statement, and writes the tsquery
into the statement so that no plan made for another query is reused for it. (A hit found only
in a reading opinion, which the brief fields leave out, is read again whole for its snippet:
test_doc_search's every-field test.)"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from desktop_app.services.documents import search_pg
from desktop_app.services.documents.search import search_documents
from tests import statements
from tests.integration.test_doc_search import CLERK, FLOOD, reg
from tests.integration.test_outgoing_support import (
    T,
    issued,
    org_fixture,  # noqa: F401 - the `org` fixture
)


def test_hits_of_both_registers_and_what_they_show_come_in_one_statement(db, org):
    if db.dialect != "postgresql":
        pytest.skip(
            "the brief fields are joined onto the hits on PostgreSQL (SQLite: no round trips)"
        )
    doc = issued(db, org, title="关于做好2026年防汛工作的通知", main_to="各乡镇人民政府")
    flood = reg(db, FLOOD)
    with db.engine.begin() as conn:
        conn.execute(text("ANALYZE document_search"))
    search_documents(db, CLERK, "防汛")  # the index's statistics, read once and kept
    with statements.recorded(db) as seen:
        hits = search_documents(db, CLERK, "防汛")
        by_unit = search_documents(db, CLERK, "农业农村", kind="outgoing")
    assert len(seen) == 2  # one statement per search, the brief fields with the hits
    assert [(h.kind, h.record_id, h.number, h.title, h.date, h.snippet) for h in hits] == [
        ("incoming", flood.id, "收文〔2018〕1号", FLOOD, date(2018, 5, 3), f"标题：{FLOOD}"),
        (
            "outgoing",
            doc.id,
            "同政发〔2026〕1号",
            "关于做好2026年防汛工作的通知",
            T,
            "标题：关于做好2026年防汛工作的通知",
        ),
    ]
    assert [h.record_id for h in by_unit] == [doc.id]
    assert by_unit[0].snippet.startswith("拟稿单位：农业农村局")  # the unit's name, joined too
    for statement, parameters in seen:  # the tsquery is in the statement, not a parameter
        assert "to_tsquery('simple'::regconfig, '" in statement
        assert "q" not in parameters and "exact" not in parameters


def test_only_a_tsquery_of_the_index_spelling_is_written_into_a_statement():
    sql = "SELECT 1 WHERE x @@ to_tsquery('simple'::regconfig, :q)"
    written, params = search_pg._inline(sql, {"q": "(jgdcgmfl & sabc:*)", "kind": "incoming"})
    assert written == "SELECT 1 WHERE x @@ to_tsquery('simple'::regconfig, '(jgdcgmfl & sabc:*)')"
    assert params == {"kind": "incoming"}
    for odd in ("a'; DROP TABLE unit; --", "防汛", "a\\b"):
        kept, params = search_pg._inline(sql, {"q": odd})
        assert kept == sql and params == {"q": odd}  # anything else stays a parameter


def test_a_minority_kind_is_filtered_not_read_through_the_kind_index(monkeypatch):
    """A search of the 发文 alone (one entry in six) keeps the planner off the (kind,
    record_id) index, whose 30,000 发文 entries it ANDed with the word index; the 收文, most of
    the entries, keep the plain condition the planner estimates right; with no statistics yet,
    the plain condition."""
    stats = search_pg.Stats({}, {"incoming": 0.85, "outgoing": 0.15}, 200_000)
    monkeypatch.setattr(search_pg, "index_stats", lambda _conn: stats)
    assert search_pg.kind_condition(None, "outgoing") == "ds.kind || '' = :kind"
    assert search_pg.kind_condition(None, "incoming") == "ds.kind = :kind"
    monkeypatch.setattr(search_pg, "index_stats", lambda _conn: search_pg.Stats({}, {}, 0))
    assert search_pg.kind_condition(None, "outgoing") == "ds.kind = :kind"


def test_a_search_of_one_kind_finds_only_that_kind_on_both_engines(db, org):
    doc = issued(db, org, title="关于做好2026年防汛工作的通知", main_to="各乡镇人民政府")
    flood = reg(db, FLOOD)
    if db.dialect == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("ANALYZE document_search"))
    assert [h.record_id for h in search_documents(db, CLERK, "防汛", kind="outgoing")] == [doc.id]
    assert [h.record_id for h in search_documents(db, CLERK, "防汛", kind="incoming")] == [flood.id]
