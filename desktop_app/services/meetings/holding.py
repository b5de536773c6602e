"""The course of a planned meeting: the approvals of a 战线会议 (R28), marking a meeting held —
every line recorded and, for a 常务会议, the quorum (R23.1) — or cancelling it (R23.4.3).

`planned` is the meeting as these writes and services.meetings.attendance_record's find it: locked
for update and still 筹备中. Stands apart from the attendance itself, which it only reads
(services.meetings.attendance), because it changes the meeting's own state.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.engine import Database
from db.models import AgendaItem, Meeting
from desktop_app.rules.meetings import check_attendance_recorded, check_quorum
from desktop_app.rules.registry import violation
from desktop_app.services.meetings.attendance import (
    effective_attendance,
    quorum_facts,
    unrecorded_attendees,
)
from desktop_app.services.meetings.emergency import reroute_after_reports
from desktop_app.services.meetings.participants import signer_on
from desktop_app.services.meetings.planning import MeetingDTO, meeting_dto
from desktop_app.services.system.common import (
    CurrentUser,
    ValidationError,
    load_for_update,
    require,
    required_text,
)


def planned(s: Session, meeting_id: int, expected_version: int | None = None) -> Meeting:
    """The meeting locked for update, refused once it is held, cancelled or voided."""
    m = load_for_update(s, Meeting, meeting_id, expected_version)
    if m.voided_at is not None or m.status != "planned":
        raise ValidationError(f"{m.title}已召开、已取消或已作废，不能再修改。")
    return m


SECTOR_STEPS = {
    "exec_agreed": ("exec_vice_mayor", "常务副市长同意"),
    "mayor_approved": ("mayor", "市长审批"),
    "township_heads": ("mayor", "市长批准乡（镇）长参会"),
}


def record_sector_approval(
    db: Database,
    user: CurrentUser,
    meeting_id: int,
    step: str,
    on: date,
    by_person_id: int | None = None,
    expected_version: int | None = None,
) -> MeetingDTO:
    """R28: a 战线会议 in the government's name — the executive vice mayor agrees, then the mayor
    approves; township heads attend only with the mayor's approval."""
    require(user, "records")
    if step not in SECTOR_STEPS or on is None:
        raise ValidationError("请选择审批环节并填写日期。")
    post, what = SECTOR_STEPS[step]
    with db.uow(user.username) as s:
        m = planned(s, meeting_id, expected_version)
        if m.kind != "sector":
            raise ValidationError("只有战线会议需要登记此项审批。")
        signer_on(s, post, on, by_person_id, "R28", what)
        if step == "exec_agreed":
            m.sector_exec_agreed_on = on
        elif step == "mayor_approved":
            if m.sector_exec_agreed_on is None or m.sector_exec_agreed_on > on:
                raise violation("R28", "战线会议须先经常务副市长同意，再报市长审批。")
            m.sector_mayor_approved_on = on
        else:
            m.township_heads_required, m.township_heads_approved_on = True, on
        s.flush()
        return meeting_dto(s, m)


def mark_held(
    db: Database, user: CurrentUser, meeting_id: int, expected_version: int | None
) -> MeetingDTO:
    """已召开. The attendance of every line must be recorded (R23.1; R27 for other kinds) — the
    refusal names who is still 未登记; a 常务会议 needs 半数以上 (half or more) of the day's members
    present (R23.1); a 战线会议 needs the executive vice mayor's agreement and the mayor's
    approval (R28)."""
    require(user, "records")
    with db.uow(user.username) as s:
        m = planned(s, meeting_id, expected_version)
        if m.kind == "sector" and not (m.sector_exec_agreed_on and m.sector_mayor_approved_on):
            raise violation(
                "R28",
                "以市政府名义召开的战线会议须经常务副市长同意并报市长审批，请先登记审批情况。",
            )
        lines = effective_attendance(s, m.id)
        facts = quorum_facts(s, m, lines)
        check_attendance_recorded(
            m.kind,
            list(facts.unrecorded),
            unrecorded_attendees(lines),  # as the 出席 tab's quorum line names them
        )
        if m.kind == "executive":
            check_quorum(facts.members, facts.present)
        m.status = "held"
        s.flush()
        return meeting_dto(s, m)


def cancel_meeting(
    db: Database, user: CurrentUser, meeting_id: int, reason: str, expected_version: int | None
) -> MeetingDTO:
    """已取消, with the reason. Its 议题 go back to the register to be placed again; its
    事后报告 move to the next planned 常务会议 (R23.4.3)."""
    require(user, "records")
    reason = required_text(reason, "取消原因", 200)
    with db.uow(user.username) as s:
        m = planned(s, meeting_id, expected_version)
        m.status = "cancelled"
        m.note = "\n".join(x for x in (m.note, f"取消原因：{reason}") if x)
        for item in s.scalars(
            select(AgendaItem).where(
                AgendaItem.meeting_id == m.id,
                AgendaItem.kind == "normal",
                AgendaItem.voided_at.is_(None),
                AgendaItem.status.in_(("placed", "circulated")),
            )
        ):
            item.meeting_id, item.position, item.status = None, 0, "draft"
        reroute_after_reports(s, m)
        s.flush()
        return meeting_dto(s, m)
