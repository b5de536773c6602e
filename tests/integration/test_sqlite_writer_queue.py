"""SQLite writers of one file take the write lock first come, first served across processes
(db.writer_queue): writers queued behind a held lock commit in the order they asked, a killed
waiter does not hold up those behind it, a waiter that never moves delays the others only until
their wait's deadline, readers never wait in line, and one process alone saves as before."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from db import engine as engine_module
from db import writer_queue
from db.engine import make_engine

REPO = Path(__file__).resolve().parents[2]

# One save through the app's engine (its BEGIN IMMEDIATE goes through the queue).
WRITER = """
import sys
from db.engine import make_engine
engine = make_engine(sys.argv[1])
with engine.begin() as conn:
    conn.exec_driver_sql("INSERT INTO saves (who) VALUES (?)", (sys.argv[2],))
"""

# Takes a turn in the queue and stays in it without ever writing.
STUCK = """
import sys, time
from db import writer_queue
with writer_queue.for_database(sys.argv[1]).turn(time.monotonic() + 600):
    print("in line", flush=True)
    time.sleep(600)
"""


@pytest.fixture
def database(tmp_path) -> Iterator[tuple[Path, Engine]]:
    path = tmp_path / "q.db"
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE saves (id INTEGER PRIMARY KEY, who TEXT NOT NULL)")
    yield path, engine
    engine.dispose()


def _start(script: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args], cwd=REPO, stdout=subprocess.PIPE, text=True
    )


def _tickets_drawn(path: Path) -> int:
    try:
        stored = writer_queue.lock_path(path).read_bytes()[:8]
    except OSError:  # not there yet (or, on Windows, locked for the moment a ticket is drawn)
        return -1
    return int.from_bytes(stored, "little") if len(stored) == 8 else 0


def _wait_until_in_line(path: Path, tickets: int, proc: subprocess.Popen) -> None:
    """Until the file's counter says `tickets` were drawn (a generous bound, not a timing);
    the fixture's CREATE TABLE drew the first."""
    give_up = time.monotonic() + 120
    while _tickets_drawn(path) < tickets:
        assert proc.poll() is None, "the writer ended before it was in line"
        assert time.monotonic() < give_up, "the writer never took its ticket"
        time.sleep(0.01)


def _hold_write_lock(path: Path):
    import sqlite3

    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # outside the queue, as another program would
    return holder


def _saved(engine: Engine) -> list[str]:
    with engine.connect().execution_options(fuban_readonly=True) as conn:
        return list(conn.execute(text("SELECT who FROM saves ORDER BY id")).scalars())


def test_writers_waiting_for_the_lock_commit_in_the_order_they_asked(database):
    path, engine = database
    holder = _hold_write_lock(path)
    url = f"sqlite:///{path}"
    names = ["甲", "乙", "丙", "丁"]
    writers = []
    for n, name in enumerate(names, start=2):
        writers.append(_start(WRITER, url, name))
        _wait_until_in_line(path, n, writers[-1])
    # Four writers in line behind a held lock; a reader is not among them.
    assert _saved(engine) == []
    holder.execute("COMMIT")
    assert [w.wait(120) for w in writers] == [0, 0, 0, 0]
    assert _saved(engine) == names


def test_a_killed_waiter_does_not_hold_up_the_writers_behind_it(database):
    path, engine = database
    holder = _hold_write_lock(path)
    url = f"sqlite:///{path}"
    first = _start(WRITER, url, "甲")
    _wait_until_in_line(path, 2, first)
    killed = _start(WRITER, url, "乙")
    _wait_until_in_line(path, 3, killed)
    behind = _start(WRITER, url, "丙")  # waits for the killed writer's turn to pass
    _wait_until_in_line(path, 4, behind)
    killed.kill()
    killed.wait(60)
    holder.execute("COMMIT")
    assert [first.wait(120), behind.wait(120)] == [0, 0]
    assert sorted(_saved(engine)) == sorted(["甲", "丙"])
    with engine.begin() as conn:  # and this process, after them
        conn.exec_driver_sql("INSERT INTO saves (who) VALUES ('丁')")
    assert _saved(engine)[-1] == "丁"


def test_a_waiter_that_never_moves_delays_the_next_only_until_its_deadline(database, monkeypatch):
    path, engine = database
    stuck = _start(STUCK, str(path))
    try:
        assert stuck.stdout is not None and stuck.stdout.readline().strip() == "in line"
        monkeypatch.setattr(engine_module, "WRITE_WAIT_SECONDS", 0.3)
        with engine.begin() as conn:  # the database itself is free: the last try gets it
            conn.exec_driver_sql("INSERT INTO saves (who) VALUES ('甲')")
        assert _saved(engine) == ["甲"]
    finally:
        stuck.kill()
        stuck.wait(60)


def test_one_process_saves_whatever_the_ticket_file_holds(database):
    path, engine = database
    lock = writer_queue.lock_path(path)
    assert _tickets_drawn(path) == 1  # the fixture's CREATE TABLE
    lock.write_bytes(b"\xff\x07")  # a torn counter, as a crash while drawing could leave
    for name in ("甲", "乙"):
        with engine.begin() as conn:
            conn.exec_driver_sql("INSERT INTO saves (who) VALUES (?)", (name,))
    assert _saved(engine) == ["甲", "乙"]
    assert _tickets_drawn(path) == 2  # a torn counter starts again at 0
    lock.write_bytes((2**63 - 1).to_bytes(8, "little"))  # the counter's last value wraps
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO saves (who) VALUES ('丙')")
    assert _saved(engine) == ["甲", "乙", "丙"] and _tickets_drawn(path) == 0


def test_no_queue_file_when_the_folder_cannot_hold_one_and_saves_still_work(tmp_path):
    queue = writer_queue.WriterQueue(tmp_path / "missing-folder" / "q.db.writers.lock")
    with queue.turn(time.monotonic() + 5) as first_in_line:
        assert first_in_line  # the retry loop alone, as before the queue
