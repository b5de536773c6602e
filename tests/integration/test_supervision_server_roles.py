"""督办 on the shared server with each account's own login (PostgreSQL only): a 督查 login keeps
the register — a decision taken over, a written report, the close — and still may not delete;
a classified item, its steps and reports are invisible to a clerk's login even in plain SQL (R44),
and `fuban check` stays clean."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from desktop_app.services.supervision import commands
from desktop_app.services.system import maintenance
from tests.integration.server_roles_support import (
    ADMIN,
    SUPERVISOR,
    refused,
    scalar,
    server_fixture,  # noqa: F401 - the `server` fixture
)


def test_a_supervisor_login_keeps_the_register_and_classified_items_stay_hidden(server):
    from tests.integration.minutes_support import plan
    from tests.integration.test_decisions import TODAY, _add, _meeting

    m, _items = _meeting(server.su, ADMIN)
    sup = server.login("ducha")
    d = _add(sup, SUPERVISOR, m, date(2024, 5, 31))
    item = commands.item_from_decision(sup, SUPERVISOR, d.id, responsible_person="王强")
    commands.record_report(sup, SUPERVISOR, item.id, received_on=TODAY, text="已落实", today=TODAY)
    closed = commands.close_item(
        sup, SUPERVISOR, item.id, done=True, closed_on=TODAY, evidence="凭证"
    )
    assert closed.status == "done"
    refused(sup, "DELETE FROM supervision_item")
    refused(sup, "DELETE FROM supervision_report")

    secret_meeting = plan(
        server.su, ADMIN, day=date(2024, 4, 26), confidential=True, demo_fill=False
    )
    secret = _add(server.su, ADMIN, secret_meeting, date(2024, 5, 31), content="口岸安保方案")
    hidden = commands.item_from_decision(server.su, ADMIN, secret.id, responsible_person="王强")
    commands.record_report(
        server.su, ADMIN, hidden.id, received_on=TODAY, text="涉密反馈", today=TODAY
    )
    clerk = server.login("wenmi")
    assert scalar(clerk, "SELECT count(*) FROM supervision_item") == 1
    assert scalar(clerk, "SELECT count(*) FROM supervision_report") == 1
    assert (
        scalar(
            clerk,
            "SELECT count(*) FROM audit_entry WHERE table_name = 'supervision_item' "
            "AND record_id = :i",
            {"i": hidden.id},
        )
        == 0
    )
    jiyao = server.login("jiyao")
    assert scalar(jiyao, "SELECT count(*) FROM supervision_item") == 2
    with server.su.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM supervision_report")).scalar() == 2
    result = maintenance.check(server.su)
    assert result.ok, result.problems
