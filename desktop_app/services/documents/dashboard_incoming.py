"""工作台 providers of incoming documents: received without 拟办意见 (R43), and handling deadlines
overdue or due within two working days (R35). Classified records (R44) are left out of the list
every account sees; an account with the 机要 role gets their reminders too (classified_items),
and no other account sees their titles."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from db.engine import Database
from db.models import IncomingDocument
from desktop_app.formatting import format_date
from desktop_app.rules import incoming as r
from desktop_app.rules.registry import cite
from desktop_app.services.documents import incoming
from desktop_app.services.system.calendar_admin import work_calendar
from desktop_app.services.system.common import CurrentUser
from desktop_app.services.system.dashboard import AttentionItem, provider, viewer_provider

AREA = "收文"
_VIEWER = CurrentUser("dashboard", "工作台", "readonly")  # sees no classified records (R44)


def _proposal_items(docs: list[incoming.IncomingDTO], today: date) -> list[AttentionItem]:
    items = []
    for d in docs:
        severity = r.proposal_state(d.received_on, False, today)
        if severity:
            text = f"{format_date(d.received_on)}收文，尚未提出拟办意见。"
            items.append(
                AttentionItem(
                    AREA,
                    severity,
                    f"{_mark(d)}{d.number}「{d.title}」待拟办",
                    cite("R43", text),
                    d.received_on,
                    "incoming",
                    d.id,
                    "R43",
                )
            )
    return items


def _due_limit(db: Database, today: date) -> date:
    return work_calendar(db).add_working_days(today, r.DUE_SOON_WORKING_DAYS)


def _routed_due(db: Database, viewer: CurrentUser, limit: date) -> list[incoming.IncomingDTO]:
    """The routed documents `viewer` may see whose handling deadline falls by `limit` — the only
    ones R35 reminds of: their ids by one narrow query, then their rows (in the register's
    order), instead of every routed document of every year."""
    d = IncomingDocument
    with db.read() as s:
        ids = list(
            s.scalars(
                select(d.id).where(
                    d.status == "routed",
                    d.voided_at.is_(None),
                    d.deadline.is_not(None),
                    d.deadline <= limit,
                )
            )
        )
    return incoming.list_documents(db, viewer, status="routed", ids=ids)


def _deadline_items(
    db: Database, docs: list[incoming.IncomingDTO], today: date, limit: date | None = None
) -> list[AttentionItem]:
    if limit is None:
        limit = _due_limit(db, today)
    items = []
    for d in docs:
        severity = r.deadline_state(d.deadline, False, today, limit)
        if severity:
            text = f"办理时限{format_date(d.deadline)}，承办部门须按时办结反馈。"
            items.append(
                AttentionItem(
                    AREA,
                    severity,
                    f"{_mark(d)}{d.number}「{d.title}」办理时限",
                    cite("R35", text),
                    d.deadline,
                    "incoming",
                    d.id,
                    "R35",
                )
            )
    return items


def _mark(d: incoming.IncomingDTO) -> str:
    return f"【{d.secrecy}】" if d.secrecy else ""


@provider
def proposal_items(db: Database, today: date) -> list[AttentionItem]:
    """R43: documents received (today or before) still waiting for the proposed handling."""
    return _proposal_items(incoming.list_documents(db, _VIEWER, status="registered"), today)


@provider
def deadline_items(db: Database, today: date) -> list[AttentionItem]:
    """R35: handling deadlines passed, or within the next two working days."""
    limit = _due_limit(db, today)
    return _deadline_items(db, _routed_due(db, _VIEWER, limit), today, limit)


@viewer_provider
def classified_items(db: Database, today: date, viewer: CurrentUser) -> list[AttentionItem]:
    """R43 / R35 for classified 收文, only for an account that may see them (R44: the 机要 role).
    The unclassified ones are already in the list every account sees."""
    if not viewer.can("classified"):
        return []

    def classified(status: str) -> list[incoming.IncomingDTO]:
        return [d for d in incoming.list_documents(db, viewer, status=status) if d.secrecy]

    limit = _due_limit(db, today)
    routed = [d for d in _routed_due(db, viewer, limit) if d.secrecy]
    return _proposal_items(classified("registered"), today) + _deadline_items(
        db, routed, today, limit
    )
