"""工作台 providers of incoming documents: received without 拟办意见 (R43), and handling deadlines
overdue or due within two working days (R35). Classified records (R44) are left out of the list
every account sees; an account with the 机要 role gets their reminders too (classified_items),
and no other account sees their titles."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

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


# R35 lists the overdue documents most overdue first; beyond this many the rest are one line with
# their number (a register of many years holds hundreds never closed, which would otherwise fill
# the 工作台), as R55 does. Those merely due soon are few and always listed.
OVERDUE_SHOWN = 50


def _routed_due(
    db: Database, viewer: CurrentUser, today: date, limit: date, classified_only: bool = False
) -> tuple[list[incoming.IncomingDTO], int]:
    """The routed documents `viewer` may see (R44; `classified_only`: only classified ones) whose
    handling deadline falls by `limit` — the only ones R35 reminds of: the OVERDUE_SHOWN most
    overdue and every one due from today to `limit`, most overdue first, and how many more are
    overdue. Their ids by narrow queries, then their rows, instead of every routed document of
    every year."""
    d = IncomingDocument
    due = select(d.id).where(
        d.status == "routed",
        d.voided_at.is_(None),
        d.deadline.is_not(None),
        d.deadline <= limit,
    )
    if classified_only:
        due = due.where(d.secrecy != "")
    elif not viewer.can("classified"):
        due = due.where(d.secrecy == "")  # R44, as incoming.list_documents applies it
    overdue = due.where(d.deadline < today)
    with db.read() as s:
        ids = list(s.scalars(overdue.order_by(d.deadline, d.id).limit(OVERDUE_SHOWN + 1)))
        more = 0
        if len(ids) > OVERDUE_SHOWN:
            ids = ids[:OVERDUE_SHOWN]
            total = s.scalar(select(func.count()).select_from(overdue.subquery()))
            more = int(total or 0) - OVERDUE_SHOWN
        ids += s.scalars(due.where(d.deadline >= today))
    docs = incoming.list_documents(db, viewer, status="routed", ids=ids)
    return sorted(docs, key=lambda doc: (doc.deadline or date.max, doc.id)), more


def _more_overdue_item(more: int, classified: bool) -> list[AttentionItem]:
    if not more:
        return []
    kind = "涉密收文" if classified else "收文"
    return [
        AttentionItem(
            AREA,
            "overdue",
            f"另有{more}件{kind}已超过办理时限",
            cite(
                "R35",
                f"工作台列出超期最久的{OVERDUE_SHOWN}件；其余{more}件请在「公文」的收文登记簿中"
                "查看状态为「办理中」的收文并逐件催办。",
            ),
            None,
            "",
            None,
            "R35",
        )
    ]


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
    """R35: handling deadlines passed (the OVERDUE_SHOWN most overdue, and one line counting
    the rest), or within the next two working days."""
    limit = _due_limit(db, today)
    docs, more = _routed_due(db, _VIEWER, today, limit)
    return _deadline_items(db, docs, today, limit) + _more_overdue_item(more, False)


@viewer_provider
def classified_items(db: Database, today: date, viewer: CurrentUser) -> list[AttentionItem]:
    """R43 / R35 for classified 收文, only for an account that may see them (R44: the 机要 role).
    The unclassified ones are already in the list every account sees."""
    if not viewer.can("classified"):
        return []

    def classified(status: str) -> list[incoming.IncomingDTO]:
        return [d for d in incoming.list_documents(db, viewer, status=status) if d.secrecy]

    limit = _due_limit(db, today)
    routed, more = _routed_due(db, viewer, today, limit, classified_only=True)
    return (
        _proposal_items(classified("registered"), today)
        + _deadline_items(db, routed, today, limit)
        + _more_overdue_item(more, True)
    )
