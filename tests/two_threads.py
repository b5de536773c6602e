"""Two clerks saving at the same moment, as two threads of one test process: the harness of the
write-skew and lost-update tests (the number allocators' races use two OS processes instead:
tests/two_processes.py).

`lined_up` holds each writer right after it ran a SELECT the test names (the check a lock must
protect) until the other writer has run it too, so both read before either writes. A writer
blocked by a lock never gets there, and the other goes on alone once the short barrier times out:
with a lock the race resolves one after the other, without one both pass the check."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from sqlalchemy import event


def lined_up(
    engine, selects: Callable[[str], bool], calls: Sequence[Callable[[], object]]
) -> tuple[list[object], list[BaseException]]:
    """Run each of `calls` in its own thread, holding each right after its first statement for
    which `selects(sql)` is true; returns (results, errors), each in the order they came."""
    arrived = threading.Barrier(len(calls), timeout=2)

    def _line_up(conn, cursor, statement, params, context, executemany):
        if statement.lstrip().upper().startswith("SELECT") and selects(statement):
            try:
                arrived.wait()
            except threading.BrokenBarrierError:
                pass

    results: list[object] = []
    errors: list[BaseException] = []

    def run(call: Callable[[], object]) -> None:
        try:
            results.append(call())
        except BaseException as exc:  # collected for the test to assert
            errors.append(exc)

    event.listen(engine, "after_cursor_execute", _line_up)
    try:
        threads = [threading.Thread(target=run, args=(c,)) for c in calls]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    finally:
        event.remove(engine, "after_cursor_execute", _line_up)
    return results, errors
