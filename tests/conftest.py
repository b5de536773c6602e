"""Shared fixtures: headless Qt, and a fresh migrated database per test on SQLite and on the real
PostgreSQL server (shared mode). Set FUBAN_REQUIRE_POSTGRES=1 (CI does) to make a missing server
a failure instead of a skip."""

from __future__ import annotations

import gc
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Password hashes at a low Argon2id cost (desktop_app.services.system.passwords): the production
# cost spends 24 MiB and ~50 ms per hash; tests/integration/test_password_cost.py checks it.
os.environ.setdefault("FUBAN_ARGON2_M", "64")

# Helpers shared by several test modules (tests/<kind>/…_support.py) assert as well: rewritten
# like the tests' own asserts, so that a failure there shows the values compared.
for _support in sorted(Path(__file__).parent.glob("*/*_support.py")):
    pytest.register_assert_rewrite(f"tests.{_support.parent.name}.{_support.stem}")

# The application composes its areas at start (ui.app); so do the tests.
from desktop_app.services import areas  # noqa: E402

areas.compose()


@pytest.fixture(scope="session", autouse=True)
def _qt_none_guard():
    """The app guards None against PySide6 6.12's reference leak at start (ui.qt_guard); so do
    the tests, which make many more Qt calls in one process than a clerk's session."""
    from ui.qt_guard import make_none_immortal

    make_none_immortal()


@pytest.fixture(autouse=True)
def _automatic_garbage_collection():
    """A test that starts the real window (ui.app.main) hands collection to its GUI thread
    (ui.heap) and turns the automatic one off; the tests after it collect as before."""
    yield
    if not gc.isenabled():
        gc.enable()


@pytest.fixture(autouse=True)
def _private_settings_folders(tmp_path_factory, monkeypatch):
    """Each test has its own settings and data folders: the key files (backup.key, audit.key), a
    settings.json or a log written by a test never land in the real user's folders, nor carry
    from one test to the next. A test may still point them elsewhere itself."""
    base = tmp_path_factory.mktemp("fuban-user")
    monkeypatch.setenv("FUBAN_CONFIG_DIR", str(base / "config"))
    monkeypatch.setenv("FUBAN_DATA_DIR", str(base / "data"))


PG_ADMIN_URL = os.environ.get(
    "FUBAN_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
_TEMPLATE = f"fuban_tpl_{os.getpid()}"


def _pg_unavailable_reason() -> str | None:
    try:
        import psycopg
        from sqlalchemy.engine import make_url

        u = make_url(PG_ADMIN_URL)
        with psycopg.connect(
            host=u.host, port=u.port or 5432, user=u.username, dbname=u.database, connect_timeout=3
        ):
            return None
    except Exception as exc:  # any failure to connect means: no server for this run
        return f"no PostgreSQL server reachable at {PG_ADMIN_URL}: {exc}"


def pg_or_skip() -> None:
    reason = _pg_unavailable_reason()
    if reason is None:
        return
    if os.environ.get("FUBAN_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"shared-mode tests are required (FUBAN_REQUIRE_POSTGRES=1) but {reason}")
    pytest.skip(reason)


def _pg_exec(sql: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    u = make_url(PG_ADMIN_URL)
    with psycopg.connect(
        host=u.host, port=u.port or 5432, user=u.username, dbname=u.database, autocommit=True
    ) as conn:
        conn.execute(sql)


def create_test_database(name: str, template: str | None = None) -> None:
    """CREATE DATABASE for a test (a copy of `template`, or empty). Commits on it do not wait for
    the WAL to reach the disk (synchronous_commit off): that only matters if the server itself
    crashes, which no test does, and it takes most of the time out of the fixtures' many small
    transactions. Locks, isolation and constraints are the server's as in production."""
    import psycopg
    from sqlalchemy.engine import make_url

    u = make_url(PG_ADMIN_URL)
    with psycopg.connect(
        host=u.host, port=u.port or 5432, user=u.username, dbname=u.database, autocommit=True
    ) as conn:
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        conn.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')


def _pg_url(name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    """A migrated template database; each test gets a copy (CREATE DATABASE … TEMPLATE)."""
    pg_or_skip()
    from db import migrate
    from db.engine import Database

    _pg_exec(f'DROP DATABASE IF EXISTS "{_TEMPLATE}"')
    create_test_database(_TEMPLATE)
    from tests.demo_db import TEMPLATES

    d = Database(_pg_url(_TEMPLATE))
    migrate.upgrade(d)
    d.dispose()
    TEMPLATES.pg_template = _TEMPLATE
    yield _TEMPLATE
    TEMPLATES.pg_template = None
    TEMPLATES.drop_pg()
    _pg_exec(f'DROP DATABASE IF EXISTS "{_TEMPLATE}"')


def _fresh_pg_url(request) -> Iterator[str]:
    template = request.getfixturevalue("pg_template")
    name = f"fuban_t_{uuid.uuid4().hex[:12]}"
    create_test_database(name, template)
    yield _pg_url(name)
    _pg_exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """An SQLite file migrated to head once per test session (each xdist worker has its own); a
    test gets a copy of it (a few ms) instead of running every migration (~0.9 s), as the
    PostgreSQL tests copy a template database. Tests of the migrations themselves start from an
    empty file (`empty_url`) and still run them."""
    from db import migrate
    from db.engine import Database

    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    d = Database(f"sqlite:///{path}")
    migrate.upgrade(d)
    d.dispose()
    # the last connection closed checkpoints the WAL: the file alone is the whole database
    assert not path.with_name(path.name + "-wal").exists()
    from tests.demo_db import TEMPLATES

    TEMPLATES.sqlite_template = path
    return path


def _fresh_sqlite(request, dest: Path) -> Path:
    shutil.copyfile(request.getfixturevalue("sqlite_template"), dest)
    return dest


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> Iterator[str]:
    """URL of a fresh database at the current schema, once per engine."""
    if request.param == "sqlite":
        yield f"sqlite:///{_fresh_sqlite(request, tmp_path / 'fuban.db')}"
    else:
        yield from _fresh_pg_url(request)


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request, tmp_path) -> Iterator[str]:
    """URL of an empty database (no schema), once per engine: for migration tests that build an
    older schema and upgrade it."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    pg_or_skip()
    name = f"fuban_m_{uuid.uuid4().hex[:12]}"
    create_test_database(name)
    yield _pg_url(name)
    _pg_exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def db(db_url):
    from db.engine import Database

    d = Database(db_url)
    yield d
    d.dispose()


@pytest.fixture
def sqlite_db(request, tmp_path):
    from db.engine import Database

    d = Database(f"sqlite:///{_fresh_sqlite(request, tmp_path / 'fuban.db')}")
    yield d
    d.dispose()


@pytest.fixture
def admin():
    from desktop_app.services.system.common import CurrentUser

    return CurrentUser("admin", "管理员", "admin")


@pytest.fixture
def clerk():
    from desktop_app.services.system.common import CurrentUser

    return CurrentUser("wenmi", "文秘甲", "clerk")
