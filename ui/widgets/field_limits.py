"""Forms stop typing at the length the database column holds (desktop_app.services.system.form_limits):
QLineEdit by its maxLength; a multi-line editor, which has none, by cutting what goes past it."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

LIMIT_PROPERTY = "maxLength"  # also set on multi-line editors, for tests and accessibility tools


def apply(form: str, widgets: dict[str, QWidget]) -> None:
    from desktop_app.services.system.form_limits import text_limits  # reads the models

    for key, limit in text_limits(form, widgets).items():
        w = widgets[key]
        if isinstance(w, QLineEdit):
            w.setMaxLength(limit)
        elif isinstance(w, QPlainTextEdit):
            w.setProperty(LIMIT_PROPERTY, limit)
            w.textChanged.connect(lambda w=w, limit=limit: _cut(w, limit))


def _cut(editor: QPlainTextEdit, limit: int) -> None:
    text = editor.toPlainText()
    if len(text) <= limit:
        return
    editor.setPlainText(text[:limit])  # pasted or typed past the limit: keep what fits
    editor.moveCursor(QTextCursor.MoveOperation.End)
