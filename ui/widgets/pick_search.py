"""Typing to find an entry: by any part of its text or by the pinyin initials of its Chinese
characters (「zhf」 finds 张海峰, 「czj」 财政局, 「fx」 a 防汛 row) — in pick lists of people, units,
seals … (`make_searchable`) and in the registers' search boxes (`PinyinFilterProxy`).

Initials are computed once per text (db.pinyin, cached), and only for what the clerk types as
two or more latin letters; anything else is matched as a plain substring, as before.
"""

from __future__ import annotations

import functools

from PySide6.QtCore import QModelIndex, QObject, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QComboBox, QCompleter

from db.pinyin import initials, initials_choices, is_initials_query, warm_up

MAX_CACHED = 50_000  # texts whose initials are kept (a register's cells, a directory's names)


@functools.lru_cache(maxsize=MAX_CACHED)
def _spellings(text: str, every_reading: bool) -> tuple[str, ...]:
    if every_reading:  # a short name: every reading of its ambiguous characters (曾 zēng/céng)
        return tuple(initials_choices(text))
    return (initials(text),)


def matches(text: str, typed: str, every_reading: bool = False) -> bool:
    """Whether `typed` finds `text`: as a part of it (case ignored), or as a part of its
    pinyin initials when typed as latin letters."""
    wanted = typed.strip().casefold()
    if not wanted:
        return True
    if wanted in text.casefold():
        return True
    if not is_initials_query(wanted):
        return False
    return any(wanted in s for s in _spellings(text, every_reading and len(text) <= 12))


class PinyinFilterProxy(QSortFilterProxyModel):
    """A filter proxy whose fixed-string filter also finds rows by pinyin initials; rows are
    matched on any column (filterKeyColumn -1) or the key column."""

    def __init__(self, parent: QObject | None = None, every_reading: bool = False):
        super().__init__(parent)
        self.typed = ""
        self.every_reading = every_reading

    def setFilterFixedString(self, pattern: str) -> None:  # noqa: N802 - Qt API
        self.beginFilterChange()
        self.typed = pattern or ""
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:  # noqa: N802 - Qt API
        if not self.typed.strip():
            return True
        model = self.sourceModel()
        key = self.filterKeyColumn()
        columns = range(model.columnCount(parent)) if key < 0 else (key,)
        for column in columns:
            value = model.index(row, column, parent).data(self.filterRole())
            if value is not None and matches(str(value), self.typed, self.every_reading):
                return True
        return False


def make_searchable(combo: QComboBox) -> QComboBox:
    """Let the clerk type into a pick list to find an entry by name or initials: the list
    below narrows as he types, choosing one selects it; text that names no entry is put back
    to the selected one when he leaves the field, so the value is always one of the list's."""
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    proxy = PinyinFilterProxy(combo, every_reading=True)
    proxy.setSourceModel(combo.model())
    proxy.setFilterKeyColumn(combo.modelColumn())
    completer = QCompleter(proxy, combo)
    completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setObjectName(f"{combo.objectName() or 'pick'}Completer")
    combo.setCompleter(completer)
    edit = combo.lineEdit()

    def narrow(text: str) -> None:
        if text == combo.itemText(combo.currentIndex()):
            proxy.setFilterFixedString("")  # showing the chosen entry: offer them all
            return
        proxy.setFilterFixedString(text)
        if proxy.rowCount() and edit.hasFocus():
            completer.complete()

    def choose(row: int) -> None:
        combo.setCurrentIndex(row)
        edit.setText(combo.itemText(row))

    def put_back() -> None:
        typed = edit.text()
        current = combo.currentIndex()
        if current >= 0 and typed == combo.itemText(current):
            return
        exact = combo.findText(typed, Qt.MatchFlag.MatchFixedString)
        if exact >= 0:
            combo.setCurrentIndex(exact)
        elif proxy.rowCount() == 1 and typed.strip():  # one entry left: that is the one meant
            choose(proxy.mapToSource(proxy.index(0, 0)).row())
            return
        edit.setText(combo.itemText(combo.currentIndex()) if combo.currentIndex() >= 0 else "")

    # Choosing in the list below selects through QComboBox itself (it maps the completer's
    # proxy back to its own rows).
    edit.textEdited.connect(narrow)
    edit.editingFinished.connect(put_back)
    combo.pick_filter = proxy  # type: ignore[attr-defined] - tests and the popup reach it here
    warm_up()
    return combo
