"""The sign-in's password check runs outside any transaction: another clerk saving meanwhile is
not held up (SQLite's single write lock), and an account that changes during the check (a new
password, deactivation, failures from elsewhere) is read again and decided again, never judged
on the stale read. The writer test runs on SQLite, where the lock is; the rest on both engines."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

import db.engine as engine_module
from db.base import utcnow
from db.engine import Database
from db.models import AuditEntry, SignInAttempt
from desktop_app.services.directory import commands as directory
from desktop_app.services.system import accounts
from desktop_app.services.system.accounts import AuthError
from desktop_app.services.system.common import CurrentUser

ADMIN = CurrentUser("admin", "管理员", "admin")
WRONG = "用户名或密码错误，或账户已停用。"


def _office(db) -> int:
    accounts.create_first_admin(db, "admin", "管理员", "first-pass-123")
    return accounts.create_account(db, ADMIN, "wenmi", "文秘甲", "clerk-pass-123", "clerk").id


def _during_first_check(monkeypatch, action):
    """Run `action` inside the first password check (once), then let the check finish."""
    real = accounts.verify_password
    calls = []

    def verify(password: str, stored: str) -> bool:
        calls.append(password)
        if len(calls) == 1:
            action()
        return real(password, stored)

    monkeypatch.setattr(accounts, "verify_password", verify)
    return calls


def test_another_writer_saves_while_a_sign_in_checks_its_password(sqlite_db, monkeypatch):
    _office(sqlite_db)
    # A writer still blocked by the sign-in gives up after 2 s instead of 30 s.
    monkeypatch.setattr(engine_module, "WRITE_WAIT_SECONDS", 2.0)
    checking, release = threading.Event(), threading.Event()
    real = accounts.verify_password

    def slow_verify(password: str, stored: str) -> bool:
        checking.set()
        release.wait(60)  # held until the other writer has saved
        return real(password, stored)

    monkeypatch.setattr(accounts, "verify_password", slow_verify)
    result: dict[str, object] = {}

    def sign_in() -> None:
        try:
            result["user"] = accounts.authenticate(sqlite_db, "wenmi", "clerk-pass-123")
        except Exception as exc:  # reported by the assertions below
            result["error"] = exc

    thread = threading.Thread(target=sign_in)
    thread.start()
    try:
        assert checking.wait(60)
        # A second connection pool on the same file, as another clerk's program would have.
        other = Database(str(sqlite_db.engine.url))
        try:
            saved = directory.save_person(other, ADMIN, name="张三")
            assert not release.is_set() and thread.is_alive()  # the check is still running
        finally:
            other.dispose()
    finally:
        release.set()
        thread.join(60)
    assert saved.name == "张三"
    assert "error" not in result, result.get("error")
    assert result["user"] == CurrentUser("wenmi", "文秘甲", "clerk")
    assert [p.name for p in directory.list_persons(sqlite_db)] == ["张三"]


def test_a_password_changed_during_the_check_refuses_the_old_one(db, monkeypatch):
    clerk_id = _office(db)
    calls = _during_first_check(
        monkeypatch, lambda: accounts.set_password(db, ADMIN, clerk_id, "new-pass-4567")
    )
    with pytest.raises(AuthError) as e:
        accounts.authenticate(db, "wenmi", "clerk-pass-123")
    assert e.value.message == WRONG
    assert len(calls) == 2  # the old hash matched, the row had changed: checked again
    with db.read() as s:
        assert s.get(SignInAttempt, "wenmi").failures == 1
        account = next(a for a in accounts.list_accounts(db) if a.username == "wenmi")
        assert account.last_login_at is None
    assert accounts.authenticate(db, "wenmi", "new-pass-4567").username == "wenmi"


def test_the_new_password_typed_during_its_change_signs_in(db, monkeypatch):
    clerk_id = _office(db)
    calls = _during_first_check(
        monkeypatch, lambda: accounts.set_password(db, ADMIN, clerk_id, "new-pass-4567")
    )
    # Checked first against the old hash (no match); the failure is not written against a row
    # that changed, the new hash is read and matches.
    assert accounts.authenticate(db, "wenmi", "new-pass-4567").role == "clerk"
    assert len(calls) == 2
    with db.read() as s:
        assert s.get(SignInAttempt, "wenmi") is None
        failed = s.scalars(
            select(AuditEntry.action).where(AuditEntry.table_name == "sign_in")
        ).all()
    assert failed == []


def test_an_account_deactivated_during_the_check_is_refused(db, monkeypatch):
    clerk_id = _office(db)

    def deactivate() -> None:
        version = next(a.version for a in accounts.list_accounts(db) if a.id == clerk_id)
        accounts.update_account(
            db, ADMIN, clerk_id, version, display_name="文秘甲", role="clerk", active=False
        )

    _during_first_check(monkeypatch, deactivate)
    with pytest.raises(AuthError) as e:
        accounts.authenticate(db, "wenmi", "clerk-pass-123")
    assert e.value.message == WRONG
    account = next(a for a in accounts.list_accounts(db) if a.id == clerk_id)
    assert account.last_login_at is None and not account.active


def test_failures_counted_during_the_check_put_the_right_password_in_back_off(db, monkeypatch):
    _office(db)
    now = utcnow()

    def five_failures() -> None:
        for i in range(5):
            with pytest.raises(AuthError):
                accounts.authenticate(db, "wenmi", "wrong-password", now=now + timedelta(seconds=i))

    _during_first_check(monkeypatch, five_failures)
    with pytest.raises(AuthError) as e:
        accounts.authenticate(db, "wenmi", "clerk-pass-123", now=now + timedelta(seconds=10))
    assert e.value.message == "登录失败次数过多，请于1分钟后再试。"
    with db.read() as s:
        assert s.get(SignInAttempt, "wenmi").failures == 6
        logged = s.scalars(
            select(AuditEntry.action).where(AuditEntry.table_name == "sign_in")
        ).all()
    assert logged.count("failed") == 5 and logged.count("locked") == 1
