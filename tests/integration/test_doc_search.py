"""Full-text search over the document registers on both engines: Chinese substring matching through
the database's full-text index (two-character and one-character queries included), the index kept
current by the session event, rebuilt on demand, and classified records hidden (R44)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import delete, text, update

from db.models import IncomingDocument
from db.models.search import DocumentSearch
from desktop_app.formatting import CHINA
from desktop_app.services.documents import incoming
from desktop_app.services.documents import search as doc_search
from desktop_app.services.documents.search import count_matches, search_documents
from desktop_app.services.system import maintenance
from desktop_app.services.system.common import CurrentUser
from tests.integration.test_outgoing_support import org_fixture  # noqa: F401 - the `org` fixture

CLERK = CurrentUser("wenmi", "文秘甲", "clerk")
JIYAO = CurrentUser("jiyao", "机要员", "confidential")
FLOOD = "关于做好2018年防汛工作的通知"


def reg(db, title: str, *, day: date = date(2018, 5, 3), user=CLERK, **kw):
    args = dict(
        received_at=datetime(day.year, day.month, day.day, 9, tzinfo=CHINA),
        sender="黑龙江省人民政府办公厅",
        sender_number="黑政办发〔2018〕12号",
        title=title,
        doc_type="通知",
        nature="action",
    )
    return incoming.register_document(db, user, **(args | kw))


def titles(hits) -> list[str]:
    return [h.title for h in hits]


def test_two_character_query_finds_the_title(db):
    flood = reg(db, FLOOD)
    reg(db, "关于开展森林草原防火检查的通知")
    hits = search_documents(db, CLERK, "防汛")
    assert titles(hits) == [FLOOD]
    h = hits[0]
    assert (h.kind, h.record_id, h.number, h.date) == (
        "incoming",
        flood.id,
        "收文〔2018〕1号",
        date(2018, 5, 3),
    )
    assert h.snippet == f"标题：{FLOOD}" and h.kind_name == "收文"
    assert count_matches(db, CLERK, "防汛") == 1
    assert search_documents(db, CLERK, "防灾") == []  # both characters occur, not together
    assert titles(search_documents(db, CLERK, "2018年防汛工作")) == [FLOOD]


def test_every_searchable_field_is_matched_as_a_substring(db, admin):
    d = reg(db, FLOOD, sender="佳木斯市应急管理局", sender_number="佳应急发〔2018〕7号")
    d = incoming.propose(db, CLERK, d.id, "拟请分管副市长阅示，转水务局牵头办理。", d.version)
    incoming.route(
        db,
        CLERK,
        d.id,
        to="mayor",
        leader_id=_person(db, admin),
        today=date(2018, 5, 3),
        expected_version=d.version,
    )
    incoming.record_reading(
        db,
        CLERK,
        d.id,
        read_on=date(2018, 5, 4),
        opinion="请各乡镇落实巡堤查险责任",
        person_id=_person(db, admin),
    )
    expected = {
        "应急管理": "来文机关",
        "佳应急发〔2018〕7号": "来文字号",
        "收文〔2018〕1号": "文号",
        "水务局": "拟办意见",
        "巡堤查险": "阅批意见",
    }
    for query, label in expected.items():
        hits = search_documents(db, CLERK, query)
        assert titles(hits) == [FLOOD], query
        assert hits[0].snippet.startswith(f"{label}：") and query in hits[0].snippet


def _person(db, admin) -> int:
    from desktop_app.services.directory import commands as directory

    found = [p.id for p in directory.list_persons(db) if p.name == "李明远"]
    return found[0] if found else directory.save_person(db, admin, name="李明远").id


def test_punctuation_counts_so_a_number_does_not_find_a_longer_one(db):
    reg(db, "甲", sender_number="黑政发〔2018〕112号")
    reg(db, "乙", sender_number="黑政发〔2018〕12号")
    assert titles(search_documents(db, CLERK, "黑政发〔2018〕12号")) == ["乙"]
    assert titles(search_documents(db, CLERK, "〔2018〕112")) == ["甲"]
    assert sorted(titles(search_documents(db, CLERK, "12号"))) == ["乙", "甲"]


def test_width_and_case_are_ignored_and_spaces_separate_parts(db):
    reg(db, "关于上报GDP核算数据的通知")
    reg(db, FLOOD)
    assert titles(search_documents(db, CLERK, "ｇｄｐ核算")) == ["关于上报GDP核算数据的通知"]
    assert titles(search_documents(db, CLERK, "防汛  通知")) == [FLOOD]
    assert search_documents(db, CLERK, "防汛 核算") == []
    assert search_documents(db, CLERK, "   ") == [] and count_matches(db, CLERK, "") == 0


def test_one_character_query_finds_the_character_anywhere(db):
    reg(db, "关于冬季供暖的通知", sender="同江市住建局", sender_number="")
    reg(db, "春耕", sender="农业局", sender_number="")
    assert titles(search_documents(db, CLERK, "暖")) == ["关于冬季供暖的通知"]
    assert titles(search_documents(db, CLERK, "耕")) == ["春耕"]  # last character of a field
    assert count_matches(db, CLERK, "局") == 2


def test_newest_first_with_paging_and_kind(db):
    for n in range(1, 8):
        reg(db, f"关于防汛工作的第{n}号通知", day=date(2018, 5, n))
    first = search_documents(db, CLERK, "防汛", limit=3)
    assert [h.title[-4] for h in first] == ["7", "6", "5"]
    rest = search_documents(db, CLERK, "防汛", limit=3, offset=3)
    assert [h.title[-4] for h in rest] == ["4", "3", "2"]
    assert count_matches(db, CLERK, "防汛") == 7
    assert count_matches(db, CLERK, "防汛", kind="incoming") == 7
    assert search_documents(db, CLERK, "防汛", kind="outgoing") == []
    assert search_documents(db, CLERK, "防汛", kind="nonsense") == []


def test_index_follows_proposal_reading_and_voiding(db, admin):
    d = reg(db, FLOOD)
    assert search_documents(db, CLERK, "水利局") == []
    d = incoming.propose(db, CLERK, d.id, "拟转水利局办理。", d.version)
    assert titles(search_documents(db, CLERK, "水利局")) == [FLOOD]
    incoming.void_document(db, CLERK, d.id, "重复登记", d.version)
    assert search_documents(db, CLERK, "防汛") == [] and count_matches(db, CLERK, "防汛") == 0
    hits = search_documents(db, CLERK, "防汛", include_voided=True)
    assert titles(hits) == [FLOOD] and hits[0].voided
    assert count_matches(db, CLERK, "防汛", include_voided=True) == 1


def test_R44_classified_documents_are_found_only_with_the_jiyao_role(db, admin):
    reg(db, FLOOD)
    secret = reg(
        db,
        "关于防汛物资储备情况的通报",
        user=JIYAO,
        secrecy="秘密",
        secrecy_term="10年",
        copies=2,
        copy_numbers="003,004",
    )
    assert titles(search_documents(db, CLERK, "防汛")) == [FLOOD]
    assert count_matches(db, CLERK, "防汛") == 1
    assert search_documents(db, CLERK, "物资储备") == []
    for user in (JIYAO, admin):
        hits = search_documents(db, user, "防汛")
        assert [h.record_id for h in hits][0] == secret.id and len(hits) == 2
        assert hits[0].secrecy == "秘密"
        assert count_matches(db, user, "防汛") == 2


def test_search_reads_the_full_text_index_not_the_register(db):
    """Changing a title behind the index's back (plain SQL, no session) leaves the index as it
    was: what is found comes from the index. The next change through the app brings it back."""
    d = reg(db, FLOOD)
    with db.engine.begin() as conn:
        conn.execute(
            update(IncomingDocument)
            .where(IncomingDocument.id == d.id)
            .values(title="关于做好秋季森林防火工作的通知")
        )
    assert search_documents(db, CLERK, "森林防火") == []
    assert count_matches(db, CLERK, "防汛") == 1
    incoming.propose(db, CLERK, d.id, "拟转林草局办理。", None)
    assert count_matches(db, CLERK, "防汛") == 0
    assert count_matches(db, CLERK, "森林防火") == 1


def test_rebuild_index_restores_every_entry(db):
    reg(db, FLOOD)
    reg(db, "关于开展森林草原防火检查的通知")
    with db.engine.begin() as conn:
        conn.execute(delete(DocumentSearch))
    assert search_documents(db, CLERK, "防汛") == []
    assert doc_search.rebuild_index(db) == 2
    assert titles(search_documents(db, CLERK, "防汛")) == [FLOOD]
    assert titles(search_documents(db, CLERK, "防火")) == ["关于开展森林草原防火检查的通知"]


def test_backup_and_restore_keep_search_working(db, tmp_path):
    reg(db, FLOOD)
    maintenance.backup(db, tmp_path / "b.zip")
    reg(db, "关于开展森林草原防火检查的通知")
    maintenance.restore(db, tmp_path / "b.zip", tmp_path / "safety")
    assert titles(search_documents(db, CLERK, "防汛")) == [FLOOD]
    assert search_documents(db, CLERK, "防火") == []
    reg(db, "关于做好秋汛防御工作的通知")
    assert count_matches(db, CLERK, "通知") == 2


@pytest.mark.parametrize("query", ["防汛", "防"])
def test_the_query_plan_uses_the_full_text_index(db, query):
    reg(db, FLOOD)
    from db.models.search import fts5_query, query_terms, tsquery

    with db.engine.connect() as conn:
        if db.dialect == "sqlite":
            plan = conn.execute(
                text(
                    "EXPLAIN QUERY PLAN SELECT rowid FROM document_search_fts "
                    "WHERE document_search_fts MATCH :q"
                ),
                {"q": fts5_query(query_terms(query))},
            ).all()
            assert "VIRTUAL TABLE" in " ".join(str(r) for r in plan)
        else:
            conn.exec_driver_sql("SET enable_seqscan = off")
            plan = (
                conn.execute(
                    text(
                        "EXPLAIN SELECT id FROM document_search "
                        "WHERE tokens @@ to_tsquery('simple'::regconfig, :q)"
                    ),
                    {"q": tsquery(query_terms(query))},
                )
                .scalars()
                .all()
            )
            assert "ix_document_search_tokens" in " ".join(plan)


# ---- 发文 --------------------------------------------------------------------------------------


def test_outgoing_found_by_title_number_drafting_unit_and_addressees(db, org, admin):
    from desktop_app.services.directory import commands as directory
    from tests.integration.test_outgoing_support import T, draft, issued

    doc = issued(db, org, title="关于做好2026年防汛工作的通知")
    plan = draft(db, org, title="关于印发春耕生产方案的通知", main_to="各乡镇人民政府")
    reg(db, FLOOD)
    hits = search_documents(db, CLERK, "防汛", kind="outgoing")
    assert [(h.kind, h.record_id, h.number, h.date) for h in hits] == [
        ("outgoing", doc.id, "同政发〔2026〕1号", T)
    ]
    assert [h.kind for h in search_documents(db, CLERK, "防汛")] == ["incoming", "outgoing"]
    assert count_matches(db, CLERK, "防汛") == 2
    number = search_documents(db, CLERK, "同政发〔2026〕1号")
    assert [h.record_id for h in number] == [doc.id] and number[0].snippet.startswith("文号：")
    by_unit = search_documents(db, CLERK, "农业农村", kind="outgoing")
    assert {h.record_id for h in by_unit} == {doc.id, plan.id}
    assert by_unit[0].snippet.startswith("拟稿单位：农业农村局")
    assert titles(search_documents(db, CLERK, "乡镇人民", kind="outgoing")) == [
        "关于印发春耕生产方案的通知",
        "关于做好2026年防汛工作的通知",
    ]  # 主送
    assert search_documents(db, CLERK, "春耕")[0].number == ""  # a draft has no number yet
    assert search_documents(db, CLERK, "春耕")[0].date == T  # its drafting date
    # renaming the drafting unit re-indexes what it drafted
    unit = org.u["农业农村局"]
    directory.save_unit(db, admin, name="农业农村和水利局", kind="department", record_id=unit)
    assert {h.record_id for h in search_documents(db, CLERK, "水利局")} == {doc.id, plan.id}


def test_R44_classified_outgoing_documents_only_for_jiyao_and_voided_left_out(db, org):
    from tests.integration.test_outgoing_support import draft

    secret = draft(
        db,
        org,
        user=JIYAO,
        title="关于边境防汛物资调运的函",
        secrecy="秘密",
        secrecy_term="5年",
        copies=1,
        copy_numbers="001",
    )
    open_doc = draft(db, org, title="关于防汛值班的通知")
    assert [h.record_id for h in search_documents(db, CLERK, "防汛")] == [open_doc.id]
    assert [h.record_id for h in search_documents(db, JIYAO, "防汛")] == [open_doc.id, secret.id]
    assert count_matches(db, CLERK, "防汛", kind="outgoing") == 1
    from desktop_app.services.documents import outgoing

    outgoing.void_outgoing(db, CLERK, open_doc.id, "重复拟稿", open_doc.version)
    assert search_documents(db, CLERK, "防汛") == []
    assert search_documents(db, CLERK, "防汛", include_voided=True)[0].voided


# ---- migration 0007 on a database holding documents ------------------------------------------


def test_0007_indexes_the_documents_already_in_the_database(empty_url, tmp_path):
    """Documents written at 0006 (plain SQL, no session event) are searchable after the
    upgrade: the migration builds the index for existing rows."""
    from db import migrate
    from db.engine import Database
    from tests.bench.documents_data import directory, incoming_rows, outgoing_rows

    d = Database(empty_url)
    try:
        migrate.upgrade(d, target="0006")
        units, people = directory(d)
        from sqlalchemy import MetaData, Table, insert

        from db.models import IncomingReading
        from db.models.outgoing import OutgoingDocument

        docs = list(incoming_rows(40, units, people, seed=2))
        outs = list(outgoing_rows(10, units, seed=3))
        with d.engine.begin() as conn:

            def at_0006(model, rows):
                """Insert into the table as it is at 0006, with the models' plain defaults for
                its columns (the models' later columns are not there yet)."""
                table = Table(model.__tablename__, MetaData(), autoload_with=conn)
                plain = {
                    c.name: c.default.arg
                    for c in model.__table__.c
                    if c.name in table.c and c.default is not None and not callable(c.default.arg)
                }
                conn.execute(insert(table), [{**plain, **row} for row in rows])

            at_0006(IncomingDocument, [doc for doc, _ in docs])
            at_0006(IncomingReading, [r for _, rs in docs for r in rs])
            at_0006(OutgoingDocument, outs)
        migrate.upgrade(d, backup_dir=tmp_path / "bk")
        assert migrate.current_revision(d) == migrate.HEAD
        visible = [doc for doc, _ in docs if not doc["secrecy"] and doc["voided_at"] is None]
        sample = visible[7]
        hits = search_documents(d, CLERK, sample["title"])
        assert (hits[0].kind, hits[0].record_id) == ("incoming", sample["id"])
        assert count_matches(d, CLERK, sample["sender_number"]) >= 1
        assert count_matches(d, CLERK, "关于", kind="incoming") == len(
            [x for x in visible if "关于" in x["title"]]
        )
        out = [o for o in outs if not o["secrecy"] and o["voided_at"] is None][0]
        number = f"{out['prefix']}〔{out['year']}〕{out['seq']}号"
        assert number in [h.number for h in search_documents(d, CLERK, number, kind="outgoing")]
        # entries follow the documents' dates: the newest document comes first
        newest = max(visible, key=lambda x: x["received_at"])
        assert search_documents(d, CLERK, "收文", kind="incoming")[0].record_id == newest["id"]
    finally:
        d.dispose()


def test_two_readings_recorded_at_once_both_reach_the_index(db, admin):
    """Two clerks record readings of one document at the same moment. Each save recomputes the
    document's entry from its readings; the second must wait for the first's entry (a row lock
    on the server, the write lock on SQLite) and read its reading too, or the later entry would
    hold only its own opinion and the other could no longer be found."""
    from desktop_app.services.directory import commands as directory
    from tests.two_threads import lined_up

    d = reg(db, FLOOD)
    d = incoming.propose(db, CLERK, d.id, "拟请市长阅示。", d.version)
    mayor = _person(db, admin)
    incoming.route(
        db, CLERK, d.id, to="mayor", leader_id=mayor, today=date(2018, 5, 3), expected_version=None
    )
    deputy = directory.save_person(db, admin, name="孙立新").id

    def reading(person: int, opinion: str):
        return lambda: incoming.record_reading(
            db, CLERK, d.id, read_on=date(2018, 5, 4), opinion=opinion, person_id=person
        )

    # each writer is held right after it read the document's readings for its entry
    _results, errors = lined_up(
        db.engine,
        lambda sql: "FROM incoming_reading" in sql and "opinion" in sql,
        [reading(mayor, "请水务局巡堤查险"), reading(deputy, "请应急局备足物资")],
    )
    assert errors == []
    assert titles(search_documents(db, CLERK, "巡堤查险")) == [FLOOD]
    assert titles(search_documents(db, CLERK, "备足物资")) == [FLOOD]
    with db.snapshot() as s:
        from desktop_app.services.system import integrity

        assert integrity.search_index_problems(s) == []
