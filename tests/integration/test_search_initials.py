"""Search by pinyin initials through the document search index (issue 18 item 12), and the
PostgreSQL search that asks its index for the newest slices of entries first (issue 17 item 3),
on both engines; migration 0017 spells the entries already in a database again."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import text

from db.models.search import entry_tokens, initials_tokens
from desktop_app.formatting import CHINA
from desktop_app.services.documents import incoming
from desktop_app.services.documents.search import count_matches, search_documents
from desktop_app.services.system.common import CurrentUser
from tests.integration.test_outgoing_support import org_fixture  # noqa: F401 - the `org` fixture

CLERK = CurrentUser("wenmi", "文秘甲", "clerk")
FLOOD = "关于做好2018年防汛工作的通知"


def reg(db, title: str, *, day: date = date(2018, 5, 3), **kw):
    args = dict(
        received_at=datetime(day.year, day.month, day.day, 9, tzinfo=CHINA),
        sender="黑龙江省人民政府办公厅",
        sender_number="黑政办发〔2018〕12号",
        title=title,
        doc_type="通知",
        nature="action",
    )
    return incoming.register_document(db, CLERK, **(args | kw))


def titles(hits) -> list[str]:
    return [h.title for h in hits]


def test_initials_tokens_are_letter_pairs_of_each_run_of_characters():
    assert initials_tokens("防汛") == ["rfx"]
    assert initials_tokens("张海峰") == ["rzh", "rhf"]
    assert initials_tokens("银行行长") == ["ryh", "rhh", "rhz"]  # 行 read by the word it is in
    # a run of one character gives none; digits and punctuation end a run
    assert initials_tokens("黑政发〔2015〕12号") == ["rhz", "rzf"]
    # opinions are not spelled as initials: only the fields that name a document
    tokens = entry_tokens([("title", "防汛"), ("opinion", "张海峰")]).split()
    assert "rfx" in tokens and "rzh" not in tokens


def test_initials_find_the_title_and_the_organ(db):
    reg(db, FLOOD)
    reg(db, "关于开展森林草原防火检查的通知")
    reg(db, "关于张海峰同志任职的通知", sender="同江市委组织部")
    assert titles(search_documents(db, CLERK, "fx")) == [FLOOD]
    assert titles(search_documents(db, CLERK, "FX")) == [FLOOD]  # case does not matter
    assert titles(search_documents(db, CLERK, "zhf")) == ["关于张海峰同志任职的通知"]
    assert titles(search_documents(db, CLERK, "tjswzzb")) == ["关于张海峰同志任职的通知"]
    assert titles(search_documents(db, CLERK, "slcyfh")) == ["关于开展森林草原防火检查的通知"]
    assert count_matches(db, CLERK, "fx") == 1
    # letters of two characters that are not neighbours do not match
    assert search_documents(db, CLERK, "fg") == []
    # a part in initials and a part in characters, ANDed
    assert titles(search_documents(db, CLERK, "fx 2018年")) == [FLOOD]
    assert search_documents(db, CLERK, "fx 防火") == []
    hit = search_documents(db, CLERK, "fx")[0]
    assert hit.snippet == f"标题：{FLOOD}"


def test_letters_written_in_a_field_are_still_found_as_written(db):
    reg(db, "关于GDP统计口径的说明")
    reg(db, "关于国内生产总值的说明")
    assert titles(search_documents(db, CLERK, "gdp")) == ["关于GDP统计口径的说明"]
    assert titles(search_documents(db, CLERK, "gnsczz")) == ["关于国内生产总值的说明"]


def test_outgoing_found_by_the_initials_of_its_number_and_unit(db, org, admin):
    from desktop_app.services.directory import commands as directory
    from tests.integration.test_outgoing_support import draft, issued

    doc = issued(db, org, title="关于做好2026年防汛工作的通知")
    plan = draft(db, org, title="关于印发春耕生产方案的通知", main_to="各乡镇人民政府")
    assert [h.record_id for h in search_documents(db, CLERK, "tzf", kind="outgoing")] == [doc.id]
    assert {h.record_id for h in search_documents(db, CLERK, "nyncj", kind="outgoing")} == {
        doc.id,
        plan.id,
    }  # 拟稿单位 农业农村局
    hit = search_documents(db, CLERK, "gxzrmzf", kind="outgoing")  # 主送 各乡镇人民政府
    assert [h.record_id for h in hit] == [plan.id, doc.id]
    assert hit[0].snippet == "主送：各乡镇人民政府"
    # renaming the drafting unit spells its documents again
    unit = org.u["农业农村局"]
    directory.save_unit(db, admin, name="农业农村和水利局", kind="department", record_id=unit)
    assert {h.record_id for h in search_documents(db, CLERK, "slj")} == {doc.id, plan.id}


@pytest.fixture
def small_slices(monkeypatch):
    """Slices of 4 entries, so a handful of documents spans several (PostgreSQL)."""
    from db.models import search as model
    from desktop_app.services.documents import search_pg

    monkeypatch.setattr(model, "SLICE", 4)
    monkeypatch.setattr(search_pg, "SLICE", 4)


def test_newest_first_across_slices_matches_the_plain_order(db, small_slices):
    """Documents spread over many slices: every page (phrase, pair, initials, one character)
    is the newest-first order of all matches, as without slices."""
    start = date(2018, 1, 1)
    expected: list[int] = []
    for i in range(30):
        if i % 3 == 0:
            doc = reg(db, f"关于做好第{i}期秸秆禁烧工作的通知", day=start + timedelta(days=i))
            expected.append(doc.id)
        else:
            reg(db, f"关于第{i}期安全生产的通知", day=start + timedelta(days=i))
    expected.reverse()
    if db.dialect == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("ANALYZE document_search"))
    for query in ("秸秆禁烧", "秸秆", "jgjs", "秸"):
        for offset, limit in ((0, 3), (0, 10), (2, 4), (8, 5)):
            hits = search_documents(db, CLERK, query, limit=limit, offset=offset)
            assert [h.record_id for h in hits] == expected[offset : offset + limit], (
                query,
                offset,
                limit,
            )
        assert count_matches(db, CLERK, query) == len(expected)
    assert search_documents(db, CLERK, "禁烧安全") == []


def test_postgresql_entries_hold_the_word_of_their_slice(db, small_slices):
    if db.dialect != "postgresql":
        pytest.skip("slices are PostgreSQL's")
    for i in range(9):
        reg(db, f"关于第{i}期防汛的通知")
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT id, tokens::text FROM document_search")).all()
    from db.models.search import slice_token

    for entry_id, tokens in rows:
        assert f"'{slice_token(entry_id)}'" in tokens


def test_0017_spells_the_entries_already_indexed(empty_url, tmp_path):
    """Documents indexed at 0016 (characters only) are found by their initials after the
    upgrade, and `fuban check` finds the index in step with the documents."""
    from db import migrate, search_index
    from db.engine import Database
    from db.models import search as model
    from db.pinyin import han_initials
    from desktop_app.services.system import integrity
    from tests.bench.documents_data import load

    d = Database(empty_url)
    try:
        migrate.upgrade(d, target="0016")
        load(d, 40, 10)
        with d.engine.begin() as conn:  # spelled as 0016 spelled them: characters only
            search_index.reindex(conn, lambda texts: model.document_tokens([t for _, t in texts]))
            title = conn.execute(
                text(
                    "SELECT title FROM incoming_document WHERE secrecy = '' AND voided_at IS NULL "
                    "ORDER BY id LIMIT 1"
                )
            ).scalar_one()
        letters = max(han_initials(title), key=len)[:5]
        assert search_documents(d, CLERK, letters, limit=500) == []
        migrate.upgrade(d, backup_dir=tmp_path / "bk")
        assert migrate.current_revision(d) == migrate.HEAD
        assert title in titles(search_documents(d, CLERK, letters, limit=500))
        # the entries keep their order: newest registered first
        with d.engine.connect() as conn:
            newest = (
                conn.execute(
                    text(
                        "SELECT id FROM incoming_document WHERE secrecy = '' AND voided_at IS NULL "
                        "ORDER BY received_at DESC, id DESC LIMIT 3"
                    )
                )
                .scalars()
                .all()
            )
        found = search_documents(d, CLERK, "收文", kind="incoming", limit=3)
        assert [h.record_id for h in found] == list(newest)
        with d.snapshot() as s:
            assert integrity.search_index_problems(s) == []
    finally:
        d.dispose()


def test_records_read_by_id_come_in_register_order(db, org):
    """The 公文 tabs read a screen of hits by primary key (issue 17 item 2): the same records,
    in the register's order, as the register's own query narrowed to them."""
    from desktop_app.services.documents import outgoing
    from tests.integration.test_outgoing_support import draft, issued

    docs = [reg(db, f"关于第{i}期防汛的通知", day=date(2018, 5, 1 + i % 4)) for i in range(8)]
    ids = [d.id for d in docs[1::2]]
    by_id = incoming.list_documents(db, CLERK, ids=ids)
    everything = incoming.list_documents(db, CLERK)
    assert [d.id for d in by_id] == [d.id for d in everything if d.id in ids]
    page = incoming.list_documents(db, CLERK, ids=ids, limit=2, offset=1)
    assert [d.id for d in page] == [d.id for d in by_id][1:3]

    made = [issued(db, org, title=f"关于第{i}期防汛工作的通知") for i in range(3)]
    made.append(draft(db, org, title="关于春耕生产的通知"))
    wanted = [made[0].id, made[2].id, made[3].id]
    for newest_first in (True, False):
        plain = outgoing.list_outgoing(db, CLERK, newest_first=newest_first)
        by_id = outgoing.list_outgoing(db, CLERK, newest_first=newest_first, ids=wanted)
        assert [d.id for d in by_id] == [d.id for d in plain if d.id in wanted]


def test_a_search_of_one_kind_reads_as_many_newest_slices_as_hold_its_matches(
    db, org, small_slices
):
    """The 发文 tab's search (a kind that is one entry in several) reads one more of the newest
    slices first; every page is still the newest-first order of all its matches."""
    from desktop_app.services.documents import search_pg
    from tests.integration.test_outgoing_support import draft

    start = date(2018, 1, 1)
    made: dict[str, list[int]] = {"incoming": [], "outgoing": []}
    for i in range(36):
        if i % 4 == 0:
            made["outgoing"].append(draft(db, org, title=f"关于量子通信试点第{i}期的通知").id)
        else:
            doc = reg(db, f"关于量子通信试点第{i}期的请示", day=start + timedelta(days=i))
            made["incoming"].append(doc.id)
    if db.dialect == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("ANALYZE document_search"))
        with db.read() as s:
            stats = search_pg.index_stats(s.connection())
        # the minority kind reads more slices than a search of both kinds does
        assert stats.kinds["outgoing"] < 0.5
        wider = search_pg.slices_for("outgoing", stats)
        assert wider is None or wider > search_pg.slices_for(None, stats)
    for kind, ids in made.items():
        expected = list(reversed(ids))
        for offset, limit in ((0, 3), (0, 50), (2, 4), (7, 5)):
            hits = search_documents(
                db, CLERK, "量子通信试点", kind=kind, limit=limit, offset=offset
            )
            assert [h.record_id for h in hits] == expected[offset : offset + limit], (kind, offset)


def test_slices_read_first_by_kind():
    from desktop_app.services.documents.search_pg import RECENT_SLICES, Stats, slices_for

    big = Stats({}, {"incoming": 0.85, "outgoing": 0.15}, last_id=200_000)
    assert slices_for(None, big) == RECENT_SLICES
    assert slices_for("incoming", big) == RECENT_SLICES
    assert slices_for("outgoing", big) == RECENT_SLICES + 1  # a minority kind: one more
    assert slices_for(None, Stats({}, {}, last_id=20_000)) is None  # a small register
    assert slices_for("outgoing", Stats({}, {}, last_id=0)) == RECENT_SLICES  # no statistics yet


def test_a_whole_document_number_is_asked_of_the_index_once(db, org, small_slices):
    """「同政发〔2026〕N号」 names one document: found newest first wherever it lies, in one pass
    over the index (no newest slices first); a partial number still finds its newest first."""
    from tests.integration.test_outgoing_support import issued
    from tests.statements import recorded

    docs = [issued(db, org, title=f"关于第{i}批农田水利项目的通知") for i in range(6)]
    for i in range(20):
        reg(db, f"关于第{i}期安全生产的通知", day=date(2018, 1, 1) + timedelta(days=i))
    if db.dialect == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("ANALYZE document_search"))
    number = docs[2].number
    assert number.endswith("号") and "〔" in number
    with recorded(db) as seen:
        hits = search_documents(db, CLERK, number)
    assert [h.record_id for h in hits] == [docs[2].id]
    if db.dialect == "postgresql":
        assert not any("WITH top" in s for s, _params in seen)
        partial = number[: number.index("〕") + 1]  # 同政发〔2026〕: a year of numbers
        found = search_documents(db, CLERK, partial, kind="outgoing", limit=3)
        assert [h.record_id for h in found] == [d.id for d in reversed(docs)][:3]


def test_whole_document_numbers_are_told_from_partial_ones():
    from desktop_app.services.documents.search_pg import WHOLE_NUMBER

    assert WHOLE_NUMBER.search("黑政发〔2015〕12号")
    assert WHOLE_NUMBER.search("收文〔2026〕3号 防汛")
    assert not WHOLE_NUMBER.search("黑政发〔2015〕")
    assert not WHOLE_NUMBER.search("2015年12号文件")
