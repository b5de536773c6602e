"""What the 收文 and 发文 tabs share: the register search run by the database instead of the
table's own filter, buttons enabled by the selected record's state, and small pick lists (the
tab itself and its dialogs' opening: ui.panes.documents_tab)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QPushButton

from db.search_index import SOURCES
from desktop_app.formatting import CHINA
from desktop_app.services.documents import search as doc_search
from desktop_app.services.system.common import ValidationError
from ui.widgets.table import RegisterView

SEARCH_DELAY_MS = 300  # wait for the clerk to stop typing before asking the database
AREA = "公文"  # the navigation pane both tabs belong to


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
            button.setEnabled(
                self.may_edit
                and row is not None
                and not getattr(row, "void_reason", None)
                and bool(allowed(row))
            )


def _search_service(kind: str):
    """desktop_app.services.documents.search where its full-text index covers `kind`, else None (the
    caller falls back to the register's own title/organ/number search)."""
    return doc_search if kind in SOURCES else None


class IndexHits:
    """The full-text index's hits for a tab's search ({record id: snippet}, newest first, R44
    applied by the service), read one screen at a time: the first screen asks the index for
    `limit` + 1 hits (the extra one says whether 「显示更多」 has anything to show); a fetch that
    asks for more than the last one did (「显示更多」) asks only for the next screen, at the
    offset already read. Any other reload (a new search, a filter, a saved change) reads again
    from the first hit, so an edited document is not kept in or out of the list by an old read."""

    def __init__(self, kind: str):
        self.kind = kind
        self._lock = threading.Lock()  # a reload can start while the previous fetch still runs
        self._key: tuple[str, bool] | None = None
        self._limit = 0  # the limit of the last fetch
        self._hits: dict[int, str] = {}
        self._read = 0  # hits the index has returned so far: the next screen's offset
        self._ended = False

    def screen(
        self, db, user, text: str, include_voided: bool, limit: int
    ) -> tuple[dict[int, str], bool] | None:
        """The first `limit` hits and whether the index has more; None where the full-text
        index does not cover this kind of document."""
        service = _search_service(self.kind)
        if service is None:
            return None
        with self._lock:
            key = (text, include_voided)
            if key != self._key or limit <= self._limit:
                self._key, self._hits, self._read, self._ended = key, {}, 0, False
            self._limit = limit
            while not self._ended and len(self._hits) <= limit:
                want = min(limit + 1 - len(self._hits), service.MAX_LIMIT)
                got = service.search_documents(
                    db,
                    user,
                    text,
                    kind=self.kind,
                    limit=want,
                    offset=self._read,
                    include_voided=include_voided,
                )
                self._read += len(got)
                self._ended = len(got) < want
                for hit in got:  # a document registered between two screens shifts the offsets
                    self._hits.setdefault(hit.record_id, hit.snippet)
            ids = list(self._hits)
            return {i: self._hits[i] for i in ids[:limit]}, len(ids) > limit


def in_hit_order(rows: list[Any], hits: dict[int, str]) -> list[Any]:
    """The records loaded for the hits, in the index's order (so 「显示更多」 adds below)."""
    order = {record_id: i for i, record_id in enumerate(hits)}
    return sorted(rows, key=lambda d: order.get(d.id, len(order)))


IMPORTED = "导入"  # the register's 来源 column for history brought in from the office's ledger


def imported_mark(d: Any) -> str:
    """「导入」 for a record imported from the office's own ledger (its DTO's imported_from)."""
    return IMPORTED if getattr(d, "imported_from", "") else ""


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
