"""UI fixtures: an AppContext on a fresh SQLite database, and a way to read open error dialogs."""

from __future__ import annotations

from datetime import date

import pytest


@pytest.fixture
def ctx(qapp, sqlite_db, admin):
    from ui.context import AppContext

    return AppContext(sqlite_db, admin, today=lambda: date(2026, 11, 26))


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
