"""Shared set-up of the tests of the start's sign-in (no tests here): this PC's database file
named by the settings (the `local_file` fixture) and the same file with an administrator whose
password is PASSWORD (the `with_admin` fixture)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop_app import config

PASSWORD = "start-password-1"


@pytest.fixture(name="local_file")
def local_file_fixture(qapp, sqlite_template, monkeypatch) -> Path:
    """This PC's database file (migrated, no account) named by the settings; somebody has
    signed in on this PC before, so the sign-in is the likely first dialog."""
    from ui import preferences

    monkeypatch.delenv("FUBAN_DB_URL", raising=False)
    path = config.data_dir() / "fuban.db"
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(sqlite_template, path)
    preferences.remember_username("admin")
    return path


@pytest.fixture(name="with_admin")
def with_admin_fixture(local_file) -> Path:
    from db.engine import Database
    from desktop_app.services.system import accounts

    d = Database(f"sqlite:///{local_file}")
    accounts.create_first_admin(d, "admin", "管理员", PASSWORD)
    d.dispose()
    return local_file
