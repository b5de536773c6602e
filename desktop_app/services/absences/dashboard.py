"""Dashboard providers for absences: 销假 overdue (R62.8), written reports not received (R62.9),
trip reports (出访报告) not received after an official trip abroad (R66), requests still awaiting
approval (R62.2/R62.3, late ones R62.1; due when they start soon), and who is away
today (在外人员, info)."""

from __future__ import annotations

from datetime import date, timedelta

from db.engine import Database
from desktop_app.formatting import format_date
from desktop_app.rules.registry import cite
from desktop_app.services.absences.away import who_is_away
from desktop_app.services.absences.queries import list_absences
from desktop_app.services.system.dashboard import AttentionItem, provider

AREA = "外出报备"
SOON_DAYS = 3  # calendar days ahead (R62.1's notice period)


@provider
def return_items(db: Database, today: date) -> list[AttentionItem]:
    """R62.8: back in the city, 销假 not recorded within 1 working day. R62.9: written report
    not yet received."""
    items = []
    for d in list_absences(db, status="returned", today=today):
        if d.overdue_return(today):
            due = format_date(d.return_due) + ("（暂定）" if d.return_due_provisional else "")
            text = f"{format_date(d.returned_on)}返回，应于{due}前销假，尚未登记销假。"
            items.append(
                AttentionItem(
                    AREA,
                    "overdue",
                    f"{d.person_name}逾期未销假",
                    cite("R62.8", text),
                    d.return_due,
                    "absence",
                    d.id,
                    "R62.8",
                )
            )
    for d in list_absences(db, status="report_missing", today=today):
        text = f"{d.category}（{d.destination}）已结束，书面报告尚未收到。"
        items.append(
            AttentionItem(
                AREA,
                "warn",
                f"{d.person_name}外出书面报告未交",
                cite("R62.9", text),
                d.returned_on,
                "absence",
                d.id,
                "R62.9",
            )
        )
    for d in list_absences(db, status="trip_report_missing", today=today):
        text = (
            f"因公出访（{d.destination}）已于{format_date(d.returned_on)}返回，出访报告尚未收到。"
        )
        items.append(
            AttentionItem(
                AREA,
                "warn",
                f"{d.person_name}出访报告未交",
                cite("R66", text),
                d.returned_on,
                "absence",
                d.id,
                "R66",
            )
        )
    return items


@provider
def pending_items(db: Database, today: date) -> list[AttentionItem]:
    """Requests (and changes of itinerary) still awaiting a step: due (or overdue) when the
    departure is near or past, else listed as waiting for approval."""
    items = []
    horizon = today + timedelta(days=SOON_DAYS)
    for d in list_absences(db, start=today, status="pending", today=today, include_amendments=True):
        # The article of the first step still to record (R62.2, R62.3, R62.10, R66).
        rule_id = next(
            (st.rule_id for st in d.steps if not st.done),
            "R62.2" if d.procedure == "vice_mayor" else "R62.3",
        )
        what = "行程变更" if d.is_amendment else "外出请示"
        text = f"{format_date(d.start_date)}{d.start_half}出发，尚缺：{'、'.join(d.missing)}。" + (
            "（不足3天报备，紧急事项）" if d.late else ""
        )
        if d.start_date > horizon:
            severity = "pending"  # departure still far: waiting for approval, no hurry yet
        else:
            severity = "overdue" if d.start_date <= today else "due"
        items.append(
            AttentionItem(
                AREA,
                severity,
                f"{d.person_name}{what}待审批",
                cite(rule_id, text),
                d.start_date,
                "absence",
                d.id,
                rule_id,
            )
        )
    return items


@provider
def away_today_items(db: Database, today: date) -> list[AttentionItem]:
    """在外人员 today: who, where, until when, who acts."""
    items = []
    for a in who_is_away(db, today, today):
        cover = f"；AB角：{a.ab_partner_name}" if a.ab_partner_name else ""
        if a.entrusted_name:
            cover += f"；受委托主持工作：{a.entrusted_name}"
        text = (
            f"{a.category}，{a.destination}，至{format_date(a.end)}{a.end_half}；"
            f"主持工作：{a.acting}{cover}"
        )
        items.append(
            AttentionItem(
                AREA, "info", f"{a.name}在外", text, a.end, "absence", a.absence_id, "R62.6"
            )
        )
    return items
