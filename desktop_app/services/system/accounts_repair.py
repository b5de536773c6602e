"""The administrator's sign-in of `fuban db repair-audit` while the audit chain's tip is damaged.

Every sign-in is written to the audit chain (accounts.authenticate: the last sign-in, or the
failure counted), and a chain whose tip is damaged takes no write until it is repaired — so the
one command that repairs it could not sign in. This check reads the account and verifies its
password without writing anything; the repair that follows is recorded under the administrator's
name. A refused attempt cannot be counted here (that would be a write), so the name's back-off as
recorded is honoured, and each check costs the same Argon2id work as a sign-in in the window.
"""

from __future__ import annotations

from sqlalchemy import select

from db.base import utcnow
from db.engine import Database
from db.models import Account
from desktop_app.services.system import accounts
from desktop_app.services.system.common import CurrentUser, PermissionDenied
from desktop_app.services.system.passwords import dummy_hash, verify_password


def check_administrator(db: Database, username: str, password: str) -> CurrentUser:
    """The administrator `username` if `password` is his, the account active and the name not
    in back-off; the same refusals as a sign-in otherwise. Nothing is written."""
    name = (username or "").strip()[:64]
    with db.read() as s:
        wait = accounts.wait_left(s, name, utcnow())
        row = s.execute(
            select(
                Account.username,
                Account.display_name,
                Account.role,
                Account.active,
                Account.password_hash,
            ).where(Account.username == name)
        ).first()
    if wait:
        raise accounts.AuthError(f"登录失败次数过多，请于{(wait + 59) // 60}分钟后再试。")
    stored = (row.password_hash if row is not None else None) or dummy_hash()
    if not verify_password(password or "", stored) or row is None or not row.active:
        raise accounts.AuthError("用户名或密码错误，或账户已停用。")
    user = CurrentUser(row.username, row.display_name, row.role)
    if not user.can("admin"):
        raise PermissionDenied("此命令须由管理员账户执行。")
    return user
