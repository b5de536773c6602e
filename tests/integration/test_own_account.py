"""The signed-in account's own (desktop_app.services.system.own_account): changing its password
— the old one always asked for, an administrator's too — and whether it still stands as at
sign-in (the window's re-check). On SQLite and PostgreSQL; the server with each account's own
login at the end."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.models import Account
from desktop_app.services.system import accounts, own_account
from desktop_app.services.system.accounts import AuthError
from desktop_app.services.system.common import PermissionDenied, ValidationError
from tests.integration.server_roles_support import (
    CLERK,
    PASSWORDS,
    scalar,
    server_fixture,  # noqa: F401 - the `server` fixture
)

PASSWORD = "tongjiang-2018"
NEW = "new-password-1"


@pytest.fixture
def first_admin(db):
    return accounts.create_first_admin(db, "admin", "管理员", PASSWORD)


def _hash(db, username: str) -> str:
    with db.read() as s:
        return s.scalar(select(Account.password_hash).where(Account.username == username))


def _version(db, username: str) -> int:
    return next(a.version for a in accounts.list_accounts(db) if a.username == username)


def _signs_in(db, username: str, password: str) -> bool:
    try:
        accounts.authenticate(db, username, password)
    except AuthError:
        return False
    return True


def test_a_clerk_changes_his_own_password_only_with_the_old_one(db, admin, first_admin):
    accounts.create_account(db, admin, "wenmi", "文秘甲", PASSWORD, "clerk")
    me = accounts.authenticate(db, "wenmi", PASSWORD)
    before = _hash(db, "wenmi")
    with pytest.raises(AuthError, match="原密码错误"):
        own_account.change_own_password(db, me, "wrong-one-1", NEW)
    with pytest.raises(ValidationError, match="至少 8 位"):
        own_account.change_own_password(db, me, PASSWORD, "short")
    assert _hash(db, "wenmi") == before  # nothing changed
    assert _signs_in(db, "wenmi", PASSWORD) and not _signs_in(db, "wenmi", NEW)

    own_account.change_own_password(db, me, PASSWORD, NEW)
    assert _signs_in(db, "wenmi", NEW)
    assert not _signs_in(db, "wenmi", PASSWORD)
    assert _signs_in(db, "admin", PASSWORD)  # nobody else's changed


def test_an_administrator_changing_his_own_password_must_give_the_old_one(db, admin, first_admin):
    """The service lets an administrator reset anyone else's password without theirs, but not
    his own: a window left signed in must not let a passer-by take the account."""
    other = accounts.create_account(db, admin, "wenmi", "文秘甲", PASSWORD, "clerk")
    with pytest.raises(AuthError, match="原密码错误"):
        accounts.set_password(db, admin, first_admin.id, NEW)
    with pytest.raises(AuthError, match="原密码错误"):
        own_account.change_own_password(db, admin, "wrong-one-1", NEW)
    assert _signs_in(db, "admin", PASSWORD) and not _signs_in(db, "admin", NEW)

    accounts.set_password(db, admin, other.id, NEW)  # someone else's: no old password needed
    assert _signs_in(db, "wenmi", NEW)
    own_account.change_own_password(db, admin, PASSWORD, NEW)
    assert _signs_in(db, "admin", NEW) and not _signs_in(db, "admin", PASSWORD)


def test_a_demoted_account_still_changes_its_own_password(db, admin, first_admin):
    """Changing one's own password needs no permission: what an earlier service of the same
    worker thread relied on (here: 登记台账, as a save does) is not asked of it. A deactivated
    account may not."""
    mine = accounts.create_account(db, admin, "wenmi", "文秘甲", PASSWORD, "clerk")
    me = accounts.authenticate(db, "wenmi", PASSWORD)
    accounts.update_account(
        db,
        admin,
        mine.id,
        _version(db, "wenmi"),
        display_name="文秘甲",
        role="readonly",
        active=True,
    )
    # The window, still holding 文秘, relied on it in a service (a list, a save) on its worker.
    assert me.can("records")
    own_account.change_own_password(db, me, PASSWORD, NEW)
    assert _signs_in(db, "wenmi", NEW)

    accounts.update_account(
        db,
        admin,
        mine.id,
        _version(db, "wenmi"),
        display_name="文秘甲",
        role="readonly",
        active=False,
    )
    with pytest.raises(PermissionDenied, match="已被停用"):
        own_account.change_own_password(db, me, NEW, "third-password")


def test_the_window_learns_its_account_was_demoted_or_deactivated(db, admin, first_admin):
    j = accounts.create_account(db, admin, "jiyao", "机要员", PASSWORD, "confidential")
    me = accounts.authenticate(db, "jiyao", PASSWORD)
    assert own_account.change_since_sign_in(db, me) is None
    accounts.update_account(
        db, admin, j.id, _version(db, "jiyao"), display_name="机要员", role="clerk", active=True
    )
    assert own_account.change_since_sign_in(db, me) == "此账户的角色已改为「文秘」，请重新登录。"
    again = accounts.authenticate(db, "jiyao", PASSWORD)  # signed in again: as it is now
    assert own_account.change_since_sign_in(db, again) is None
    accounts.update_account(
        db, admin, j.id, _version(db, "jiyao"), display_name="机要员", role="clerk", active=False
    )
    assert own_account.change_since_sign_in(db, me).startswith("此账户已被管理员停用")


def test_own_login_on_the_server_changes_with_the_password_and_reads_its_standing(server):
    """Each account its own server login: a wrong old password changes neither the account nor
    the login; the right one changes both; the clerk's login may read its role and state."""
    clerk = server.login("wenmi")
    with pytest.raises(AuthError, match="原密码错误"):
        own_account.change_own_password(clerk, CLERK, "wrong-one-1", NEW)
    clerk.engine.dispose()  # new connections: with the login's password as it stands
    assert scalar(clerk, "SELECT fuban_caller_account()") == "wenmi"
    assert own_account.change_since_sign_in(clerk, CLERK) is None

    own_account.change_own_password(clerk, CLERK, PASSWORDS["wenmi"], NEW)
    clerk.engine.dispose()
    assert scalar(clerk, "SELECT fuban_caller_account()") == "wenmi"  # signs in with the new one
    assert _signs_in(server.su, "wenmi", NEW) and not _signs_in(
        server.su, "wenmi", PASSWORDS["wenmi"]
    )
