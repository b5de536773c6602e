"""Forms set maxLength from the model: a walk through the app (every pane and tab of the main
window on the demo database, every enabled button pressed, with a row selected where there is
one) collects each form that opens; every line edit bound to a String(n) column must have
maxLength n, and a multi-line editor must stop at n characters."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
)

from desktop_app.services.system.form_limits import column_limit
from tests.ui.conftest import close_errors, wait_ops
from ui.widgets.form import FormDialog
from ui.widgets.form_fields import FieldSpec

# Buttons whose forms are checked, and only opened: nothing is saved during the walk.
_NOT_PRESSED = (
    "print",
    "export",
    "pdf",
    "backup",
    "restore",
    "import",
    "delete",
    "logout",
    "selftest",  # 设置 → 维护 → 自检 builds a database of its own for half a minute
)


@pytest.fixture
def no_blocking_dialogs(monkeypatch):
    """Questions, file pickers and modal exec() return at once during the walk."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)
    monkeypatch.setattr(QDialog, "exec", lambda self: 0)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))


def _open_forms() -> list[FormDialog]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, FormDialog) and w.isVisible()
    ]


def _line_edits(form: FormDialog) -> dict[str, int]:
    """maxLength of each plain line edit of the form, read before the form closes (and goes)."""
    return {
        key: w.maxLength()
        for key, w in form.widgets.items()
        if isinstance(w, QLineEdit) and w.echoMode() == QLineEdit.EchoMode.Normal
    }


def _walk(qtbot, win, NAV) -> dict[str, dict[str, int]]:
    seen: dict[str, dict[str, int]] = {}
    for name in NAV:
        win.nav.setCurrentRow(NAV.index(name))
        pane = win.stack.currentWidget()
        wait_ops()
        tab_widgets = pane.findChildren(QTabWidget) or [None]
        for tabs in tab_widgets:
            for t in range(tabs.count() if tabs else 1):
                if tabs:
                    tabs.setCurrentIndex(t)
                wait_ops()
                for view in pane.findChildren(QTableView):
                    if view.isVisible() and view.model() and view.model().rowCount() > 0:
                        view.selectRow(0)
                wait_ops()
                for button in pane.findChildren(QPushButton):
                    if not shiboken6.isValid(button):
                        continue  # a panel rebuilt by an earlier button took it away
                    label = (button.objectName() + button.text()).lower()
                    if not (button.isVisible() and button.isEnabled()) or any(
                        word in label for word in _NOT_PRESSED
                    ):
                        continue
                    button.click()
                    wait_ops()
                    for form in _open_forms():
                        seen.setdefault(form.objectName(), _line_edits(form))
                        form.done(0)
                    close_errors()
    return seen


def test_every_form_line_edit_bound_to_a_column_has_its_max_length(
    qtbot, demo_ctx, no_blocking_dialogs
):
    from ui.main_window import NAV, MainWindow

    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    win.show()  # buttons count as visible only in a shown window
    forms = _walk(qtbot, win, NAV)

    assert len(forms) >= 10, sorted(forms)  # the walk reached the registers' forms
    checked = []
    for name, edits in forms.items():
        for key, max_length in edits.items():
            limit = column_limit(name, key)
            if limit is not None:
                assert max_length == limit, (name, key, max_length, limit)
                checked.append((name, key))
    assert ("registerIncomingDialog", "title") in checked or ("personDialog", "name") in checked
    assert len(checked) >= 10, checked


def test_the_same_field_name_takes_each_form_s_own_column_length(qtbot):
    """`title` is 256 characters on a 收文 and 64 on an appointment; `name` 64 for a person and
    128 for a unit."""
    incoming = FormDialog(
        "收文", [FieldSpec("title", "标题")], lambda v: None, object_name="registerIncomingDialog"
    )
    appointment = FormDialog(
        "任职", [FieldSpec("title", "职务名称")], lambda v: None, object_name="appointmentDialog"
    )
    person = FormDialog(
        "人员",
        [FieldSpec("name", "姓名"), FieldSpec("phone", "电话")],
        lambda v: None,
        object_name="personDialog",
    )
    unit = FormDialog(
        "单位", [FieldSpec("name", "单位名称")], lambda v: None, object_name="unitDialog"
    )
    for d in (incoming, appointment, person, unit):
        qtbot.addWidget(d)
    assert incoming.widgets["title"].maxLength() == 256
    assert appointment.widgets["title"].maxLength() == 64
    assert person.widgets["name"].maxLength() == 64 and unit.widgets["name"].maxLength() == 128
    assert person.widgets["phone"].maxLength() == column_limit("personDialog", "phone")


def test_a_multi_line_editor_stops_at_its_column_length(qtbot):
    dialog = FormDialog(
        "人员", [FieldSpec("note", "备注", "multiline")], lambda v: None, object_name="personDialog"
    )
    qtbot.addWidget(dialog)
    editor = dialog.widgets["note"]
    assert isinstance(editor, QPlainTextEdit)
    limit = column_limit("personDialog", "note")
    assert limit is not None and editor.property("maxLength") == limit
    editor.setPlainText("字" * (limit + 50))
    assert editor.toPlainText() == "字" * limit


def test_a_field_with_no_column_and_an_unlisted_form_with_an_ambiguous_name_get_no_limit(qtbot):
    dialog = FormDialog(
        "其他",
        [FieldSpec("no_such_column", "X"), FieldSpec("title", "标题")],
        lambda v: None,
        object_name="someUnlistedDialog",
    )
    qtbot.addWidget(dialog)
    assert dialog.widgets["no_such_column"].maxLength() == 32767  # Qt's default
    assert dialog.widgets["title"].maxLength() == 32767
