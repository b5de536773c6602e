"""Accounts: first administrator, sign-in, password rules, the last-administrator guard, roles."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from db.models import Account
from desktop_app.services.system import accounts
from desktop_app.services.system.accounts import AuthError
from desktop_app.services.system.common import PermissionDenied, ValidationError
from tests.two_threads import lined_up

PASSWORD = "tongjiang-2018"


@pytest.fixture
def first_admin(db):
    return accounts.create_first_admin(db, "admin", "管理员", PASSWORD)


def _count(db) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(Account)))


def _stored_hash(db, username: str) -> str:
    with db.read() as s:
        return s.scalar(select(Account.password_hash).where(Account.username == username))


def test_first_admin_can_be_created_only_once(db):
    assert not accounts.has_accounts(db)
    created = accounts.create_first_admin(db, "admin", "管理员", PASSWORD)
    assert (created.username, created.role, created.active) == ("admin", "admin", True)
    assert accounts.has_accounts(db)

    with pytest.raises(ValidationError, match="已有账户"):
        accounts.create_first_admin(db, "admin2", "另一个", PASSWORD)
    assert _count(db) == 1


def test_authenticate_returns_the_signed_in_user_and_records_the_time(db, first_admin):
    user = accounts.authenticate(db, " admin ", PASSWORD)
    assert (user.username, user.display_name, user.role) == ("admin", "管理员", "admin")
    [a] = accounts.list_accounts(db)
    assert a.last_login_at is not None


def test_wrong_password_and_unknown_user_get_the_same_message(db, first_admin):
    with pytest.raises(AuthError) as wrong_password:
        accounts.authenticate(db, "admin", PASSWORD + "x")
    with pytest.raises(AuthError) as unknown_user:
        accounts.authenticate(db, "nobody", PASSWORD)
    with pytest.raises(AuthError) as empty:
        accounts.authenticate(db, "", "")
    assert wrong_password.value.message == unknown_user.value.message == empty.value.message
    [a] = accounts.list_accounts(db)
    assert a.last_login_at is None  # nothing recorded for failed attempts


def test_inactive_account_is_refused_with_the_same_message(db, admin, first_admin):
    accounts.create_account(db, admin, "wenmi", "文秘甲", PASSWORD, "clerk")
    assert accounts.authenticate(db, "wenmi", PASSWORD).role == "clerk"
    [clerk] = [a for a in accounts.list_accounts(db) if a.username == "wenmi"]
    accounts.update_account(
        db, admin, clerk.id, clerk.version, display_name="文秘甲", role="clerk", active=False
    )
    with pytest.raises(AuthError) as err:
        accounts.authenticate(db, "wenmi", PASSWORD)
    with pytest.raises(AuthError) as unknown:
        accounts.authenticate(db, "nobody", PASSWORD)
    assert err.value.message == unknown.value.message


def test_password_shorter_than_eight_is_refused(db, admin, first_admin):
    with pytest.raises(ValidationError, match="至少 8 位"):
        accounts.create_account(db, admin, "wenmi", "文秘甲", "1234567", "clerk")
    with pytest.raises(ValidationError, match="至少 8 位"):
        accounts.set_password(db, admin, first_admin.id, "short")
    assert _count(db) == 1
    assert accounts.authenticate(db, "admin", PASSWORD)
    created = accounts.create_account(db, admin, "wenmi", "文秘甲", "12345678", "clerk")
    assert created.username == "wenmi"


def test_first_admin_with_a_short_password_saves_nothing(db):
    with pytest.raises(ValidationError):
        accounts.create_first_admin(db, "admin", "管理员", "short")
    assert _count(db) == 0


def test_last_admin_cannot_be_demoted_or_deactivated(db, admin, first_admin):
    for role, active in (("clerk", True), ("admin", False), ("readonly", False)):
        with pytest.raises(ValidationError, match="最后一个管理员"):
            accounts.update_account(
                db,
                admin,
                first_admin.id,
                first_admin.version,
                display_name="管理员",
                role=role,
                active=active,
            )
    [a] = accounts.list_accounts(db)
    assert (a.role, a.active, a.version) == ("admin", True, first_admin.version)


def test_admin_can_be_demoted_once_a_second_admin_exists(db, admin, first_admin):
    accounts.create_account(db, admin, "admin2", "第二管理员", PASSWORD, "admin")
    demoted = accounts.update_account(
        db,
        admin,
        first_admin.id,
        first_admin.version,
        display_name="管理员",
        role="clerk",
        active=True,
    )
    assert demoted.role == "clerk"
    [second] = [a for a in accounts.list_accounts(db) if a.username == "admin2"]
    with pytest.raises(ValidationError, match="最后一个管理员"):
        accounts.update_account(
            db,
            admin,
            second.id,
            second.version,
            display_name="第二管理员",
            role="admin",
            active=False,
        )


def test_clerk_cannot_create_accounts(db, clerk, first_admin):
    with pytest.raises(PermissionDenied, match="无权"):
        accounts.create_account(db, clerk, "wenmi2", "文秘乙", PASSWORD, "clerk")
    with pytest.raises(PermissionDenied):
        accounts.update_account(
            db,
            clerk,
            first_admin.id,
            first_admin.version,
            display_name="x",
            role="clerk",
            active=True,
        )
    assert _count(db) == 1


def test_duplicate_username_and_unknown_role_are_refused(db, admin, first_admin):
    with pytest.raises(ValidationError, match="已存在"):
        accounts.create_account(db, admin, "admin", "重名", PASSWORD, "clerk")
    with pytest.raises(ValidationError, match="角色"):
        accounts.create_account(db, admin, "boss", "老板", PASSWORD, "superuser")
    assert _count(db) == 1


def test_stored_hash_is_argon2id_and_does_not_contain_the_password(db, first_admin):
    stored = _stored_hash(db, "admin")
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    again = accounts.hash_password(PASSWORD)
    assert again != stored  # salted
    assert accounts.verify_password(PASSWORD, stored)
    assert not accounts.verify_password(PASSWORD + "x", stored)


def test_set_password_replaces_the_hash(db, admin, first_admin):
    before = _stored_hash(db, "admin")
    # his own: with the old one, an administrator's too (test_own_account.py)
    accounts.set_password(db, admin, first_admin.id, "new-password-1", old_password=PASSWORD)
    assert _stored_hash(db, "admin") != before
    with pytest.raises(AuthError):
        accounts.authenticate(db, "admin", PASSWORD)
    assert accounts.authenticate(db, "admin", "new-password-1").username == "admin"


def test_clerk_changes_own_password_only_with_the_old_one(db, admin, first_admin):
    mine = accounts.create_account(db, admin, "wenmi", "文秘甲", PASSWORD, "clerk")
    me = accounts.authenticate(db, "wenmi", PASSWORD)
    with pytest.raises(AuthError, match="原密码错误"):
        accounts.set_password(db, me, mine.id, "new-password-1", old_password="wrong-one")
    with pytest.raises(PermissionDenied):
        accounts.set_password(db, me, first_admin.id, "new-password-1")
    assert accounts.authenticate(db, "admin", PASSWORD).role == "admin"
    accounts.set_password(db, me, mine.id, "new-password-1", old_password=PASSWORD)
    assert accounts.authenticate(db, "wenmi", "new-password-1").username == "wenmi"


def test_two_admins_demoting_each_other_at_once_leave_one_admin(db, admin, first_admin):
    """Write skew: each transaction counts two admins, then each demotes a different one."""
    second = accounts.create_account(db, admin, "admin2", "第二管理员", PASSWORD, "admin")
    # Each transaction is held right after it counted the admins.
    _, errors = lined_up(
        db.engine,
        lambda sql: "account.role =" in sql,
        [
            lambda t=t: accounts.update_account(
                db,
                admin,
                t.id,
                t.version,
                display_name=t.display_name,
                role="clerk",
                active=True,
            )
            for t in (first_admin, second)
        ],
    )

    admins = [a for a in accounts.list_accounts(db) if a.role == "admin" and a.active]
    assert len(admins) == 1
    assert len(errors) == 1
