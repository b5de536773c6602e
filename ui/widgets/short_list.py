"""Pick lists that know the directory: who holds a qualifying post ON THE DAY of the act first,
everyone else behind 「显示全部」 (a check box under the combo), and the holder proposed — never
a former mayor because his name sorts first.

A form's pick-list loader returns a `ShortList` for such a combo instead of a plain list;
`follow_date` reads the lists again whenever the form's date field changes (a meeting moved to
next month is presided over by whoever is mayor then)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QDateTimeEdit

if TYPE_CHECKING:
    from ui.widgets.form import FormDialog

Choice = tuple[Any, str]


@dataclass(frozen=True)
class ShortList:
    first: Sequence[Choice]  # 「（请选择）」 and who qualifies that day, labelled with the post
    rest: Sequence[Choice] = ()  # everyone else, shown by 「显示全部」
    default: Any = None  # proposed when the form has no value of its own: the post's holder
    more_text: str = "显示全部人员"

    def values(self) -> list[Any]:
        return [v for v, _label in (*self.first, *self.rest)]


def fill(combo: QComboBox, choices: Sequence[Choice], wanted: Any, quiet: bool = False) -> None:
    """Replace the combo's choices; select `wanted` if offered, else the first. Selected with
    signals on: forms that derive a hint from a choice update it — except, when `quiet` (a list
    read again), where the choice stays the same value: nothing to derive again."""
    before = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for value, label in choices:
        combo.addItem(label, value)
    combo.setCurrentIndex(-1)
    index = max(combo.findData(wanted), 0) if wanted is not None else 0
    if quiet and index < combo.count() and combo.itemData(index) == before:
        combo.setCurrentIndex(index)
        combo.blockSignals(False)
        return
    combo.blockSignals(False)
    combo.setCurrentIndex(index)


def toggle_of(dialog: FormDialog, key: str) -> QCheckBox | None:
    return dialog.findChild(QCheckBox, f"showAll_{key}")


def has_more(dialog: FormDialog, key: str) -> bool:
    pick = dialog.short_lists.get(key)
    return pick is not None and bool(pick.rest)


def put(dialog: FormDialog, key: str, pick: ShortList, wanted: Any, keep: bool = False) -> None:
    """Show `pick` in the combo `key`: the first part, and the rest too when 「显示全部」 is on —
    turned on by itself when the value to show is among the rest (a record kept from before).
    With `keep` (the lists read again for another day) the clerk's choice stays if it still
    qualifies, or if he picked it from 「显示全部」; else the new day's holder is proposed."""
    dialog.short_lists[key] = pick
    toggle = toggle_of(dialog, key)
    if toggle is None:
        toggle = QCheckBox(pick.more_text, objectName=f"showAll_{key}")
        toggle.setToolTip("列出名录中的全部人员（含当日不任该职务的人员）")
        layout = dialog.rows[key]
        row, _role = layout.getWidgetPosition(dialog.widgets[key])
        layout.insertRow(row + 1, "", toggle)
        toggle.toggled.connect(lambda _on: _show(dialog, key, keep=True))
    first = {v for v, _label in pick.first}
    if keep:
        from_all = toggle.isChecked() and wanted in pick.values()
        if wanted is None or (wanted not in first and not from_all):
            wanted = pick.default  # a placeholder is no choice: the new day's holder
    elif wanted is None or wanted not in pick.values():
        wanted = pick.default
    toggle.blockSignals(True)
    toggle.setChecked(wanted is not None and wanted not in first)
    toggle.blockSignals(False)
    shown = bool(pick.rest) and dialog.widgets[key].isVisibleTo(dialog)
    dialog.rows[key].setRowVisible(toggle, shown)
    _show(dialog, key, keep=False, wanted=wanted, quiet=keep)


def _show(
    dialog: FormDialog, key: str, keep: bool, wanted: Any = None, quiet: bool = False
) -> None:
    pick = dialog.short_lists[key]
    combo = dialog.widgets[key]
    assert isinstance(combo, QComboBox)
    toggle = toggle_of(dialog, key)
    everyone = toggle is not None and toggle.isChecked()
    choices = [*pick.first, *pick.rest] if everyone else list(pick.first)
    if keep:
        wanted = combo.currentData()
        if wanted not in {v for v, _label in choices}:
            wanted = pick.default  # the clerk's choice was among those now hidden
    fill(combo, choices, wanted, quiet or keep)


def select(dialog: FormDialog, key: str, value: Any) -> bool:
    """Select `value` in the combo `key` (a proposal derived later: the route's leader, a
    step's signer); one behind 「显示全部」 turns it on first. False when it is not offered."""
    combo = dialog.widgets[key]
    assert isinstance(combo, QComboBox), key
    found = combo.findData(value)
    pick = dialog.short_lists.get(key)
    toggle = toggle_of(dialog, key)
    if found < 0 and pick is not None and toggle is not None and value in pick.values():
        toggle.setChecked(True)  # the list now holds everyone
        found = combo.findData(value)
    if found < 0:
        return False
    combo.setCurrentIndex(found)
    return True


def day_of(widget: QDateEdit | QDateTimeEdit) -> date:
    if isinstance(widget, QDateEdit):
        return widget.date().toPython()
    moment = widget.dateTime().toPython()
    return moment.date() if isinstance(moment, datetime) else moment


def follow_date(
    dialog: FormDialog, date_key: str, load: Callable[..., dict[str, Any]], *also: str
) -> Callable[[], None]:
    """Read the form's pick lists again (through the runner; a save waits for them) whenever
    its date field `date_key` — or one of the combos named in `also` — changes: `load(day,
    *their values)`, the values read here on the GUI thread. The clerk's choice stays where it
    is still offered. Returns the function that asks again."""
    from ui.widgets.live_hint import LiveHint

    widget = dialog.widgets[date_key]
    assert isinstance(widget, QDateEdit | QDateTimeEdit)
    hint = LiveHint(widget, lambda lists: dialog.put_choices(lists, keep=True), form=dialog)
    asked: list[Any] = [None]  # what the lists on show were read for

    def state() -> tuple:
        return (day_of(widget), *(dialog.widgets[k].currentData() for k in also))

    def again(*_args: Any) -> None:
        now = asked[0] = state()
        hint.request(lambda: load(*now))

    def changed(*_args: Any) -> None:
        if state() != asked[0]:  # a time of day changed alone asks nothing
            again()

    if isinstance(widget, QDateEdit):
        widget.dateChanged.connect(changed)
    else:
        widget.dateTimeChanged.connect(changed)
    for key in also:
        combo = dialog.widgets[key]
        assert isinstance(combo, QComboBox), key
        combo.currentIndexChanged.connect(changed)
    asked[0] = state()
    dialog.date_follower = hint
    return again
