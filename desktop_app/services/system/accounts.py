"""Accounts and roles: password hashes (Argon2id, passwords.py), sign-in, and the
last-administrator guard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from db.audit import append_entries
from db.base import utcnow
from db.engine import Database
from db.errors import FubanError, StaleRecordError
from db.locks import insert_if_missing
from db.models import Account, SignInAttempt
from desktop_app.services.system import accounts_server as server
from desktop_app.services.system.common import (
    ROLES,
    CurrentUser,
    ValidationError,
    forget_checks,
    get_existing,
    load_for_update,
    require,
    required_text,
)
from desktop_app.services.system.passwords import (
    RELEASED_SCRYPT_WORK,
    dummy_hash,
    hash_password,
    legacy_ceiling,
    needs_upgrade,
    pad_failed_check,
    verify_password,
)

MIN_PASSWORD = 8


class AuthError(FubanError):
    pass


@dataclass(frozen=True)
class AccountDTO:
    id: int
    version: int
    username: str
    display_name: str
    role: str
    role_name: str
    active: bool
    last_login_at: datetime | None


def _dto(a: Account) -> AccountDTO:
    return AccountDTO(
        a.id,
        a.version,
        a.username,
        a.display_name,
        a.role,
        ROLES.get(a.role, a.role),
        a.active,
        a.last_login_at,
    )


def _check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise ValidationError(f"密码至少 {MIN_PASSWORD} 位。")


def has_accounts(db: Database) -> bool:
    with db.read() as s:
        return bool(s.scalar(select(func.count()).select_from(Account)))


def create_first_admin(db: Database, username: str, display_name: str, password: str) -> AccountDTO:
    """First start: the only way to create an account without signing in."""
    with db.uow(username) as s:
        if s.scalar(select(func.count()).select_from(Account)):
            raise ValidationError("已有账户，不能再次初始化管理员。")
        return _create(s, username, display_name, password, "admin")


def _create(s, username: str, display_name: str, password: str, role: str) -> AccountDTO:
    username = required_text(username, "用户名", 64)
    if role not in ROLES:
        raise ValidationError("请选择角色。")
    _check_password(password)
    if s.scalar(select(Account.id).where(Account.username == username)):
        raise ValidationError(f"用户名「{username}」已存在。")
    display_name = (display_name or username).strip()
    if server.active(s):  # the server's account function creates the row and the login
        new_id = server.create(
            s,
            s.info.get("actor", "system"),
            username,
            display_name,
            role,
            hash_password(password),
            password,
        )
        return _dto(s.get(Account, new_id))
    account = Account(
        username=username,
        display_name=display_name,
        role=role,
        password_hash=hash_password(password),
        active=True,
    )
    s.add(account)
    s.flush()
    return _dto(account)


def create_account(
    db: Database, user: CurrentUser, username: str, display_name: str, password: str, role: str
) -> AccountDTO:
    require(user, "admin")
    with db.uow(user.username) as s:
        return _create(s, username, display_name, password, role)


# Back-off (issue: no lockout): after FREE_FAILURES consecutive failures for a user name, each
# further attempt waits BACKOFF_FIRST seconds, doubling per failure up to BACKOFF_MAX.
FREE_FAILURES = 5
BACKOFF_FIRST = 30
BACKOFF_MAX = 15 * 60


def backoff_seconds(failures: int) -> int:
    """How long after the last failure the next attempt is refused unheard."""
    if failures < FREE_FAILURES:
        return 0
    return min(BACKOFF_FIRST * 2 ** (failures - FREE_FAILURES), BACKOFF_MAX)


def wait_left(s, name: str, now: datetime) -> int:
    row = s.get(SignInAttempt, name)
    if row is None or row.last_failed_at is None:
        return 0
    until = row.last_failed_at + timedelta(seconds=backoff_seconds(row.failures))
    return max(0, int((until - now).total_seconds() + 0.999))


class _AccountChanged(Exception):
    """The account row read before the password check changed before the result was written."""


class _NowWaiting(Exception):
    """Failures counted during the password check put the name in back-off: refused unheard."""

    def __init__(self, wait: int):
        super().__init__(wait)
        self.wait = wait


def _legacy_ceiling(s) -> int:
    """The scrypt work of the dearest scrypt hash any account still holds (0: none left)."""
    hashes = s.scalars(select(Account.password_hash).where(Account.password_hash.like("scrypt$%")))
    return legacy_ceiling(hashes)


def _account_seen(s, name: str) -> tuple[int, int] | None:
    row = s.execute(select(Account.id, Account.version).where(Account.username == name)).first()
    return (row[0], row[1]) if row is not None else None


def _record_failure(
    db: Database,
    name: str,
    account_id: int | None,
    now: datetime,
    refused_unheard: bool,
    seen: tuple[int, int] | None = None,
) -> None:
    """Count the failure (a refused attempt during the wait counts too) and put it in the audit
    chain, in its own transaction: the sign-in itself is refused and rolled back. After a
    password check (`refused_unheard` False) the account must still be as `seen` then, or
    _AccountChanged is raised and nothing is written."""
    with db.uow(name or "anonymous") as s:
        if not refused_unheard and _account_seen(s, name) != seen:
            raise _AccountChanged()
        s.info["sign_in"] = True  # bookkeeping of a refused sign-in, whoever the name belongs to
        insert_if_missing(s, SignInAttempt, {"username": name, "failures": 0}, ["username"])
        row = get_existing(s, SignInAttempt, name, with_for_update=True)  # inserted just above
        row.failures += 1
        row.last_failed_at = now
        append_entries(
            s,
            name or "anonymous",
            [
                (
                    "sign_in",
                    account_id or 0,
                    "locked" if refused_unheard else "failed",
                    {},
                    {"username": name, "failures": row.failures},
                )
            ],
        )


def _refuse_unheard(db: Database, name: str, account_id: int | None, now: datetime, wait: int):
    _record_failure(db, name, account_id, now, refused_unheard=True)
    minutes = (wait + 59) // 60
    return AuthError(f"登录失败次数过多，请于{minutes}分钟后再试。")


# A sign-in whose account changes during its password check reads it again and decides again;
# an account changing under every one of these attempts is refused as a stale record.
SIGN_IN_ROUNDS = 5


def authenticate(
    db: Database, username: str, password: str, now: datetime | None = None
) -> CurrentUser:
    """Sign in. A wrong name and a wrong password get the same message (no hint which). After
    FREE_FAILURES failures in a row the name must wait, longer each time; every failure is in
    the audit chain. Unknown names are counted the same way, so a lockout reveals nothing.

    The password check (Argon2id, some tens of ms) runs outside any transaction: the account
    and its hash are read in a read transaction, and only the outcome is written (failure count
    and audit entry, or last sign-in, a cleared count and the rehash of an older hash), after
    checking that the account row is still the one read (its version); if it changed meanwhile
    (a new password, deactivation, a new account of that name) the sign-in reads and decides
    again."""
    # No account name holds NUL or a lone surrogate (creation refuses them), and the database
    # cannot take either even in a query: such a name is simply one that does not exist.
    name = (username or "").strip()[:64].replace("\x00", "\ufffd")
    name = name.encode("utf-8", "replace").decode("utf-8")
    now = now or utcnow()
    for _ in range(SIGN_IN_ROUNDS):
        with db.read() as s:
            wait = wait_left(s, name, now)
            seen = _account_seen(s, name)
            account_id = seen[0] if seen else None
            stored = ceiling = None
            if not wait:
                # On a server with enforced roles a clerk's login reads only its own hash.
                on_server = server.active(s)
                if on_server:
                    stored = server.stored_hash(s, name) if seen is not None else None
                    ceiling = RELEASED_SCRYPT_WORK  # other accounts' hashes are not readable
                else:
                    if seen is not None:
                        stored = s.scalar(
                            select(Account.password_hash).where(Account.id == seen[0])
                        )
                    ceiling = _legacy_ceiling(s)
        if wait:
            raise _refuse_unheard(db, name, account_id, now, wait)
        # An unknown name costs the same work, so timing does not reveal which exist.
        stored = stored or dummy_hash()
        ok = verify_password(password or "", stored) and seen is not None
        if not ok:
            # Every failure costs the same, whether the name is unknown or its account still
            # holds the dearer scrypt hash of an earlier release.
            pad_failed_check(stored, ceiling or 0)
        # The password is known only now: a scrypt hash or one of another cost is rewritten at
        # today's (its work done here too, before the write transaction).
        new_hash = hash_password(password) if ok and needs_upgrade(stored) else None
        try:
            if seen is not None and ok:
                try:
                    user = _signed_in(db, name, seen, now, new_hash, password)
                except _NowWaiting as waiting:
                    raise _refuse_unheard(db, name, account_id, now, waiting.wait) from None
                if user is not None:
                    return user
            _record_failure(db, name, account_id, now, refused_unheard=False, seen=seen)
            raise AuthError("用户名或密码错误，或账户已停用。")
        except (_AccountChanged, StaleRecordError):
            continue
    raise StaleRecordError()


def _signed_in(
    db: Database,
    name: str,
    seen: tuple[int, int],
    now: datetime,
    new_hash: str | None,
    password: str,
) -> CurrentUser | None:
    """Write a successful password check: None if the account is inactive (a failure to count),
    _AccountChanged if the row is no longer the one checked, _NowWaiting if failures counted
    meanwhile put the name in back-off."""
    with db.uow(name) as s:
        # Checked here (inactive: the message every failure gets), not by the check each save
        # makes of a signed-in window (common._account_still_allows), which words it otherwise.
        s.info["sign_in"] = True
        account = s.get(Account, seen[0])
        if account is None or (account.id, account.version) != seen or account.username != name:
            raise _AccountChanged()
        if not account.active:
            return None
        wait = wait_left(s, name, now)
        if wait:
            raise _NowWaiting(wait)
        account.last_login_at = now  # the version guards this write against a change since
        if new_hash is not None:
            # Recorded in the audit chain like any change to the account (as a digest, never
            # the value).
            if server.active(s):
                s.flush()  # last_login_at first: the function moves the row's version on
                server.set_password(s, name, account.id, new_hash, password)
            else:
                account.password_hash = new_hash
        attempts = s.get(SignInAttempt, name)
        if attempts is not None:
            s.delete(attempts)
        forget_checks()  # what an earlier sign-in of this thread relied on no longer counts
        return CurrentUser(account.username, account.display_name, account.role)


def list_accounts(db: Database) -> list[AccountDTO]:
    with db.read() as s:
        return [_dto(a) for a in s.scalars(select(Account).order_by(Account.username))]


def _active_admins(s) -> int:
    """Count active administrators, locking their rows: two admins demoting each other at the
    same moment are then checked one after the other, and the second sees the first's change."""
    stmt = (
        select(Account.id)
        .where(Account.role == "admin", Account.active.is_(True))
        .with_for_update()
    )
    return len(s.scalars(stmt).all())


def update_account(
    db: Database,
    user: CurrentUser,
    account_id: int,
    expected_version: int,
    *,
    display_name: str,
    role: str,
    active: bool,
) -> AccountDTO:
    require(user, "admin")
    if role not in ROLES:
        raise ValidationError("请选择角色。")
    with db.uow(user.username) as s:
        a = load_for_update(s, Account, account_id, expected_version)
        losing_admin = a.role == "admin" and a.active and (role != "admin" or not active)
        if losing_admin and _active_admins(s) <= 1:
            raise ValidationError(
                "这是最后一个管理员账户，不能停用或降为其他角色。请先指定另一位管理员。"
            )
        display_name = required_text(display_name, "姓名", 64)
        if server.active(s):  # through the server's account function (and the login's groups)
            server.update(
                s,
                user.username,
                account_id,
                expected_version,
                {"display_name": a.display_name, "role": a.role, "active": a.active},
                {"display_name": display_name, "role": role, "active": active},
            )
            s.refresh(a)
            return _dto(a)
        a.display_name = display_name
        a.role = role
        a.active = active
        s.flush()
        return _dto(a)


def set_password(
    db: Database,
    user: CurrentUser,
    account_id: int,
    new_password: str,
    old_password: str | None = None,
) -> None:
    """An administrator resets anyone else's password; one's own — an administrator's too —
    changes only with the old one (a window left signed in must not give its account away)."""
    _check_password(new_password)
    own_login = False
    with db.uow(user.username) as s:
        a = load_for_update(s, Account, account_id, None)
        own = a.username == user.username
        if own:  # needs no permission: what an earlier service relied on is not asked again
            forget_checks()
        else:
            require(user, "admin")
        on_server = server.active(s)
        if own:
            stored = server.stored_hash(s, a.username) if on_server else a.password_hash
            if not verify_password(old_password or "", stored or dummy_hash()):
                raise AuthError("原密码错误。")
        if on_server:  # the server's function sets the login's password as well
            server.set_password(s, user.username, a.id, hash_password(new_password), new_password)
            own_login = server.is_own_login(s, a.username)
        else:
            a.password_hash = hash_password(new_password)
    if own_login:  # this window's next connections sign in with the new password
        db.set_login_password(new_password)
