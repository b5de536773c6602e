"""Issue 18 item 7: 新建用印申请 while no seal is 启用 says to add and 启用 one in the 印章 tab
first, with a button that goes there; 保存 is off (nothing could be saved). Once a seal is in
use the form shows no such note. Checked on a 1366×768 laptop's screen area."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QDialogButtonBox, QFrame, QLabel, QPushButton

from tests.ui.conftest import wait_ops
from tests.ui.seals_pane_support import add_active_seal
from tests.ui.test_dialogs_fit_screen import LAPTOP, assert_fits
from ui.widgets import screen_fit


@pytest.fixture
def pane(qtbot, demo_ctx, monkeypatch):
    from ui.main_window import MainWindow

    monkeypatch.setattr(screen_fit, "available_geometry", lambda _w: QRect(LAPTOP))
    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    return win.show_pane("用印")


def test_apply_without_a_seal_in_use_says_what_to_do_and_goes_to_the_seal_tab(qtbot, pane):
    dialog = pane.new_application()
    wait_ops()
    note = dialog.findChild(QFrame, "noSealInUse")
    assert note is not None and note.isVisibleTo(dialog)
    text = dialog.findChild(QLabel, "noSealText").text()
    assert "「印章」页" in text and "启用" in text
    assert dialog.widgets["seal_id"].currentText() == "（没有启用的印章）"
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled()
    assert dialog.scroll.isAncestorOf(note)  # scrolls with the fields: the dialog still fits
    assert_fits(dialog, LAPTOP)  # 保存 and the note on a laptop's screen

    dialog.findChild(QPushButton, "goToSeals").click()
    assert not dialog.isVisible()
    assert pane.tabs.currentWidget() is pane.catalogue


def test_apply_with_a_seal_in_use_has_no_note(qtbot, pane):
    add_active_seal(qtbot, pane)
    pane.tabs.setCurrentIndex(0)
    dialog = pane.new_application()
    wait_ops()
    assert dialog.findChild(QFrame, "noSealInUse") is None
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()
    combo = dialog.widgets["seal_id"]
    assert [combo.itemText(i) for i in range(combo.count())] == ["（请选择）", "同江市人民政府印"]
    dialog.reject()
