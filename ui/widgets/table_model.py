"""A register's rows as Qt sees them: a QAbstractTableModel over a list of DTOs described by
column specs, and the sort/filter proxy in front of it, both answering a painted cell in one
call into Python (docs/ARCHITECTURE.md: "A register is painted one call per cell")."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ui.widgets.pick_search import PinyinFilterProxy

CHINA = ZoneInfo("Asia/Shanghai")
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2


def display(value: Any) -> str:
    """How a value shows in a table: dates as 2018-09-04, timestamps in China time."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


@dataclass(frozen=True)
class Column:
    title: str
    value: Callable[[Any], Any]
    width: int = 0
    wide: bool = False  # the free-text column that takes the spare width (else found by title)


IMPORTED_MARK = "导入"  # a register's mark for history brought in from the office's own ledger


def voided(row: Any) -> str | None:
    return getattr(row, "void_reason", None)


# The roles DtoTableModel.data answers (a voided row is greyed and struck through); any other
# role Qt asks while painting (decoration, alignment, background, check state …) is None.
_VOIDED_ROLES = frozenset({Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole})
_ROLES_ANSWERED = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        ROW_ROLE,
        SORT_ROLE,
        *_VOIDED_ROLES,
    }
)


# The text role as the int QModelRoleData.role() gives: compared once per painted cell, without
# the enum member's lookup (a Python-level descriptor in PySide6's enums).
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
# The roles a register's cell answers when its span asks for nothing else that fill_cell answers
# (the item delegate's span: font, alignment, foreground, check state, decoration, text,
# background): the text, and the two a voided row is greyed and struck through with.
_PAINTED = (_DISPLAY, _FONT, _FOREGROUND)

# A register's cells: what QAbstractTableModel.flags gives each (selectable, enabled, no children)
_CELL_FLAGS = (
    Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren
)


class DtoTableModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], parent=None):
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Any] = []
        # A subclass answering roles of its own is painted through its data() (fill_cell).
        self._own_data = type(self).data is not DtoTableModel.data
        # Where the painted roles (_PAINTED) sit in a span of each length, once a span of that
        # length has been seen asking them and no other role this model answers (fill_cell).
        self._painted_at: dict[int, tuple[int, int, int]] = {}

    def set_rows(self, rows: list[Any], in_place: bool = False) -> bool:
        """Show `rows`: the model is reset, and a view lays itself out again. `in_place` (a
        view that puts its selection back itself, RegisterView): as many rows as before (a
        refresh, a search that fills its page again) are changed in place, which the views
        only repaint; a selection then stays on its row number, whatever record is there now.
        The same records followed by more (the next page of a register: 「显示更多」, or the
        clerk scrolling to its end) are changed in place and the others inserted after them,
        so that the view stays where the clerk had scrolled. Returns whether the rows were
        changed in place."""
        old = len(self.rows)
        if in_place and self.rows and len(rows) == old:
            self.rows = list(rows)
            self.dataChanged.emit(self.index(0, 0), self.index(old - 1, len(self.columns) - 1))
            return True
        if in_place and self.rows and len(rows) > old and _same_records(self.rows, rows):
            self.rows[:] = rows[:old]
            self.dataChanged.emit(self.index(0, 0), self.index(old - 1, len(self.columns) - 1))
            self.beginInsertRows(QModelIndex(), old, len(rows) - 1)
            self.rows.extend(rows[old:])
            self.endInsertRows()
            return True
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()
        return False

    def rowCount(self, parent: QModelIndex | None = None) -> int:  # noqa: N802 - Qt API
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | None = None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section].title
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        # Painting asks every visible cell for seven roles; only the display text needs the
        # column's value, so the others answer before computing it (a screen of a register
        # costs one value per cell, not seven).
        if role not in _ROLES_ANSWERED or not index.isValid():
            return None
        r = index.row()
        if not (0 <= r < len(self.rows)):
            return None
        return self._answer(self.rows[r], index.column(), role)

    def fill_cell(self, r: int, column: int, span) -> None:
        """The roles of `span` (QModelRoleDataSpan) for cell (r, column). The item delegate asks
        a cell's seven painting roles at once this way; through data() each was a call from Qt
        into Python, and each of those made the proxy build a source index (two more calls):
        23 calls a cell, 4 ms of a 发文 screen's 8 ms paint on the test machine. The delegate
        hands over the same span for every cell: each role answered is set for every cell (a
        row that is not voided clears the font a voided one set); the roles data() does not
        answer are never set, so they stay empty."""
        rows = self.rows
        if not (0 <= r < len(rows)):
            return
        if self._own_data:  # a model that answers roles of its own
            index = self.index(r, column)
            for role_data in span:
                role_data.setData(self.data(index, role_data.role()))
            return
        row = rows[r]
        at = self._painted_at.get(len(span))
        if at is not None:
            # The delegate's span again (its roles checked where they were): only the three
            # roles answered are taken from it. Going through all seven made a wrapper and a
            # call for each, about a tenth of a screen's paint.
            text, font, foreground = span[at[0]], span[at[1]], span[at[2]]
            if (text.role(), font.role(), foreground.role()) == _PAINTED:
                text.setData(display(self.columns[column].value(row)))
                struck = voided(row)
                font.setData(self._answer(row, column, _FONT) if struck else None)
                foreground.setData(self._answer(row, column, _FOREGROUND) if struck else None)
                return
        answered: dict[int, int] = {}  # role → its place in the span
        for place, role_data in enumerate(span):
            role = role_data.role()
            if role == _DISPLAY:  # the one role of every cell that needs the column's value
                role_data.setData(display(self.columns[column].value(row)))
            elif role in _ROLES_ANSWERED:
                role_data.setData(self._answer(row, column, role))
            else:
                continue
            answered[role] = place
        if sorted(answered) == sorted(_PAINTED):
            self._painted_at[len(span)] = (
                answered[_DISPLAY],
                answered[_FONT],
                answered[_FOREGROUND],
            )

    def _answer(self, row: Any, column: int, role):
        if role == ROW_ROLE:
            return row
        if role in _VOIDED_ROLES:
            if not voided(row):
                return None
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor("#888888"))
            font = QFont()
            font.setStrikeOut(True)
            return font
        value = self.columns[column].value(row)
        if role == Qt.ItemDataRole.DisplayRole:
            return display(value)
        if role == SORT_ROLE:
            return display(value) if not isinstance(value, int | float) else value
        # the tooltip
        reason = voided(row)
        imported = getattr(row, "imported_from", "")
        if imported and value == IMPORTED_MARK:
            return imported  # the 来源 cell's 「导入」: from which file, sheet and row, who, when
        if reason:
            return f"已作废：{reason}"
        text = display(value)
        return text if len(text) > 16 else None  # long cells are cut: show them whole


def _same_records(shown: list[Any], rows: list[Any]) -> bool:
    """Whether `rows` begins with the records `shown` holds, in the same order (by id)."""
    for a, b in zip(shown, rows, strict=False):
        key = getattr(a, "id", None)
        if key is None or key != getattr(b, "id", None):
            return False
    return True


class RegisterProxy(PinyinFilterProxy):
    """The register's sort and filter proxy, handing a cell's painting roles to the model in
    one call (QSortFilterProxyModel asks the source model role by role)."""

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        # Every cell of a register is alike (selectable, not editable). Asked of the model
        # through the proxy, each cell painted cost the model an index of its own (two calls
        # from Qt into Python).
        return _CELL_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def multiData(self, index: QModelIndex, roleDataSpan) -> None:  # noqa: N802, N803 - Qt API
        if self.sortColumn() < 0 and not self.typed.strip():
            # Neither sorted nor filtered (a register as read, newest first): the same cell of
            # the model. mapToSource would make the model build an index, two more calls from
            # Qt into Python (rowCount, columnCount) for every cell painted.
            row, column = index.row(), index.column()
        else:
            source = self.mapToSource(index)
            if not source.isValid():
                return
            row, column = source.row(), source.column()
        self.sourceModel().fill_cell(row, column, roleDataSpan)
