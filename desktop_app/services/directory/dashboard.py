"""Dashboard providers of the foundation: the working-day calendar and gaps in the directory."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from db.engine import Database
from db.models import Unit
from desktop_app.rules.registry import cite
from desktop_app.services.directory import queries as q
from desktop_app.services.system.calendar_admin import needs_next_year_notice, work_calendar
from desktop_app.services.system.dashboard import AttentionItem, provider


@provider
def calendar_items(db: Database, today: date) -> list[AttentionItem]:
    cal = work_calendar(db)
    items = []
    year = needs_next_year_notice(cal, today)
    if year is not None:
        items.append(
            AttentionItem(
                "设置",
                "warn",
                f"请录入{year}年节假日安排",
                cite(
                    "CAL1",
                    f"{year}年的放假通知尚未录入，届时期限将暂按周末计算。国务院办公厅发布通知后，"
                    "请在「设置 → 工作日历」录入或导入。",
                ),
                date(year, 1, 1),
                "calendar",
                year,
                "CAL1",
            )
        )
    if cal.is_provisional(today):
        items.append(
            AttentionItem(
                "设置",
                "warn",
                f"{today.year}年工作日暂按周末计算",
                cite("CAL1", "本年放假安排未录入，所有按工作日计算的期限均为暂定。"),
                None,
                "calendar",
                today.year,
                "CAL1",
            )
        )
    return items


@provider
def directory_items(db: Database, today: date) -> list[AttentionItem]:
    """A gap that leaves a rule without an answer today: no mayor (R4). The standing gaps that
    stay true day after day (no AB partner, a unit without a vice mayor in charge) are not a
    day's work: the 人员与分管 pane shows them once (standing_gaps)."""
    with db.read() as s:
        if q.holder(s, "mayor", today) is not None:
            return []
    return [
        AttentionItem(
            "人员与分管",
            "warn",
            "今日无市长任职记录",
            cite("R4", "请在「人员与分管 → 任职」登记市长。"),
            ref_kind="post",
            rule_id="R4",
        )
    ]


def standing_gaps(db: Database, today: date) -> list[AttentionItem]:
    """Gaps in the directory that would leave a rule without an answer should they matter: a
    vice mayor without an AB partner (R6.2), a department or township without a vice mayor in
    charge (R6.1)."""
    items: list[AttentionItem] = []
    with db.read() as s:
        vice = q.holders(s, "exec_vice_mayor", today) + q.holders(s, "vice_mayor", today)
        for h in vice:
            if q.ab_partner(s, h.person_id, today) is None:
                items.append(
                    AttentionItem(
                        "人员与分管",
                        "info",
                        f"{h.name}（{h.title}）今日没有AB角",
                        cite("R6.2", "外出期间无人可代签，请在「人员与分管 → AB角」登记。"),
                        ref_kind="person",
                        ref_id=h.person_id,
                        rule_id="R6.2",
                    )
                )
        if vice:
            units = s.scalars(
                select(Unit).where(
                    Unit.voided_at.is_(None), Unit.kind.in_(("department", "township"))
                )
            )
            for u in units:
                if q.vice_mayor_in_charge(s, u.id, today) is None:
                    items.append(
                        AttentionItem(
                            "人员与分管",
                            "info",
                            f"{u.name}今日无分管副市长",
                            cite("R6.1", "请在「人员与分管 → 分管」登记，否则无法确定审批人。"),
                            ref_kind="unit",
                            ref_id=u.id,
                            rule_id="R6.1",
                        )
                    )
    return items
