"""工作台 providers of incoming documents: received without 拟办意见 (R43), and handling deadlines
overdue or due within two working days (R35). The 工作台 has no signed-in account, so classified
records (R44) are left out here; 机要 staff follow them in the register."""

from __future__ import annotations

from datetime import date

from db.engine import Database
from desktop_app.formatting import format_date
from desktop_app.rules import incoming as r
from desktop_app.rules.registry import cite
from desktop_app.services import incoming
from desktop_app.services.calendar_admin import work_calendar
from desktop_app.services.common import CurrentUser
from desktop_app.services.dashboard import AttentionItem, provider

AREA = "收文"
_VIEWER = CurrentUser("dashboard", "工作台", "readonly")  # sees no classified records (R44)


@provider
def proposal_items(db: Database, today: date) -> list[AttentionItem]:
    """R43: documents received (today or before) still waiting for the proposed handling."""
    items = []
    for d in incoming.list_documents(db, _VIEWER, status="registered"):
        severity = r.proposal_state(d.received_on, False, today)
        if severity:
            text = f"{format_date(d.received_on)}收文，尚未提出拟办意见。"
            items.append(AttentionItem(AREA, severity, f"{d.number}「{d.title}」待拟办",
                                       cite("R43", text), d.received_on, "incoming", d.id, "R43"))
    return items


@provider
def deadline_items(db: Database, today: date) -> list[AttentionItem]:
    """R35: handling deadlines passed, or within the next two working days."""
    limit = work_calendar(db).add_working_days(today, r.DUE_SOON_WORKING_DAYS)
    items = []
    for d in incoming.list_documents(db, _VIEWER, status="routed"):
        severity = r.deadline_state(d.deadline, False, today, limit)
        if severity:
            text = f"办理时限{format_date(d.deadline)}，承办部门须按时办结反馈。"
            items.append(AttentionItem(AREA, severity, f"{d.number}「{d.title}」办理时限",
                                       cite("R35", text), d.deadline, "incoming", d.id, "R35"))
    return items
