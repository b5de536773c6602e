"""Accounts and roles: scrypt password hashes, sign-in, and the last-administrator guard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from db.audit import append_entries
from db.base import utcnow
from db.engine import Database
from db.errors import FubanError
from db.locks import insert_if_missing
from db.models import Account, SignInAttempt
from desktop_app.services.system import accounts_server as server
from desktop_app.services.system.common import (
    ROLES,
    CurrentUser,
    ValidationError,
    get_existing,
    load_for_update,
    require,
    required_text,
)
from desktop_app.services.system.passwords import (
    dummy_hash,
    hash_password,
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


def _wait_left(s, name: str, now: datetime) -> int:
    row = s.get(SignInAttempt, name)
    if row is None or row.last_failed_at is None:
        return 0
    until = row.last_failed_at + timedelta(seconds=backoff_seconds(row.failures))
    return max(0, int((until - now).total_seconds() + 0.999))


def _record_failure(
    db: Database, name: str, account_id: int | None, now: datetime, refused_unheard: bool
) -> None:
    """Count the failure (a refused attempt during the wait counts too) and put it in the audit
    chain, in its own transaction: the sign-in itself is refused and rolled back."""
    with db.uow(name or "anonymous") as s:
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


def authenticate(
    db: Database, username: str, password: str, now: datetime | None = None
) -> CurrentUser:
    """Sign in. A wrong name and a wrong password get the same message (no hint which). After
    FREE_FAILURES failures in a row the name must wait, longer each time; every failure is in
    the audit chain. Unknown names are counted the same way, so a lockout reveals nothing."""
    # No account name holds NUL or a lone surrogate (creation refuses them), and the database
    # cannot take either even in a query: such a name is simply one that does not exist.
    name = (username or "").strip()[:64].replace("\x00", "\ufffd")
    name = name.encode("utf-8", "replace").decode("utf-8")
    now = now or utcnow()
    with db.read() as s:
        wait = _wait_left(s, name, now)
        account_id = s.scalar(select(Account.id).where(Account.username == name))
    if wait:
        _record_failure(db, name, account_id, now, refused_unheard=True)
        minutes = (wait + 59) // 60
        raise AuthError(f"登录失败次数过多，请于{minutes}分钟后再试。")
    try:
        with db.uow(name or "anonymous") as s:
            account = s.scalar(select(Account).where(Account.username == name))
            # On a server with enforced roles a clerk's login reads only its own hash.
            on_server = server.active(s)
            if account is None:
                stored = None
            else:
                stored = server.stored_hash(s, name) if on_server else account.password_hash
            # An unknown name costs the same scrypt work, so timing does not reveal which exist.
            stored = stored or dummy_hash()
            ok = verify_password(password or "", stored) and account is not None
            if not ok:
                pad_failed_check(stored)  # an older, cheaper hash fails as slowly as the rest
            if account is None or not ok or not account.active:
                raise AuthError("用户名或密码错误，或账户已停用。")
            account.last_login_at = now
            if needs_upgrade(stored):
                # The password is known only now: rewrite the hash at today's cost, recorded in
                # the audit chain like any change to the account (as a digest, never the value).
                if on_server:
                    s.flush()  # last_login_at first: the function moves the row's version on
                    server.set_password(s, name, account.id, hash_password(password), password)
                else:
                    account.password_hash = hash_password(password)
            attempts = s.get(SignInAttempt, name)
            if attempts is not None:
                s.delete(attempts)
            return CurrentUser(account.username, account.display_name, account.role)
    except AuthError:
        _record_failure(db, name, account_id, now, refused_unheard=False)
        raise


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
    """An administrator resets anyone's password; everyone else changes their own (old needed)."""
    _check_password(new_password)
    own_login = False
    with db.uow(user.username) as s:
        a = load_for_update(s, Account, account_id, None)
        if a.username != user.username:
            require(user, "admin")
        on_server = server.active(s)
        if a.username == user.username and not user.can("admin"):
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
