"""What the 收文 and 发文 tabs share: the register search run by the database instead of the
table's own filter, buttons enabled by the selected record's state, and small pick lists."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton

from desktop_app.services import directory
from desktop_app.services.common import ValidationError
from desktop_app.services.meetings import CHINA
from ui.widgets.table import RegisterView

SEARCH_DELAY_MS = 300  # wait for the clerk to stop typing before asking the database
PAGE_SIZE = 200  # rows read for one screen of a register; 「显示更多」 reads the next ones


def search_in_database(view: RegisterView, on_query: Callable[[str], None]) -> QTimer:
    """The register can be far larger than one screen (R44 also hides classified rows in SQL),
    so the search box asks the database: `on_query(text)` stores the text, then the view reloads."""
    view.search.textChanged.disconnect(view.proxy.setFilterFixedString)
    timer = QTimer(view)
    timer.setSingleShot(True)
    timer.setInterval(SEARCH_DELAY_MS)

    def fire() -> None:
        on_query(view.search.text().strip())
        view.reload()

    timer.timeout.connect(fire)
    view.search.textChanged.connect(lambda _t: timer.start())
    return timer


class StateButtons:
    """Buttons that need a selected record in a given state: `add(button, allowed)` where
    `allowed(row)` says whether the action makes sense for that record now."""

    def __init__(self, view: RegisterView, may_edit: bool = True):
        self.view = view
        self.may_edit = may_edit  # an account that may not keep records sees them all disabled
        self.rules: list[tuple[QPushButton, Callable[[Any], bool]]] = []
        view.selection_changed.connect(self.refresh)

    def add(self, button: QPushButton, allowed: Callable[[Any], bool]) -> QPushButton:
        self.rules.append((button, allowed))
        return button

    def refresh(self) -> None:
        row = self.view.current()
        for button, allowed in self.rules:
            button.setEnabled(self.may_edit and row is not None
                              and not getattr(row, "void_reason", None) and bool(allowed(row)))


def full_text_hits(db, user, text: str, kind: str,
                   include_voided: bool) -> dict[int, str] | None:
    """{record id: snippet} of the documents of `kind` whose title, organ, number or opinions
    contain `text` (the database's full-text index, R44 applied); None where that search is
    not installed, so the caller falls back to the register's own title/organ/number search."""
    try:
        from db.search_index import SOURCES
        from desktop_app.services import doc_search
    except ImportError:
        return None
    if kind not in SOURCES:  # the index does not cover this register (yet)
        return None
    hits = doc_search.search_documents(db, user, text, kind=kind, limit=doc_search.MAX_LIMIT,
                                       include_voided=include_voided)
    return {h.record_id: h.snippet for h in hits}


def unit_names(db) -> dict[int, str]:
    return {u.id: u.name for u in directory.list_units(db)}


def unit_ids_from_names(text: str, names: dict[int, str]) -> tuple[int, ...]:
    """「财政局、审计局」 → their ids; an unknown name is refused so nothing is silently lost."""
    by_name = {name: uid for uid, name in names.items()}
    ids = []
    for part in text.replace("，", "、").replace(",", "、").replace(" ", "、").split("、"):
        name = part.strip()
        if not name:
            continue
        if name not in by_name:
            raise ValidationError(f"没有名为「{name}」的部门，请按“人员与分管”中的单位名称填写。")
        ids.append(by_name[name])
    return tuple(dict.fromkeys(ids))


def china_time(value: datetime) -> datetime:
    """A time typed in the dialog is China time (the dialog's edit has no zone)."""
    return value.replace(tzinfo=CHINA) if value.tzinfo is None else value


class Pager:
    """A register read a page at a time: the fetch asks for `limit` rows (one more, to know
    whether there are more); 「显示更多」 raises the limit and reloads; a new filter or search
    starts again from the first page."""

    def __init__(self, view: RegisterView, name: str, page_size: int = PAGE_SIZE):
        self.view = view
        self.page_size = page_size
        self.limit = page_size  # set on the GUI thread, read by the fetch
        self.has_more = False  # set by the fetch
        self.more = QPushButton("显示更多…", objectName=f"{name}More")
        self.more.clicked.connect(self.show_more)
        self.note = QLabel(objectName=f"{name}PageNote")
        self.row = QHBoxLayout()
        self.row.addWidget(self.note, 1)
        self.row.addWidget(self.more)
        view.loaded.connect(self._update)
        self._update()

    def take(self, rows: list[Any]) -> list[Any]:
        """The fetched rows (asked with limit + 1) cut to the page; notes whether more exist."""
        self.has_more = len(rows) > self.limit
        return rows[:self.limit]

    def reset(self) -> None:
        self.limit = self.page_size

    def show_more(self) -> None:
        self.limit += self.page_size
        self.view.reload()

    def _update(self) -> None:
        self.more.setVisible(self.has_more)
        self.note.setText(f"按时间由近及远显示前 {self.limit} 条；缩小状态或搜索范围，或显示更多。"
                          if self.has_more else "")
