"""R44 份号 on a shared server with the roles enforced (db.server_roles): a 机要 account's own
login takes the numbers of confidential minutes and of a classified 督办 item's 督办通知单 — the
counter columns added by migration 0026 are granted like the rest — and `fuban check` agrees with
every counter afterwards. PostgreSQL only."""

from __future__ import annotations

from datetime import date, timedelta

from desktop_app.services.meetings import minutes
from desktop_app.services.supervision import commands as supervision
from desktop_app.services.supervision import printouts as supervision_print
from desktop_app.services.system import maintenance
from tests.integration.minutes_support import plan, units
from tests.integration.server_roles_support import (
    ADMIN,
    JIYAO,
    reg,
    server_fixture,  # noqa: F401 - the `server` fixture
)

T = date(2026, 3, 2)


def test_R44_jiyao_login_numbers_its_prints_and_check_passes(server):
    jiyao = server.login("jiyao")
    rec = minutes.draft_minutes(server.su, ADMIN, plan(server.su, ADMIN, confidential=True).id)
    assert minutes.minutes_pdf(jiyao, rec.id, user=JIYAO, copies=2).copy_numbers == [
        "000001",
        "000002",
    ]
    assert minutes.minutes_pdf(jiyao, rec.id, user=JIYAO).copy_numbers == ["000003"]
    doc = reg(jiyao, JIYAO, secrecy="机密", secrecy_term="10年", copies=1, copy_numbers="003")
    item = supervision.create_item(
        jiyao,
        JIYAO,
        kind="document",
        title="督办密件办理",
        unit_id=units(jiyao)["农业农村局"],
        responsible_person="王局长",
        deadline=T + timedelta(days=20),
        assigned_on=T,
        incoming_document_id=doc.id,
    )
    notice = supervision_print.notice_pdf(jiyao, item.id, T, user=JIYAO, copies=2)
    assert notice.copy_numbers == ["000001", "000002"]
    result = maintenance.check(server.su)
    assert result.ok, result.problems
