"""Roles enforced by the PostgreSQL server (issue 13, item 3): connected as a clerk's own login,
whatever SQL he sends, the server refuses deleting register rows, rewriting the audit chain,
changing a number once given, reading password hashes or classified rows, and making himself an
administrator — while the app's own services keep working on the same logins. PostgreSQL only."""

from __future__ import annotations

import base64
from datetime import date, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from db import migrate, server_roles
from db.server_logins import scram_verifier
from desktop_app.formatting import CHINA
from desktop_app.services.directory import commands as directory
from desktop_app.services.documents import incoming
from desktop_app.services.system import accounts, server_setup
from desktop_app.services.system.common import PermissionDenied, ValidationError
from tests.integration.server_roles_support import (
    ADMIN,
    CLERK,
    JIYAO,
    PASSWORDS,
    READER,
    SUPERVISOR,
    server_fixture,  # noqa: F401 - the `server` fixture
)

T = date(2026, 3, 2)


def reg(db, user=CLERK, **kw) -> incoming.IncomingDTO:
    args = dict(
        received_at=datetime(2026, 3, 2, 9, tzinfo=CHINA),
        sender="佳木斯市人民政府办公室",
        title="关于做好春耕生产的通知",
        doc_type="通知",
        nature="action",
    )
    return incoming.register_document(db, user, **(args | kw))


def refused(db, sql: str, params: dict | None = None) -> str:
    """Run `sql` as the login of `db`; it must be refused for lack of privilege. Returns the
    server's message."""
    with pytest.raises(DBAPIError) as e, db.engine.begin() as conn:
        conn.execute(text(sql), params or {})
    assert e.value.orig.sqlstate == "42501", e.value
    return str(e.value.orig)


def scalar(db, sql: str, params: dict | None = None):
    with db.engine.begin() as conn:
        return conn.execute(text(sql), params or {}).scalar()


def roles_check(db) -> list[str]:
    """`server check` without its pg_hba.conf findings (those depend on the test server's
    configuration; test_check_reports_network_rules_without_passwords covers them)."""
    return [p for p in server_setup.check(db) if not p.startswith("pg_hba.conf")]


def test_check_reports_network_rules_without_passwords(server):
    rules = scalar(
        server.su,
        "SELECT count(*) FROM pg_hba_file_rules WHERE error IS NULL AND "
        "type LIKE 'host%' AND auth_method IN ('trust', 'password') AND "
        "(database && ARRAY['all', 'sameuser', 'samerole', current_database()::text])",
    )
    reported = [p for p in server_setup.check(server.su) if p.startswith("pg_hba.conf")]
    assert len(reported) == rules
    assert server_setup.check(server.login("admin")) == []  # rules unreadable: nothing claimed


def test_init_is_idempotent_and_check_reports_what_is_missing(server):
    assert roles_check(server.su) == []
    with server.su.engine.begin() as conn:  # a second init changes nothing
        server_roles.apply(conn, server_roles.RoleNames(server.prefix))
    assert roles_check(server.su) == []
    clerk = server_roles.RoleNames(server.prefix).clerk
    with server.su.engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE incoming_document DISABLE ROW LEVEL SECURITY")
        conn.exec_driver_sql(f'GRANT DELETE ON seal_use TO "{clerk}"')
        conn.exec_driver_sql("CREATE TABLE later_table (id integer primary key)")  # an upgrade
    found = roles_check(server.su)
    assert any("incoming_document 未启用行级安全" in p for p in found)
    assert any("可以删除表 seal_use" in p for p in found)
    assert any("later_table" in p for p in found)
    with server.su.engine.begin() as conn:
        server_roles.apply(conn, server_roles.RoleNames(server.prefix))
    assert roles_check(server.su) == []


def test_check_on_a_server_without_init_says_so(db):
    if db.dialect != "postgresql":
        assert server_setup.check(db) == []
        return
    assert "fuban server init" in server_setup.check(db)[0]


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


def test_clerk_cannot_read_password_hashes_but_lists_accounts(server):
    clerk = server.login("wenmi")
    refused(clerk, "SELECT password_hash FROM account")
    refused(clerk, "SELECT * FROM account")
    assert {a.username for a in accounts.list_accounts(clerk)} == {
        "admin",
        "wenmi",
        "jiyao",
        "chakan",
        "ducha",
    }
    assert scalar(clerk, "SELECT fuban_own_password_hash()").startswith("$argon2id$")
    admin = server.login("admin")  # an administrator's backups hold the hashes
    assert scalar(admin, "SELECT count(password_hash) FROM account") == 5


def test_clerk_cannot_make_himself_administrator(server):
    clerk = server.login("wenmi")
    me = next(a for a in accounts.list_accounts(clerk) if a.username == "wenmi")
    refused(clerk, "UPDATE account SET role = 'admin' WHERE username = 'wenmi'")
    refused(clerk, "UPDATE account SET password_hash = 'x' WHERE username = 'admin'")
    assert "管理员" in refused(
        clerk,
        "SELECT fuban_account_update(:i, NULL, '文秘甲', 'admin', true, 'admin')",
        {"i": me.id},
    )
    refused(clerk, "SELECT fuban_account_create('mole', 'x', 'admin', 'x', NULL, 'admin')")
    refused(clerk, "SELECT fuban_sync_login('wenmi', 'admin', true, NULL)")
    login = server_roles.RoleNames(server.prefix).login("wenmi")
    admin_group = server_roles.RoleNames(server.prefix).admin
    refused(clerk, f'GRANT "{admin_group}" TO "{login}"')
    with pytest.raises(PermissionDenied):  # the service refuses before the server is asked
        accounts.update_account(
            clerk, CLERK, me.id, me.version, display_name="文秘甲", role="admin", active=True
        )
    # an administrator may, through the function: the login joins the administrators' group
    admin = server.login("admin")
    changed = accounts.update_account(
        admin, ADMIN, me.id, me.version, display_name="文秘甲", role="admin", active=True
    )
    assert changed.role == "admin" and changed.version == me.version + 1
    assert scalar(server.su, "SELECT pg_has_role(:l, :g, 'MEMBER')", {"l": login, "g": admin_group})


def test_last_administrator_rule_holds_on_the_server(server):
    admin = server.login("admin")
    me = next(a for a in accounts.list_accounts(admin) if a.username == "admin")
    with pytest.raises(ValidationError):  # the app's own refusal
        accounts.update_account(
            admin, ADMIN, me.id, me.version, display_name="管理员", role="clerk", active=True
        )
    assert "最后一个管理员" in refused(
        admin, "SELECT fuban_account_update(:i, NULL, '管理员', 'clerk', true, NULL)", {"i": me.id}
    )


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


def test_clerk_login_may_not_upgrade_the_schema(server, monkeypatch):
    clerk = server.login("wenmi")
    monkeypatch.setattr(migrate, "HEAD", "9999")  # as if this build brought a new migration
    monkeypatch.setattr(migrate, "KNOWN_REVISIONS", (*migrate.KNOWN_REVISIONS, "9999"))
    with pytest.raises(migrate.SchemaUpgradeRefused) as e:
        migrate.check_may_upgrade(clerk)
    assert "fuban db upgrade" in e.value.message
    migrate.check_may_upgrade(server.su)  # the superuser (or owner) may


def test_login_password_is_stored_as_the_scram_verifier_of_the_password(server):
    login = server_roles.RoleNames(server.prefix).login("wenmi")
    stored = scalar(server.su, "SELECT rolpassword FROM pg_authid WHERE rolname = :l", {"l": login})
    head, _keys = stored.split("$", 2)[1:]
    iterations, salt = head.split(":")
    assert stored == scram_verifier(PASSWORDS["wenmi"], base64.b64decode(salt), int(iterations))
    assert stored != scram_verifier("another-password", base64.b64decode(salt), int(iterations))
    # a password changed in the app changes the login's too, and only the account itself or an
    # administrator may change it
    clerk = server.login("wenmi")
    me = next(a for a in accounts.list_accounts(clerk) if a.username == "wenmi")
    accounts.set_password(clerk, CLERK, me.id, "wenmi-pass-2", old_password=PASSWORDS["wenmi"])
    stored = scalar(server.su, "SELECT rolpassword FROM pg_authid WHERE rolname = :l", {"l": login})
    salt = base64.b64decode(stored.split("$")[1].split(":")[1])
    assert stored == scram_verifier("wenmi-pass-2", salt)
    sent: list[str] = []  # the window's next connections sign in with the new password
    from sqlalchemy import event

    event.listen(
        clerk.engine, "do_connect", lambda _d, _r, _a, params: sent.append(params.get("password"))
    )
    clerk.engine.dispose()
    assert scalar(clerk, "SELECT fuban_caller_account()") == "wenmi"
    assert sent == ["wenmi-pass-2"]
    admin_id = next(a.id for a in accounts.list_accounts(clerk) if a.username == "admin")
    assert "他人的密码" in refused(
        clerk, "SELECT fuban_account_set_password(:i, 'x', NULL, 'admin')", {"i": admin_id}
    )


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


def test_demoting_or_deactivating_changes_the_login_at_once_and_check_replays_it(server):
    from desktop_app.services.system import maintenance

    names = server_roles.RoleNames(server.prefix)
    login = names.login("jiyao")
    admin = server.login("admin")
    j = next(a for a in accounts.list_accounts(admin) if a.username == "jiyao")
    assert scalar(server.su, "SELECT pg_has_role(:l, :g, 'MEMBER')", {"l": login, "g": names.jiyao})
    j = accounts.update_account(
        admin, ADMIN, j.id, j.version, display_name="机要员", role="clerk", active=True
    )
    assert not scalar(
        server.su, "SELECT pg_has_role(:l, :g, 'MEMBER')", {"l": login, "g": names.jiyao}
    )
    accounts.update_account(
        admin, ADMIN, j.id, j.version, display_name="机要员", role="clerk", active=False
    )
    assert not scalar(
        server.su, "SELECT rolcanlogin FROM pg_roles WHERE rolname = :l", {"l": login}
    )
    result = maintenance.check(server.su)  # the functions' changes are in the audit as app writes
    assert result.ok, result.problems


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


def test_upgrade_by_the_superuser_reapplies_the_grants_to_what_it_adds(server):
    """A database set up at an older schema (0014: no keyed_from yet) and upgraded: the new
    column is granted in the same transaction, and a clerk's login then keys the chain."""
    import uuid

    from db.engine import Database
    from tests.conftest import _pg_exec, _pg_url

    name = f"fuban_up_{uuid.uuid4().hex[:10]}"
    _pg_exec(f'CREATE DATABASE "{name}"')
    old = Database(_pg_url(name))
    try:
        migrate.upgrade(old, target="0014")
        with old.engine.begin() as conn:
            server_roles.apply(conn, server_roles.RoleNames(server.prefix))
        accounts.create_account(old, ADMIN, "wenmi", "文秘甲", PASSWORDS["wenmi"], "clerk")
        migrate.upgrade(old)
        assert roles_check(old) == []
        clerk = Database(server_roles_login_url(old.url, server.prefix), audit_key=b"k" * 32)
        try:
            assert reg(clerk).number == "收文〔2026〕1号"  # the first keyed write sets keyed_from
            assert scalar(clerk, "SELECT keyed_from FROM audit_head") > 0
        finally:
            clerk.dispose()
    finally:
        old.dispose()
        _pg_exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_roles_login_url(url: str, prefix: str) -> str:
    from db.server_logins import login_url

    return login_url(url, "wenmi", PASSWORDS["wenmi"], prefix)


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
