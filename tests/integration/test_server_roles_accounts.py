"""Accounts on the server's roles (issue 13, item 3): a clerk's login may not read password
hashes or make himself an administrator, the last administrator stays one, and a password, role
or deactivation changed in the app changes the account's own login at once. PostgreSQL only."""

from __future__ import annotations

import base64

import pytest

from db import server_roles
from db.server_logins import scram_verifier
from desktop_app.services.system import accounts
from desktop_app.services.system.common import PermissionDenied, ValidationError
from tests.integration.server_roles_support import (
    ADMIN,
    CLERK,
    PASSWORDS,
    refused,
    scalar,
    server_fixture,  # noqa: F401 - the `server` fixture
)


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
