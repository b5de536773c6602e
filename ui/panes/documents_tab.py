"""The 收文 and 发文 tabs' common frame: the status filter, the register searched by the
database a page at a time, the layout, the detail following the selection (RegisterTab), and the
opening of the tabs' dialogs (RegisterForms)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QSplitter, QVBoxLayout, QWidget

from ui.panes.documents_common import (
    AREA,
    IndexHits,
    StateButtons,
    search_in_database,
)
from ui.widgets.form import FormDialog, open_form
from ui.widgets.pager import Pager
from ui.widgets.table import Column, RegisterView

if TYPE_CHECKING:
    from ui.context import AppContext
    from ui.panes.documents_registers import RegisterOutput


class RegisterForms:
    """What the 收文 and 发文 dialogs share: each opens window-modally over the tab `tab` (which
    has ctx and changed()), and a saved one reloads the tab."""

    def __init__(self, tab: Any):
        self.tab = tab
        self.ctx = tab.ctx

    def _open(
        self, title, fields, save, name, values=None, intro="", pick_lists=None
    ) -> FormDialog:
        return open_form(
            self.tab, title, fields, save, name, values, self.tab.changed, intro, choices=pick_lists
        )


class RegisterTab(QWidget):
    """What the 收文 and 发文 tabs share: the status filter, the register searched by the
    database a page at a time, the layout, the detail following the selection, and what happens
    after a saved action. The constructor builds the register of `kind`; the subclass then builds
    its `detail` (which has `document`), its `forms` and its actions, calls `_finish()`, and
    defines `_columns`, `_fetch` and `_show_detail`."""

    ctx: AppContext
    kind: str
    query: dict[str, str]
    snippets: dict[int, str]
    status: QComboBox
    view: RegisterView
    pager: Pager
    index: IndexHits
    state: StateButtons
    detail: Any  # IncomingDetail or OutgoingDetail
    output: RegisterOutput

    def __init__(
        self,
        ctx: AppContext,
        kind: str,
        statuses: list[tuple[str, str]],
        placeholder: str,
        parent=None,
    ):
        super().__init__(parent)
        self.setObjectName(f"{kind}Tab")
        self.ctx = ctx
        self.kind = kind
        self.snippets = {}  # where each found document matched the search
        self.query = {"status": "", "text": ""}  # set on the GUI thread, read by the fetch
        self._refresh_detail = False
        self.status = QComboBox(objectName=f"{kind}StatusFilter")
        for value, label in statuses:
            self.status.addItem(label, value)
        self.status.currentIndexChanged.connect(self._status_changed)
        self.view = RegisterView(kind, self._columns(), self._fetch)
        self.view.query_key = self.query_key  # a new search is shown from its top
        self.view.search.setPlaceholderText(placeholder)
        self.pager = Pager(self.view, kind)
        self.index = IndexHits(kind)  # the search's hits, a screen at a time
        search_in_database(self.view, self._set_text)
        self.state = StateButtons(self.view, ctx.user.can("records"))

    def _finish(self) -> None:
        """After the tab's own actions: the register's print and export buttons, the detail
        following the selection and each load, and the layout."""
        # Imported here: the panes that import only imported_mark need not load the printouts.
        from ui.panes.documents_registers import RegisterOutput

        self.output = RegisterOutput(self, self.kind)
        self.output.add_buttons(self.view)
        self.view.selection_changed.connect(self._selected)
        self.view.loaded.connect(self._loaded)

        # The filters and the search above the buttons: the button row is full.
        filters = QHBoxLayout()
        filters.addWidget(self.status)
        filters.addWidget(self.view.search, 1)
        filters.addWidget(self.view.show_voided)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(filters)
        top_layout.addWidget(self.view)
        top_layout.addLayout(self.pager.row)
        split = QSplitter(Qt.Orientation.Vertical, objectName=f"{self.kind}Split")
        split.addWidget(top)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

    def _columns(self) -> list[Column]:
        raise NotImplementedError

    def _fetch(self, include_voided: bool) -> list[Any]:
        raise NotImplementedError

    def _show_detail(self, doc_id: int | None) -> None:
        """Show the document `doc_id` (None: none) in the tab's detail."""
        raise NotImplementedError

    def _status_changed(self, _index: int) -> None:
        self.query["status"] = self.status.currentData()
        self.pager.reset()
        self.view.reload()

    def query_key(self) -> tuple[str, str]:
        """What the rows read depend on besides 「显示已作废」: the search text and the status."""
        return self.query["text"], self.query["status"]

    def _set_text(self, text: str) -> None:
        self.query["text"] = text
        self.pager.reset(searching=bool(text))

    def current(self) -> Any:
        return self.view.current()

    def reload(self) -> None:
        self.view.reload()

    def changed(self, _result: Any = None) -> None:
        """After a saved action: reload the register and the detail, tell the dashboard."""
        self._refresh_detail = True
        self.view.reload()
        self.ctx.data_changed.emit(AREA)

    def _selected(self) -> None:
        d = self.current()
        shown = self.detail.document
        if d is None:
            if shown is not None:
                self._show_detail(None)
        elif shown is None or shown.id != d.id or shown.version != d.version:
            self._show_detail(d.id)

    def _loaded(self) -> None:
        if self._refresh_detail:
            self._refresh_detail = False
            d = self.current()
            self._show_detail(d.id if d else None)

    def open_document(self, doc_id: int) -> None:
        """Show one document (from the dashboard): clear the filters, reload, select it."""
        self.status.blockSignals(True)
        self.status.setCurrentIndex(0)
        self.status.blockSignals(False)
        self.view.search.blockSignals(True)
        self.view.search.clear()
        self.view.search.blockSignals(False)
        self.query.update(status="", text="")
        self.pager.reset()

        def select() -> None:
            if self.view.select_where(lambda d: d.id == doc_id) or not self.pager.has_more:
                self.view.loaded.disconnect(select)
            else:  # an older record: read on until it is on screen
                self.pager.show_more()

        self.view.loaded.connect(select)
        self.view.reload()
