"""临机处置 (R23.4.3): decisions taken without a meeting (会签, 口头汇报) in an emergency, and
their 事后报告 to the next 常务会议.

Each decision gets a 事后报告 agenda item at once. It goes on the next planned 常务会议 after the
decision's day; if none is planned yet, `meetings.plan_meeting` attaches it when one is. The
decision stays flagged until the meeting it is reported to is marked held.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.engine import Database
from db.models import AgendaItem, EmergencyDecision, Meeting
from desktop_app.services.meetings.after_reports import after_report_title, attach_after_report
from desktop_app.services.meetings.item_lock import check_item_open
from desktop_app.services.meetings.planning import day_start, next_planned
from desktop_app.services.meetings.schedule import meeting_day
from desktop_app.services.system.common import (
    CurrentUser,
    ValidationError,
    require,
    required_text,
    void_record,
)

METHODS = ("会签", "口头汇报")


@dataclass(frozen=True)
class EmergencyDTO:
    id: int
    version: int
    decided_on: date
    method: str
    subject: str
    decision: str
    item_id: int | None  # the 事后报告 agenda item
    meeting_id: int | None  # the 常务会议 it is reported to
    meeting_title: str
    meeting_day: date | None
    reported: bool  # that meeting has been held
    void_reason: str | None


def _dto(s: Session, e: EmergencyDecision) -> EmergencyDTO:
    item_id = s.scalar(
        select(AgendaItem.id).where(AgendaItem.emergency_id == e.id, AgendaItem.voided_at.is_(None))
    )
    m = s.get(Meeting, e.reported_meeting_id) if e.reported_meeting_id else None
    return EmergencyDTO(
        e.id,
        e.version,
        e.decided_on,
        e.method,
        e.subject,
        e.decision,
        item_id,
        m.id if m else None,
        m.title if m else "",
        meeting_day(m.starts_at) if m else None,
        m is not None and m.status == "held",
        e.void_reason,
    )


def record_emergency(
    db: Database, user: CurrentUser, decided_on: date, method: str, subject: str, decision: str
) -> EmergencyDTO:
    """Record a 临机处置 and put its 事后报告 on the next planned 常务会议 (if there is one)."""
    require(user, "records")
    if decided_on is None:
        raise ValidationError("请填写处置日期。")
    if method not in METHODS:
        raise ValidationError("请选择处置方式：会签或口头汇报。")
    subject = required_text(subject, "处置事项", 200)
    decision = required_text(decision, "处置决定", 4000)
    with db.uow(user.username) as s:
        e = EmergencyDecision(
            decided_on=decided_on, method=method, subject=subject, decision=decision
        )
        s.add(e)
        s.flush()
        # The item exists from the start, so the 工作台 can always open it.
        s.add(
            AgendaItem(
                title=after_report_title(subject),
                kind="after_report",
                category="report",
                status="draft",
                emergency_id=e.id,
            )
        )
        s.flush()
        # A later day only: a meeting on the decision's own day was not held in time for it.
        meeting = next_planned(s, "executive", day_start(decided_on + timedelta(days=1)))
        if meeting is not None:
            attach_after_report(s, meeting, e)
        return _dto(s, e)


def reroute_after_reports(s: Session, meeting: Meeting) -> None:
    """A 常务会议 is cancelled: its 事后报告 go to the next planned one, or wait for one."""
    items = list(
        s.scalars(
            select(AgendaItem).where(
                AgendaItem.meeting_id == meeting.id,
                AgendaItem.kind == "after_report",
                AgendaItem.voided_at.is_(None),
            )
        )
    )
    nxt = next_planned(s, "executive", meeting.starts_at, exclude_id=meeting.id)
    for item in items:
        e = s.get(EmergencyDecision, item.emergency_id)
        item.meeting_id, item.position, item.status = None, 0, "draft"
        if e is None:
            continue
        e.reported_meeting_id = None
        s.flush()
        if nxt is not None:
            attach_after_report(s, nxt, e)


def void_emergency(
    db: Database, user: CurrentUser, emergency_id: int, reason: str, expected_version: int | None
) -> None:
    """作废 a wrongly entered 临机处置, with its 事后报告 item — not once that report is part of a
    meeting's issued minutes (R29.2)."""
    require(user, "records")
    with db.uow(user.username) as s:
        void_record(s, EmergencyDecision, emergency_id, reason, expected_version, user)
        for item in s.scalars(
            select(AgendaItem).where(
                AgendaItem.emergency_id == emergency_id, AgendaItem.voided_at.is_(None)
            )
        ):
            check_item_open(s, item, "随临机处置记录作废")
            void_record(s, AgendaItem, item.id, reason, None, user)


def get_emergency(db: Database, emergency_id: int) -> EmergencyDTO:
    with db.read() as s:
        e = s.get(EmergencyDecision, emergency_id)
        if e is None:
            raise ValidationError("临机处置记录不存在。")
        return _dto(s, e)


def list_emergencies(
    db: Database, include_voided: bool = False, pending_only: bool = False
) -> list[EmergencyDTO]:
    """The register, newest first; `pending_only`: not yet reported to a held 常务会议."""
    with db.read() as s:
        stmt = select(EmergencyDecision).order_by(
            EmergencyDecision.decided_on.desc(), EmergencyDecision.id.desc()
        )
        if not include_voided or pending_only:
            stmt = stmt.where(EmergencyDecision.voided_at.is_(None))
        rows = [_dto(s, e) for e in s.scalars(stmt)]
    return [r for r in rows if not (pending_only and r.reported)]
