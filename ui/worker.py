"""Slow work off the GUI thread that reads no database: sending a finished PDF to the printer
(ui/printing.py), the font sample in settings. Anything that reads or writes the database runs
on the operation runner's one worker instead (ui.operations); the UI tests fail a database
session opened from here (tests/ui/db_thread_guard.py).

`run(fn, on_done, on_error)` runs `fn()` on Qt's thread pool and delivers the result (or the
exception) back on the GUI thread, so the window never freezes. Like Anki's operations: the
callable does the work without touching widgets; the callbacks update the UI.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any]):
        super().__init__()
        self.fn = fn
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:  # delivered to the GUI thread, never lost
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


_alive: set[_Job] = set()  # keep jobs (and their signal objects) alive until they report


def run(
    fn: Callable[[], Any], on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]
) -> None:
    job = _Job(fn)
    job.setAutoDelete(False)
    _alive.add(job)

    def finish(callback, value):
        _alive.discard(job)
        callback(value)

    job.signals.done.connect(lambda r: finish(on_done, r))
    job.signals.failed.connect(lambda e: finish(on_error, e))
    QThreadPool.globalInstance().start(job)
