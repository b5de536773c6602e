"""The signed-in account's own: changing its password (账户 → 修改密码), and whether the account
still stands as it did at sign-in (the window's re-check, ui.account_watch)."""

from __future__ import annotations

from sqlalchemy import select

from db.engine import Database
from db.errors import NotFoundError
from db.models import Account
from desktop_app.services.system import accounts
from desktop_app.services.system.common import ROLES, CurrentUser

_STANDING = select(Account.role, Account.active)  # built once: a window asks every minute


def change_own_password(
    db: Database, user: CurrentUser, old_password: str, new_password: str
) -> None:
    """The signed-in account changes its own password; the old one is always asked for, an
    administrator's too (accounts.set_password). On a server with own logins the account's
    login changes with it, and this window's next connections use the new password."""
    with db.read() as s:
        account_id = s.scalar(select(Account.id).where(Account.username == user.username))
    if account_id is None:
        raise NotFoundError("找不到当前登录的账户，请重新登录。")
    accounts.set_password(db, user, account_id, new_password, old_password)


def change_since_sign_in(db: Database, user: CurrentUser) -> str | None:
    """Why the window signed in as `user` must sign in again — the account was deactivated or
    its role changed since — as the message the clerk is shown; None while it stands as it was.

    One small read. An account that is not there (never, but for the built-in "system" user:
    accounts are deactivated, not deleted) has nothing to compare, as the check each save makes
    (common._account_still_allows)."""
    with db.read() as s:
        row = s.execute(_STANDING.where(Account.username == user.username)).first()
    if row is None:
        return None
    if not row.active:
        return "此账户已被管理员停用。如需继续使用，请联系管理员。"
    if row.role != user.role:
        return f"此账户的角色已改为「{ROLES.get(row.role, row.role)}」，请重新登录。"
    return None
