"""组织设置: a form generated from org_profile.FIELDS; administrators edit, everyone else reads.

「保存」 sends only the values that changed, with the versions they were loaded at, so two
administrators changing different values do not collide and the same value is never silently
overwritten (the second save is refused with 「该记录已被他人修改」 and the form reloads: the
values the other administrator changed show his, the rest of this one's edits stay typed).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from db.errors import StaleRecordError
from desktop_app.services.system import org_profile
from desktop_app.services.system.common import ValidationError
from ui import operations
from ui.context import AppContext
from ui.errors import show_error
from ui.panes.settings_common import HINT_STYLE
from ui.widgets.form_fields import date_edit

_SEPARATORS = re.compile(r"[、,，;；]")


def _editor(field: org_profile.Field) -> QWidget:
    if field.kind == "int":
        return QSpinBox(minimum=0, maximum=365, maximumWidth=120)
    if field.kind == "date":
        edit = date_edit()
        edit.setMaximumWidth(160)
        return edit
    if field.kind in ("list", "lists"):
        edit = QPlainTextEdit(tabChangesFocus=True)
        edit.setFixedHeight(96)
        return edit
    if field.kind == "choice":
        combo = QComboBox()
        for value, label in field.choices:
            combo.addItem(label, value)
        return combo
    return QLineEdit()


def _show(widget: QWidget, field: org_profile.Field, value: Any) -> None:
    if field.kind == "int":
        widget.setValue(int(value))
    elif field.kind == "date":
        d = date.fromisoformat(str(value))
        widget.setDate(QDate(d.year, d.month, d.day))
    elif field.kind == "list":
        widget.setPlainText("\n".join(value))
    elif field.kind == "lists":
        widget.setPlainText("\n".join(f"{k}：{'、'.join(v)}" for k, v in value.items()))
    elif field.kind == "choice":
        widget.setCurrentIndex(max(widget.findData(value), 0))
    else:
        widget.setText(str(value))


def _read(widget: QWidget, field: org_profile.Field) -> Any:
    if field.kind == "int":
        return widget.value()
    if field.kind == "date":
        return widget.date().toPython().isoformat()
    if field.kind == "list":
        return [line.strip() for line in widget.toPlainText().splitlines() if line.strip()]
    if field.kind == "lists":
        return _parse_lists(field, widget.toPlainText())
    if field.kind == "choice":
        return widget.currentData()
    return widget.text().strip()


def _parse_lists(field: org_profile.Field, text: str) -> dict[str, list[str]]:
    """「会议类别：单位1、单位2」 per line → {会议类别: [单位1, 单位2]}."""
    out: dict[str, list[str]] = {}
    for no, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        m = re.match(r"([^:：]*)[:：](.*)$", line.strip())
        if not m or not m.group(1).strip():
            raise ValidationError(f"「{field.label}」第{no}行应写成“会议类别：单位1、单位2”。")
        out[m.group(1).strip()] = [u.strip() for u in _SEPARATORS.split(m.group(2)) if u.strip()]
    return out


class OrgProfileWidget(QWidget):
    loaded = Signal()
    saved = Signal()

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.setObjectName("orgProfile")
        self.ctx = ctx
        self.db = ctx.db
        self.profile: org_profile.Profile | None = None
        self.editors: dict[str, QWidget] = {}
        self.editable = ctx.user.can("admin")
        # A save refused as stale: (changes, versions) put back after the reload where nobody
        # else changed the value meanwhile, so the administrator's other edits are not lost.
        self._carried: tuple[dict[str, Any], dict[str, int]] | None = None

        form = QFormLayout()
        for field in org_profile.FIELDS:
            editor = _editor(field)
            editor.setObjectName(f"org_{field.key}")
            editor.setEnabled(False)  # until loaded
            if field.help:
                editor.setToolTip(field.help)
            self.editors[field.key] = editor
            form.addRow(field.label + "：", self._with_help(editor, field.help))
        inner = QWidget()
        inner.setLayout(form)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(inner)

        self.note = QLabel(objectName="orgProfileNote")
        self.save_button = QPushButton("保存", objectName="saveOrgProfile", enabled=False)
        self.save_button.clicked.connect(self.save)
        self.save_button.setVisible(self.editable)
        bottom = QHBoxLayout()
        bottom.addWidget(self.note, 1)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)

    @staticmethod
    def _with_help(editor: QWidget, help_text: str) -> QWidget:
        if not help_text or isinstance(editor, QLineEdit):
            return editor
        box = QWidget()
        row = QVBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(editor)
        if re.fullmatch(r"R[\d.a-z]+", help_text):  # a bare rule id: say what it is
            help_text = f"依据规则 {help_text}"
        row.addWidget(QLabel(help_text, styleSheet=HINT_STYLE, wordWrap=True))
        return box

    # --- loading --------------------------------------------------------------------------

    def reload(self) -> None:
        db = self.db
        operations.run(
            lambda: org_profile.get_profile(db), self._show_profile, self._failed, parent=self
        )

    def refresh(self) -> None:
        """Reload unless the administrator has unsaved edits (those are never thrown away)."""
        if self.profile is None or not self._safe_changes():
            self.reload()

    def _show_profile(self, profile: org_profile.Profile) -> None:
        self.profile = profile
        for field in org_profile.FIELDS:
            editor = self.editors[field.key]
            _show(editor, field, profile.values[field.key])
            editor.setEnabled(True)
            _set_read_only(editor, not self.editable)
        self.save_button.setEnabled(self.editable)
        self.note.setText("" if self.editable else "只有管理员可以修改组织设置。")
        self._put_back_carried(profile)
        self.loaded.emit()

    def _put_back_carried(self, profile: org_profile.Profile) -> None:
        """After a stale refusal: the values another administrator changed show as saved; every
        other edit of this one is shown again, still to be saved."""
        if self._carried is None:
            return
        changes, versions = self._carried
        self._carried = None
        others = []
        for field in org_profile.FIELDS:
            if field.key not in changes:
                continue
            if profile.versions.get(field.key, 0) != versions.get(field.key, 0):
                others.append(field.label)
            else:
                _show(self.editors[field.key], field, changes[field.key])
        self.note.setText(
            f"其他管理员已修改「{'、'.join(others)}」，现显示其修改；"
            "您的其余改动仍在，尚未保存，请核对后再保存。"
        )

    def _failed(self, exc: BaseException) -> None:
        show_error(self, exc, "读取失败")
        self.loaded.emit()

    # --- saving ---------------------------------------------------------------------------

    def changes(self) -> dict[str, Any]:
        """The values that differ from what was loaded (may raise ValidationError)."""
        if self.profile is None:
            return {}
        out = {}
        for field in org_profile.FIELDS:
            value = _read(self.editors[field.key], field)
            if value != self.profile.values[field.key]:
                out[field.key] = value
        return out

    def _safe_changes(self) -> dict[str, Any]:
        try:
            return self.changes()
        except ValidationError:
            return {"?": None}  # unparseable input still counts as an edit

    def save(self) -> bool | operations.Operation:
        """Save the changed values as an operation; False (shown) when the input does not
        parse, True when nothing changed."""
        if self.profile is None:
            return False
        try:
            changes = self.changes()
        except Exception as exc:  # an unparseable line: shown; the typed values stay
            show_error(self, exc, "未保存")
            return False
        if not changes:
            self.note.setText("没有改动。")
            return True
        db, user, versions = self.db, self.ctx.user, self.profile.versions
        return operations.run(
            lambda: org_profile.save_profile(db, user, changes, versions),
            lambda profile: self._saved(profile, len(changes)),
            lambda exc: self._not_saved(exc, (changes, dict(versions))),
            parent=self,
        )

    def _saved(self, profile: Any, count: int) -> None:
        self._show_profile(profile)
        self.note.setText(f"已保存 {count} 项。")
        self.ctx.data_changed.emit("设置")
        self.saved.emit()

    def _not_saved(
        self, exc: BaseException, attempt: tuple[dict[str, Any], dict[str, int]] | None = None
    ) -> None:
        show_error(self, exc, "未保存")  # validation, permission: the typed values stay
        if isinstance(exc, StaleRecordError):
            self._carried = attempt  # put back after the reload (_put_back_carried)
            self.reload()


def _set_read_only(editor: QWidget, read_only: bool) -> None:
    if isinstance(editor, QLineEdit | QPlainTextEdit | QAbstractSpinBox):
        editor.setReadOnly(read_only)
    if isinstance(editor, QAbstractSpinBox) and read_only:
        editor.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
    if isinstance(editor, QDateEdit) and read_only:
        editor.setCalendarPopup(False)
    if isinstance(editor, QComboBox):
        editor.setEnabled(not read_only)  # a pick list has no read-only mode
