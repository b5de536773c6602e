"""工作台: one list of what needs attention today, fed by every area.

Each area registers a provider `(db, today) -> list[AttentionItem]`; later areas (meetings,
documents, seals, absences) add theirs. An item names the record it opens.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from db.engine import Database
from desktop_app.services.system import read_once
from desktop_app.services.system.common import CurrentUser

# severity: overdue (a deadline passed) | due (a deadline ahead, `due` is its date) | pending (an
# application waiting for a step: 外出请示, 用印) | meeting (a meeting held on `due`) | warn (a
# reminder) | info (for information)
SEVERITY_ORDER = {"overdue": 0, "due": 1, "meeting": 1, "pending": 2, "warn": 3, "info": 4}
SEVERITY_NAMES = {
    "overdue": "已逾期",
    "due": "即将到期",
    "meeting": "会议",
    "pending": "待审批",
    "warn": "提醒",
    "info": "提示",
}
# The 工作台's order: what is late, what falls today, what falls in the coming days, what waits
# for an approval, reminders, notes. The clerk works down the list.
URGENCY_NAMES = ("已逾期", "今日到期", "即将到期", "待审批", "提醒", "提示")


@dataclass(frozen=True)
class AttentionItem:
    area: str  # navigation pane that owns the record: 人员与分管, 设置, 会议 …
    severity: str  # a key of SEVERITY_NAMES
    title: str
    detail: str = ""
    due: date | None = None
    ref_kind: str = ""  # what to open: e.g. "calendar", "unit", "person"
    ref_id: int | None = None
    rule_id: str = ""


def urgency(item: AttentionItem, today: date) -> int:
    """The item's place in URGENCY_NAMES as of `today`."""
    dated = item.severity in ("due", "pending", "meeting") and item.due is not None
    if item.severity == "overdue" or (dated and item.due is not None and item.due < today):
        return 0
    if dated and item.due == today:
        return 1
    if item.severity in ("due", "meeting"):
        return 2
    if item.severity == "pending":
        return 3
    return 4 if item.severity == "warn" else 5


def category(item: AttentionItem, today: date) -> str:
    """What the 工作台 calls the item: 已逾期, 今日到期 (今日会议), 即将到期 (明日会议) …"""
    rank = urgency(item, today)
    if item.severity == "meeting" and rank in (1, 2):
        return "今日会议" if rank == 1 else "明日会议"
    return URGENCY_NAMES[rank]


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
    with read_once.reading():  # the calendar and the settings, read once for all the areas
        for fn in _PROVIDERS:
            items.extend(fn(db, today))
        if viewer is not None:
            for viewer_fn in _VIEWER_PROVIDERS:
                items.extend(viewer_fn(db, today, viewer))
    return sorted(items, key=lambda i: (urgency(i, today), i.due or date.max, i.title))
