"""Password cost: new hashes are Argon2id at m=24 MiB, t=3, p=1; the scrypt hashes of earlier
releases still verify and are rewritten as Argon2id at the next successful sign-in (recorded in
the audit chain); a wrong password rewrites nothing; and a failed sign-in costs the same work —
counted, not timed — whether the name is unknown, holds a current hash or a scrypt hash."""

from __future__ import annotations

import hashlib
import json
import secrets

import pytest
from argon2 import extract_parameters
from sqlalchemy import select

from db.models import Account, AuditEntry
from desktop_app.services.system import accounts, maintenance, passwords
from desktop_app.services.system.accounts import AuthError
from tests.integration.server_roles_support import server_fixture  # noqa: F401 - `server`

PASSWORD = "tongjiang-2018"
PRODUCTION_PREFIX = "$argon2id$v=19$m=24576,t=3,p=1$"


def _stored(db, username: str) -> str:
    with db.read() as s:
        return s.scalar(select(Account.password_hash).where(Account.username == username))


def _put_hash(db, username: str, stored: str) -> None:
    """As an earlier release would have saved it: through the app's unit of work."""
    with db.uow("admin") as s:
        s.scalar(select(Account).where(Account.username == username)).password_hash = stored


def _account_updates(db) -> list[dict]:
    with db.read() as s:
        rows = s.scalars(
            select(AuditEntry).where(
                AuditEntry.table_name == "account", AuditEntry.action == "update"
            )
        ).all()
        return [json.loads(e.after_json) for e in rows]


def _scrypt_hash(password: str, n: int) -> str:
    """A hash as earlier releases wrote it (the first N=2**14, the last N=2**17)."""
    salt = secrets.token_bytes(16)
    key = hashlib.scrypt(password.encode(), salt=salt, n=n, r=8, p=1, dklen=32, maxmem=2**28)
    return f"scrypt${n}$8$1${salt.hex()}${key.hex()}"


def test_production_cost_is_argon2id_m_24_mib_t_3_p_1_and_verifies(monkeypatch):
    monkeypatch.delenv(passwords.COST_ENV, raising=False)
    stored = passwords.hash_password(PASSWORD)
    assert stored.startswith(PRODUCTION_PREFIX)
    params = extract_parameters(stored)
    assert (params.salt_len, params.hash_len) == (16, 32)
    assert passwords.verify_password(PASSWORD, stored)
    assert not passwords.verify_password(PASSWORD + "x", stored)
    assert not passwords.needs_upgrade(stored)
    assert passwords.hash_password(PASSWORD) != stored  # a new salt each time


@pytest.mark.parametrize("n", [2**10, 2**14])
def test_scrypt_hashes_of_earlier_releases_verify_and_need_upgrade(monkeypatch, n):
    monkeypatch.delenv(passwords.COST_ENV, raising=False)
    legacy = _scrypt_hash(PASSWORD, n)
    assert passwords.verify_password(PASSWORD, legacy)
    assert not passwords.verify_password(PASSWORD + "x", legacy)
    assert passwords.needs_upgrade(legacy)


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "plain",
        "scrypt$2097152$8$1$" + "00" * 16 + "$" + "00" * 32,  # N beyond what is read
        "$argon2id$v=19$m=4194304,t=3,p=1$" + "A" * 22 + "$" + "A" * 43,  # 4 GiB
        "$argon2id$v=19$m=24576,t=99,p=1$" + "A" * 22 + "$" + "A" * 43,
        "$argon2i$v=19$m=24576,t=3,p=1$" + "A" * 22 + "$" + "A" * 43,  # not Argon2id
        "$argon2id$v=19$m=24576,t=3,p=1$not-base64!$x",
    ],
)
def test_unusable_stored_hashes_are_refused_unread(stored):
    assert not passwords.verify_password(PASSWORD, stored)
    assert not passwords.needs_upgrade(stored)


@pytest.mark.parametrize("value", ["32", "24577", "1000000", "abc", ""])
def test_a_test_cost_outside_the_allowed_range_falls_back_to_production(monkeypatch, value):
    monkeypatch.setenv(passwords.COST_ENV, value)
    assert passwords.current_m() == passwords.PRODUCTION_M


def test_new_hashes_use_the_current_cost(db, monkeypatch):
    monkeypatch.setenv(passwords.COST_ENV, "128")
    accounts.create_first_admin(db, "admin", "管理员", PASSWORD)
    assert _stored(db, "admin").startswith("$argon2id$v=19$m=128,t=3,p=1$")


def test_a_scrypt_hash_signs_in_and_is_rewritten_as_argon2id(db, monkeypatch):
    accounts.create_first_admin(db, "admin", "管理员", PASSWORD)
    old = _scrypt_hash(PASSWORD, 2**10)
    _put_hash(db, "admin", old)

    user = accounts.authenticate(db, "admin", PASSWORD)

    assert user.username == "admin"
    new = _stored(db, "admin")
    assert new.startswith("$argon2id$v=19$m=64,t=3,p=1$")
    assert passwords.verify_password(PASSWORD, new)
    # Recorded like any account change, by digest only; the chain and the replay still agree.
    digests = [u["password_hash"] for u in _account_updates(db) if "password_hash" in u]
    assert digests[-1] == "sha256:" + hashlib.sha256(new.encode()).hexdigest()
    assert maintenance.check(db).problems == []
    # The next sign-in finds nothing to upgrade.
    accounts.authenticate(db, "admin", PASSWORD)
    assert _stored(db, "admin") == new


def test_an_argon2id_hash_of_another_cost_is_rewritten_at_todays(db, monkeypatch):
    monkeypatch.setenv(passwords.COST_ENV, "64")
    accounts.create_first_admin(db, "admin", "管理员", PASSWORD)
    old = _stored(db, "admin")
    monkeypatch.setenv(passwords.COST_ENV, "256")  # a release changed the cost

    accounts.authenticate(db, "admin", PASSWORD)

    new = _stored(db, "admin")
    assert new != old and new.startswith("$argon2id$v=19$m=256,t=3,p=1$")


def test_a_wrong_password_does_not_rewrite_a_scrypt_hash(db, monkeypatch):
    accounts.create_first_admin(db, "admin", "管理员", PASSWORD)
    old = _scrypt_hash(PASSWORD, 2**10)
    _put_hash(db, "admin", old)
    updates = len(_account_updates(db))

    with pytest.raises(AuthError):
        accounts.authenticate(db, "admin", PASSWORD + "x")

    assert _stored(db, "admin") == old
    assert len(_account_updates(db)) == updates


def test_an_inactive_account_with_the_right_password_is_not_rewritten(db, admin, monkeypatch):
    accounts.create_first_admin(db, "admin", "管理员", PASSWORD)
    clerk = accounts.create_account(db, admin, "wenmi", "文秘甲", PASSWORD, "clerk")
    accounts.update_account(
        db, admin, clerk.id, clerk.version, display_name="文秘甲", role="clerk", active=False
    )
    old = _scrypt_hash(PASSWORD, 2**10)
    _put_hash(db, "wenmi", old)

    with pytest.raises(AuthError):
        accounts.authenticate(db, "wenmi", PASSWORD)

    assert _stored(db, "wenmi") == old


def test_a_released_scrypt_hash_becomes_argon2id_at_production_cost(sqlite_db, monkeypatch):
    """The real upgrade: an N=2**17 hash of the last scrypt release becomes today's Argon2id."""
    accounts.create_first_admin(sqlite_db, "admin", "管理员", PASSWORD)
    _put_hash(sqlite_db, "admin", _scrypt_hash(PASSWORD, 2**17))
    monkeypatch.delenv(passwords.COST_ENV, raising=False)

    accounts.authenticate(sqlite_db, "admin", PASSWORD)

    assert _stored(sqlite_db, "admin").startswith(PRODUCTION_PREFIX)


class Work:
    """The key-derivation work of the calls made while counting: every Argon2id computation as
    (memory KiB, passes, lanes), and every scrypt run's N (at r=8, p=1)."""

    def __init__(self, monkeypatch):
        self.argon2: list[tuple[int, int, int]] = []
        self.scrypt: list[int] = []
        real_argon2, real_scrypt = passwords._argon2_verify, passwords._scrypt

        def argon2(password, stored):
            p = extract_parameters(stored)
            self.argon2.append((p.memory_cost, p.time_cost, p.parallelism))
            return real_argon2(password, stored)

        def scrypt(password, salt, n, r, p, dklen):
            assert (r, p) == (8, 1)
            self.scrypt.append(n)
            return real_scrypt(password, salt, n, r, p, dklen)

        monkeypatch.setattr(passwords, "_argon2_verify", argon2)
        monkeypatch.setattr(passwords, "_scrypt", scrypt)

    def of_failed_sign_in(self, db, username: str) -> tuple[list, int]:
        self.argon2.clear()
        self.scrypt.clear()
        with pytest.raises(AuthError):
            accounts.authenticate(db, username, "wrong-password")
        return list(self.argon2), sum(self.scrypt)


TODAY = (64, 3, 1)  # the tests' Argon2id cost (tests/conftest.py)


def test_a_failed_sign_in_costs_the_same_work_for_unknown_current_and_scrypt_hashes(
    db, admin, monkeypatch
):
    accounts.create_first_admin(db, "admin", "管理员", PASSWORD)
    for name in ("first", "last"):
        accounts.create_account(db, admin, name, name, PASSWORD, "clerk")
    _put_hash(db, "first", _scrypt_hash(PASSWORD, 2**10))  # as the first releases wrote it
    _put_hash(db, "last", _scrypt_hash(PASSWORD, 2**12))  # the last scrypt release, dearer
    work = Work(monkeypatch)

    failures = {name: work.of_failed_sign_in(db, name) for name in ("nobody", "admin", "first")}
    failures["last"] = work.of_failed_sign_in(db, "last")
    last_runs = list(work.scrypt)

    # One Argon2id check at today's cost and the dearest scrypt hash's work, for every name.
    assert set(map(repr, failures.values())) == {repr(([TODAY], 2**12))}
    assert last_runs == [2**12]  # its own check is all the scrypt work it needs
    # An N=2**10 hash: its own check, then runs doubling up to the ceiling (not many small ones).
    work.of_failed_sign_in(db, "first")
    assert work.scrypt == [2**10, 2**10, 2**11]


def test_once_no_scrypt_hash_is_left_a_failure_costs_one_argon2id_check(db, admin, monkeypatch):
    accounts.create_first_admin(db, "admin", "管理员", PASSWORD)
    accounts.create_account(db, admin, "old", "旧账户", PASSWORD, "clerk")
    _put_hash(db, "old", _scrypt_hash(PASSWORD, 2**11))
    work = Work(monkeypatch)
    assert work.of_failed_sign_in(db, "nobody") == ([TODAY], 2**11)

    accounts.authenticate(db, "old", PASSWORD)  # its hash becomes Argon2id

    for name in ("nobody", "admin", "old"):
        assert work.of_failed_sign_in(db, name) == ([TODAY], 0)


def test_on_a_clerks_own_server_login_failures_are_padded_to_the_released_scrypt_cost(
    server, monkeypatch
):
    """A clerk's own login on the server reads only its own hash, not whether another account
    still holds a scrypt one: every failure there is padded as if one of N=2**17 were left."""
    clerk = server.login("wenmi")
    work = Work(monkeypatch)
    for name in ("wenmi", "nobody"):
        assert work.of_failed_sign_in(clerk, name) == ([TODAY], 2**17)
    assert passwords.legacy_ceiling([_scrypt_hash(PASSWORD, 2**10), None, "x"]) == 2**10 * 8
