"""The demo government (desktop_app.services.demo.fill) loaded from a template instead of being
entered again through the services in every test that needs it.

Entering it writes some 150 audited rows: about 0.7 s on SQLite and more on PostgreSQL, in more
than 200 tests. `fill_demo` builds it once per session, per engine, per "today" and per user, in a
template (an SQLite file; a PostgreSQL database used as CREATE DATABASE … TEMPLATE), and replaces the
test's still-empty database with a copy. The copy is the database `demo.fill` would have produced,
apart from the wall-clock times in created_at and the audit entries. A database that already holds
anything is filled through the services as before, so a test can never lose rows it wrote."""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from contextlib import closing
from datetime import date
from pathlib import Path

from sqlalchemy import func, select, text

from db import migrate
from db.engine import Database
from db.models.system import AuditEntry
from desktop_app.services import demo
from desktop_app.services.system.common import CurrentUser


class DemoTemplates:
    """Per session: the templates built so far, keyed by (engine, today, user). The migrated
    templates they start from are set by the `sqlite_template` and `pg_template` fixtures, which
    every test holding a `db` has requested before it can ask for the demo government."""

    def __init__(self) -> None:
        self.sqlite_template: Path | None = None
        self.pg_template: str | None = None
        self.sqlite: dict[tuple, Path] = {}
        self.pg: dict[tuple, str] = {}

    def sqlite_copy_for(self, today: date, user: CurrentUser) -> Path:
        key = (today, user)
        if key not in self.sqlite:
            assert self.sqlite_template is not None
            path = self.sqlite_template.with_name(f"demo-{len(self.sqlite)}.db")
            shutil.copyfile(self.sqlite_template, path)
            _fill(Database(f"sqlite:///{path}"), user, today)
            self.sqlite[key] = path
        return self.sqlite[key]

    def pg_template_for(self, today: date, user: CurrentUser) -> str:
        from tests.conftest import _pg_url, create_test_database

        key = (today, user)
        if key not in self.pg:
            assert self.pg_template is not None
            name = f"fuban_demo_{uuid.uuid4().hex[:10]}"
            create_test_database(name, self.pg_template)
            self.pg[key] = name  # dropped at the session's end even if filling fails
            _fill(Database(_pg_url(name)), user, today)
        return self.pg[key]

    def drop_pg(self) -> None:
        from tests.conftest import _pg_exec

        for name in self.pg.values():
            _pg_exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.pg.clear()


TEMPLATES = DemoTemplates()


def _fill(d: Database, user: CurrentUser, today: date) -> None:
    try:
        demo.fill(d, user, today=today)
    finally:
        d.dispose()  # a template must have no open connection when it is copied


def _is_fresh_at_head(db: Database) -> bool:
    """Nothing written yet, at the schema the templates have (a migration test that downgraded
    its database fills the older schema through the services)."""
    with db.read() as s:
        revision = s.scalar(text("SELECT version_num FROM alembic_version"))
        return revision == migrate.HEAD and not s.scalar(
            select(func.count()).select_from(AuditEntry)
        )


def fill_demo(db: Database, user: CurrentUser, today: date) -> None:
    """`demo.fill(db, user, today=today)` for a fresh database, from a template when possible."""
    url = db.engine.url
    engine_template = (
        TEMPLATES.sqlite_template if url.get_backend_name() == "sqlite" else TEMPLATES.pg_template
    )
    if engine_template is None or not _is_fresh_at_head(db):
        demo.fill(db, user, today=today)
        return
    db.dispose()  # the copy replaces the file / database under the open engines
    if url.get_backend_name() == "sqlite":
        source_path = TEMPLATES.sqlite_copy_for(today, user)
        with (
            closing(sqlite3.connect(source_path)) as source,
            closing(sqlite3.connect(url.database)) as target,
        ):
            source.backup(target)
    else:
        from tests.conftest import _pg_exec, create_test_database

        template = TEMPLATES.pg_template_for(today, user)
        _pg_exec(f'DROP DATABASE "{url.database}" WITH (FORCE)')
        create_test_database(url.database, template)
