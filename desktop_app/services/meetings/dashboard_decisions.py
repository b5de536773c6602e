"""Dashboard providers of the meetings area: decisions due soon (R23.6.1) and overdue (R29.3), and
the decisions of 全体会议/常务会议 not yet published (R54)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from db.engine import Database
from db.models import Meeting, MinutesRecord
from desktop_app.formatting import format_date
from desktop_app.rules import publication
from desktop_app.rules.meetings import KINDS
from desktop_app.rules.registry import cite
from desktop_app.services.meetings import decisions
from desktop_app.services.system import org_profile
from desktop_app.services.system.calendar_admin import work_calendar
from desktop_app.services.system.dashboard import AttentionItem, provider


def _short(text: str, n: int = 24) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _item(d: decisions.DecisionDTO, overdue: bool) -> AttentionItem:
    who = f"{d.unit_name}（分管：{d.vice_mayor_name}）" if d.vice_mayor_name else d.unit_name
    if overdue:
        return AttentionItem(
            "会议",
            "overdue",
            f"会议决定逾期未反馈：{_short(d.content)}",
            cite(
                "R29.3",
                f"{d.meeting_title}决定「{d.content}」，完成时限"
                f"{format_date(d.deadline)}，{who}尚未书面反馈落实情况。",
            ),
            d.deadline,
            "decision",
            d.id,
            "R29.3",
        )
    return AttentionItem(
        "会议",
        "due",
        f"会议决定即将到期：{_short(d.content)}",
        cite(
            "R23.6.1",
            f"{d.meeting_title}决定「{d.content}」，须于{format_date(d.deadline)}前完成，"
            f"责任单位{who}。",
        ),
        d.deadline,
        "decision",
        d.id,
        "R23.6.1",
    )


@provider
def decision_items(db: Database, today: date) -> list[AttentionItem]:
    """Open decisions whose deadline has passed, or falls within the configured number of
    working days (CAL2: working days from the working-day calendar)."""
    days = int(org_profile.get_profile(db)["due_soon_working_days"])
    horizon = work_calendar(db).add_working_days(today, days)
    items = []
    # A decision the 督办 register follows up is reminded of there, not twice.
    for d in decisions.open_decisions(db, untracked_only=True):
        if d.deadline is None:
            continue
        if d.deadline < today:
            items.append(_item(d, overdue=True))
        elif d.deadline <= horizon:
            items.append(_item(d, overdue=False))
    return items


@provider
def publication_items(db: Database, today: date) -> list[AttentionItem]:
    """R54: each held, non-confidential 全体会议/常务会议 whose decisions are not yet published —
    its minutes not issued yet, or issued and not marked published — until they are; with the
    days since the meeting. Confidential meetings or minutes are never published (R23.6.3)."""
    from desktop_app.services.meetings.schedule import meeting_day

    with db.read() as s:
        meetings = [
            (m.id, m.title, m.kind, meeting_day(m.starts_at))
            for m in s.scalars(
                select(Meeting)
                .where(
                    Meeting.kind.in_(publication.PUBLISHED_MEETING_KINDS),
                    Meeting.status == "held",
                    Meeting.confidential.is_(False),
                    Meeting.voided_at.is_(None),
                )
                .order_by(Meeting.starts_at)
            )
        ]
        minutes: dict[int, list[MinutesRecord]] = {}
        if meetings:
            for rec in s.scalars(
                select(MinutesRecord).where(
                    MinutesRecord.meeting_id.in_([m[0] for m in meetings]),
                    MinutesRecord.corrects_id.is_(None),
                )
            ):
                minutes.setdefault(rec.meeting_id, []).append(rec)
        facts = {
            mid: (
                [r.issued_on for r in recs if r.state == "issued"],
                any(r.confidential for r in recs),
                any(r.published for r in recs),
            )
            for mid, recs in minutes.items()
        }
    items = []
    for meeting_id, title, kind, day in meetings:
        issued, confidential, published = facts.get(meeting_id, ([], False, False))
        if not publication.meeting_decisions_unpublished(kind, True, confidential, published):
            continue
        days = (today - day).days
        dated = [d for d in issued if d is not None]
        if issued:
            when = f"于{format_date(min(dated))}" if dated else ""
            state, severity = f"纪要已{when}印发，尚未标记公布", "warn"
        else:
            state, severity = "纪要尚未印发", "info"
        items.append(
            AttentionItem(
                "会议",
                severity,
                f"{title}决定事项待公布（会后{days}天）",
                cite(
                    "R54",
                    f"{KINDS[kind]}{format_date(day)}召开，{state}；讨论决定的事项除涉密以外应及时公布。",
                ),
                None,
                "meeting",
                meeting_id,
                "R54",
            )
        )
    return items
