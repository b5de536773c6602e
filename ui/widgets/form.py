"""A form dialog built from field specs. On 「保存」 it runs the save function as an operation
(ui.operations: off the GUI thread, the dialog busy meanwhile); if that raises, the message is
shown and the dialog stays open with everything the clerk typed; when it succeeds the dialog
closes. The field specs and the field widgets are in ui.widgets.form_fields."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui import operations
from ui.errors import show_error
from ui.widgets import field_limits, form_checks, screen_fit, short_list
from ui.widgets.form_fields import FieldSpec, field_widget, get_value, set_value


class FormScrollArea(QScrollArea):
    """Scrolls a form's fields; asks for the room the whole form needs (QScrollArea's own hint
    stops at a few hundred pixels), the dialog then caps it at the screen (ui.widgets.screen_fit)."""

    def __init__(self, content: QWidget):
        super().__init__(objectName="formScroll")
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setWidget(content)

    def sizeHint(self) -> QSize:
        hint = self.widget().sizeHint()
        # Room for the vertical scroll bar, so a capped form does not need a horizontal one.
        return QSize(hint.width() + self.verticalScrollBar().sizeHint().width(), hint.height())


class FormDialog(QDialog):
    save_failed = Signal(object)  # the exception, after it has been shown (e.g. reload on stale)
    choices_filled = Signal()  # the pick lists read by fill_choices are in the combos

    def __init__(
        self,
        title: str,
        fields: Sequence[FieldSpec],
        save: Callable[[dict], Any],
        values: dict[str, Any] | None = None,
        parent=None,
        object_name: str = "formDialog",
        intro: str = "",
        error_title: str = "",
        column_limits: bool = True,
    ):
        """`column_limits`: stop typing at the length of the column each field is saved to
        (ui.widgets.field_limits, which reads the models); False for a form that applies them
        itself (the sign-in, shown before the models have loaded: ui.dialogs.sign_in)."""
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setWindowTitle(title)
        self.save_fn = save
        self.result_value: Any = None
        # What a refused save is called (「无法登记」 …) and the verb its message uses.
        self.error_title = error_title or form_checks.error_title_for(title)
        self.verb = form_checks.verb_for(title)
        # The form's own checks, run with the required fields before the save (form_checks).
        self.checks: list[Callable[[dict[str, Any]], str | None]] = []
        self.specs = {spec.key: spec for spec in fields}
        self.rows: dict[str, QFormLayout] = {}  # the layout holding each field's row
        self.short_lists: dict[str, Any] = {}  # pick lists with 「显示全部」 (short_list.put)
        self.date_follower: Any = None  # re-reads the pick lists for the form's date
        # Values of widgets a form adds beyond its field specs, read on the GUI thread with the
        # fields' values before the save runs (the save itself must not touch widgets).
        self.extra_values: dict[str, Callable[[], Any]] = {}
        self.saving: operations.Operation | None = None
        self.filling: operations.Operation | None = None  # pick lists being read
        self.loaded: dict[str, Any] = {}  # what the form shows in its own widgets
        self.value_hints: list[Any] = []  # LiveHints that set saved fields: a save waits for them
        self.initial: dict[str, Any] = dict(values or {})
        self.widgets: dict[str, QWidget] = {}
        form = QFormLayout()
        self.sections: dict[str, QGroupBox] = {}
        rows = form  # where the next field goes: the ungrouped form or the current section
        for spec in fields:
            if spec.section and spec.section not in self.sections:
                group = QGroupBox(spec.section, objectName=f"section_{len(self.sections)}")
                self.sections[spec.section] = group
                rows = QFormLayout(group)
            w = field_widget(spec)
            w.setObjectName(f"field_{spec.key}")
            if values and spec.key in values:
                set_value(w, values[spec.key])
            if spec.help:
                w.setToolTip(spec.help)
            self.widgets[spec.key] = w
            self.rows[spec.key] = rows
            rows.addRow(spec.label + "：", w)
        if column_limits:
            field_limits.apply(object_name, self.widgets)  # no typing past what the column holds
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.try_save)
        self.buttons.rejected.connect(self.reject)
        # Ctrl+Enter saves from any field, a multi-line one too (there Enter starts a new line).
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setToolTip("Ctrl+Enter")
        for key in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(key), self).activated.connect(self.try_save)
        # The intro, the fields and what a form adds below them (add_below_fields) scroll; the
        # buttons stay outside, so 保存/取消 are on screen however long the form.
        content = QWidget(objectName="formContent")
        self.body = QVBoxLayout(content)
        self.body.setContentsMargins(0, 0, 0, 0)
        if intro:
            label = QLabel(intro)
            label.setWordWrap(True)
            self.body.addWidget(label)
        self.form = form
        self.body.addLayout(form)
        for group in self.sections.values():
            self.body.addWidget(group)
        self.body.addStretch(1)
        self.scroll = FormScrollArea(content)
        content.installEventFilter(self)  # pick lists and hints filled later make it grow
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.buttons)
        self._fitted = False

    def set_field_visible(self, key: str, visible: bool) -> None:
        """Show or hide a field's row (and its 「显示全部」 line): a hidden field is not asked for."""
        layout = self.rows[key]
        layout.setRowVisible(self.widgets[key], visible)
        toggle = short_list.toggle_of(self, key)
        if toggle is not None:
            layout.setRowVisible(toggle, visible and short_list.has_more(self, key))

    def field_label(self, key: str) -> QWidget | None:
        return self.rows[key].labelForField(self.widgets[key])

    def _refusal(self, values: dict[str, Any]) -> str:
        """Everything the save lacks, in one message ("" when nothing): the required fields the
        clerk can see and edit that are empty (their labels turn red), then the form's checks."""
        missing = []
        for key, spec in self.specs.items():
            w = self.widgets[key]
            empty = (
                spec.required and w.isVisibleTo(self) and w.isEnabled() and form_checks.is_empty(w)
            )
            form_checks.mark(self.field_label(key), empty)
            if empty:
                missing.append(key)
        problems = form_checks.run_checks(self.checks, values)
        if missing:
            first = self.widgets[missing[0]]
            self.scroll.ensureWidgetVisible(first)
            first.setFocus()
        if not missing and not problems:
            return ""
        names = [form_checks.short_label(self.specs[k].label) for k in missing]
        return form_checks.message(names, problems, self.verb)

    def add_below_fields(self, widget: QWidget) -> None:
        """Show `widget` (a hint, a read-only line) under the fields, scrolling with them."""
        self.body.insertWidget(self.body.count() - 1, widget)

    def setVisible(self, visible: bool) -> None:
        if visible and not self._fitted:
            # Sized once, before Qt centres the dialog: the whole form if the screen has room,
            # else the available height with the fields scrolling.
            self._fitted = True
            self.resize(screen_fit.fitted(self, self.sizeHint()))
        super().setVisible(visible)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.LayoutRequest and self._fitted and self.isVisible():
            self.scroll.updateGeometry()  # the dialog's layout rereads the scroll area's hint
            QTimer.singleShot(0, self._grow_to_content)
        return super().eventFilter(watched, event)

    def _grow_to_content(self) -> None:
        """Grow (never shrink: the clerk may have sized it) to show what the form now holds,
        up to the screen, and stay on the screen."""
        wanted = self.size().expandedTo(screen_fit.fitted(self, self.sizeHint()))
        if wanted != self.size():
            self.resize(wanted)
            screen_fit.keep_on_screen(self)

    def values(self) -> dict[str, Any]:
        values = {k: get_value(w) for k, w in self.widgets.items()}
        values.update((k, read()) for k, read in self.extra_values.items())
        return values

    def try_save(self) -> operations.Operation:
        """Start the save; on any error show it and keep the dialog (and the typed values) open,
        on success close it. Returns the running operation (its `ok` says how it ended)."""
        if self.saving is not None and not self.saving.done:
            return self.saving  # one save at a time: a second click waits for the first
        if self.filling is not None and not self.filling.done:
            # The pick lists are still being read (保存 is disabled, but Enter or a caller may
            # get here): save what the clerk sees once they are in.
            pending = operations.Operation()
            self.choices_filled.connect(
                lambda: self._save_after_hints(pending), Qt.ConnectionType.SingleShotConnection
            )
            self.saving = pending
            return pending
        if any(hint.busy() for hint in self.value_hints):
            self.saving = self._save_after_hints(operations.Operation())
            return self.saving
        return self._start_save()

    def _save_after_hints(self, pending: operations.Operation) -> operations.Operation:
        """Start the save once every lookup queued so far has delivered (the runner runs them in
        order, so an empty operation queued now reports after them): a hint that sets a field
        the form saves (ui.widgets.live_hint) is in the values saved."""
        if not any(hint.busy() for hint in self.value_hints):
            return self._start_save(pending)
        self.saving = pending
        # Asked again once they have delivered: a lookup may start another (a pick list read
        # again for a new date re-derives the presider), which the save waits for too.
        operations.run(lambda: None, lambda _r: self._save_after_hints(pending), parent=self)
        return pending

    def _start_save(self, outcome: operations.Operation | None = None) -> operations.Operation:
        values, save = self.values(), self.save_fn
        refusal = self._refusal(values)
        if refusal:  # refused before the database is asked: nothing saved, all listed at once
            from desktop_app.services.system.common import ValidationError

            refused = outcome if outcome is not None else operations.Operation()
            refused.done, refused.ok = True, False
            refused.error = ValidationError(refusal)
            self.saving = refused
            self._not_saved(refused.error)
            return refused
        self.saving = operations.run(
            lambda: save(values),
            self._saved,
            self._not_saved,
            parent=self,
            title=self.error_title,
            outcome=outcome,
        )
        return self.saving

    def _saved(self, result: Any) -> None:
        self.result_value = result
        self.accept()

    def _not_saved(self, exc: BaseException) -> None:
        self.error_shown = exc  # every failure is shown; nothing the clerk typed is lost
        show_error(self, exc, self.error_title)
        self.save_failed.emit(exc)

    def fill_choices(
        self, load: Callable[[], dict[str, Any]], keys: Sequence[str]
    ) -> operations.Operation:
        """Pick lists read from the database through the runner: the combos named by `keys`
        show 「正在读取…」 (the dialog busy, 保存 disabled) until `load()` brings their choices;
        then each is filled with its given value (else the first choice) selected."""
        for key in keys:
            combo = self.widgets[key]
            assert isinstance(combo, QComboBox), key
            combo.clear()
            combo.addItem("（正在读取…）", None)
        self.filling = operations.run(load, self._fill_choices, self._fill_failed, parent=self)
        return self.filling

    def _fill_failed(self, exc: BaseException) -> None:
        show_error(self, exc, "读取失败")
        waiting = self.saving
        if waiting is not None and not waiting.done:  # a save waited for the lists: not made
            waiting.done, waiting.ok, waiting.error = True, False, exc

    def _fill_choices(self, lists: dict[str, Any]) -> None:
        self.put_choices(lists)
        self.choices_filled.emit()

    def put_choices(self, lists: dict[str, Any], keep: bool = False) -> None:
        """Fill the combos named in `lists`: each selects the form's given value (else, for a
        short list, who holds the post that day, else the first choice); with `keep` (the lists
        read again, e.g. for another date) the clerk's current choice where it is still offered.
        A short_list.ShortList puts the rest behind 「显示全部」."""
        for key, choices in lists.items():
            combo = self.widgets.get(key)
            if not isinstance(combo, QComboBox):
                # A list the form shows in a widget of its own (e.g. a check list), filled by a
                # slot on choices_filled.
                self.loaded[key] = choices
                continue
            wanted = combo.currentData() if keep else self.initial.get(key)
            if isinstance(choices, short_list.ShortList):
                short_list.put(self, key, choices, wanted, keep)
                continue
            short_list.fill(combo, choices, wanted, keep)

    def reject(self) -> None:
        if self.saving is not None and not self.saving.done:
            return  # a save on its way to the database is not withdrawn by Esc or the close box
        super().reject()

    def done(self, r: int) -> None:
        operations.mark_closed(self)  # results of reads started for this dialog are dropped
        super().done(r)


def open_form(
    parent,
    title: str,
    fields: Sequence[FieldSpec],
    save: Callable[[dict], Any],
    object_name: str,
    values: dict[str, Any] | None = None,
    on_saved: Callable[[], None] | None = None,
    intro: str = "",
    choices: Callable[[], dict[str, Any]] | None = None,
    error_title: str = "",
) -> FormDialog:
    """Open a form window-modally (the clerk can still read the register behind it); `on_saved`
    runs after a successful save. `choices` reads pick lists from the database (through the
    runner, see FormDialog.fill_choices): its keys must be combo fields of `fields`."""
    dialog = FormDialog(title, fields, save, values, parent, object_name, intro, error_title)
    if on_saved is not None:
        dialog.accepted.connect(lambda: on_saved())
    dialog.open()
    if choices is not None:
        keys = [f.key for f in fields if f.kind == "combo" and f.lazy]
        dialog.fill_choices(choices, keys)
    return dialog
