"""Who runs a `fuban` command, and the database it runs on: opening the configured database (on a
shared server with enforced roles, as the signed-in account's own server login), the
administrator's sign-in the maintenance commands ask for, and a line typed at the console.

Loaded only when a command runs (desktop_app.cli imports it lazily): `fuban --help` and the
window's start do not load it.
"""

from __future__ import annotations

import getpass
import os
import sys
from typing import TYPE_CHECKING

from db.errors import FubanError

if TYPE_CHECKING:  # services load lazily, per command
    from desktop_app.services.system.common import CurrentUser

# Databases opened by signing in as an account's own server login, with who signed in: the
# maintenance commands then ask for no second sign-in.
SIGNED_IN: dict[int, CurrentUser] = {}
# The database URLs this process opened or tried to open, last one last: a failure names its file.
ATTEMPTED: list[str] = []


def ask(prompt: str, refusal: str) -> str:
    """A line typed at the console; with no console to ask (a scheduled task, the windowed
    program, input from nothing) the command stops with `refusal` instead of a traceback."""
    if sys.stdin is None:
        raise FubanError(refusal)
    try:
        return input(prompt)
    except EOFError:
        print()  # end the prompt's line
        raise FubanError(refusal) from None


NO_CONSOLE_SIGN_IN = (
    "此命令需要管理员登录，但没有可输入的控制台：请在命令提示符中运行 fuban-cli，"
    "或设置环境变量 FUBAN_ADMIN 和 FUBAN_ADMIN_PASSWORD。"
)


def credentials() -> tuple[str, str]:
    name = os.environ.get("FUBAN_ADMIN") or ask("管理员用户名：", NO_CONSOLE_SIGN_IN)
    password = os.environ.get("FUBAN_ADMIN_PASSWORD")
    if not password:
        if sys.stdin is None:
            raise FubanError(NO_CONSOLE_SIGN_IN)
        password = getpass.getpass("密码：")
    return name, password


def admin_user(database, *, damaged_chain_allowed: bool = False):
    """Maintenance commands (backup, restore, repair, demo, calendar import) act as an
    administrator who signs in with the app's own account — whoever can open a terminal is not
    thereby an administrator. A database with no account yet (before the first start) asks for
    none. For a scheduled backup, FUBAN_ADMIN and FUBAN_ADMIN_PASSWORD may carry the sign-in.
    `damaged_chain_allowed` (repair-audit): where the audit chain's tip is damaged the sign-in
    cannot be written to it, and the administrator is checked without writing it."""
    from db.audit_tip import AuditTipError
    from desktop_app.services.system import accounts
    from desktop_app.services.system.common import CurrentUser, PermissionDenied

    user = SIGNED_IN.get(id(database))
    if user is None:
        if not accounts.has_accounts(database):
            return CurrentUser(f"cli:{getpass.getuser()}", "命令行", "admin")
        typed = credentials()
        try:
            user = accounts.authenticate(database, *typed)
        except AuditTipError:
            if not damaged_chain_allowed:
                raise
            from desktop_app.services.system import accounts_repair

            user = accounts_repair.check_administrator(database, *typed)
    if not user.can("admin"):
        raise PermissionDenied("此命令须由管理员账户执行。")
    return user


def records_user(database):
    """`fuban import` writes records: the signed-in account (own server logins) or an
    administrator's sign-in, as the maintenance commands ask for."""
    return SIGNED_IN.get(id(database)) or admin_user(database)


def open_db(url: str | None = None):
    from desktop_app import config
    from desktop_app.bootstrap import open_database

    settings = config.load()
    ATTEMPTED.append(url or settings.database_url())
    if url is None and settings.uses_own_logins():
        from desktop_app.services.system import server_setup

        database, user = server_setup.open_as_clerk(
            settings.database_url(), *credentials(), prefix=settings.database.role_prefix
        )
        SIGNED_IN[id(database)] = user
        return database
    return open_database(url)
