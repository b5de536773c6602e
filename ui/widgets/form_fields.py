"""The fields of a form (ui.widgets.form): what a field is (FieldSpec), the widget each kind of
field is drawn with, and reading and writing a field widget's value.

They stand apart from the dialog because they know nothing of saving, checking or sizing: the
dialog builds its rows from them, and panes use the date editor and `set_value` in forms and
filters of their own without the dialog."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from ui.widgets import pick_search


@dataclass
class FieldSpec:
    key: str
    label: str
    kind: str = "text"  # text | multiline | password | date | optional_date | datetime | combo
    #                      | int | check
    choices: Sequence[tuple[Any, str]] = field(default_factory=list)
    help: str = ""
    lazy: bool = False  # a combo whose choices open_form(choices=…) reads from the database
    # A titled group this field starts (a long form read in parts); later fields stay in it
    # until one names another. Fields before the first section are shown ungrouped.
    section: str = ""
    # 保存 lists every required field left empty in one message (ui.widgets.form_checks).
    required: bool = False


class OptionalDate(QWidget):
    """A date that may be left open (e.g. 「至今」 for an end date)."""

    def __init__(self, open_text: str = "至今（未结束）", parent=None):
        super().__init__(parent)
        self.open = QCheckBox(open_text)
        self.edit = date_edit()
        self.open.toggled.connect(lambda on: self.edit.setEnabled(not on))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.open)
        self.set_value(None)

    def value(self) -> date | None:
        return None if self.open.isChecked() else self.edit.date().toPython()

    def set_value(self, value: date | None) -> None:
        self.open.setChecked(value is None)
        if value is not None:
            self.edit.setDate(QDate(value.year, value.month, value.day))


def date_edit() -> QDateEdit:
    edit = QDateEdit(calendarPopup=True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDate(QDate.currentDate())
    return edit


def field_widget(spec: FieldSpec) -> QWidget:
    if spec.kind == "multiline":
        w = QPlainTextEdit()
        w.setTabChangesFocus(True)
        w.setFixedHeight(80)
        return w
    if spec.kind == "password":
        return QLineEdit(echoMode=QLineEdit.EchoMode.Password)
    if spec.kind == "date":
        return date_edit()
    if spec.kind == "optional_date":
        return OptionalDate()
    if spec.kind == "datetime":
        w = QDateTimeEdit(calendarPopup=True)
        w.setDisplayFormat("yyyy-MM-dd HH:mm")
        w.setDateTime(QDateTime.currentDateTime())
        return w
    if spec.kind == "combo":
        w = QComboBox()
        for value, label in spec.choices:
            w.addItem(label, value)
        if spec.lazy:  # a list from the database (people, units …): found by name or initials
            pick_search.make_searchable(w)
        return w
    if spec.kind == "int":
        w = QSpinBox()
        w.setRange(0, 100000)
        return w
    if spec.kind == "check":
        return QCheckBox()
    return QLineEdit()


def get_value(w: QWidget) -> Any:
    if isinstance(w, QPlainTextEdit):
        return w.toPlainText()
    if isinstance(w, QLineEdit):
        return w.text()
    if isinstance(w, OptionalDate):
        return w.value()
    if isinstance(w, QDateTimeEdit) and not isinstance(w, QDateEdit):
        return w.dateTime().toPython()
    if isinstance(w, QDateEdit):
        return w.date().toPython()
    if isinstance(w, QComboBox):
        return w.currentData()
    if isinstance(w, QSpinBox):
        return w.value()
    if isinstance(w, QCheckBox):
        return w.isChecked()
    raise TypeError(type(w))


def set_value(w: QWidget, value: Any) -> None:
    if isinstance(w, QPlainTextEdit):
        w.setPlainText(value or "")
    elif isinstance(w, QLineEdit):
        w.setText("" if value is None else str(value))
    elif isinstance(w, OptionalDate):
        w.set_value(value)
    elif isinstance(w, QDateTimeEdit) and not isinstance(w, QDateEdit) and value is not None:
        w.setDateTime(
            QDateTime(QDate(value.year, value.month, value.day), QTime(value.hour, value.minute))
        )
    elif isinstance(w, QDateEdit) and value is not None:
        w.setDate(QDate(value.year, value.month, value.day))
    elif isinstance(w, QComboBox):
        i = w.findData(value)
        if i >= 0:
            w.setCurrentIndex(i)
    elif isinstance(w, QSpinBox):
        w.setValue(int(value or 0))
    elif isinstance(w, QCheckBox):
        w.setChecked(bool(value))
