"""Dashboard provider of the meetings area: decisions due soon (R23.6.1) and overdue (R29.3)."""

from __future__ import annotations

from datetime import date

from db.engine import Database
from desktop_app.formatting import format_date
from desktop_app.rules.registry import cite
from desktop_app.services import decisions, org_profile
from desktop_app.services.calendar_admin import work_calendar
from desktop_app.services.dashboard import AttentionItem, provider


def _short(text: str, n: int = 24) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _item(d: decisions.DecisionDTO, overdue: bool) -> AttentionItem:
    who = f"{d.unit_name}（分管：{d.vice_mayor_name}）" if d.vice_mayor_name else d.unit_name
    if overdue:
        return AttentionItem(
            "会议", "overdue", f"会议决定逾期未反馈：{_short(d.content)}",
            cite("R29.3", f"{d.meeting_title}决定「{d.content}」，完成时限"
                 f"{format_date(d.deadline)}，{who}尚未书面反馈落实情况。"),
            d.deadline, "decision", d.id, "R29.3")
    return AttentionItem(
        "会议", "due", f"会议决定即将到期：{_short(d.content)}",
        cite("R23.6.1", f"{d.meeting_title}决定「{d.content}」，须于{format_date(d.deadline)}前完成，"
             f"责任单位{who}。"),
        d.deadline, "decision", d.id, "R23.6.1")


@provider
def decision_items(db: Database, today: date) -> list[AttentionItem]:
    """Open decisions whose deadline has passed, or falls within the configured number of
    working days (CAL2: working days from the working-day calendar)."""
    days = int(org_profile.get_profile(db)["due_soon_working_days"])
    horizon = work_calendar(db).add_working_days(today, days)
    items = []
    for d in decisions.open_decisions(db):
        if d.deadline is None:
            continue
        if d.deadline < today:
            items.append(_item(d, overdue=True))
        elif d.deadline <= horizon:
            items.append(_item(d, overdue=False))
    return items
