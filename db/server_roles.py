"""Roles enforced by the PostgreSQL server itself (shared mode): each fuban account signs in to
the server as its own login role, and the server — not only the window — refuses what the
account may not do.

Roles (cluster-wide names, all starting with one prefix, "fuban" unless a second fuban database
on the same server needs another):
  <prefix>_owner   owns every table and function; NOLOGIN. Migrations, restore and `server init`
                   run as it (or as a superuser). It bypasses row-level security.
  <prefix>_clerk   every account's login is a member: read; its own sign-in bookkeeping.
  <prefix>_writer  accounts that keep records (文秘, 机要, 管理员): register, and update what
                   services update.
  <prefix>_supervision  督查 accounts: record and follow up meeting decisions and the 督办 register.
  <prefix>_jiyao   机要 and 管理员 accounts: may see classified (密级) rows.
  <prefix>_admin   管理员 accounts: may create and change accounts (through the functions).
  <prefix>_u_<16 hex of sha256(user name)>  one LOGIN role per account. Derived from the name so
                   the app knows which login to use before it can read anything.

What a clerk's login cannot do, whatever SQL client he uses: DELETE a register row; UPDATE or
DELETE the audit chain (only append past its head, and move the head onto a real last entry);
change a number once given, or un-void a record; move a counter except by one; read password
hashes; change any account (his own password only through the function); see classified rows
unless 机要 or 管理员. See docs/SERVER.md.

`apply` is idempotent and runs in the caller's transaction; `problems` reports what is missing.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from sqlalchemy import Connection, text

from db import server_roles_sql as sql

_PREFIX = re.compile(r"^[a-z][a-z0-9_]{0,30}$")

# Columns a clerk may never update on any table (the rest are what services update).
_FIXED_COLUMNS = {"id", "created_at", "created_by"}
# Numbers given once (when the record is saved or issued) and never changed afterwards.
NUMBER_COLUMNS: dict[str, tuple[str, ...]] = {
    "outgoing_document": ("prefix", "year", "seq"),
    "incoming_document": ("year", "seq"),
    "seal_application": ("year", "seq"),
    "seal_use": ("year", "seq"),
    "minutes": ("issue_number",),
    "meeting": ("number",),
}
# Tables whose rows carry a 密级, and child tables that show only with their parent document.
CLASSIFIED = ("incoming_document", "outgoing_document", "document_search", "supervision_item")
CLASSIFIED_CHILDREN: dict[str, str] = {
    "incoming_reading": "incoming_document",
    "incoming_chase": "incoming_document",
    "outgoing_signoff": "outgoing_document",
    "outgoing_disagreement": "outgoing_document",
    "supervision_report": "supervision_item",
    "supervision_step": "supervision_item",
}
# The column of a child table that names its parent (document_id unless listed).
_PARENT_KEY = {"supervision_report": "item_id", "supervision_step": "item_id"}
# Not a register: the sign-in bookkeeping (cleared by a successful sign-in).
_DELETABLE = ("sign_in_attempt",)
# Per-organisation settings: written by administrators only (services/org_profile, calendar).
ADMIN_WRITTEN = ("org_setting", "holiday_notice")
# What 督查 accounts write (meeting decisions and the 督办 register with its written reports).
SUPERVISION_WRITTEN = (
    "decision",
    "supervision_item",
    "supervision_report",
    "supervision_step",
    "sheet_code",  # a 督办通知单 printed by 督查 gets its code
)
_SPECIAL = {
    "account",
    "audit_entry",
    "audit_head",
    "sequence_counter",
    "alembic_version",
    "document_search",
    *_DELETABLE,
}
_ACCOUNT_SELF_UPDATE = ("last_login_at", "updated_at", "updated_by", "version")


@dataclass(frozen=True)
class RoleNames:
    prefix: str = "fuban"

    def __post_init__(self):
        if not _PREFIX.match(self.prefix):
            raise ValueError(f"role prefix must match {_PREFIX.pattern}: {self.prefix!r}")

    owner = property(lambda self: f"{self.prefix}_owner")
    clerk = property(lambda self: f"{self.prefix}_clerk")
    writer = property(lambda self: f"{self.prefix}_writer")
    supervision = property(lambda self: f"{self.prefix}_supervision")
    jiyao = property(lambda self: f"{self.prefix}_jiyao")
    admin = property(lambda self: f"{self.prefix}_admin")

    def groups(self) -> tuple[str, ...]:
        return self.clerk, self.writer, self.supervision, self.jiyao, self.admin

    def login(self, username: str) -> str:
        """The login role of an account (the same as the SQL function fuban_login_name)."""
        digest = hashlib.sha256(username.encode("utf-8")).hexdigest()[:16]
        return f"{self.prefix}_u_{digest}"


def installed_prefix(conn: Connection) -> str | None:
    """The role prefix this database was set up with, or None (no server roles: SQLite, or a
    PostgreSQL database where `fuban server init` was not run)."""
    if conn.dialect.name != "postgresql":
        return None
    if conn.execute(text("SELECT to_regprocedure('fuban_server_roles()')")).scalar() is None:
        return None
    return conn.execute(text("SELECT fuban_server_roles()")).scalar()


def _run(conn: Connection, statement: str) -> None:
    # The DBAPI cursor directly: the function bodies contain '%' and '$', which must reach the
    # server as written (no parameter substitution).
    driver = conn.connection.driver_connection
    assert driver is not None
    driver.execute(statement)


def _tables(conn: Connection) -> list[str]:
    return list(
        conn.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        ).scalars()
    )


def _columns(conn: Connection, table: str) -> list[str]:
    return list(
        conn.execute(
            text(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
                "AND table_name = :t ORDER BY ordinal_position"
            ),
            {"t": table},
        ).scalars()
    )


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _create_roles(conn: Connection, n: RoleNames) -> None:
    existing = set(
        conn.execute(
            text("SELECT rolname FROM pg_roles WHERE rolname = ANY(:r)"),
            {"r": [n.owner, *n.groups()]},
        ).scalars()
    )
    if n.owner not in existing:
        _run(conn, f"CREATE ROLE {_q(n.owner)} NOLOGIN CREATEROLE")
    for group in n.groups():
        if group not in existing:
            _run(conn, f"CREATE ROLE {_q(group)} NOLOGIN")
        # PostgreSQL 16 lets a CREATEROLE role grant only roles it holds WITH ADMIN OPTION.
        _run(conn, f"GRANT {_q(group)} TO {_q(n.owner)} WITH ADMIN OPTION")


def _grant_table(conn: Connection, n: RoleNames, table: str) -> None:
    t, clerk, writer, admin = _q(table), _q(n.clerk), _q(n.writer), _q(n.admin)
    columns = _columns(conn, table)
    changeable = ", ".join(_q(c) for c in columns if c not in _FIXED_COLUMNS)
    _run(conn, f"ALTER TABLE {t} OWNER TO {_q(n.owner)}")
    for role in (clerk, writer, _q(n.supervision), _q(n.jiyao), admin, "PUBLIC"):
        _run(conn, f"REVOKE ALL ON {t} FROM {role}")
    if table == "alembic_version":
        _run(conn, f"GRANT SELECT ON {t} TO {clerk}")
    elif table == "account":
        visible = ", ".join(_q(c) for c in columns if c != "password_hash")
        _run(conn, f"GRANT SELECT ({visible}) ON {t} TO {clerk}")
        _run(conn, f"GRANT SELECT ON {t} TO {admin}")  # backups hold the hashes
        own = ", ".join(_q(c) for c in _ACCOUNT_SELF_UPDATE)
        _run(conn, f"GRANT UPDATE ({own}) ON {t} TO {clerk}")
    elif table == "audit_entry":
        _run(conn, f"GRANT SELECT, INSERT ON {t} TO {clerk}")
    elif table == "audit_head":  # keyed_from exists from schema 0015 on
        head = ", ".join(c for c in ("last_seq", "last_hash", "keyed_from") if c in columns)
        _run(conn, f"GRANT SELECT, INSERT, UPDATE ({head}) ON {t} TO {clerk}")
    elif table == "sequence_counter":
        _run(conn, f"GRANT SELECT ON {t} TO {clerk}")
        _run(conn, f"GRANT INSERT (name, last_value), UPDATE (last_value) ON {t} TO {writer}")
    elif table in _DELETABLE:
        _run(conn, f"GRANT SELECT, INSERT, UPDATE, DELETE ON {t} TO {clerk}")
    else:
        _run(conn, f"GRANT SELECT ON {t} TO {clerk}")
        to = admin if table in ADMIN_WRITTEN else writer
        _run(conn, f"GRANT INSERT ON {t} TO {to}")
        if changeable:
            _run(conn, f"GRANT UPDATE ({changeable}) ON {t} TO {to}")
        if table in SUPERVISION_WRITTEN:
            _run(conn, f"GRANT INSERT, UPDATE ({changeable}) ON {t} TO {_q(n.supervision)}")


def _trigger(
    conn: Connection, table: str, name: str, when: str, function: str, args: tuple[str, ...] = ()
) -> None:
    t = _q(table)
    _run(conn, f"DROP TRIGGER IF EXISTS {name} ON {t}")
    arglist = ", ".join("'" + a + "'" for a in args)  # column names from NUMBER_COLUMNS only
    _run(
        conn,
        f"CREATE TRIGGER {name} {when} ON {t} FOR EACH ROW EXECUTE FUNCTION {function}({arglist})",
    )


def _policy(conn: Connection, table: str, name: str, body: str) -> None:
    t = _q(table)
    _run(conn, f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY")
    _run(conn, f"DROP POLICY IF EXISTS {name} ON {t}")
    _run(conn, f"CREATE POLICY {name} ON {t} {body}")


def _guards_and_policies(conn: Connection, tables: list[str]) -> None:
    for table in tables:
        if table in _SPECIAL:
            continue
        columns = _columns(conn, table)
        if "version" in columns:  # a record table (db.base.RecordMixin)
            _trigger(
                conn,
                table,
                "fuban_guard_update",
                "BEFORE UPDATE",
                "fuban_guard_update",
                NUMBER_COLUMNS.get(table, ()),
            )
    _trigger(
        conn,
        "sequence_counter",
        "fuban_guard_counter",
        "BEFORE INSERT OR UPDATE",
        "fuban_guard_counter",
    )
    _trigger(
        conn, "audit_entry", "fuban_guard_audit_entry", "BEFORE INSERT", "fuban_guard_audit_entry"
    )
    _trigger(
        conn,
        "audit_head",
        "fuban_guard_audit_head",
        "BEFORE INSERT OR UPDATE",
        "fuban_guard_audit_head",
    )
    see = "secrecy = '' OR fuban_may_see_classified()"
    for table in CLASSIFIED:
        if table in tables:
            _policy(conn, table, "fuban_secrecy", f"USING ({see}) WITH CHECK ({see})")
    for child, parent in CLASSIFIED_CHILDREN.items():
        if child in tables:
            # The parent's own policy applies inside the subquery: a child row shows exactly
            # when its document does.
            key = _PARENT_KEY.get(child, "document_id")
            exists = f"EXISTS (SELECT 1 FROM {_q(parent)} p WHERE p.id = {key})"
            _policy(conn, child, "fuban_secrecy", f"USING ({exists}) WITH CHECK ({exists})")
    _policy(
        conn,
        "audit_entry",
        "fuban_read",
        "FOR SELECT USING (fuban_may_see_classified() "
        "OR seq >= coalesce((SELECT last_seq FROM audit_head WHERE id = 1), 0) "
        "OR fuban_audit_visible(table_name, record_id))",
    )
    _run(conn, "DROP POLICY IF EXISTS fuban_append ON audit_entry")
    _run(conn, "CREATE POLICY fuban_append ON audit_entry FOR INSERT WITH CHECK (true)")
    _policy(conn, "account", "fuban_read", "FOR SELECT USING (true)")
    _run(conn, "DROP POLICY IF EXISTS fuban_own_row ON account")
    _run(
        conn,
        "CREATE POLICY fuban_own_row ON account FOR UPDATE USING "
        "(fuban_login_name(username) = session_user OR fuban_is_admin())",
    )


def apply(conn: Connection, names: RoleNames) -> None:
    """Create (or bring up to date) the roles, ownership, grants, guard triggers, row-level
    security and account functions. Run as a superuser, inside one transaction."""
    _create_roles(conn, names)
    database = str(conn.execute(text("SELECT current_database()")).scalar())
    d, clerk, owner = _q(database), _q(names.clerk), _q(names.owner)
    _run(conn, f"REVOKE ALL ON DATABASE {d} FROM PUBLIC")
    _run(conn, f"GRANT CONNECT ON DATABASE {d} TO {clerk}")
    _run(conn, "REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    _run(conn, f"GRANT USAGE, CREATE ON SCHEMA public TO {owner}")
    _run(conn, f"GRANT USAGE ON SCHEMA public TO {clerk}")
    present = frozenset(_tables(conn))
    for block in (sql.HELPERS, sql.GUARDS, sql.AUDIT_VISIBILITY, sql.ACCOUNTS):
        _run(conn, sql.render(block, names, present))
    for signature in (*sql.CALLABLE, *sql.INTERNAL):
        _run(conn, f"ALTER FUNCTION {signature} OWNER TO {owner}")
        _run(conn, f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")
    for signature in sql.CALLABLE:
        _run(conn, f"GRANT EXECUTE ON FUNCTION {signature} TO {clerk}")
    for function in (
        "fuban_guard_update()",
        "fuban_guard_counter()",
        "fuban_guard_audit_entry()",
        "fuban_guard_audit_head()",
    ):
        _run(conn, f"ALTER FUNCTION {function} OWNER TO {owner}")
    tables = _tables(conn)
    for table in tables:
        _grant_table(conn, names, table)
    _run(conn, f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {clerk}")
    _guards_and_policies(conn, tables)
    if "account" in tables:  # every account's login in the groups of its role, as of now
        _run(conn, "SELECT fuban_sync_login(username, role, active, NULL) FROM account")


def problems(conn: Connection, names: RoleNames | None = None) -> list[str]:
    """What is missing for the server to enforce the roles (empty: all in place)."""
    prefix = installed_prefix(conn)
    if prefix is None:
        return [
            "数据库服务器尚未设置账户权限（未运行 fuban server init）：每个能连接数据库的人都能改写台账。"
        ]
    n = names or RoleNames(prefix)
    found: list[str] = []
    roles = set(
        conn.execute(
            text("SELECT rolname FROM pg_roles WHERE rolname = ANY(:r)"),
            {"r": [n.owner, *n.groups()]},
        ).scalars()
    )
    found += [f"缺少数据库角色 {r}" for r in (n.owner, *n.groups()) if r not in roles]
    if found:
        return found

    def any_group(privilege: str) -> str:
        return (
            "("
            + " OR ".join(
                f"has_table_privilege(:{g}, c.oid, '{privilege}')"
                for g in ("clerk", "writer", "supervision")
            )
            + ")"
        )

    rows = conn.execute(
        text(
            "SELECT c.relname, pg_get_userbyid(c.relowner), c.relrowsecurity, "
            f"has_table_privilege(:clerk, c.oid, 'SELECT'), {any_group('DELETE')}, "
            f"{any_group('UPDATE')}, has_table_privilege(:clerk, c.oid, 'INSERT'), "
            "EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid "
            "        AND t.tgname LIKE 'fuban_guard%') "
            "FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace "
            "WHERE s.nspname = 'public' AND c.relkind = 'r' ORDER BY c.relname"
        ),
        {"clerk": n.clerk, "writer": n.writer, "supervision": n.supervision},
    ).all()
    for table, owner, rls, select, delete, update, reader_inserts, guarded in rows:
        if owner != n.owner:
            found.append(f"表 {table} 的所有者是 {owner}，应为 {n.owner}")
        if table != "account" and not select:
            found.append(f"表 {table} 未向 {n.clerk} 授权（升级后未重新设置权限？）")
        if delete and table not in _DELETABLE:
            found.append(f"账户登录可以删除表 {table} 的记录")
        if reader_inserts and table not in _SPECIAL:
            found.append(f"{n.clerk}（含只读账户）可以向表 {table} 写入")
        if update and table in ("audit_entry", "alembic_version"):
            found.append(f"账户登录可以修改表 {table}")
        if (
            table in CLASSIFIED or table in CLASSIFIED_CHILDREN or table == "audit_entry"
        ) and not rls:
            found.append(f"表 {table} 未启用行级安全（涉密记录对所有账户可见）")
        if not guarded and table not in _SPECIAL and "version" in _columns(conn, table):
            found.append(f"表 {table} 缺少保护触发器（编号、作废信息可被改写）")
    if conn.execute(
        text("SELECT has_column_privilege(:clerk, 'account', 'password_hash', 'SELECT')"),
        {"clerk": n.clerk},
    ).scalar():
        found.append(f"{n.clerk} 可以读取账户的密码散列")
    for table in ("sequence_counter", "audit_entry", "audit_head"):
        if not conn.execute(
            text(
                "SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = to_regclass(:t) "
                "AND tgname LIKE 'fuban_guard%')"
            ),
            {"t": f"public.{table}"},
        ).scalar():
            found.append(f"表 {table} 缺少保护触发器")
    return found
