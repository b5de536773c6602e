"""Account changes on a shared server whose roles are enforced (db.server_roles).

There no login may write the account table directly: creating an account, changing its role or
activation, and setting a password go through the SECURITY DEFINER functions, which check the
caller on the server (administrator, or the account itself for its own password), keep the
last-administrator rule, and create or update the account's own login role with the new
password (sent as a SCRAM verifier). The app still writes the audit entry for the change,
shaped exactly as an ORM write of the same change would be, so `fuban check` replays it alike.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from db.audit import append_entries, redacted
from db.errors import FubanError, NotFoundError, StaleRecordError
from db.server_logins import scram_verifier
from db.server_roles import installed_prefix
from desktop_app.services.system.common import PermissionDenied


def active(s: Session) -> bool:
    """Are the server's roles enforced on this database (so accounts change only through the
    functions)? Never on SQLite."""
    return installed_prefix(s.connection()) is not None


def _call(s: Session, statement: str, params: dict[str, Any]):
    """Run one account function; its refusals reach the clerk as the server worded them."""
    try:
        return s.execute(text(statement), params).scalar()
    except DBAPIError as exc:
        state = getattr(exc.orig, "sqlstate", None)
        diag = getattr(exc.orig, "diag", None)
        message = (getattr(diag, "message_primary", None) or str(exc.orig)).strip()
        if state == "40001":
            raise StaleRecordError() from exc
        if state == "P0002":
            raise NotFoundError(message) from exc
        if state == "42501":
            raise PermissionDenied(message) from exc
        if state == "23505":
            raise FubanError("用户名已存在。") from exc
        raise


def create(
    s: Session,
    actor: str,
    username: str,
    display_name: str,
    role: str,
    password_hash: str,
    password: str,
) -> int:
    new_id = int(
        _call(
            s,
            "SELECT fuban_account_create(:u, :d, :r, :h, :v, :actor)",
            {
                "u": username,
                "d": display_name,
                "r": role,
                "h": password_hash,
                "v": scram_verifier(password),
                "actor": actor,
            },
        )
    )
    append_entries(
        s,
        actor,
        [
            (
                "account",
                new_id,
                "insert",
                {},
                {
                    "id": new_id,
                    "username": username,
                    "display_name": display_name,
                    "role": role,
                    "password_hash": redacted(password_hash),
                    "active": True,
                    "last_login_at": None,
                },
            )
        ],
    )
    return new_id


def update(
    s: Session,
    actor: str,
    account_id: int,
    expected_version: int | None,
    before: dict[str, Any],
    after: dict[str, Any],
) -> None:
    """`before`/`after`: display_name, role and active as they were and are to be."""
    _call(
        s,
        "SELECT fuban_account_update(:i, :v, :d, :r, :a, :actor)",
        {
            "i": account_id,
            "v": expected_version,
            "d": after["display_name"],
            "r": after["role"],
            "a": after["active"],
            "actor": actor,
        },
    )
    changed = [k for k in after if before.get(k) != after[k]]
    if changed:
        append_entries(
            s,
            actor,
            [
                (
                    "account",
                    account_id,
                    "update",
                    {k: before.get(k) for k in changed},
                    {k: after[k] for k in changed},
                )
            ],
        )


def set_password(
    s: Session, actor: str, account_id: int, password_hash: str, password: str
) -> None:
    old_digest = _call(
        s,
        "SELECT fuban_account_set_password(:i, :h, :v, :actor)",
        {"i": account_id, "h": password_hash, "v": scram_verifier(password), "actor": actor},
    )
    append_entries(
        s,
        actor,
        [
            (
                "account",
                account_id,
                "update",
                {"password_hash": old_digest},
                {"password_hash": redacted(password_hash)},
            )
        ],
    )


def stored_hash(s: Session, username: str) -> str | None:
    """The account's password hash for the app's own check: a clerk's login reads only its own
    (through the function); an administrator's login, the owner or a superuser read the column.
    None when this login may not read it."""
    own = s.execute(
        text("SELECT fuban_own_password_hash() WHERE fuban_caller_account() = :u"), {"u": username}
    ).scalar()
    if own is not None:
        return own
    if s.execute(
        text("SELECT has_column_privilege('account', 'password_hash', 'SELECT')")
    ).scalar():
        return s.execute(
            text("SELECT password_hash FROM account WHERE username = :u"), {"u": username}
        ).scalar()
    return None


def is_own_login(s: Session, username: str) -> bool:
    """Is this connection the account's own server login (so its password just changed)?"""
    return s.execute(text("SELECT fuban_caller_account()")).scalar() == username
