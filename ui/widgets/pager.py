"""A register read a page at a time (the 公文 tabs, the 用印申请 list): the first page newest
first, 「显示更多」 (or scrolling to the last row) for the next, so that what a screen costs does
not grow with the years a database holds."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton

from ui.widgets.table import RegisterView

PAGE_SIZE = 200  # rows read for one screen of a register; 「显示更多」 reads the next ones
# Rows of hits read at a time by a search: the rows the table shows and half as many again,
# at least SEARCH_PAGE_MIN and at most SEARCH_PAGE_SIZE. Above the detail pane the window's table
# shows 6 rows on a 1366×768 laptop (10 read) and 14 on a 1920×1080 screen (25 read). Each row
# read costs the search its DTO and snippet: a screen of 25 rather than 50 answered 「防汛」 on
# the 收文 tab in 16-17 ms instead of 19-21 (200,000 documents); 15 rather than 20, 2-12 % less
# after the search box's pause. Scrolling to the end of the hits, or 「显示更多」, reads the next
# screen.
SEARCH_PAGE_SIZE = 50
SEARCH_PAGE_MIN = 10


class Pager:
    """A register read a page at a time: the fetch asks for `limit` rows (one more, to know
    whether there are more); 「显示更多」 raises the limit and reloads; a new filter or search
    starts again from the first page.

    Where something needs every row the filters let through — the quick search box, which
    filters the rows read (`follow_quick_search`); a print or an export of the rows as shown
    (`with_every_row`); a record to select that is older than the rows read (`select`) — the
    pager reads them all (`read_all`) until the filters change (`restart`)."""

    def __init__(self, view: RegisterView, name: str, page_size: int = PAGE_SIZE):
        self.view = view
        self.page_size = page_size
        self.search_page_size: int | None = None  # None: as many as the screen shows (step)
        self.searching = False  # a search reads a screen of hits at a time (step)
        self.limit = page_size  # set on the GUI thread, read by the fetch
        self.has_more = False  # set by the fetch
        self.read_all = False  # set on the GUI thread, read by the fetch (rows_wanted, take)
        self._quick = False  # the quick search box filters the rows read (follow_quick_search)
        self.more = QPushButton("显示更多…", objectName=f"{name}More")
        self.more.clicked.connect(self.show_more)
        # Its room stays when it hides: a search with a few hits after one with many does not
        # resize the table above it (the rows jumped, and the table was laid out and painted twice)
        policy = self.more.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.more.setSizePolicy(policy)
        self.note = QLabel(objectName=f"{name}PageNote")
        self.row = QHBoxLayout()
        self.row.addWidget(self.note, 1)
        self.row.addWidget(self.more)
        view.loaded.connect(self._update)
        view.table.verticalScrollBar().valueChanged.connect(self._scrolled)
        self._update()

    def rows_wanted(self) -> int | None:
        """The rows the fetch asks its service for: the page and one more, or None (all)."""
        return None if self.read_all else self.limit + 1

    def take(self, rows: list[Any], more: bool | None = None) -> list[Any]:
        """The fetched rows cut to the page, noting whether more exist: `more` where the source
        says so (a search: the index's hits), else whether the fetch (asked with limit + 1)
        returned more than the page. Every row where all were read."""
        if self.read_all:
            self.has_more = False
            return rows
        self.has_more = len(rows) > self.limit if more is None else more
        return rows[: self.limit]

    def restart(self) -> None:
        """The filters changed: read their first page (all of it while the quick search box
        that filters the rows read holds text)."""
        self.read_all = self._quick and bool(self.view.search.text().strip())
        self.reset()
        self.view.reload()

    def read_everything(self) -> None:
        self.read_all = True
        self.view.reload()

    def follow_quick_search(self) -> None:
        """For a register whose quick search box filters the rows read (the 公文 tabs' box asks
        the database instead): typing in it with older pages unread reads them all."""

        def typed(text: str) -> None:
            if text.strip() and self.has_more:
                self.read_everything()

        self._quick = True
        self.view.search.textChanged.connect(typed)

    def with_every_row(self, then: Callable[[], None]) -> None:
        """`then()` once every row the filters let through is in the table (at once if it is)."""
        if not self.has_more:
            then()
            return

        def landed() -> None:
            self.view.loaded.disconnect(landed)
            then()

        self.view.loaded.connect(landed)
        self.read_everything()

    def select(self, predicate: Callable[[Any], bool], then: Callable[[], None] | None = None):
        """From the first page: the row `predicate` finds selected (then `then()`); where it is
        older than the rows read, all are read, once, and it is looked for again."""

        def landed() -> None:
            if self.view.select_where(predicate):
                if then is not None:
                    then()
            elif self.has_more and not self.read_all:
                self.read_everything()
                return
            self.view.loaded.disconnect(landed)

        self.view.loaded.connect(landed)
        self.restart()

    def step(self) -> int:
        if not self.searching:
            return self.page_size
        return self.search_page_size or self.screen_rows()

    def screen_rows(self) -> int:
        """The rows a search reads at a time: what the table shows and half as many again."""
        table = self.view.table
        shown = table.viewport().height() // max(1, table.verticalHeader().defaultSectionSize())
        wanted = -(-(shown * 3 // 2) // 5) * 5  # rounded up to a multiple of 5
        return max(SEARCH_PAGE_MIN, min(SEARCH_PAGE_SIZE, wanted))

    def _scrolled(self, value: int) -> None:
        """The clerk scrolled to the last row read: the next page is read and added below."""
        bar = self.view.table.verticalScrollBar()
        if self.has_more and not self.view.loading and value > 0 and value >= bar.maximum():
            self.show_more()

    def reset(self, searching: bool | None = None) -> None:
        if searching is not None:
            self.searching = searching
        self.limit = self.step()

    def show_more(self) -> None:
        self.limit += self.step()
        self.view.reload()

    def _update(self) -> None:
        self.more.setVisible(self.has_more)
        self.note.setText(
            f"按时间由近及远显示前 {self.limit} 条；缩小状态或搜索范围，或显示更多"
            "（滚动到最后一行时自动显示）。"
            if self.has_more
            else ""
        )
