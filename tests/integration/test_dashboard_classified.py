"""R43 / R35 reminders for classified 收文 (R44): an account with the 机要 role gets them on its
工作台 — proposal pending, deadline due or overdue — marked with the 密级; a clerk, a read-only
account and the shared list without an account see none of their titles. Both engines."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desktop_app.formatting import CHINA
from desktop_app.services.directory import commands as directory
from desktop_app.services.documents import incoming
from desktop_app.services.system import dashboard
from desktop_app.services.system.common import ROLES, CurrentUser

JIYAO = CurrentUser("jiyao", "机要员", "confidential")
CLERK = CurrentUser("wenmi", "文秘甲", "clerk")
READER = CurrentUser("duzhe", "只读", "readonly")
T = date(2026, 3, 2)  # a Monday
SECRET_TITLE = "关于边境管控的机密通知"


def _secret(db, title: str = SECRET_TITLE) -> incoming.IncomingDTO:
    return incoming.register_document(
        db,
        JIYAO,
        received_at=datetime(2026, 3, 2, 9, tzinfo=CHINA),
        sender="省政府办公厅",
        title=title,
        doc_type="通知",
        nature="action",
        secrecy="机密",
        secrecy_term="10年",
        copies=1,
        copy_numbers="003",
    )


def _plain(db) -> incoming.IncomingDTO:
    return incoming.register_document(
        db,
        CLERK,
        received_at=datetime(2026, 3, 2, 10, tzinfo=CHINA),
        sender="佳木斯市人民政府办公室",
        title="关于做好春耕生产的通知",
        doc_type="通知",
        nature="action",
    )


def _items(db, today: date, viewer: CurrentUser | None, rule_id: str):
    return [i for i in dashboard.collect(db, today, viewer) if i.rule_id == rule_id]


def _all_text(db, today: date, viewer: CurrentUser | None) -> str:
    return " ".join(f"{i.title} {i.detail}" for i in dashboard.collect(db, today, viewer))


def test_R43_a_classified_document_awaiting_its_proposal_is_listed_for_jiyao_only(db):
    secret, plain = _secret(db), _plain(db)

    mine = _items(db, T, JIYAO, "R43")
    assert sorted(i.ref_id for i in mine) == sorted([secret.id, plain.id])  # each once
    item = next(i for i in mine if i.ref_id == secret.id)
    assert item.severity == "warn" and item.title.startswith("【机密】")
    assert SECRET_TITLE in item.title and "第四十三条" in item.detail
    assert [i.severity for i in _items(db, date(2026, 3, 5), JIYAO, "R43")] == ["overdue"] * 2

    for viewer in (CLERK, READER, None):
        assert [i.ref_id for i in _items(db, T, viewer, "R43")] == [plain.id]
        assert SECRET_TITLE not in _all_text(db, T, viewer)


def test_R35_a_classified_deadline_due_then_overdue_is_listed_for_jiyao_only(db, admin):
    unit = directory.save_unit(db, admin, name="农业农村局", kind="department").id
    d = _secret(db)
    d = incoming.propose(db, JIYAO, d.id, "转农业农村局办理。", d.version)
    incoming.route(
        db,
        JIYAO,
        d.id,
        to="department",
        lead_unit_id=unit,
        working_days=2,
        today=T,
        expected_version=d.version,
    )  # due Wednesday 4 March

    assert [(i.severity, i.ref_id) for i in _items(db, T, JIYAO, "R35")] == [("due", d.id)]
    assert [i.severity for i in _items(db, date(2026, 3, 5), JIYAO, "R35")] == ["overdue"]
    assert _items(db, T, JIYAO, "R43") == []  # proposed: no longer waiting
    for viewer in (CLERK, READER, None):
        assert _items(db, date(2026, 3, 5), viewer, "R35") == []
        assert SECRET_TITLE not in _all_text(db, date(2026, 3, 5), viewer)


@pytest.mark.parametrize("role", sorted(ROLES))
def test_R44_a_classified_title_is_on_the_dashboard_exactly_for_roles_that_see_classified(db, role):
    _secret(db)
    viewer = CurrentUser("someone", "某人", role)
    assert (SECRET_TITLE in _all_text(db, T, viewer)) == viewer.can("classified")
    assert viewer.can("classified") == (role in ("confidential", "admin"))
