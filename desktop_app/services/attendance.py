"""出席 and the course of a meeting: attendance and leave (R27), 列席 (R23.1b, R28), the quorum of a
常务会议 (R23.1), the approvals of a 战线会议 (R28), marking a meeting held or cancelling it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.engine import Database
from db.models import AgendaItem, Attendance, Meeting, Person, Unit
from desktop_app.rules.meetings import check_quorum, check_substitute
from desktop_app.rules.registry import violation
from desktop_app.services import directory_queries as q
from desktop_app.services.away import AwayInfo, away_on
from desktop_app.services.common import (
    CurrentUser,
    ValidationError,
    load_for_update,
    require,
    required_text,
)
from desktop_app.services.emergency import reroute_after_reports
from desktop_app.services.meetings import MeetingDTO, meeting_day, meeting_dto, signer_on

ROLE_NAMES = {"member": "成员", "attendee": "列席"}
STATUS_NAMES = {"present": "出席", "leave": "请假", "absent": "缺席"}


@dataclass(frozen=True)
class AttendanceDTO:
    id: int
    version: int
    meeting_id: int
    person_id: int | None
    person_name: str
    unit_id: int | None
    unit_name: str
    role: str  # member | attendee (列席)
    status: str  # present | leave | absent
    leave_approved_by: int | None
    leave_approved_by_name: str
    substitute: str
    substitute_approved_by: int | None
    substitute_approved_by_name: str
    note: str

    @property
    def role_name(self) -> str:
        return ROLE_NAMES.get(self.role, self.role)

    @property
    def status_name(self) -> str:
        return STATUS_NAMES.get(self.status, self.status)


def _dto(s: Session, a: Attendance, away: dict[int, AwayInfo] | None = None) -> AttendanceDTO:
    unit = s.get(Unit, a.unit_id) if a.unit_id else None
    status, note = a.status, a.note
    info = (away or {}).get(a.person_id) if a.person_id is not None else None
    if info is not None and status == "present":
        # R27: an approved absence covering the meeting day is leave (外出请示报备 is the source).
        status, note = "leave", note or f"经批准外出（{info.category}，{info.destination}）"
    return AttendanceDTO(a.id, a.version, a.meeting_id, a.person_id, q.person_name(s, a.person_id),
                         a.unit_id, unit.name if unit else "", a.role, status,
                         a.leave_approved_by, q.person_name(s, a.leave_approved_by), a.substitute,
                         a.substitute_approved_by, q.person_name(s, a.substitute_approved_by),
                         note)


def _away(s: Session, meeting_id: int) -> dict[int, AwayInfo]:
    """R27: who is away (approved absence) on the meeting's day."""
    m = s.get(Meeting, meeting_id)
    return away_on(s, meeting_day(m.starts_at)) if m is not None else {}


def _present(s: Session, meeting_id: int, rows: list[tuple[int | None, str]]) -> int:
    """Members present, not counting those away that day (R27, R23.1)."""
    away = _away(s, meeting_id)
    return sum(1 for pid, st in rows if st == "present" and pid not in away)


def _planned(s: Session, meeting_id: int, expected_version: int | None = None) -> Meeting:
    m = load_for_update(s, Meeting, meeting_id, expected_version)
    if m.voided_at is not None or m.status != "planned":
        raise ValidationError(f"{m.title}已召开、已取消或已作废，不能再修改。")
    return m


def list_attendance(db: Database, meeting_id: int) -> list[AttendanceDTO]:
    """Members first, then 列席, each in the order they were added."""
    with db.read() as s:
        rows = s.scalars(select(Attendance).where(Attendance.meeting_id == meeting_id)
                         .order_by(Attendance.id))
        away = _away(s, meeting_id)
        return sorted((_dto(s, a, away) for a in rows), key=lambda a: a.role != "member")


def _leave_approver(s: Session, a: Attendance, approver: int | None, day: date) -> int:
    """R27: leave is asked of (or notified to) the executive vice mayor; the executive vice mayor
    himself asks the mayor."""
    own = a.person_id is not None and any(
        h.post_code == "exec_vice_mayor" for h in q.posts_of(s, a.person_id, day))
    if approver is None:
        raise violation("R27", "不能出席会议的，应向常务副市长告知或请假：请选择批准（知悉）人。")
    return signer_on(s, "mayor" if own else "exec_vice_mayor", day, approver, "R27", "请假批准人")


def set_attendance(db: Database, user: CurrentUser, attendance_id: int, status: str,
                   expected_version: int | None, leave_approved_by: int | None = None,
                   substitute: str = "", substitute_approved_by: int | None = None,
                   note: str = "") -> AttendanceDTO:
    """出席 / 请假 / 缺席 of one line. R27: leave is recorded with who approved it; a department's
    head may send a substitute only with the executive vice mayor's approval that day."""
    require(user, "records")
    if status not in STATUS_NAMES:
        raise ValidationError("请选择出席情况：出席、请假或缺席。")
    substitute = (substitute or "").strip()
    with db.uow(user.username) as s:
        a = load_for_update(s, Attendance, attendance_id, expected_version)
        day = meeting_day(_planned(s, a.meeting_id).starts_at)
        info = away_on(s, day).get(a.person_id) if a.person_id is not None else None
        if status == "present" and info is not None:
            raise ValidationError(f"{info.name}当日经批准外出（{info.category}，{info.destination}），"
                                  "不能登记出席；如已提前返回，请先在外出报备中登记返回。")
        a.leave_approved_by = (_leave_approver(s, a, leave_approved_by, day)
                               if status == "leave" else None)
        a.substitute_approved_by = None
        if substitute:
            if a.unit_id is None:  # R27 speaks of departments; leaders ask leave instead
                raise ValidationError("市政府领导不能由他人代替出席；不能出席的请登记请假。")
            evm = q.holder(s, "exec_vice_mayor", day)
            check_substitute(substitute_approved_by is not None and evm is not None
                             and evm.person_id == substitute_approved_by)
            a.substitute_approved_by = substitute_approved_by
        a.status, a.substitute, a.note = status, substitute[:64], (note or "").strip()[:256]
        s.flush()
        return _dto(s, a)


def add_attendee(db: Database, user: CurrentUser, meeting_id: int, *,
                 person_id: int | None = None, unit_id: int | None = None,
                 note: str = "") -> AttendanceDTO:
    """列席: a unit (its principal head that day is filled in) or a person. R27: a department is
    represented by its principal head; R28: township heads at a 战线会议 need the mayor's approval."""
    require(user, "records")
    if person_id is None and unit_id is None:
        raise ValidationError("请选择列席单位或人员。")
    with db.uow(user.username) as s:
        m = _planned(s, meeting_id)
        day = meeting_day(m.starts_at)
        if unit_id is not None and s.get(Unit, unit_id) is None:
            raise ValidationError("请选择列席单位。")
        head = q.holder(s, "unit_head", day, unit_id) if unit_id is not None else None
        if person_id is None and head is not None:
            person_id = head.person_id
        elif person_id is not None and unit_id is not None and (head is None
                                                                or head.person_id != person_id):
            raise violation("R27", "部门列席人员须为主要负责人：请列入主要负责人，由他人代替的，"
                            "在出席情况中登记代替人员和常务副市长的同意。")
        if person_id is not None:
            _check_person(s, m, person_id, day)
        elif s.scalar(select(Attendance.id).where(Attendance.meeting_id == m.id,
                                                  Attendance.unit_id == unit_id)):
            raise ValidationError("该单位已在本次会议名单中。")
        a = Attendance(meeting_id=m.id, person_id=person_id, unit_id=unit_id, role="attendee",
                       status="present", substitute="", note=(note or "").strip()[:256]
                       or ("" if person_id else "主要负责人未登记"))
        s.add(a)
        s.flush()
        return _dto(s, a)


def _check_person(s: Session, m: Meeting, person_id: int, day: date) -> None:
    if s.get(Person, person_id) is None:
        raise ValidationError("请选择列席人员。")
    if s.scalar(select(Attendance.id).where(Attendance.meeting_id == m.id,
                                            Attendance.person_id == person_id)):
        raise ValidationError(f"{q.person_name(s, person_id)}已在本次会议名单中。")
    township_head = any(h.post_code == "township_head" for h in q.posts_of(s, person_id, day))
    if m.kind == "sector" and township_head and m.township_heads_approved_on is None:
        raise violation("R28", "要求乡（镇）长参加以市政府名义召开的战线会议须经市长批准，请先登记市长批准。")


def quorum(db: Database, meeting_id: int) -> tuple[int, int]:
    """(members, members present) of a meeting, for R23.1."""
    with db.read() as s:
        rows = list(s.execute(select(Attendance.person_id, Attendance.status).where(
            Attendance.meeting_id == meeting_id, Attendance.role == "member")))
        return len(rows), _present(s, meeting_id, rows)


SECTOR_STEPS = {"exec_agreed": ("exec_vice_mayor", "常务副市长同意"),
                "mayor_approved": ("mayor", "市长审批"),
                "township_heads": ("mayor", "市长批准乡（镇）长参会")}


def record_sector_approval(db: Database, user: CurrentUser, meeting_id: int, step: str,
                           on: date, by_person_id: int | None = None,
                           expected_version: int | None = None) -> MeetingDTO:
    """R28: a 战线会议 in the government's name — the executive vice mayor agrees, then the mayor
    approves; township heads attend only with the mayor's approval."""
    require(user, "records")
    if step not in SECTOR_STEPS or on is None:
        raise ValidationError("请选择审批环节并填写日期。")
    post, what = SECTOR_STEPS[step]
    with db.uow(user.username) as s:
        m = _planned(s, meeting_id, expected_version)
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


def mark_held(db: Database, user: CurrentUser, meeting_id: int,
              expected_version: int | None) -> MeetingDTO:
    """已召开. R23.1: a 常务会议 needs more than half of its members present; R28: a 战线会议 needs
    the executive vice mayor's agreement and the mayor's approval."""
    require(user, "records")
    with db.uow(user.username) as s:
        m = _planned(s, meeting_id, expected_version)
        if m.kind == "executive":
            rows = list(s.execute(select(Attendance.person_id, Attendance.status).where(
                Attendance.meeting_id == m.id, Attendance.role == "member")))
            check_quorum(len(rows), _present(s, m.id, rows))
        if m.kind == "sector" and not (m.sector_exec_agreed_on and m.sector_mayor_approved_on):
            raise violation("R28", "以市政府名义召开的战线会议须经常务副市长同意并报市长审批，"
                            "请先登记审批情况。")
        m.status = "held"
        s.flush()
        return meeting_dto(s, m)


def cancel_meeting(db: Database, user: CurrentUser, meeting_id: int, reason: str,
                   expected_version: int | None) -> MeetingDTO:
    """已取消, with the reason. Its 议题 go back to the register to be placed again; its
    事后报告 move to the next planned 常务会议 (R23.4.3)."""
    require(user, "records")
    reason = required_text(reason, "取消原因", 200)
    with db.uow(user.username) as s:
        m = _planned(s, meeting_id, expected_version)
        m.status = "cancelled"
        m.note = "\n".join(x for x in (m.note, f"取消原因：{reason}") if x)
        for item in s.scalars(select(AgendaItem).where(
                AgendaItem.meeting_id == m.id, AgendaItem.kind == "normal",
                AgendaItem.voided_at.is_(None), AgendaItem.status.in_(("placed", "circulated")))):
            item.meeting_id, item.position, item.status = None, 0, "draft"
        reroute_after_reports(s, m)
        s.flush()
        return meeting_dto(s, m)

