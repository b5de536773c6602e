"""Password cost: new hashes at scrypt N=2**17, cheaper (older) hashes rewritten at the next
successful sign-in and recorded in the audit chain, a wrong password rewrites nothing, and a failed
sign-in costs the same scrypt work whether the name is unknown, current or not yet upgraded."""

from __future__ import annotations

import hashlib
import json
import secrets

import pytest
from sqlalchemy import select

from db.models import Account, AuditEntry
from desktop_app.services.system import accounts, maintenance, passwords
from desktop_app.services.system.accounts import AuthError

PASSWORD = "tongjiang-2018"


def _stored(db, username: str) -> str:
    with db.read() as s:
        return s.scalar(select(Account.password_hash).where(Account.username == username))


def _account_updates(db) -> list[dict]:
    with db.read() as s:
        rows = s.scalars(
            select(AuditEntry).where(
                AuditEntry.table_name == "account", AuditEntry.action == "update"
            )
        ).all()
        return [json.loads(e.after_json) for e in rows]


def _legacy_hash(password: str, n: int) -> str:
    """A hash as the first releases wrote it (N=2**14, default maxmem)."""
    salt = secrets.token_bytes(16)
    key = hashlib.scrypt(password.encode(), salt=salt, n=n, r=8, p=1, dklen=32)
    return f"scrypt${n}$8$1${salt.hex()}${key.hex()}"


def test_production_cost_is_n_2_17_and_verifies(monkeypatch):
    monkeypatch.delenv(passwords.COST_ENV, raising=False)
    stored = passwords.hash_password(PASSWORD)
    assert stored.startswith("scrypt$131072$8$1$")
    assert passwords.verify_password(PASSWORD, stored)
    assert not passwords.verify_password(PASSWORD + "x", stored)
    assert not passwords.needs_upgrade(stored)


def test_a_legacy_2_14_hash_verifies_at_production_cost_and_needs_upgrade(monkeypatch):
    monkeypatch.delenv(passwords.COST_ENV, raising=False)
    legacy = _legacy_hash(PASSWORD, 2**14)
    assert passwords.verify_password(PASSWORD, legacy)
    assert passwords.needs_upgrade(legacy)


@pytest.mark.parametrize("value", ["512", "3000", "262144", "abc", ""])
def test_a_test_cost_outside_the_allowed_range_falls_back_to_production(monkeypatch, value):
    monkeypatch.setenv(passwords.COST_ENV, value)
    assert passwords.current_n() == passwords.PRODUCTION_N


def test_new_hashes_use_the_current_cost(db, monkeypatch):
    monkeypatch.setenv(passwords.COST_ENV, "2048")
    accounts.create_first_admin(db, "admin", "管理员", PASSWORD)
    assert _stored(db, "admin").startswith("scrypt$2048$8$1$")


def test_an_older_hash_signs_in_and_is_rewritten_at_the_current_cost(db, monkeypatch):
    monkeypatch.setenv(passwords.COST_ENV, "1024")
    accounts.create_first_admin(db, "admin", "管理员", PASSWORD)
    old = _stored(db, "admin")
    monkeypatch.setenv(passwords.COST_ENV, "4096")  # the release raised the cost

    user = accounts.authenticate(db, "admin", PASSWORD)

    assert user.username == "admin"
    new = _stored(db, "admin")
    assert new != old and new.startswith("scrypt$4096$8$1$")
    assert passwords.verify_password(PASSWORD, new)
    # Recorded like any account change, by digest only; the chain and the replay still agree.
    digests = [u["password_hash"] for u in _account_updates(db) if "password_hash" in u]
    assert digests == ["sha256:" + hashlib.sha256(new.encode()).hexdigest()]
    assert maintenance.check(db).problems == []
    # The next sign-in finds nothing to upgrade.
    accounts.authenticate(db, "admin", PASSWORD)
    assert _stored(db, "admin") == new


def test_a_wrong_password_does_not_rewrite_an_older_hash(db, monkeypatch):
    monkeypatch.setenv(passwords.COST_ENV, "1024")
    accounts.create_first_admin(db, "admin", "管理员", PASSWORD)
    old = _stored(db, "admin")
    monkeypatch.setenv(passwords.COST_ENV, "4096")

    with pytest.raises(AuthError):
        accounts.authenticate(db, "admin", PASSWORD + "x")

    assert _stored(db, "admin") == old
    assert not any("password_hash" in u for u in _account_updates(db))


def test_an_inactive_account_with_the_right_password_is_not_rewritten(db, admin, monkeypatch):
    monkeypatch.setenv(passwords.COST_ENV, "1024")
    accounts.create_first_admin(db, "admin", "管理员", PASSWORD)
    clerk = accounts.create_account(db, admin, "wenmi", "文秘甲", PASSWORD, "clerk")
    accounts.update_account(
        db, admin, clerk.id, clerk.version, display_name="文秘甲", role="clerk", active=False
    )
    old = _stored(db, "wenmi")
    monkeypatch.setenv(passwords.COST_ENV, "4096")

    with pytest.raises(AuthError):
        accounts.authenticate(db, "wenmi", PASSWORD)

    assert _stored(db, "wenmi") == old


def test_legacy_hash_at_production_cost_is_upgraded_on_sign_in(sqlite_db, monkeypatch):
    """The real upgrade: a 2**14 hash of the first releases becomes a 2**17 one."""
    accounts.create_first_admin(sqlite_db, "admin", "管理员", PASSWORD)
    with sqlite_db.uow("admin") as s:  # through the app, as an older release would have saved it
        s.scalar(select(Account)).password_hash = _legacy_hash(PASSWORD, 2**14)
    monkeypatch.delenv(passwords.COST_ENV, raising=False)

    accounts.authenticate(sqlite_db, "admin", PASSWORD)

    assert _stored(sqlite_db, "admin").startswith("scrypt$131072$8$1$")


def _work_of_failed_sign_in(db, monkeypatch, username: str) -> int:
    spent: list[int] = []
    real = passwords._scrypt

    def counting(password, salt, n, r, p, dklen):
        spent.append(n * r * p)
        return real(password, salt, n, r, p, dklen)

    monkeypatch.setattr(passwords, "_scrypt", counting)
    with pytest.raises(AuthError):
        accounts.authenticate(db, username, "wrong-password")
    monkeypatch.setattr(passwords, "_scrypt", real)
    return sum(spent)


def test_a_failed_sign_in_costs_the_same_work_for_unknown_current_and_older_hashes(
    db, admin, monkeypatch
):
    monkeypatch.setenv(passwords.COST_ENV, "1024")
    accounts.create_first_admin(db, "admin", "管理员", PASSWORD)
    accounts.create_account(db, admin, "old", "旧账户", PASSWORD, "clerk")
    monkeypatch.setenv(passwords.COST_ENV, "8192")
    accounts.create_account(db, admin, "new", "新账户", PASSWORD, "clerk")

    unknown = _work_of_failed_sign_in(db, monkeypatch, "nobody")
    current = _work_of_failed_sign_in(db, monkeypatch, "new")
    older = _work_of_failed_sign_in(db, monkeypatch, "old")

    assert unknown == current == older == 8192 * 8
