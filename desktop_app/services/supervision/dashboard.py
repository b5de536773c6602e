"""工作台 provider of the 督办 area: items due within 2 working days and items overdue (R71,
R29.3). Classified items appear with their text hidden (R44), as on the register."""

from __future__ import annotations

from datetime import date

from db.engine import Database
from desktop_app.formatting import format_date
from desktop_app.rules.registry import cite
from desktop_app.services.supervision import queries
from desktop_app.services.system.calendar_admin import work_calendar
from desktop_app.services.system.dashboard import AttentionItem, provider

DUE_SOON_WORKING_DAYS = 2
AREA = "督办"


def _short(text: str, n: int = 24) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


@provider
def supervision_items(db: Database, today: date) -> list[AttentionItem]:
    horizon = work_calendar(db).add_working_days(today, DUE_SOON_WORKING_DAYS)
    out = []
    for i in queries.list_items(db, today, state="overdue", limit=None):
        out.append(
            AttentionItem(
                AREA,
                "overdue",
                f"督办事项逾期：{_short(i.title)}",
                cite(
                    "R29.3",
                    f"「{i.title}」完成时限{format_date(i.deadline)}，{i.unit_name}"
                    f"（分管：{i.vice_mayor_name}）尚未办结"
                    + ("，也未书面反馈。" if i.reports == 0 else "。"),
                ),
                i.deadline,
                "supervision_item",
                i.id,
                "R29.3",
            )
        )
    for i in queries.list_items(db, today, state="due_soon", due_by=horizon, limit=None):
        out.append(
            AttentionItem(
                AREA,
                "due",
                f"督办事项即将到期：{_short(i.title)}",
                cite(
                    "R71",
                    f"「{i.title}」须于{format_date(i.deadline)}前完成，责任单位{i.unit_name}，"
                    f"责任人{i.responsible_person}。",
                ),
                i.deadline,
                "supervision_item",
                i.id,
                "R71",
            )
        )
    return out
