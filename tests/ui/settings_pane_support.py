"""Shared set-up of the 设置 pane tests (no tests here): the settings file and data folder in tmp
(the autouse `machine_dirs` fixture: import `machine_dirs_fixture`), the pane on the test
database (the `pane` fixture), a button found by its name and the open error boxes' text."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPushButton

from tests.ui.conftest import close_errors, open_errors


@pytest.fixture(name="machine_dirs", autouse=True)
def machine_dirs_fixture(tmp_path, monkeypatch):
    """Settings file and data folder in tmp; never the developer's real config."""
    monkeypatch.setenv("FUBAN_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("FUBAN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("FUBAN_DB_URL", raising=False)
    yield
    close_errors()


@pytest.fixture(name="pane")
def pane_fixture(qtbot, ctx):
    from ui.panes.settings import SettingsPane

    p = SettingsPane(ctx)
    qtbot.addWidget(p)
    return p


def _button(widget, name: str) -> QPushButton:
    button = widget.findChild(QPushButton, name)
    assert button is not None, name
    return button


def _errors_text() -> str:
    return "\n".join(open_errors())
