"""The one runner for database operations from the window (in the manner of Anki's
CollectionOp/QueryOp).

    operations.run(lambda: seals.void_use(db, user, use_id, reason, version),
                   on_success=self.refresh, parent=self)

- One worker thread: operations run one after another, never two at once against the database
  from this window, and never on the GUI thread — a write that waits on a lock of the shared
  database (SQLite waits up to 30 s, PostgreSQL on a row lock) leaves the window responsive.
- While an operation runs its `parent` is busy: wait cursor, its push buttons disabled (restored
  before the result is delivered, so the callback may set them for the new state). A read that
  may be repeated often (a register's reload) asks for it only after `busy_after_ms`.
- The result (or the exception) is delivered on the GUI thread. Without `on_failure` an error is
  shown by ui.errors.show_error (which writes an unexpected error's traceback to the log).
- Stale results are dropped: when `parent` has been deleted or closed, or `still_wanted()` says
  the clerk has moved on (another row selected, a newer reload started — see `Latest`), neither
  callback runs.

The operation itself must not touch widgets: read what it needs on the GUI thread first and let
the callable capture plain values.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThread, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget

from db.errors import FubanError
from ui.errors import show_error

log = logging.getLogger("fuban.ui.operations")


class Latest:
    """Only the newest request of one kind counts: `ticket()` before each request gives a
    `still_wanted` check that turns false as soon as a newer ticket is taken (or `cancel()`)."""

    def __init__(self) -> None:
        self._n = 0

    def ticket(self) -> Callable[[], bool]:
        self._n += 1
        n = self._n
        return lambda: n == self._n

    def cancel(self) -> None:
        self._n += 1


class Operation:
    """What became of one run: `ok` is None while it runs (or when its result was dropped as
    stale), True when it succeeded, False when it failed; `result`/`error` hold the value."""

    def __init__(self) -> None:
        self.done = False
        self.dropped = False
        self.ok: bool | None = None
        self.result: Any = None
        self.error: BaseException | None = None


class _Signals(QObject):
    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, op: Callable[[], Any]):
        super().__init__()
        self.setAutoDelete(False)  # the runner keeps it until it has reported
        self.op = op
        self.signals = _Signals()  # created on the GUI thread: its slots are called there

    def run(self) -> None:
        try:
            result = self.op()
        except BaseException as exc:  # delivered to the GUI thread, never lost
            self.signals.failed.emit(exc)
        else:
            self.signals.succeeded.emit(result)


class _Busy:
    """A widget's busy state, counted: the first operation sets it, the last one clears it."""

    def __init__(self, widget: QWidget):
        self.widget = widget
        self.count = 0
        self.disabled: list[QPushButton] = []

    def enter(self) -> None:
        self.count += 1
        if self.count > 1:
            return
        self.widget.setCursor(Qt.CursorShape.WaitCursor)
        self.widget.setProperty("busy", True)
        self.disabled = [b for b in self.widget.findChildren(QPushButton) if b.isEnabled()]
        for button in self.disabled:
            button.setEnabled(False)

    def leave(self) -> bool:
        """True when this was the last operation on the widget."""
        self.count -= 1
        if self.count > 0:
            return False
        if shiboken6.isValid(self.widget):
            self.widget.unsetCursor()
            self.widget.setProperty("busy", False)
            for button in self.disabled:
                if shiboken6.isValid(button):
                    button.setEnabled(True)
        self.disabled = []
        return True


class OperationRunner(QObject):
    """One worker thread for the database operations of this window."""

    idle_changed = Signal(bool)  # True when the last queued operation has reported

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.setExpiryTimeout(-1)  # keep the one thread: no start-up cost per operation
        self._jobs: set[_Job] = set()
        self._busy: dict[int, _Busy] = {}
        self._boxes: set[QMessageBox] = set()

    def is_idle(self) -> bool:
        return not self._jobs

    def pending(self) -> int:
        return len(self._jobs)

    def run(
        self,
        op: Callable[[], Any],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        parent: QWidget | None = None,
        *,
        still_wanted: Callable[[], bool] | None = None,
        title: str = "未完成",
        outcome: Operation | None = None,
        busy_after_ms: int = 0,
    ) -> Operation:
        """`outcome`: an Operation handed out earlier (e.g. a save waiting for its form's pick
        lists) that this run completes. `busy_after_ms`: `parent` is made busy only if the
        operation is still running after that long (a register's reload: its buttons would
        otherwise flash grey for the few ms a read takes); 0 (a save): at once, so that a
        second click cannot start it twice."""
        if QThread.currentThread() is not self.thread():
            # Started from an operation (e.g. a save function that reloads a view): its result
            # could never be delivered. Say so loudly instead of hanging.
            raise RuntimeError("operations.run must be called on the GUI thread")
        job = _Job(op)
        outcome = outcome if outcome is not None else Operation()
        busy: list[_Busy] = []  # the parent's busy state, once entered
        delay: QTimer | None = None
        if parent is not None and busy_after_ms <= 0:
            busy.append(self._enter_busy(parent))
        elif parent is not None:
            delay = QTimer(self, singleShot=True, interval=busy_after_ms)
            delay.timeout.connect(
                lambda: busy.append(self._enter_busy(parent)) if shiboken6.isValid(parent) else None
            )
            delay.start()
        was_idle = not self._jobs
        self._jobs.add(job)

        def deliver(ok: bool, value: Any) -> None:
            try:
                outcome.done = True
                if delay is not None:
                    delay.stop()
                    delay.deleteLater()
                if busy and busy[0].leave():
                    self._busy.pop(id(busy[0].widget), None)
                if not _wanted(parent, still_wanted):
                    outcome.dropped = True
                    log.debug("operation result dropped: its window or record has changed")
                    if not ok and not isinstance(value, FubanError):  # not shown: still logged
                        log.error(
                            "unexpected error in a dropped operation",
                            exc_info=(type(value), value, value.__traceback__),
                        )
                    return
                outcome.ok = ok
                if ok:
                    outcome.result = value
                    if on_success is not None:
                        on_success(value)
                else:
                    outcome.error = value
                    if on_failure is not None:
                        on_failure(value)
                    else:
                        self._show_error(parent, value, title)
            finally:
                self._jobs.discard(job)
                if not self._jobs:
                    self.idle_changed.emit(True)

        job.signals.succeeded.connect(
            lambda r: deliver(True, r), Qt.ConnectionType.QueuedConnection
        )
        job.signals.failed.connect(lambda e: deliver(False, e), Qt.ConnectionType.QueuedConnection)
        if was_idle:
            self.idle_changed.emit(False)
        self._pool.start(job)
        return outcome

    def _show_error(self, parent: QWidget | None, exc: BaseException, title: str) -> None:
        box = show_error(parent, exc, title)
        if parent is None:  # nothing else holds a parentless box: keep it until it is closed
            self._boxes.add(box)
            box.finished.connect(lambda _r: self._boxes.discard(box))

    def wait_idle(self, msecs: int = -1) -> bool:
        """Block until the worker has finished its queue (for shutdown; the results are still
        delivered by the event loop afterwards)."""
        return self._pool.waitForDone(msecs)

    def _enter_busy(self, widget: QWidget) -> _Busy:
        busy = self._busy.get(id(widget))
        if busy is None or not shiboken6.isValid(busy.widget) or busy.widget is not widget:
            busy = self._busy[id(widget)] = _Busy(widget)
        busy.enter()
        return busy


def _wanted(parent: QWidget | None, still_wanted: Callable[[], bool] | None) -> bool:
    if parent is not None:
        if not shiboken6.isValid(parent):
            return False  # the pane or dialog was deleted meanwhile
        if parent.window().property("closed"):
            return False  # a dialog the clerk has closed (see mark_closed)
    return still_wanted is None or still_wanted()


def mark_closed(widget: QWidget) -> None:
    """A dialog that has been closed: results of operations started for it are dropped."""
    widget.setProperty("closed", True)


_runners: dict[int, OperationRunner] = {}


def runner() -> OperationRunner:
    """The window's runner: one per QApplication (the app opens one database per process)."""
    app = QApplication.instance()
    if app is None:
        raise RuntimeError("the operation runner needs a QApplication")
    found = _runners.get(id(app))
    if found is None or not shiboken6.isValid(found):
        found = _runners[id(app)] = OperationRunner(app)
    return found


def run(
    op: Callable[[], Any],
    on_success: Callable[[Any], None] | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
    parent: QWidget | None = None,
    *,
    still_wanted: Callable[[], bool] | None = None,
    title: str = "未完成",
    outcome: Operation | None = None,
    busy_after_ms: int = 0,
) -> Operation:
    """Run `op` on the window's runner (see the module docstring)."""
    return runner().run(
        op,
        on_success,
        on_failure,
        parent,
        still_wanted=still_wanted,
        title=title,
        outcome=outcome,
        busy_after_ms=busy_after_ms,
    )
