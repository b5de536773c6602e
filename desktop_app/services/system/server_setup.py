"""`fuban server init` / `fuban server check` and signing in as a clerk's own server login.

init (the IT person, once per database, connected as a superuser): brings the schema to head,
installs the roles, grants, guards, row-level security and account functions (db.server_roles),
and gives every existing account its login role. A login can sign in once it has a password:
the administrator who runs init types his own (checked against his account), so his login works
at once; for every other account he sets an initial password in 设置 → 账户 (重设密码), which
sets the login's password too, and the clerk changes it at his first sign-in. A database with
no account yet gets its first administrator here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError, OperationalError

from db import server_auth, server_roles
from db.engine import Database
from db.errors import FubanError
from db.models import Account
from db.server_logins import login_url, scram_verifier
from desktop_app.services.system import accounts
from desktop_app.services.system.common import CurrentUser, PermissionDenied


@dataclass
class InitReport:
    prefix: str
    admin: str
    created_admin: bool = False
    without_password: list[str] = field(default_factory=list)  # accounts still to be given one


def _superuser(db: Database) -> bool:
    with db.read() as s:
        return bool(s.scalar(text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")))


def init(
    db: Database,
    prefix: str,
    admin_username: str,
    admin_password: str,
    admin_display_name: str = "",
) -> InitReport:
    """`db`: the database opened with a superuser's URL, at the current schema."""
    if db.dialect != "postgresql":
        raise PermissionDenied("只有共享数据库服务器（PostgreSQL）需要设置账户权限。")
    if not _superuser(db):
        raise PermissionDenied("请用数据库服务器的超级用户（如 postgres）运行 fuban server init。")
    names = server_roles.RoleNames(prefix)
    with db.engine.begin() as conn:
        server_roles.apply(conn, names)
    report = InitReport(prefix, admin_username.strip())
    if not accounts.has_accounts(db):
        accounts.create_first_admin(db, admin_username, admin_display_name, admin_password)
        report.created_admin = True
    else:
        user = accounts.authenticate(db, admin_username, admin_password)
        if not user.can("admin"):
            raise PermissionDenied("fuban server init 须由管理员账户执行。")
    with db.uow(f"system:server-init {report.admin}") as s:
        for a in s.scalars(select(Account).order_by(Account.username)):
            verifier = scram_verifier(admin_password) if a.username == report.admin else None
            s.execute(
                text("SELECT fuban_sync_login(:u, :r, :a, :v)"),
                {"u": a.username, "r": a.role, "a": a.active, "v": verifier},
            )
            if verifier is None and a.active:
                report.without_password.append(a.username)
    return report


def check(db: Database) -> list[str]:
    """What the server does not yet enforce (empty: roles, grants and policies in place, and —
    when a superuser asks — no pg_hba.conf line letting anyone in without a password)."""
    if db.dialect != "postgresql":
        return []
    with db.read() as s:
        conn = s.connection()
        return server_roles.problems(conn) + server_auth.authentication_problems(conn)


def open_as_clerk(
    base_url: str, username: str, password: str, prefix: str = "fuban"
) -> tuple[Database, CurrentUser]:
    """Sign in on a server with enforced roles: connect as the account's own login with the
    password typed (the server checks it), then the app's own check on that connection.
    A wrong name or password gets the same message as the app's own refusal."""
    from desktop_app.bootstrap import open_database

    url = login_url(base_url, username, password, prefix)
    try:
        db = open_database(url)
    except OperationalError as exc:
        state = getattr(exc.orig, "sqlstate", None)
        detail = str(exc.orig or "")
        if (
            state in ("28P01", "28000")
            or "password authentication failed" in detail
            or ('role "' in detail and "does not exist" in detail)
        ):
            raise accounts.AuthError("用户名或密码错误，或账户已停用。") from exc
        lines = [line.strip() for line in detail.splitlines() if line.strip()]
        raise FubanError(
            "无法连接到共享数据库服务器：服务器没有响应或拒绝连接。请检查网络，或请 IT 人员检查"
            f"服务器和数据库设置。（{lines[-1] if lines else '未知错误'}）"
        ) from exc
    try:
        return db, accounts.authenticate(db, username, password)
    except (accounts.AuthError, DBAPIError):
        db.dispose()
        raise
