"""收文 register read for the 公文 pane, on both engines: one page at a time, narrowed to given
records (full-text hits), R44 still applied; chase records listed oldest first."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desktop_app.formatting import CHINA
from desktop_app.rules.registry import RuleViolation
from desktop_app.services.documents import incoming
from desktop_app.services.system.common import CurrentUser

CLERK = CurrentUser("wenmi", "文秘甲", "clerk")
JIYAO = CurrentUser("jiyao", "机要员", "confidential")


def reg(db, n: int, user=CLERK, **kw) -> incoming.IncomingDTO:
    args = dict(
        received_at=datetime(2026, 3, 1 + n, 9, tzinfo=CHINA),
        sender="佳木斯市人民政府",
        title=f"第{n}号通知",
        doc_type="通知",
        nature="notice",
    )
    args.update(kw)
    return incoming.register_document(db, user, **args)


def test_pages_newest_first_and_narrowed_to_given_records(db):
    docs = [reg(db, n) for n in range(1, 8)]
    newest = [d.id for d in reversed(docs)]
    assert [d.id for d in incoming.list_documents(db, CLERK, limit=3)] == newest[:3]
    assert [d.id for d in incoming.list_documents(db, CLERK, limit=3, offset=3)] == newest[3:6]
    assert [d.id for d in incoming.list_documents(db, CLERK, limit=3, offset=6)] == newest[6:]
    picked = {docs[1].id, docs[4].id}
    assert [d.id for d in incoming.list_documents(db, CLERK, ids=picked)] == [
        docs[4].id,
        docs[1].id,
    ]
    assert incoming.list_documents(db, CLERK, ids=[]) == []


def test_R44_given_records_still_hide_classified_ones(db):
    secret = reg(db, 1, JIYAO, secrecy="秘密", secrecy_term="5年", copies=1, copy_numbers="001")
    plain = reg(db, 2)
    both = [secret.id, plain.id]
    assert [d.id for d in incoming.list_documents(db, CLERK, ids=both)] == [plain.id]
    assert {d.id for d in incoming.list_documents(db, JIYAO, ids=both)} == set(both)


def test_chases_listed_oldest_first_and_R44_applies(db):
    d = reg(db, 1, nature="action", doc_type="通知")
    d = incoming.propose(db, CLERK, d.id, "转农业农村局办理。", d.version)
    from desktop_app.services.directory import commands as directory

    unit = directory.save_unit(
        db, CurrentUser("admin", "管理员", "admin"), name="农业农村局", kind="department"
    ).id
    incoming.route(
        db,
        CLERK,
        d.id,
        to="department",
        lead_unit_id=unit,
        deadline=date(2026, 3, 20),
        today=date(2026, 3, 2),
        expected_version=d.version,
    )
    incoming.chase(db, CLERK, d.id, date(2026, 3, 10), "电话催办", "")
    incoming.chase(db, CLERK, d.id, date(2026, 3, 16), "书面催办", "周五前报送")
    assert incoming.chases(db, CLERK, d.id) == [
        (date(2026, 3, 10), "电话催办", ""),
        (date(2026, 3, 16), "书面催办", "周五前报送"),
    ]
    secret = reg(db, 2, JIYAO, secrecy="秘密", secrecy_term="5年", copies=1, copy_numbers="001")
    with pytest.raises(RuleViolation):
        incoming.chases(db, CLERK, secret.id)
    assert incoming.chases(db, JIYAO, secret.id) == []
