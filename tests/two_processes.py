"""Two clerks' PCs writing to one database at the same moment, as two OS processes: the harness
the concurrency tests of the number allocators share. Each child is spawned (a fresh interpreter,
nothing inherited), opens its own `Database`, waits at a barrier so both start together, runs its
work and reports the result — or the exception, instead of dying silently."""

from __future__ import annotations

import multiprocessing
import queue
from collections.abc import Callable, Sequence
from typing import Any

import pytest

from db.engine import Database


def _child(work: Callable[..., list], url: str, args: tuple, start, results) -> None:
    d = Database(url)
    try:
        start.wait(timeout=60)  # both children begin together
        results.put(work(d, *args))
    except BaseException as exc:  # report instead of dying silently
        results.put(repr(exc))
        raise
    finally:
        d.dispose()


def race(
    url: str, work: Callable[..., list], args_each: Sequence[tuple], timeout: float
) -> list[list[Any]]:
    """Run `work(database, *args)` in one spawned process per entry of `args_each`, all at once,
    on the database at `url`; the lists they return (in the order they finished). `work` must be
    a module-level function (a spawned child imports it by name). Fails the test when a child
    raises, does not report within `timeout` seconds, or does not exit cleanly."""
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Barrier(len(args_each)), ctx.Queue()
    children = [
        ctx.Process(target=_child, args=(work, url, args, start, results)) for args in args_each
    ]
    for p in children:
        p.start()
    try:
        lists = [results.get(timeout=timeout) for _ in children]
    except queue.Empty:
        pytest.fail(f"a child process did not report within {timeout:.0f} s")
    finally:
        for p in children:
            p.join(timeout=30)
            if p.is_alive():
                p.kill()
    for got in lists:
        assert isinstance(got, list), f"child failed: {got}"
    assert all(p.exitcode == 0 for p in children)
    return lists
