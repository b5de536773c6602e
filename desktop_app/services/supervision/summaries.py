"""督办 summaries, counts only: the per-unit lines of the 督查通报 (R73), the 按单位汇总 tab
(R71, R29.3) and the yearly summary of 人大代表建议 and 政协委员提案 (R72). No item's text is
read, so R44 needs no masking here."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import case, func, select

from db.engine import Database
from db.models import Unit
from db.models.supervision import SupervisionItem, SupervisionReport, SupervisionStep
from desktop_app.rules.supervision import timeliness
from desktop_app.services.supervision.dto import UnitLine, UnitSummary


def unit_lines(db: Database, start: date, end: date) -> list[UnitLine]:
    """R73: per unit, the items due within [start, end] — done on time, done late, open past the
    deadline, and those without any written report by `end` (R29.3: flagged in the 通报)."""
    # A correlated EXISTS on the report's item index: one probe per item of the period, never
    # an aggregate of every report (a GROUP BY joined back was 45 s on PostgreSQL at 150,000).
    reported = (
        select(SupervisionReport.id)
        .where(
            SupervisionReport.item_id == SupervisionItem.id,
            SupervisionReport.direction == "unit",
            SupervisionReport.voided_at.is_(None),
            SupervisionReport.received_on <= end,
        )
        .exists()
    )
    stmt = (
        select(
            Unit.name,
            SupervisionItem.deadline,
            SupervisionItem.status,
            SupervisionItem.closed_on,
            reported,
        )
        .join(Unit, Unit.id == SupervisionItem.unit_id)
        .where(
            SupervisionItem.voided_at.is_(None),
            SupervisionItem.deadline >= start,
            SupervisionItem.deadline <= end,
        )
    )
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * 6)
    with db.read() as s:
        for unit, deadline, status, closed_on, has_report in s.execute(stmt):
            c = counts[unit]
            c[0] += 1
            closed = closed_on if status != "open" and closed_on and closed_on <= end else None
            kind = timeliness(deadline, closed, end)
            c[{"on_time": 1, "late": 2, "overdue": 3, "open": 5}[kind]] += 1
            if not has_report:
                c[4] += 1
    return [UnitLine(u, *c) for u, c in sorted(counts.items())]


def unit_summary(db: Database, today: date, *, user: Any = None) -> list[UnitSummary]:
    """Per 承办单位, its items (voided ones aside) as of `today`: done on time, done late, not
    done, open and open past the deadline — one aggregate over the item table (no report is
    read), units in the directory's order. Counts only, no item's text, so R44 needs no masking."""
    item = SupervisionItem
    is_open = item.status == "open"
    done = item.status == "done"

    def count(cond):
        return func.sum(case((cond, 1), else_=0))

    stmt = (
        select(
            Unit.id,
            Unit.name,
            func.count(item.id),
            count(done & (item.closed_on <= item.deadline)),
            count(done & (item.closed_on > item.deadline)),
            count(item.status == "not_done"),
            count(is_open & ((item.deadline >= today) | item.deadline.is_(None))),
            count(is_open & (item.deadline < today)),
        )
        .join(Unit, Unit.id == item.unit_id)
        .where(item.voided_at.is_(None))
        .group_by(Unit.id, Unit.name, Unit.sort_order)
        .order_by(Unit.sort_order, Unit.name)
    )
    with db.read() as s:
        return [
            UnitSummary(uid, name, *(int(n or 0) for n in counts))
            for uid, name, *counts in s.execute(stmt)
        ]


def proposal_summary(db: Database, year: int) -> dict[str, dict[str, int]]:
    """R72: per kind (npc 人大代表建议, cppcc 政协委员提案) received in `year`: received,
    assigned (approved by the vice mayor in charge), replied on time, replied late, not replied."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    out: dict[str, dict[str, int]] = {}
    with db.read() as s:
        approved = set(
            s.scalars(
                select(SupervisionStep.item_id).where(
                    SupervisionStep.step == "proposal_approve", SupervisionStep.voided_at.is_(None)
                )
            )
        )
        rows = s.execute(
            select(
                SupervisionItem.id,
                SupervisionItem.source_kind,
                SupervisionItem.deadline,
                SupervisionItem.status,
                SupervisionItem.closed_on,
            ).where(
                SupervisionItem.source_kind.in_(("npc", "cppcc")),
                SupervisionItem.voided_at.is_(None),
                SupervisionItem.assigned_on >= start,
                SupervisionItem.assigned_on <= end,
            )
        )
        for item_id, kind, deadline, status, closed_on in rows:
            c = out.setdefault(
                kind, {"received": 0, "assigned": 0, "on_time": 0, "late": 0, "not_replied": 0}
            )
            c["received"] += 1
            c["assigned"] += item_id in approved
            if status == "open" or closed_on is None:
                c["not_replied"] += 1
            else:
                c[timeliness(deadline, closed_on, closed_on)] += 1
    return out


def proposal_units(db: Database, year: int, today: date) -> tuple[list[str], list[str]]:
    """R72: the handling units of `year`'s suggestions and proposals that replied after the
    deadline, and those with one not replied yet on `today` (each unit once, by name)."""
    stmt = (
        select(
            Unit.name, SupervisionItem.deadline, SupervisionItem.status, SupervisionItem.closed_on
        )
        .join(Unit, Unit.id == SupervisionItem.unit_id)
        .where(
            SupervisionItem.source_kind.in_(("npc", "cppcc")),
            SupervisionItem.voided_at.is_(None),
            SupervisionItem.assigned_on >= date(year, 1, 1),
            SupervisionItem.assigned_on <= date(year, 12, 31),
        )
    )
    late: set[str] = set()
    unreplied: set[str] = set()
    with db.read() as s:
        for unit, deadline, status, closed_on in s.execute(stmt):
            if status == "open" or closed_on is None:
                unreplied.add(unit)
            elif timeliness(deadline, closed_on, today) == "late":
                late.add(unit)
    return sorted(late), sorted(unreplied)
