"""Sign-in back-off after repeated failures (known and unknown names alike), failures in the
audit chain, and a window whose account was deactivated or demoted since sign-in stops writing:
each write re-reads the account. Both engines."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from db.base import utcnow
from db.models import AuditEntry
from desktop_app.services.directory import commands as directory
from desktop_app.services.system import accounts
from desktop_app.services.system.accounts import AuthError, backoff_seconds
from desktop_app.services.system.common import CurrentUser, PermissionDenied

ADMIN = CurrentUser("admin", "管理员", "admin")


@pytest.fixture
def office(db):
    accounts.create_first_admin(db, "admin", "管理员", "first-pass-123")
    clerk = accounts.create_account(db, ADMIN, "wenmi", "文秘甲", "clerk-pass-123", "clerk")
    return clerk


def _version(db, username: str) -> int:
    return next(a.version for a in accounts.list_accounts(db) if a.username == username)


def _fail(db, name: str, now) -> str:
    with pytest.raises(AuthError) as e:
        accounts.authenticate(db, name, "wrong-password", now=now)
    return e.value.message


def test_backoff_grows_after_five_failures_and_caps():
    assert [backoff_seconds(n) for n in (4, 5, 6, 7)] == [0, 30, 60, 120]
    assert backoff_seconds(40) == 15 * 60


@pytest.mark.parametrize("name", ["wenmi", "nobody"], ids=["known name", "unknown name"])
def test_five_failures_then_the_name_waits_even_with_the_right_password(db, office, name):
    now = utcnow()
    for i in range(5):
        assert _fail(db, name, now + timedelta(seconds=i)) == "用户名或密码错误，或账户已停用。"
    # The sixth attempt inside the wait is refused unheard — the same for a name that exists
    # and one that does not, so the lockout reveals nothing.
    assert _fail(db, name, now + timedelta(seconds=10)) == "登录失败次数过多，请于1分钟后再试。"
    if name == "wenmi":
        with pytest.raises(AuthError):
            accounts.authenticate(db, "wenmi", "clerk-pass-123", now=now + timedelta(seconds=20))
        # That attempt counted too (7 failures: 120 s from it); after the wait the right
        # password signs in and clears the count.
        later = now + timedelta(seconds=20 + 121)
        assert accounts.authenticate(db, "wenmi", "clerk-pass-123", now=later).role == "clerk"
        assert _fail(db, "wenmi", later) == "用户名或密码错误，或账户已停用。"
    with db.read() as s:
        logged = s.scalars(
            select(AuditEntry.action).where(AuditEntry.table_name == "sign_in")
        ).all()
    assert logged.count("failed") >= 5 and "locked" in logged


def test_a_deactivated_account_cannot_keep_writing_from_an_open_window(db, office):
    clerk = accounts.authenticate(db, "wenmi", "clerk-pass-123")
    directory.save_person(db, clerk, name="张三")
    accounts.update_account(
        db,
        ADMIN,
        office.id,
        _version(db, "wenmi"),
        display_name="文秘甲",
        role="clerk",
        active=False,
    )
    with pytest.raises(PermissionDenied) as e:
        directory.save_person(db, clerk, name="李四")
    assert "已被停用" in e.value.message
    assert [p.name for p in directory.list_persons(db)] == ["张三"]


def test_a_demoted_account_loses_what_its_new_role_does_not_grant(db, office):
    clerk = accounts.authenticate(db, "wenmi", "clerk-pass-123")
    accounts.update_account(
        db,
        ADMIN,
        office.id,
        _version(db, "wenmi"),
        display_name="文秘甲",
        role="readonly",
        active=True,
    )
    with pytest.raises(PermissionDenied) as e:
        directory.save_person(db, clerk, name="李四")
    assert "角色已改为「只读」" in e.value.message and "请重新登录" in e.value.message
    assert directory.list_persons(db) == []


def test_an_account_still_allowed_keeps_working(db, office):
    clerk = accounts.authenticate(db, "wenmi", "clerk-pass-123")
    accounts.update_account(
        db,
        ADMIN,
        office.id,
        _version(db, "wenmi"),
        display_name="文秘甲",
        role="confidential",
        active=True,
    )  # 机要 still keeps records
    assert directory.save_person(db, clerk, name="李四").name == "李四"
