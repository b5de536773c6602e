"""Shared set-up of the meetings pane tests (no tests here): the main window on the demo
government (the `window` fixture), and the helpers that pick from a form's lists, set a date and
select a row once the view has loaded."""

from __future__ import annotations

from datetime import date

import pytest

from tests.ui.conftest import wait_loaded


def set_date(dialog, key: str, day: date) -> None:
    from PySide6.QtCore import QDate

    dialog.widgets[key].setDate(QDate(day.year, day.month, day.day))


def select(qtbot, view, predicate) -> None:
    view.reload()
    wait_loaded(qtbot, view)
    assert view.select_where(predicate)


@pytest.fixture(name="window")
def window_fixture(qtbot, demo_ctx):
    from ui.main_window import MainWindow

    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    return win
