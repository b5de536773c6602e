"""`fuban server init` and `server check` (issue 13, item 3): init is idempotent, check reports
what is missing and the network rules that take no password, and only the superuser upgrades the
schema, granting what the upgrade adds. PostgreSQL only (the check of a database without init runs
on SQLite too)."""

from __future__ import annotations

import pytest

from db import migrate, server_roles
from desktop_app.services.system import accounts, server_setup
from tests.integration.server_roles_support import (
    ADMIN,
    PASSWORDS,
    reg,
    scalar,
    server_fixture,  # noqa: F401 - the `server` fixture
)


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


def test_clerk_login_may_not_upgrade_the_schema(server, monkeypatch):
    clerk = server.login("wenmi")
    monkeypatch.setattr(migrate, "HEAD", "9999")  # as if this build brought a new migration
    monkeypatch.setattr(migrate, "KNOWN_REVISIONS", (*migrate.KNOWN_REVISIONS, "9999"))
    with pytest.raises(migrate.SchemaUpgradeRefused) as e:
        migrate.check_may_upgrade(clerk)
    assert "fuban db upgrade" in e.value.message
    migrate.check_may_upgrade(server.su)  # the superuser (or owner) may


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
