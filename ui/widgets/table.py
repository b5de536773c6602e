"""Register tables: a view with search, 「显示已作废」 and the actions a pane offers (Vorta-sized,
one per register), over the model of ui.widgets.table_model (re-exported here: panes import
Column and the model from this module)."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui import operations, preferences
from ui.errors import show_error
from ui.widgets.flow_layout import flow_widget
from ui.widgets.table_model import (  # noqa: F401 - re-exported for the panes
    IMPORTED_MARK,
    ROW_ROLE,
    SORT_ROLE,
    Column,
    DtoTableModel,
    RegisterProxy,
    display,
    voided,
)

# The free-text column of a register, by title, in order of preference: it takes the width the
# other columns, sized to their content, leave.
WIDE_TITLES = (
    "事由",
    "标题",
    "议题",
    "督办事项",
    "决定事项",
    "文件名称",
    "内容要点",
    "事项",
    "内容",
    "议题与人员",
    "缺少环节/提醒",
    "说明",
)
# Helper columns most rows leave empty: hidden while every row shown has them empty.
HELPER_TITLES = frozenset(
    {"备注", "废页", "扫描件", "代替参会", "受委托主持工作", "标记", "来源", "导入"}
)
# A reload shows the wait cursor and greys the buttons only if it takes longer than this: most
# take a few ms, and the buttons flashed grey (and the whole pane was painted twice) each time.
RELOAD_BUSY_AFTER_MS = 250
MAX_AUTO_WIDTH = 280  # a column sized to its content is never wider (long cells show a tooltip)
MIN_WIDE_WIDTH = 160


def wide_column(columns: Sequence[Column]) -> int | None:
    """Index of the free-text column: the one marked wide, else by WIDE_TITLES."""
    for i, col in enumerate(columns):
        if col.wide:
            return i
    titles = [c.title for c in columns]
    for title in WIDE_TITLES:
        if title in titles:
            return titles.index(title)
    return None


_NOTHING_SHOWN = object()  # RegisterView._set_rows: no query's rows shown yet / the one shown


class RegisterView(QWidget):
    """Search box, 「显示已作废」, action buttons and the table; loads rows off the GUI thread."""

    loaded = Signal()
    selection_changed = Signal()

    def __init__(
        self,
        name: str,
        columns: Sequence[Column],
        fetch: Callable[[bool], list[Any]],
        voidable: bool = True,
        parent=None,
    ):
        super().__init__(parent)
        self.setObjectName(name)
        self.fetch = fetch
        # Widgets may only be read on the GUI thread: a view whose query depends on filters or on
        # another view's selection sets `query_state`; reload() reads it here and hands the value
        # to fetch(include_voided, state) in the worker.
        self.query_state: Callable[[], Any] | None = None
        # What names the query a reload reads, where query_state does not (a view whose owner
        # keeps the query: the 公文 tabs' search text and status) or says more than that (a
        # whole record, changed by each save, where its id names the query): see _set_rows.
        self.query_key: Callable[[], Any] | None = None
        self._shown_query: Any = _NOTHING_SHOWN
        self.loading = False
        self._latest = operations.Latest()  # a newer reload makes an older one's rows stale
        self.model = DtoTableModel(columns, self)
        # The search box also finds rows by the pinyin initials of their text (「fx」 → 防汛).
        self.proxy: QSortFilterProxyModel = RegisterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setSortLocaleAware(True)

        self.search = QLineEdit(placeholderText="搜索…", objectName=f"{name}Search")
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.show_voided = QCheckBox("显示已作废", objectName=f"{name}ShowVoided")
        self.show_voided.setVisible(voidable)
        self.show_voided.toggled.connect(lambda _: self.reload())
        self.count = QLabel(objectName=f"{name}Count")
        # The action buttons wrap onto a second line rather than widen the window past a
        # laptop's screen (a pane with a dozen actions needs some 1,700 px on one line).
        self.button_bar, self.buttons = flow_widget()
        self.button_bar.setObjectName(f"{name}Buttons")
        self._needs_row: list[QPushButton] = []
        self.row_actions = self._needs_row  # buttons that act on the selected row

        self.table = QTableView(objectName=f"{name}Table")
        self.table.setModel(self.proxy)
        # Keep the service's order (e.g. newest first) until the clerk clicks a header.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSectionsMovable(True)  # the clerk may reorder columns; the order is remembered
        for i, col in enumerate(columns):
            if col.width:
                self.table.setColumnWidth(i, col.width)
        self.wide_column = wide_column(columns)
        # Widths and order the clerk set are remembered per account (ui.preferences), keyed by
        # the register and its columns, so a register whose columns change starts afresh.
        titles = "|".join(c.title for c in columns)
        self.memory_key = f"{name}-{zlib.crc32(titles.encode('utf-8')):08x}"
        self.columns_fitted = False
        self._arranging = False  # widths set by the code, not by the clerk: not remembered
        self._remember = QTimer(self, singleShot=True, interval=400)
        self._remember.timeout.connect(self._save_columns)
        header.sectionResized.connect(self._columns_changed)
        header.sectionMoved.connect(self._columns_changed)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.show_voided)
        top.addWidget(self.button_bar, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)

    def add_action(
        self, text: str, slot: Callable[[], None], object_name: str, needs_row: bool = False
    ) -> QPushButton:
        button = QPushButton(text, objectName=object_name)
        button.clicked.connect(slot)
        if needs_row:
            self._needs_row.append(button)
            button.setEnabled(False)
        self.buttons.addWidget(button)
        return button

    def add_row_call(
        self, text: str, call: Callable[[Any], Any], done: Callable[[Any], None], object_name: str
    ) -> QPushButton:
        """A button that runs one service call on the selected row (refusals shown, not saved)."""
        from ui.widgets.actions import act

        def run() -> None:
            row = self.current()  # read here: the call runs on the worker
            act(self, lambda: call(row), done)

        return self.add_action(text, run, object_name, needs_row=True)

    def current(self) -> Any | None:
        idx = self.table.selectionModel().currentIndex()
        rows = self.table.selectionModel().selectedRows()
        if rows:
            idx = rows[0]
        return idx.data(ROW_ROLE) if idx.isValid() else None

    def select_where(self, predicate: Callable[[Any], bool]) -> bool:
        for r in range(self.proxy.rowCount()):
            idx = self.proxy.index(r, 0)
            if predicate(idx.data(ROW_ROLE)):
                self.table.selectRow(r)
                self.table.scrollTo(idx)
                return True
        return False

    def _on_selection(self, *_):
        row = self.current()
        for b in self._needs_row:
            b.setEnabled(row is not None and not voided(row))
        self.selection_changed.emit()

    def reload(self) -> None:
        self.loading = True
        include = self.show_voided.isChecked()
        state = None if self.query_state is None else self.query_state()
        if self.query_state is None:
            call = lambda: self.fetch(include)  # noqa: E731
        else:
            call = lambda: self.fetch(include, state)  # noqa: E731
        query = (include, state if self.query_key is None else self.query_key())
        operations.run(
            call,
            lambda rows: self._set_rows(rows, query),
            self._failed,
            parent=self,
            still_wanted=self._latest.ticket(),
            busy_after_ms=RELOAD_BUSY_AFTER_MS,
        )

    def _set_rows(self, rows: list[Any], query: Any = _NOTHING_SHOWN) -> None:
        """Show `rows`, read for `query` (reload's filters and search; left out: the query
        shown). Rows of another query than the one shown (a new search, another status, 「显示
        已作废」) are shown from the top: kept in place row by row, the view stayed where the
        clerk had scrolled in the last list, and the newest hits were above the screen. Rows
        of the same query (a refresh after a save, the next page) keep the clerk's place."""
        if not shiboken6.isValid(self.model):  # the view was closed while the query ran
            return
        self.loading = False
        new_query = query is not _NOTHING_SHOWN and query != self._shown_query
        if query is not _NOTHING_SHOWN:
            self._shown_query = query
        selected = getattr(self.current(), "id", None)
        if not self.model.set_rows(rows, in_place=True):
            # Lay the rows out now rather than at the timer a model reset starts: that timer
            # fired after the first paint as often as before it, and the table was painted
            # twice. (Not after a change in place: laying out the same rows again made the
            # next paint cost 3 ms more, the scroll area setting its margins anew.)
            self.table.doItemsLayout()
            # The header's and scroll bars' geometry too: left to the layout request it posts,
            # it came after the first paint (a scroll bar appearing narrows the last column),
            # and the whole table was painted a second time.
            self.table.updateGeometries()
        # Keep the clerk's place across a refresh. A record still on its row (a refresh in
        # place, more rows added below) is left as it is: selecting it again would scroll the
        # view back to it from where the clerk had scrolled.
        if selected is not None and getattr(self.current(), "id", None) != selected:
            if not self.select_where(lambda row: getattr(row, "id", None) == selected):
                self.table.selectionModel().clear()  # its row now holds another record
        if new_query:
            self.table.scrollToTop()  # a record kept selected may be further down
        self.count.setText(f"共 {len(rows)} 条")
        self._hide_empty_helpers()
        if not self.columns_fitted and self.table.isVisible():
            self.fit_columns()
        self._on_selection()
        self.loaded.emit()

    # --- columns: sized to their content once, then as the clerk leaves them ------------------

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if not self.columns_fitted:
            QTimer.singleShot(0, self._fit_when_shown)  # once the layout has sized the table

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt API
        # Widths changed just before the register is closed (or its tab left) are kept now, not
        # 400 ms later: by then the view may be gone, or another account signed in.
        if self._remember.isActive():
            self._remember.stop()
            self._save_columns()
        super().hideEvent(event)

    def _fit_when_shown(self) -> None:
        if shiboken6.isValid(self) and self.table.isVisible() and not self.columns_fitted:
            self.fit_columns()

    def fit_columns(self) -> None:
        """The widths the clerk left last time (and his column order), else each column sized
        to its content (at most MAX_AUTO_WIDTH) and the free-text column taking the rest of
        the table's width. Waits for rows: headers alone say nothing of the content."""
        header = self.table.horizontalHeader()
        state = preferences.header_state(self.memory_key)
        self._arranging = True
        try:
            if state is not None and header.restoreState(state):
                self.columns_fitted = True
            elif self.model.rows:
                self._size_to_content()
                self.columns_fitted = True
            self._hide_empty_helpers()
        finally:
            self._arranging = False

    def _size_to_content(self) -> None:
        self.table.resizeColumnsToContents()
        used = 0
        for i in range(self.model.columnCount()):
            if self.table.isColumnHidden(i) or i == self.wide_column:
                continue
            width = min(self.table.columnWidth(i), MAX_AUTO_WIDTH)
            self.table.setColumnWidth(i, width)
            used += width
        if self.wide_column is not None:
            spare = self.table.viewport().width() - used
            self.table.setColumnWidth(self.wide_column, max(spare, MIN_WIDE_WIDTH))

    def _hide_empty_helpers(self) -> None:
        """A helper column (备注 …) is hidden while no row has anything in it."""
        was, self._arranging = self._arranging, True
        try:
            for i, col in enumerate(self.model.columns):
                if col.title not in HELPER_TITLES:
                    continue
                empty = all(display(col.value(r)) == "" for r in self.model.rows)
                if empty != self.table.isColumnHidden(i):
                    self.table.setColumnHidden(i, empty)
                    if not empty:
                        self.table.resizeColumnToContents(i)
                        width = min(self.table.columnWidth(i), MAX_AUTO_WIDTH)
                        self.table.setColumnWidth(i, width)
        finally:
            self._arranging = was

    def _columns_changed(self, *_args) -> None:
        if self.columns_fitted and not self._arranging:
            self._remember.start()

    def _save_columns(self) -> None:
        if shiboken6.isValid(self):
            preferences.save_header_state(
                self.memory_key, self.table.horizontalHeader().saveState()
            )

    def _failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self.model):
            return
        self.loading = False
        show_error(self, exc, "读取失败")
        self.loaded.emit()
