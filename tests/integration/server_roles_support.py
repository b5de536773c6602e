"""A shared-mode database with the server's roles enforced (db.server_roles), for the tests that
connect as the clerks' own logins, and the helpers they share: registering a 收文, running SQL
that the server must refuse, reading one value. Roles are cluster-wide: each test uses its own
prefix and drops its roles afterwards (after its database, which holds their privileges)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from db.engine import Database
from db.server_logins import login_url
from desktop_app.formatting import CHINA
from desktop_app.services.documents import incoming
from desktop_app.services.system import accounts, server_setup
from desktop_app.services.system.common import CurrentUser
from tests.conftest import PG_ADMIN_URL, _fresh_pg_url, pg_or_skip

PASSWORDS = {
    "admin": "admin-pass-1",
    "wenmi": "wenmi-pass-1",
    "jiyao": "jiyao-pass-1",
    "chakan": "chakan-pass-1",
    "ducha": "ducha-pass-1",
}
ADMIN = CurrentUser("admin", "管理员", "admin")
CLERK = CurrentUser("wenmi", "文秘甲", "clerk")
JIYAO = CurrentUser("jiyao", "机要员", "confidential")
READER = CurrentUser("chakan", "查看员", "readonly")
SUPERVISOR = CurrentUser("ducha", "督查甲", "supervisor")


@dataclass
class Server:
    url: str  # the superuser's
    prefix: str
    su: Database
    opened: list[Database] = field(default_factory=list)

    def login_url(self, username: str) -> str:
        return login_url(self.url, username, PASSWORDS[username], self.prefix)

    def login(self, username: str) -> Database:
        """A database handle connected as the account's own login role."""
        d = Database(self.login_url(username))
        self.opened.append(d)
        return d


def _drop_roles(prefix: str) -> None:
    u = make_url(PG_ADMIN_URL)
    with psycopg.connect(
        host=u.host, port=u.port or 5432, user=u.username, dbname=u.database, autocommit=True
    ) as conn:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT rolname FROM pg_roles WHERE rolname LIKE %s ORDER BY rolname DESC",
                (prefix + "\\_%",),
            )
        ]
        # logins (<prefix>_u_…) sort after the groups in DESC order's favour: drop them first
        for name in sorted(names, key=lambda n: "_u_" not in n):
            conn.execute(f'DROP ROLE IF EXISTS "{name}"')


@pytest.fixture(name="server")
def server_fixture(request):
    """Import `server_fixture` into a test module to use the `server` fixture."""
    pg_or_skip()
    urls = _fresh_pg_url(request)
    url = next(urls)
    prefix = f"fbt{uuid.uuid4().hex[:10]}"
    su = Database(url)
    srv = Server(url, prefix, su)
    try:
        server_setup.init(su, prefix, "admin", PASSWORDS["admin"], "管理员")
        accounts.create_account(su, ADMIN, "wenmi", "文秘甲", PASSWORDS["wenmi"], "clerk")
        accounts.create_account(su, ADMIN, "jiyao", "机要员", PASSWORDS["jiyao"], "confidential")
        accounts.create_account(su, ADMIN, "chakan", "查看员", PASSWORDS["chakan"], "readonly")
        accounts.create_account(su, ADMIN, "ducha", "督查甲", PASSWORDS["ducha"], "supervisor")
        yield srv
    finally:
        for d in (*srv.opened, su):
            d.dispose()
        next(urls, None)  # drops the database
        _drop_roles(prefix)


def reg(db, user=CLERK, **kw) -> incoming.IncomingDTO:
    args = dict(
        received_at=datetime(2026, 3, 2, 9, tzinfo=CHINA),
        sender="佳木斯市人民政府办公室",
        title="关于做好春耕生产的通知",
        doc_type="通知",
        nature="action",
    )
    return incoming.register_document(db, user, **(args | kw))


def refused(db, sql: str, params: dict | None = None) -> str:
    """Run `sql` as the login of `db`; it must be refused for lack of privilege. Returns the
    server's message."""
    with pytest.raises(DBAPIError) as e, db.engine.begin() as conn:
        conn.execute(text(sql), params or {})
    assert e.value.orig.sqlstate == "42501", e.value
    return str(e.value.orig)


def scalar(db, sql: str, params: dict | None = None):
    with db.engine.begin() as conn:
        return conn.execute(text(sql), params or {}).scalar()
