"""R23.4.3: the 事后报告 (after-report) of an emergency decision goes on the next 常务会议 — its
agenda item, and the pending decisions a newly planned 常务会议 takes."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import AgendaItem, EmergencyDecision, Meeting
from desktop_app.services.meetings.schedule import meeting_day, next_position


def after_report_title(subject: str) -> str:
    return f"关于{subject}临机处置情况的事后报告"


def attach_after_report(s: Session, meeting: Meeting, e: EmergencyDecision) -> AgendaItem:
    """Put the 事后报告 of `e` on `meeting` (reusing its item if it has one) and note where it is
    reported, so the decision stays flagged until that meeting is held."""
    item = s.scalar(
        select(AgendaItem).where(AgendaItem.emergency_id == e.id, AgendaItem.voided_at.is_(None))
    )
    if item is None:
        item = AgendaItem(
            title=after_report_title(e.subject),
            kind="after_report",
            category="report",
            emergency_id=e.id,
        )
        s.add(item)
    item.position = next_position(s, meeting.id)
    item.meeting_id, item.status = meeting.id, "placed"
    e.reported_meeting_id = meeting.id
    s.flush()
    return item


def attach_pending_emergencies(s: Session, meeting: Meeting) -> int:
    """A newly planned 常务会议 takes every emergency decision still waiting for one (decided
    before its day). Returns how many were attached."""
    day = meeting_day(meeting.starts_at)
    pending = list(
        s.scalars(
            select(EmergencyDecision)
            .where(
                EmergencyDecision.voided_at.is_(None),
                EmergencyDecision.reported_meeting_id.is_(None),
                EmergencyDecision.decided_on < day,
            )
            .order_by(EmergencyDecision.decided_on, EmergencyDecision.id)
        )
    )
    for e in pending:
        attach_after_report(s, meeting, e)
    return len(pending)
