"""工作台 providers of the seal register: loans not returned by their due time, applications
waiting for approvals, and applications approved long ago but never used."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from db.engine import Database
from desktop_app.formatting import CHINA, format_date
from desktop_app.services.seals import lending as seals_lending
from desktop_app.services.seals import queries as seals_queries
from desktop_app.services.system.dashboard import AttentionItem, provider
from desktop_app.services.system.org_profile import get_profile

AREA = "用印"


@provider
def overdue_loan_items(db: Database, today: date) -> list[AttentionItem]:
    """外借 not returned by the due-back time (as of the start of `today`, China time)."""
    now = datetime.combine(today, time(0), tzinfo=CHINA)
    items = []
    for loan in seals_lending.overdue_loans(db, now):
        due = loan.due_back_at.astimezone(CHINA)
        items.append(
            AttentionItem(
                AREA,
                "overdue",
                f"「{loan.seal_name}」外借逾期未还",
                f"借用人{loan.borrower}，应于{format_date(due.date())} {due:%H:%M}归还。",
                due.date(),
                "seal_loan",
                loan.id,
                "",
            )
        )
    return items


@provider
def application_items(db: Database, today: date) -> list[AttentionItem]:
    """用印审批单 waiting for approvals; approved ones unused for more than the configured days."""
    limit = int(get_profile(db)["seal_unused_days"])
    cutoff = today - timedelta(days=limit)
    items = []
    for row in seals_queries.waiting_applications(db, approved_before=cutoff):
        if row.status == "pending":
            items.append(
                AttentionItem(
                    AREA,
                    "pending",  # no deadline: the date it was applied for is in the text
                    f"{row.number}「{row.title}」待审批",
                    f"{row.unit_name}{format_date(row.applied_on)}申请用印，审批尚未完成。",
                    None,
                    "seal_application",
                    row.id,
                    "",
                )
            )
        else:
            items.append(
                AttentionItem(
                    AREA,
                    "warn",
                    f"{row.number}「{row.title}」审批后未用印",
                    f"{format_date(row.approved_on)}审批完成，超过 {limit} 天仍未用印；"
                    "不再用印的请作废。",
                    row.approved_on,
                    "seal_application",
                    row.id,
                    "",
                )
            )
    return items
