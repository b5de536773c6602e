"""出席 as recorded: the clerk's lines of a planned meeting — 出席/请假/缺席 with who approved the
leave or the substitute (R27), 「其余登记为出席」, and 列席 units and people (R23.1b, R27, R28).

Each write checks the line against the day's directory and the approved absences that day, then
returns the line as services.meetings.attendance reads it (`dto`), so the tab shows what every
other consumer sees. Stands apart from that reading, which the planning register and the minutes
use without any of these checks.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.engine import Database
from db.models import Attendance, Meeting, Person, Unit
from desktop_app.rules.meetings import check_substitute
from desktop_app.rules.registry import violation
from desktop_app.services.directory import queries as q
from desktop_app.services.meetings.attendance import (
    RECORDED,
    STATUS_NAMES,
    AttendanceDTO,
    away_by_day,
    dto,
)
from desktop_app.services.meetings.holding import planned
from desktop_app.services.meetings.participants import members_on, signer_on
from desktop_app.services.meetings.schedule import meeting_day
from desktop_app.services.system.common import (
    CurrentUser,
    ValidationError,
    load_for_update,
    require,
)


def _leave_approver(s: Session, a: Attendance, approver: int | None, day: date) -> int:
    """R27: leave is asked of (or notified to) the executive vice mayor; the executive vice mayor
    himself asks the mayor."""
    own = a.person_id is not None and any(
        h.post_code == "exec_vice_mayor" for h in q.posts_of(s, a.person_id, day)
    )
    if approver is None:
        raise violation("R27", "不能出席会议的，应向常务副市长告知或请假：请选择批准（知悉）人。")
    return signer_on(s, "mayor" if own else "exec_vice_mayor", day, approver, "R27", "请假批准人")


def set_attendance(
    db: Database,
    user: CurrentUser,
    attendance_id: int,
    status: str,
    expected_version: int | None,
    leave_approved_by: int | None = None,
    substitute: str = "",
    substitute_approved_by: int | None = None,
    note: str = "",
) -> AttendanceDTO:
    """出席 / 请假 / 缺席 of one line. R27: leave is recorded with who approved it; a department's
    head may send a substitute only with the executive vice mayor's approval that day."""
    require(user, "records")
    if status not in RECORDED:
        raise ValidationError("请选择出席情况：出席、请假或缺席。")
    substitute = (substitute or "").strip()
    with db.uow(user.username) as s:
        a = load_for_update(s, Attendance, attendance_id, expected_version)
        day = meeting_day(planned(s, a.meeting_id).starts_at)
        why = away_by_day(s, [day])[day].get(a.person_id) if a.person_id is not None else None
        if status != "leave" and why is not None:
            raise ValidationError(
                f"{q.person_name(s, a.person_id)}当日{why}，出席情况为请假，"
                f"不能登记{STATUS_NAMES[status]}；如已提前返回，请先在外出报备中登记返回。"
            )
        a.leave_approved_by = (
            _leave_approver(s, a, leave_approved_by, day) if status == "leave" else None
        )
        a.substitute_approved_by = None
        if substitute:
            if a.unit_id is None:  # R27 speaks of departments; leaders ask leave instead
                raise violation(
                    "R27",
                    "只有部门主要负责人经常务副市长同意可由他人代替参加会议；"
                    "市政府领导不能由他人代替出席，不能出席的请登记请假（向常务副市长告知或请假）。",
                )
            evm = q.holder(s, "exec_vice_mayor", day)
            check_substitute(
                substitute_approved_by is not None
                and evm is not None
                and evm.person_id == substitute_approved_by
            )
            a.substitute_approved_by = substitute_approved_by
        a.status, a.substitute, a.note = status, substitute[:64], (note or "").strip()[:256]
        s.flush()
        return dto(s, a, away_by_day(s, [day])[day])


def record_rest_present(
    db: Database, user: CurrentUser, meeting_id: int, expected_version: int | None = None
) -> int:
    """「其余登记为出席」: every line still 未登记 is recorded 出席 — except people on an approved
    absence that day, who stay 请假 (R27). Returns how many lines were recorded."""
    require(user, "records")
    with db.uow(user.username) as s:
        m = planned(s, meeting_id, expected_version)
        day = meeting_day(m.starts_at)
        away = away_by_day(s, [day])[day]
        done = 0
        for a in s.scalars(
            select(Attendance).where(
                Attendance.meeting_id == m.id, Attendance.status == "unrecorded"
            )
        ):
            if a.person_id not in away:
                a.status = "present"
                done += 1
        s.flush()
        return done


def add_attendee(
    db: Database,
    user: CurrentUser,
    meeting_id: int,
    *,
    person_id: int | None = None,
    unit_id: int | None = None,
    note: str = "",
) -> AttendanceDTO:
    """列席: a unit (its principal head that day is filled in) or a person. R27: a department is
    represented by its principal head; R28: township heads at a 战线会议 need the mayor's approval."""
    require(user, "records")
    if person_id is None and unit_id is None:
        raise ValidationError("请选择列席单位或人员。")
    with db.uow(user.username) as s:
        m = planned(s, meeting_id)
        day = meeting_day(m.starts_at)
        if (
            unit_id is None
            and person_id is not None
            and m.kind == "executive"
            and any(h.person_id == person_id for h in members_on(s, m.kind, day))
        ):
            # R23.1: a member of the day's directory missing from the list joins it as a member
            _check_person(s, m, person_id, day)
            a = Attendance(
                meeting_id=m.id,
                person_id=person_id,
                role="member",
                status="unrecorded",
                note=(note or "").strip()[:256],
            )
            s.add(a)
            s.flush()
            return dto(s, a, away_by_day(s, [day])[day])
        if unit_id is not None and s.get(Unit, unit_id) is None:
            raise ValidationError("请选择列席单位。")
        head = q.holder(s, "unit_head", day, unit_id) if unit_id is not None else None
        if person_id is None and head is not None:
            person_id = head.person_id
        elif (
            person_id is not None
            and unit_id is not None
            and (head is None or head.person_id != person_id)
        ):
            raise violation(
                "R27",
                "部门列席人员须为主要负责人：请列入主要负责人，由他人代替的，"
                "在出席情况中登记代替人员和常务副市长的同意。",
            )
        if person_id is not None:
            _check_person(s, m, person_id, day)
        elif s.scalar(
            select(Attendance.id).where(
                Attendance.meeting_id == m.id, Attendance.unit_id == unit_id
            )
        ):
            raise ValidationError("该单位已在本次会议名单中。")
        a = Attendance(
            meeting_id=m.id,
            person_id=person_id,
            unit_id=unit_id,
            role="attendee",
            status="unrecorded",
            substitute="",
            note=(note or "").strip()[:256] or ("" if person_id else "主要负责人未登记"),
        )
        s.add(a)
        s.flush()
        return dto(s, a, away_by_day(s, [day])[day])


def _check_person(s: Session, m: Meeting, person_id: int, day: date) -> None:
    if s.get(Person, person_id) is None:
        raise ValidationError("请选择列席人员。")
    if s.scalar(
        select(Attendance.id).where(
            Attendance.meeting_id == m.id, Attendance.person_id == person_id
        )
    ):
        raise ValidationError(f"{q.person_name(s, person_id)}已在本次会议名单中。")
    township_head = any(h.post_code == "township_head" for h in q.posts_of(s, person_id, day))
    if m.kind == "sector" and township_head and m.township_heads_approved_on is None:
        raise violation(
            "R28", "要求乡（镇）长参加以市政府名义召开的战线会议须经市长批准，请先登记市长批准。"
        )
