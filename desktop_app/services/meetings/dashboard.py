"""工作台 providers of the meetings area: cadence (R21, R22, R23.2, R25), 事后报告 still owed
(R23.4.3), materials of the coming meetings (R23.4.7, with R23.4.5), meetings left open, and
today's and tomorrow's meetings.
The 工作台 has no signed-in account: the items of a confidential meeting are named
「（涉密会议，内容不显示）」 (R44, agenda.list_items without an account)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from db.engine import Database
from db.models import Meeting
from desktop_app.formatting import CHINA, format_date
from desktop_app.rules.meetings import KINDS, cadence_gaps
from desktop_app.rules.registry import cite
from desktop_app.services.meetings import agenda, emergency
from desktop_app.services.meetings.planning import day_start
from desktop_app.services.meetings.schedule import meeting_day
from desktop_app.services.system import org_profile
from desktop_app.services.system.dashboard import AttentionItem, provider

AREA = "会议"
CADENCE_RULES = {"plenary": "R21", "integrity": "R22", "executive": "R23.2", "mayor_regular": "R25"}
LOOK_AHEAD_DAYS = 7  # beyond the materials deadline: a week's notice of what is still missing


@provider
def cadence_items(db: Database, today: date) -> list[AttentionItem]:
    """Kinds held less often than the rules ask. Only once the register is in use: a fresh
    database would otherwise greet the clerk with warnings about meetings it never recorded."""
    with db.read() as s:
        held = [
            (kind, meeting_day(starts_at))
            for kind, starts_at in s.execute(
                select(Meeting.kind, Meeting.starts_at).where(
                    Meeting.status == "held", Meeting.voided_at.is_(None)
                )
            )
        ]
    if not held:
        return []
    items = []
    for kind, rule_id in CADENCE_RULES.items():
        days = [d for k, d in held if k == kind]
        for text in cadence_gaps(kind, days, today):
            items.append(
                AttentionItem(
                    AREA, "warn", text, cite(rule_id, text), ref_kind="meeting", rule_id=rule_id
                )
            )
    return items


@provider
def emergency_items(db: Database, today: date) -> list[AttentionItem]:
    """R23.4.3: every 临机处置 until the 常务会议 it is reported to has been held."""
    items = []
    for e in emergency.list_emergencies(db, pending_only=True):
        title = f"临机处置「{e.subject}」待向常务会议报告"
        what = f"{format_date(e.decided_on)}以{e.method}方式临机处置，事后须向常务会议报告。"
        if e.meeting_day is None:
            items.append(
                AttentionItem(
                    AREA,
                    "warn",
                    title,
                    cite("R23.4.3", what + "尚无已筹备的常务会议，筹备时将自动列入事后报告。"),
                    ref_kind="agenda_item",
                    ref_id=e.item_id,
                    rule_id="R23.4.3",
                )
            )
            continue
        severity = "overdue" if e.meeting_day < today else "due"
        items.append(
            AttentionItem(
                AREA,
                severity,
                title,
                cite(
                    "R23.4.3", what + f"已列入{e.meeting_title}（{format_date(e.meeting_day)}）。"
                ),
                e.meeting_day,
                "agenda_item",
                e.item_id,
                "R23.4.3",
            )
        )
    return items


@provider
def materials_items(db: Database, today: date) -> list[AttentionItem]:
    """R23.4.7 (and R23.4.5) warnings of the items on the meetings of the coming days."""
    days_before = int(org_profile.get_profile(db)["materials_days_before_meeting"])
    horizon = today + timedelta(days=days_before + LOOK_AHEAD_DAYS)
    with db.read() as s:
        meetings = [
            (m.id, meeting_day(m.starts_at))
            for m in s.scalars(
                select(Meeting).where(
                    Meeting.status == "planned",
                    Meeting.voided_at.is_(None),
                    Meeting.starts_at >= day_start(today),
                    Meeting.starts_at < day_start(horizon + timedelta(days=1)),
                )
            )
        ]
    items = []
    for meeting_id, day in meetings:
        deadline = agenda.materials_deadline(day, days_before)
        for item in agenda.list_items(db, meeting_id=meeting_id):
            for rule_id, text in item.warnings:
                missing = rule_id == "R23.4.7" and item.materials_received_on is None
                severity = ("overdue" if deadline < today else "due") if missing else "warn"
                items.append(
                    AttentionItem(
                        AREA,
                        severity,
                        f"{item.title}（{item.meeting_title}）",
                        text,
                        deadline if missing else day,
                        "agenda_item",
                        item.id,
                        rule_id,
                    )
                )
    return items


@provider
def open_meetings(db: Database, today: date) -> list[AttentionItem]:
    """Planned meetings whose day has passed: record them as held, or cancel them."""
    with db.read() as s:
        rows = [
            (m.id, m.title, m.kind, meeting_day(m.starts_at))
            for m in s.scalars(
                select(Meeting)
                .where(
                    Meeting.status == "planned",
                    Meeting.voided_at.is_(None),
                    Meeting.starts_at < day_start(today),
                )
                .order_by(Meeting.starts_at)
            )
        ]
    return [
        AttentionItem(
            AREA,
            "overdue",
            f"{title}尚未登记召开或取消",
            f"{KINDS[kind]}原定{format_date(day)}召开，请登记「已召开」（含出席情况）或「取消」。",
            day,
            "meeting",
            meeting_id,
        )
        for meeting_id, title, kind, day in rows
    ]


@provider
def coming_meetings(db: Database, today: date) -> list[AttentionItem]:
    """The meetings of today and tomorrow, by time: what the room, the notice and the materials
    must be ready for."""
    with db.read() as s:
        rows = [
            (m.id, m.title, m.kind, m.starts_at, m.room)
            for m in s.scalars(
                select(Meeting)
                .where(
                    Meeting.status == "planned",
                    Meeting.voided_at.is_(None),
                    Meeting.starts_at >= day_start(today),
                    Meeting.starts_at < day_start(today + timedelta(days=2)),
                )
                .order_by(Meeting.starts_at)
            )
        ]
    items = []
    for meeting_id, title, kind, starts_at, room in rows:
        at = starts_at.astimezone(CHINA)
        when = "今日" if at.date() == today else "明日"
        items.append(
            AttentionItem(
                AREA,
                "meeting",
                f"{when} {at:%H:%M} {title}",
                f"{KINDS[kind]}，地点：{room}。" if room else f"{KINDS[kind]}。",
                at.date(),
                "meeting",
                meeting_id,
            )
        )
    return items
