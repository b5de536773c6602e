"""UI fixtures: an AppContext on a fresh SQLite database, a way to wait for the operations the
panes run off the GUI thread (ui.operations), and a way to read open error dialogs."""

from __future__ import annotations

import time
from datetime import date

import pytest


@pytest.fixture
def ctx(qapp, sqlite_db, admin):
    from ui.context import AppContext

    yield AppContext(sqlite_db, admin, today=lambda: date(2026, 11, 26))
    wait_ops()  # nothing still reading or writing when the database is closed


def wait_ops(timeout: float = 20.0) -> None:
    """Process events until the window's operation runner is idle: every operation started so
    far (and any its callbacks started) has reported on the GUI thread."""
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from ui.operations import runner

    r = runner()
    deadline = time.monotonic() + timeout
    while not r.is_idle():
        if time.monotonic() > deadline:
            raise AssertionError(f"{r.pending()} operation(s) still running after {timeout} s")
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.002)
    QApplication.processEvents()


def finish(op) -> bool | None:
    """Wait for an operation (e.g. `dialog.try_save()`) and say how it ended: True saved, False
    refused or failed (the message is shown), None when dropped as stale."""
    wait_ops()
    return op.ok


@pytest.fixture
def demo_ctx(ctx):
    from desktop_app.services import demo

    demo.fill(ctx.db, ctx.user, today=ctx.today())
    return ctx


def open_errors() -> list[str]:
    """Texts of the error message boxes currently open (ui.errors.show_error opens them)."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    return [w.text() for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.objectName() == "errorDialog" and w.isVisible()]


def close_errors() -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    for w in QApplication.topLevelWidgets():
        if isinstance(w, QMessageBox) and w.objectName() == "errorDialog":
            w.close()
