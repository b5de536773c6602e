"""UI fixtures: an AppContext on a fresh SQLite database, a way to wait for the operations the
panes run off the GUI thread (ui.operations), and a way to read open error dialogs."""

from __future__ import annotations

import gc
import shutil
import sqlite3
import time
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread():
    """Garbage collected on the GUI thread only, as the window has it (ui.heap): no automatic
    collection while a test runs — the operation runner's worker, reading rows, would then
    collect, and a Qt object an earlier test left in a cycle, destroyed from that thread, brings
    the process down (a full run did: "Fatal Python error: Segmentation fault …
    Garbage-collecting" in the worker, under numbering.list_sequences). Between tests, when
    only this thread runs, it collects as usual (a full collection forced around each test made
    the UI tests take four times as long)."""
    was_enabled = gc.isenabled()
    gc.disable()
    yield
    if was_enabled:
        gc.enable()


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


@pytest.fixture(scope="session")
def demo_template(sqlite_template, tmp_path_factory) -> Path:
    """The migrated template with the demo government (desktop_app.services.demo) filled in as of
    ctx's today, once per session: each demo_ctx copies it instead of filling it again (~0.7 s)."""
    from db.engine import Database
    from desktop_app.services import demo
    from desktop_app.services.system.common import CurrentUser

    path = tmp_path_factory.mktemp("demo-template") / "demo.db"
    shutil.copyfile(sqlite_template, path)
    d = Database(f"sqlite:///{path}")
    demo.fill(d, CurrentUser("admin", "管理员", "admin"), today=date(2026, 11, 26))
    d.dispose()
    return path


@pytest.fixture
def demo_ctx(ctx, demo_template):
    """ctx with the demo government: its database's content replaced by the demo template's
    (SQLite's backup API, so the database ctx already has open sees the copy)."""
    assert ctx.today() == date(2026, 11, 26), "the demo template is filled as of ctx's today"
    db_path = ctx.db.engine.url.database
    with (
        closing(sqlite3.connect(demo_template)) as source,
        closing(sqlite3.connect(db_path)) as target,
    ):
        source.backup(target)
    return ctx


def open_errors() -> list[str]:
    """Texts of the error message boxes currently open (ui.errors.show_error opens them)."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    return [
        w.text()
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.objectName() == "errorDialog" and w.isVisible()
    ]


def close_errors() -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    for w in QApplication.topLevelWidgets():
        if isinstance(w, QMessageBox) and w.objectName() == "errorDialog":
            w.close()


@pytest.fixture(autouse=True)
def _db_off_gui_thread(monkeypatch):
    """Every database session the window opens goes through the operation runner's worker
    (tests/ui/db_thread_guard.py): a test whose panes open one on the GUI thread, or on another
    pool, fails and names the call chain."""
    from tests.ui.db_thread_guard import DbThreadGuard

    guard = DbThreadGuard()
    guard.install(monkeypatch)
    yield guard
    found = list(dict.fromkeys(guard.violations))
    assert not found, "database used off the operation runner:\n" + "\n".join(found)


def open_previews() -> list:
    """The print previews open now (ui.panes.meeting_print keeps them until closed)."""
    from ui.panes import meeting_print

    return list(meeting_print._previews)


def new_previews(before: list) -> list:
    """The previews opened since `before` was taken. Counting is not enough: previews left by
    earlier tests go away while this one runs, as their panes are deleted."""
    return [w for w in open_previews() if not any(w is b for b in before)]


def wait_new_preview(qtbot, before: list, timeout: int = 15000):
    qtbot.waitUntil(lambda: bool(new_previews(before)), timeout=timeout)
    return new_previews(before)[-1]


def choose(dialog, key: str, text: str) -> None:
    """Pick the entry of the dialog's combo box `key` whose text starts with `text`."""
    wait_ops()  # the form's pick lists are read through the runner
    combo = dialog.widgets[key]
    index = next(i for i in range(combo.count()) if combo.itemText(i).startswith(text))
    combo.setCurrentIndex(index)


def wait_loaded(qtbot, view) -> None:
    """Wait for the operations started so far (a save, an action and the reloads they start)
    and for the view's rows."""
    wait_ops()
    qtbot.waitUntil(lambda: not view.loading, timeout=5000)
