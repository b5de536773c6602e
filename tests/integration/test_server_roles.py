"""Roles enforced by the PostgreSQL server (issue 13, item 3): connected as a clerk's own login,
whatever SQL he sends, the server refuses deleting register rows, rewriting the audit chain,
changing a number once given and reading classified rows — while the app's own services keep
working on the same logins. PostgreSQL only."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from db import server_roles
from desktop_app.services.directory import commands as directory
from desktop_app.services.documents import incoming
from desktop_app.services.system import accounts, server_setup
from tests.integration.server_roles_support import (
    ADMIN,
    CLERK,
    JIYAO,
    PASSWORDS,
    READER,
    SUPERVISOR,
    refused,
    reg,
    scalar,
    server_fixture,  # noqa: F401 - the `server` fixture
)

T = date(2026, 3, 2)


def test_clerk_cannot_delete_register_rows_or_touch_the_audit(server):
    clerk = server.login("wenmi")
    d = reg(clerk)
    assert d.number == "收文〔2026〕1号"
    refused(clerk, "DELETE FROM incoming_document")
    refused(clerk, "DELETE FROM person")
    refused(clerk, "UPDATE audit_entry SET actor = 'someone'")
    refused(clerk, "DELETE FROM audit_entry")
    refused(clerk, "DELETE FROM audit_head")
    last = scalar(clerk, "SELECT last_seq FROM audit_head")
    assert "链尾" in refused(
        clerk,
        "INSERT INTO audit_entry (seq, at, actor, table_name, record_id,"
        " action, before_json, after_json, prev_hash, hash) VALUES (1, "
        "now(), 'x', 'x', 1, 'x', '', '', '', '')",
    )
    assert "前移" in refused(
        clerk, "UPDATE audit_head SET last_seq = :s, last_hash = :h", {"s": last - 1, "h": "0" * 64}
    )
    refused(
        clerk, "UPDATE audit_head SET last_seq = :s, last_hash = :h", {"s": last, "h": "f" * 64}
    )
    # created_by / created_at are never updated by the app: no grant at all
    refused(clerk, "UPDATE incoming_document SET created_by = 'jiyao'")
    # the number given at registration stays; a voided record stays voided
    assert "编号" in refused(clerk, "UPDATE incoming_document SET seq = 7")
    incoming.void_document(
        clerk, CLERK, d.id, "重复登记", incoming.get_document(clerk, CLERK, d.id).version
    )
    assert "作废" in refused(clerk, "UPDATE incoming_document SET voided_at = NULL")
    # counters move by one only (db.sequences.allocate)
    refused(clerk, "UPDATE sequence_counter SET last_value = 0")
    refused(clerk, "INSERT INTO sequence_counter (name, last_value) VALUES ('doc:x', 5)")
    assert scalar(clerk, "SELECT count(*) FROM incoming_document") == 1


def test_classified_rows_only_for_jiyao_and_admin_logins(server):
    clerk, jiyao, admin = server.login("wenmi"), server.login("jiyao"), server.login("admin")
    secret = reg(
        jiyao,
        JIYAO,
        secrecy="机密",
        secrecy_term="10年",
        copies=1,
        copy_numbers="003",
        title="机密的通知",
    )
    unit = directory.save_unit(server.su, ADMIN, name="农业农村局", kind="department").id
    secret = incoming.propose(jiyao, JIYAO, secret.id, "转农业农村局办理。", secret.version)
    incoming.route(
        jiyao,
        JIYAO,
        secret.id,
        to="department",
        lead_unit_id=unit,
        deadline=date(2026, 3, 20),
        today=T,
        expected_version=secret.version,
    )
    incoming.record_reading(jiyao, JIYAO, secret.id, read_on=T, opinion="已阅", unit_id=unit)
    # the chain's last entry is about a classified record: a clerk still finds the tip and saves
    reg(clerk, title="公开的通知")
    for sql in (
        "SELECT count(*) FROM incoming_document WHERE secrecy <> ''",
        "SELECT count(*) FROM document_search WHERE secrecy <> ''",
        "SELECT count(*) FROM incoming_reading",
    ):  # its reading record too
        assert scalar(clerk, sql) == 0
        assert scalar(jiyao, sql) == 1
        assert scalar(admin, sql) == 1
    assert scalar(clerk, "SELECT count(*) FROM incoming_document") == 1
    # the audit chain does not tell a clerk what the classified record says
    leak = "SELECT count(*) FROM audit_entry WHERE after_json LIKE '%机密的通知%'"
    assert scalar(clerk, leak) == 0 and scalar(jiyao, leak) >= 1
    assert [d.title for d in incoming.list_documents(clerk, CLERK)] == ["公开的通知"]
    assert len(incoming.list_documents(jiyao, JIYAO)) == 2
    # nor can a clerk write a classified row, or turn one he sees into one he cannot
    with pytest.raises(DBAPIError):
        with clerk.engine.begin() as conn:
            conn.execute(text("UPDATE incoming_document SET secrecy = '秘密'"))
    assert scalar(clerk, "SELECT count(*) FROM incoming_document WHERE secrecy = ''") == 1


# --- the allowed path: the app's services on the clerks' own logins ------------------------------


def test_services_work_on_the_logins_and_check_passes(server, tmp_path):
    from db.server_logins import login_url
    from desktop_app import config
    from desktop_app.services import demo
    from desktop_app.services.directory import commands as directory
    from desktop_app.services.system import maintenance
    from tests.integration import test_absences as absence
    from tests.integration.test_meeting_plan import Gov
    from tests.integration.test_outgoing_support import Org, issued

    # signing in connects as the account's own login (and keys the audit chain on first use)
    clerk, user = server_setup.open_as_clerk(server.url, "wenmi", PASSWORDS["wenmi"], server.prefix)
    server.opened.append(clerk)
    assert user == CLERK
    assert scalar(clerk, "SELECT current_user") == server_roles.RoleNames(server.prefix).login(
        "wenmi"
    )
    with pytest.raises(accounts.AuthError):
        server_setup.open_as_clerk(server.url, "wenmi", "wrong-password", server.prefix)
    server.su.set_audit_key(config.read_audit_key())  # the chain is keyed now
    demo.fill(server.su, ADMIN, today=T)
    org = Org(clerk)
    out = issued(clerk, org)  # a 发文, numbered by the allocator on the clerk's login
    assert out.number.endswith("1号"), out.number
    assert "编号" in refused(
        clerk, "UPDATE outgoing_document SET seq = 7 WHERE id = :i", {"i": out.id}
    )
    refused(clerk, "DELETE FROM outgoing_document")
    gov = Gov(
        {p.name: p.id for p in directory.list_persons(clerk)},
        {u.name: u.id for u in directory.list_units(clerk)},
    )
    away = absence.approve_all(clerk, absence.file(clerk, gov, "孙立新"))
    assert away.status == "approved"
    assert reg(clerk).number == "收文〔2026〕1号"
    admin = server.login("admin")
    admin.set_audit_key(config.read_audit_key())
    manifest = maintenance.backup(admin, tmp_path / "备份.zip")
    assert manifest["tables"]["account"] == 5 and manifest["tables"]["outgoing_document"] == 1
    result = maintenance.check(server.su)
    assert result.ok, result.problems
    # no clerk's login may replace every row; the superuser (SERVER.md) restores, guards and all
    with pytest.raises(DBAPIError):
        maintenance.restore(admin, tmp_path / "备份.zip", tmp_path / "safety")
    reg(clerk)  # written after the backup: gone after the restore
    maintenance.restore(server.su, tmp_path / "备份.zip", tmp_path / "safety")
    assert scalar(clerk, "SELECT count(*) FROM incoming_document") == 1
    assert maintenance.check(server.su).ok
    assert reg(clerk).number == "收文〔2026〕2号"
    assert login_url(server.url, "wenmi", "x", server.prefix) != server.url


def test_seal_use_on_a_clerks_login(server):
    from dataclasses import replace

    from tests.integration.seals_support import build_world

    world = replace(build_world(server.su, ADMIN), db=server.login("wenmi"))
    app = world.apply()
    app = world.approve(app.id, "vice_mayor", world.vm, opinion="同意")
    use = world.use(app.id)
    assert (use.year, use.seq) == (2026, 1)
    refused(world.db, "UPDATE seal_use SET seq = 2")
    refused(world.db, "DELETE FROM seal_application")


def test_readonly_login_reads_and_signs_in_but_writes_nothing(server):
    reg(server.login("wenmi"))
    reader, user = server_setup.open_as_clerk(
        server.url, "chakan", PASSWORDS["chakan"], server.prefix
    )
    server.opened.append(reader)
    assert user == READER  # signing in wrote its own bookkeeping (last sign-in, audit)
    assert len(incoming.list_documents(reader, READER)) == 1
    refused(
        reader,
        "INSERT INTO person (name, phone, note, created_at, created_by, updated_at, "
        "updated_by, version) VALUES ('某人', '', '', now(), 'x', now(), 'x', 1)",
    )
    refused(reader, "UPDATE incoming_document SET title = '改'")
    refused(reader, "UPDATE sequence_counter SET last_value = last_value + 1")
    # organisation settings are an administrator's, even for a clerk who keeps records
    refused(
        server.login("wenmi"),
        "INSERT INTO org_setting (key, value_json, created_at, "
        "created_by, updated_at, updated_by, version) VALUES ('k', '1', now(), 'x', now(), "
        "'x', 1)",
    )


def test_supervisor_login_follows_up_decisions_and_writes_nothing_else(server):
    from desktop_app.services.meetings import decisions
    from tests.integration.test_decisions import TODAY, _add, _meeting

    m, _items = _meeting(server.su, ADMIN)
    sup = server.login("ducha")
    d = _add(sup, SUPERVISOR, m, date(2024, 6, 30))  # 督办: recorded on the supervisor's login
    done = decisions.report_done(
        sup, SUPERVISOR, d.id, reported_on=TODAY, report="已落实。", expected_version=d.version
    )
    assert done.status == "done"
    refused(sup, "UPDATE meeting SET title = '改'")
    refused(
        sup,
        "INSERT INTO person (name, phone, note, created_at, created_by, updated_at, "
        "updated_by, version) VALUES ('某人', '', '', now(), 'x', now(), 'x', 1)",
    )
    refused(sup, "DELETE FROM decision")


def test_an_administrator_continues_numbering_from_paper_on_own_logins_a_clerk_cannot(server):
    """编号续接 on the shared server with each clerk's own login: the administrator raises a
    counter to the last number used on paper (a jump the counter guard lets only administrators
    make, and only upwards); a clerk's login may still only move a counter by one."""
    from desktop_app.services.system import numbering

    admin = server.login("admin")
    numbering.set_last_on_paper(admin, ADMIN, "incoming:2026", 812)
    assert numbering.get_sequence(admin, "incoming:2026").last_used == 812
    clerk = server.login("wenmi")
    assert reg(clerk).number == "收文〔2026〕813号"
    assert "逐一递增" in refused(clerk, "UPDATE sequence_counter SET last_value = 900")
    assert "逐一递增" in refused(admin, "UPDATE sequence_counter SET last_value = 5")


def test_an_administrator_imports_a_ledger_on_own_logins_and_numbering_goes_on(server, tmp_path):
    """Going live on the shared server: the administrator's login imports the year's 收文 ledger
    (records, provenance, audit, the counter raised past the imported numbers); a clerk then
    registers the next number."""
    from desktop_app.services.documents.import_incoming import SPEC
    from desktop_app.services.system import ledger_import as li
    from tests.integration.import_support import write_ledger
    from tests.integration.test_import_incoming import HEADERS, _row

    admin = server.login("admin")
    path = write_ledger(tmp_path / "收文台账.xlsx", HEADERS, [_row(n) for n in range(1, 6)])
    assert li.import_file(admin, ADMIN, SPEC, path).count == 5
    clerk = server.login("wenmi")
    assert reg(clerk).number == "收文〔2026〕6号"
