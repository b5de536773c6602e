"""A window signed in before its account was demoted or deactivated, on both engines: it may not
open a classified record (R44: such an open is logged, and the log is a save the stored account
must still allow), nor keep writing the 督办 register or a meeting decision's report with a role
that no longer grants it. An export whose R44 log is refused leaves no file behind."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from db.models import AuditEntry
from desktop_app.services.documents import export as doc_export
from desktop_app.services.documents import incoming
from desktop_app.services.meetings import decisions
from desktop_app.services.supervision import commands as supervision
from desktop_app.services.system import accounts
from desktop_app.services.system.common import CurrentUser, PermissionDenied
from tests.integration.minutes_support import units
from tests.integration.test_supervision import _from_decision

ADMIN = CurrentUser("admin", "管理员", "admin")
TODAY = date(2024, 6, 3)


@pytest.fixture
def office(db):
    accounts.create_first_admin(db, "admin", "管理员", "first-pass-123")
    return {
        name: accounts.create_account(db, ADMIN, name, display, f"{name}-pass-123", role)
        for name, display, role in (
            ("jiyao", "机要甲", "confidential"),
            ("duban", "督查甲", "supervisor"),
        )
    }


def _sign_in(db, name: str) -> CurrentUser:
    return accounts.authenticate(db, name, f"{name}-pass-123")


def _change(db, account, *, role: str, active: bool = True) -> None:
    version = next(a.version for a in accounts.list_accounts(db) if a.id == account.id)
    accounts.update_account(
        db,
        ADMIN,
        account.id,
        version,
        display_name=account.display_name,
        role=role,
        active=active,
    )


def _classified(db, user) -> incoming.IncomingDTO:
    return incoming.register_document(
        db,
        user,
        received_at=datetime(2024, 6, 3, 1, 30, tzinfo=UTC),
        sender="黑龙江省人民政府办公厅",
        title="关于边境管控的机密通知",
        doc_type="通知",
        nature="action",
        secrecy="机密",
        secrecy_term="10年",
        copies=1,
        copy_numbers="003",
    )


def _views(db, actor: str) -> int:
    with db.read() as s:
        return len(
            s.scalars(
                select(AuditEntry.seq).where(AuditEntry.actor == actor, AuditEntry.action == "view")
            ).all()
        )


def test_R44_a_jiyao_demoted_since_sign_in_cannot_open_a_classified_document(db, office):
    jiyao = _sign_in(db, "jiyao")
    doc = _classified(db, jiyao)
    assert incoming.get_document(db, jiyao, doc.id).title == "关于边境管控的机密通知"
    _change(db, office["jiyao"], role="clerk")
    with pytest.raises(PermissionDenied) as e:
        incoming.get_document(db, jiyao, doc.id)
    assert "角色已改为「文秘」" in e.value.message and "请重新登录" in e.value.message
    assert _views(db, "jiyao") == 1  # only the open made before the demotion


def test_R44_a_deactivated_jiyao_cannot_open_a_classified_document(db, office):
    jiyao = _sign_in(db, "jiyao")
    doc = _classified(db, jiyao)
    _change(db, office["jiyao"], role="confidential", active=False)
    with pytest.raises(PermissionDenied, match="已被停用"):
        incoming.get_document(db, jiyao, doc.id)
    assert _views(db, "jiyao") == 0


def test_R44_an_export_refused_its_log_writes_no_file(db, office, tmp_path):
    jiyao = _sign_in(db, "jiyao")
    _classified(db, jiyao)
    _change(db, office["jiyao"], role="clerk")
    path = tmp_path / "收文登记簿.xlsx"
    with pytest.raises(PermissionDenied, match="角色已改为「文秘」"):
        doc_export.export_incoming_xlsx(db, jiyao, path)
    assert not path.exists()  # no copy of the classified title outside the log


def test_a_supervisor_demoted_since_sign_in_cannot_keep_writing_the_register(db, office, clerk):
    d, item = _from_decision(db, clerk)
    other = decisions.add_decision(
        db,
        clerk,
        meeting_id=d.meeting_id,
        content="完成供热管网改造",
        unit_id=units(db)["住房和城乡建设局"],
        deadline=date(2024, 5, 31),
    )
    duban = _sign_in(db, "duban")
    supervision.record_report(db, duban, item.id, received_on=TODAY, text="已拨付", today=TODAY)
    _change(db, office["duban"], role="readonly")
    with pytest.raises(PermissionDenied) as e:
        supervision.record_report(
            db, duban, item.id, received_on=TODAY, text="全部拨付", today=TODAY
        )
    assert "角色已改为「只读」" in e.value.message and "督办" in e.value.message
    with pytest.raises(PermissionDenied, match="角色已改为「只读」"):
        decisions.report_done(db, duban, other.id, reported_on=TODAY, report="已完成")
    assert [r.text for r in supervision.queries.reports_of(db, item.id)] == ["已拨付"]
    assert next(x for x in decisions.list_decisions(db) if x.id == other.id).status == "open"
