"""NUM with several clerks on one database: two OS processes each issue 200 同政发 documents at the
same moment through the real issuing service; together they get 同政发〔2026〕1号 … 400号, each
number once, on PostgreSQL and on an SQLite file."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from db.engine import Database
from db.models.outgoing import OutgoingDocument, OutgoingSignoff
from desktop_app.services.directory import commands as directory
from desktop_app.services.documents import outgoing
from desktop_app.services.system.common import CurrentUser
from tests.two_processes import race

PER_PROCESS = 200
DAY = date(2026, 3, 2)
CLERK = CurrentUser("wenmi", "文秘甲", "clerk")


def _signed_documents(db: Database, admin: CurrentUser, count: int) -> list[int]:
    """`count` 市政府 documents with complete chains (vice mayor in charge, office review,
    executive vice mayor's sign-off), written in one transaction: the sign-off checks have tests of their own, this
    test is about issuing."""
    unit = directory.save_unit(db, admin, name="市政府办公室", kind="office").id
    reviewer = directory.save_person(db, admin, name="陈立").id
    signer = directory.save_person(db, admin, name="张海峰").id
    with db.uow("wenmi") as s:
        docs = [
            OutgoingDocument(
                issuer="government",
                doc_type="通知",
                title=f"测试通知{i}",
                drafting_unit_id=unit,
                drafted_on=DAY,
                register_on=DAY,
                status="signed",
                signed_on=DAY,
            )
            for i in range(count)
        ]
        s.add_all(docs)
        s.flush()
        for d in docs:  # R33.1: the vice mayor in charge agrees first (张海峰: 市政府办公室)
            s.add(
                OutgoingSignoff(
                    document_id=d.id, step_key="vice_mayor_agree", person_id=signer, signed_on=DAY
                )
            )
            s.add(
                OutgoingSignoff(
                    document_id=d.id, step_key="office_review", person_id=reviewer, signed_on=DAY
                )
            )
            s.add(
                OutgoingSignoff(document_id=d.id, step_key="sign", person_id=signer, signed_on=DAY)
            )
        return [d.id for d in docs]


def issue_many(d: Database, ids: list[int]) -> list[tuple[int, str]]:
    """In a child process: issues each document, one transaction each."""
    got = []
    for doc_id in ids:
        dto = outgoing.issue_outgoing(d, CLERK, doc_id, issued_on=DAY, expected_version=None)
        got.append((dto.seq, dto.number))
    return got


def test_NUM_two_processes_issuing_at_once_get_1_to_400(db_url, admin):
    db = Database(db_url)
    try:
        ids = _signed_documents(db, admin, 2 * PER_PROCESS)
    finally:
        db.dispose()
    halves = [ids[0::2], ids[1::2]]  # interleaved, so both work on the same stretch of rows
    lists = race(db_url, issue_many, [(half,) for half in halves], timeout=300)

    for got in lists:
        assert len(got) == PER_PROCESS
        seqs = [seq for seq, _ in got]
        assert seqs == sorted(seqs)  # each process sees its own numbers increase
        assert all(number == f"同政发〔2026〕{seq}号" for seq, number in got)
    union = [seq for got in lists for seq, _ in got]
    assert len(set(union)) == len(union), "duplicate numbers issued"
    assert sorted(union) == list(range(1, 2 * PER_PROCESS + 1))

    db = Database(db_url)
    try:
        with db.read() as s:
            stored = s.execute(
                select(
                    OutgoingDocument.prefix,
                    OutgoingDocument.year,
                    OutgoingDocument.seq,
                    OutgoingDocument.status,
                )
            ).all()
        assert sorted(x.seq for x in stored) == list(range(1, 2 * PER_PROCESS + 1))
        assert {(x.prefix, x.year, x.status) for x in stored} == {("同政发", 2026, "issued")}
    finally:
        db.dispose()
