"""SQLite writers wait in short random retries instead of SQLite's growing back-off (a save once
waited 11.2 s behind later arrivals): the pauses between tries stay short however long the wait,
a lock held past the deadline gives up with SQLite's own error, and a write still works end to
end. How long waits are under contention is measured by tests/reliability/sqlite_writer_fairness,
not asserted here."""

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


def _recorded_pauses(monkeypatch) -> list[float]:
    """The pauses the waiter takes between its tries (the real sleep still happens)."""
    pauses: list[float] = []
    real_sleep = time.sleep

    def sleep(seconds: float) -> None:
        pauses.append(seconds)
        real_sleep(seconds)

    monkeypatch.setattr(engine_module.time, "sleep", sleep)
    return pauses


def test_the_waiter_retries_in_short_pauses_that_do_not_grow(tmp_path, monkeypatch):
    path = tmp_path / "f.db"
    holder = _holder(path)
    waiter = sqlite3.connect(path, isolation_level=None)
    waiter.execute("PRAGMA busy_timeout=0")
    pauses = _recorded_pauses(monkeypatch)
    released = threading.Event()

    def release():
        while len(pauses) < 50:  # the waiter has tried fifty times: let it have the lock
            threading.Event().wait(0.001)
        holder.execute("COMMIT")
        released.set()

    threading.Thread(target=release).start()
    assert begin_immediate_fairly(waiter, deadline_seconds=30)
    waiter.execute("COMMIT")
    assert released.is_set()
    low, high = engine_module._RETRY_PAUSE
    assert len(pauses) >= 50
    # SQLite's own handler sleeps longer the longer it has waited (up to 100 ms); these stay short.
    assert all(low <= pause <= high for pause in pauses)
    assert max(pauses[-10:]) <= high


def test_a_lock_held_past_the_deadline_gives_up(tmp_path, monkeypatch):
    path = tmp_path / "f.db"
    holder = _holder(path)
    waiter = sqlite3.connect(path, isolation_level=None)
    waiter.execute("PRAGMA busy_timeout=0")
    pauses = _recorded_pauses(monkeypatch)
    t0 = time.monotonic()
    assert begin_immediate_fairly(waiter, deadline_seconds=0.2) is False
    assert time.monotonic() - t0 >= 0.2  # it tried until the deadline, not less
    assert pauses and all(pause <= engine_module._RETRY_PAUSE[1] for pause in pauses)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        waiter.execute("BEGIN IMMEDIATE")  # it holds nothing: the holder still has the lock
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
