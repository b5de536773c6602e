"""工作台: one list of what needs attention today, fed by every area.

Each area registers a provider `(db, today) -> list[AttentionItem]`; later areas (meetings,
documents, seals, absences) add theirs. An item names the record it opens.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from db.engine import Database
from desktop_app.services.system.common import CurrentUser

SEVERITY_ORDER = {"overdue": 0, "warn": 1, "due": 2, "info": 3}
SEVERITY_NAMES = {"overdue": "已逾期", "warn": "提醒", "due": "即将到期", "info": "提示"}


@dataclass(frozen=True)
class AttentionItem:
    area: str  # navigation pane that owns the record: 人员与分管, 设置, 会议 …
    severity: str  # overdue | warn | due | info
    title: str
    detail: str = ""
    due: date | None = None
    ref_kind: str = ""  # what to open: e.g. "calendar", "unit", "person"
    ref_id: int | None = None
    rule_id: str = ""


Provider = Callable[[Database, date], list[AttentionItem]]
# Reminders only some accounts may see (R44: classified records, for 机要 staff): given the
# signed-in account, each returns nothing for an account not entitled to them.
ViewerProvider = Callable[[Database, date, CurrentUser], list[AttentionItem]]
_PROVIDERS: list[Provider] = []
_COMPOSED = False  # set by areas.compose(): every area's provider is registered


def mark_composed() -> None:
    global _COMPOSED
    _COMPOSED = True


_VIEWER_PROVIDERS: list[ViewerProvider] = []


def provider(fn: Provider) -> Provider:
    _PROVIDERS.append(fn)
    return fn


def viewer_provider(fn: ViewerProvider) -> ViewerProvider:
    _VIEWER_PROVIDERS.append(fn)
    return fn


def collect(db: Database, today: date, viewer: CurrentUser | None = None) -> list[AttentionItem]:
    """Everything that needs attention; with `viewer`, also what only that account may see."""
    if not _COMPOSED:
        raise RuntimeError(
            "dashboard providers are not composed: call desktop_app.services.areas.compose()"
        )
    items: list[AttentionItem] = []
    for fn in _PROVIDERS:
        items.extend(fn(db, today))
    if viewer is not None:
        for viewer_fn in _VIEWER_PROVIDERS:
            items.extend(viewer_fn(db, today, viewer))
    return sorted(
        items, key=lambda i: (SEVERITY_ORDER.get(i.severity, 9), i.due or date.max, i.title)
    )
