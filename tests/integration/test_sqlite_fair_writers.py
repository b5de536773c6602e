"""SQLite writers wait in short random retries instead of SQLite's growing back-off (a save once
waited 11.2 s behind later arrivals): the write lock is taken soon after it is released, a lock
held past the deadline gives up with SQLite's own error, and a write still works end to end."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from sqlalchemy.exc import OperationalError

from db import engine as engine_module
from db.engine import begin_immediate_fairly


def _holder(path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("BEGIN IMMEDIATE")
    return conn


def test_the_lock_is_taken_soon_after_its_release(tmp_path):
    path = tmp_path / "f.db"
    holder = _holder(path)
    waiter = sqlite3.connect(path, isolation_level=None)
    waiter.execute("PRAGMA busy_timeout=0")
    released_at: list[float] = []

    def release():
        time.sleep(0.3)
        released_at.append(time.perf_counter())
        holder.execute("COMMIT")

    threading.Thread(target=release).start()
    assert begin_immediate_fairly(waiter, deadline_seconds=5)
    got_at = time.perf_counter()
    waiter.execute("COMMIT")
    assert released_at and got_at - released_at[0] < 0.1  # a retry, not a 100 ms back-off


def test_a_lock_held_past_the_deadline_gives_up(tmp_path):
    path = tmp_path / "f.db"
    holder = _holder(path)
    waiter = sqlite3.connect(path, isolation_level=None)
    waiter.execute("PRAGMA busy_timeout=0")
    t0 = time.perf_counter()
    assert begin_immediate_fairly(waiter, deadline_seconds=0.2) is False
    assert 0.2 <= time.perf_counter() - t0 < 1.0
    holder.execute("ROLLBACK")


def test_a_save_waiting_past_the_deadline_ends_in_sqlites_own_error(sqlite_db, monkeypatch):
    from desktop_app.services.directory import commands as directory
    from desktop_app.services.system.common import CurrentUser

    monkeypatch.setattr(engine_module, "WRITE_WAIT_SECONDS", 0.2)
    holder = _holder(sqlite_db.url.removeprefix("sqlite:///"))
    with pytest.raises(OperationalError, match="locked"):
        directory.save_person(sqlite_db, CurrentUser("admin", "管理员", "admin"), name="张三")
    holder.execute("ROLLBACK")
    directory.save_person(sqlite_db, CurrentUser("admin", "管理员", "admin"), name="张三")
    assert [p.name for p in directory.list_persons(sqlite_db)] == ["张三"]
