"""出席 and the course of a meeting: attendance and leave (R27), 列席 (R23.1b, R28), the quorum of a
常务会议 (R23.1), the approvals of a 战线会议 (R28), marking a meeting held or cancelling it.

Attendance starts 未登记: nobody is 出席 until the clerk records it (R23.1). `effective_attendance`
is the one reading of a meeting's attendance — a person on an approved absence that day
(外出请示报备, services.away) is 请假 whatever the line says — and every consumer uses it: the 出席
tab, the quorum, the minutes' 出席/请假/列席 lines, the register and its Excel export."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.engine import Database
from db.models import AgendaItem, Attendance, Meeting, Person, Unit
from desktop_app.rules.meetings import check_attendance_recorded, check_quorum, check_substitute
from desktop_app.rules.registry import violation
from desktop_app.services.absences import away as away_source
from desktop_app.services.directory import queries as q
from desktop_app.services.meetings.emergency import reroute_after_reports
from desktop_app.services.meetings.participants import members_on, signer_on
from desktop_app.services.meetings.planning import MeetingDTO, meeting_dto
from desktop_app.services.meetings.schedule import meeting_day
from desktop_app.services.system.common import (
    CurrentUser,
    ValidationError,
    load_for_update,
    require,
    required_text,
)

ROLE_NAMES = {"member": "成员", "attendee": "列席"}
STATUS_NAMES = {"unrecorded": "未登记", "present": "出席", "leave": "请假", "absent": "缺席"}
RECORDED = ("present", "leave", "absent")


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
    status: str  # unrecorded | present | leave | absent — the effective status
    leave_approved_by: int | None
    leave_approved_by_name: str
    substitute: str
    substitute_approved_by: int | None
    substitute_approved_by_name: str
    note: str
    recorded_status: str = ""  # what the clerk recorded on the line
    away: bool = False  # 请假 because of an approved absence that day (外出报备)

    @property
    def role_name(self) -> str:
        return ROLE_NAMES.get(self.role, self.role)

    @property
    def status_name(self) -> str:
        return STATUS_NAMES.get(self.status, self.status)

    @property
    def label(self) -> str:
        """How the line is named in a message or a 列席 line: 「赵文华」, 「财政局徐东升」."""
        if self.role == "member":
            return self.person_name or self.unit_name
        return f"{self.unit_name}{self.substitute or self.person_name}" or self.note


# --- who is away: services.away's rule (approved itinerary in force, return recorded) ----------


def away_by_day(s: Session, days: Iterable[date]) -> dict[date, dict[int, str]]:
    """Person id → 「经批准外出（出差，北京）」 of everyone away on each of `days` — the rule of
    services.away.away_on (the latest approved itinerary covers the day, no return recorded
    before it), read in two queries however many days, so the register can ask for all its
    meetings at once."""
    wanted = sorted(set(days))
    out: dict[date, dict[int, str]] = {d: {} for d in wanted}
    if not wanted:
        return out
    for root, eff in away_source._in_force(s, wanted[0], wanted[-1]):
        first = bisect.bisect_left(wanted, eff.start_date)
        last = bisect.bisect_right(wanted, eff.end_date)
        for day in wanted[first:last]:
            if not away_source._back_by(root, day):
                out[day][root.person_id] = f"经批准外出（{eff.category}，{eff.destination}）"
    return out


def effective_status(recorded: str, away: bool) -> str:
    """R27/R23.1: an approved absence covering the meeting day is 请假 everywhere; otherwise
    what the clerk recorded (未登记 until he does)."""
    return "leave" if away else recorded


def _dto(s: Session, a: Attendance, away: dict[int, str]) -> AttendanceDTO:
    unit = s.get(Unit, a.unit_id) if a.unit_id else None
    why = away.get(a.person_id) if a.person_id is not None else None
    note = a.note
    if why is not None and a.status != "leave":
        note = note or why
    return AttendanceDTO(
        a.id,
        a.version,
        a.meeting_id,
        a.person_id,
        q.person_name(s, a.person_id),
        a.unit_id,
        unit.name if unit else "",
        a.role,
        effective_status(a.status, why is not None),
        a.leave_approved_by,
        q.person_name(s, a.leave_approved_by),
        a.substitute,
        a.substitute_approved_by,
        q.person_name(s, a.substitute_approved_by),
        note,
        a.status,
        why is not None,
    )


def effective_attendance(s: Session, meeting_id: int) -> list[AttendanceDTO]:
    """THE attendance of a meeting (members first, then 列席, each in the order added), with
    everyone on an approved absence that day read as 请假. Every consumer reads this."""
    m = s.get(Meeting, meeting_id)
    if m is None:
        return []
    away = away_by_day(s, [meeting_day(m.starts_at)])[meeting_day(m.starts_at)]
    rows = s.scalars(
        select(Attendance).where(Attendance.meeting_id == meeting_id).order_by(Attendance.id)
    )
    return sorted((_dto(s, a, away) for a in rows), key=lambda a: a.role != "member")


@dataclass(frozen=True)
class MemberCounts:
    """A meeting's members as the register shows them (R23.1)."""

    members: int
    present: int
    on_leave: tuple[str, ...]
    unrecorded: int


def member_counts(
    s: Session, meetings: list[tuple[int, date]], scope=None
) -> dict[int, MemberCounts]:
    """(meeting id, meeting day) → its members, present, names on leave and lines unrecorded,
    by the same reading as `effective_attendance` (`effective_status`), for a whole register:
    counts grouped by the database, then only the lines that read differently (a person away
    that day) or carry a name (请假) are fetched. `scope`, a select of exactly these meetings'
    ids, spares binding a long list of ids."""
    ids = [mid for mid, _day in meetings]
    if not ids:
        return {}
    day_of = dict(meetings)
    away = away_by_day(s, day_of.values())
    member = (
        Attendance.meeting_id.in_(ids if scope is None else scope),
        Attendance.role == "member",
    )
    counts: dict[int, dict[str, int]] = {mid: {} for mid in ids}
    for mid, status, n in s.execute(
        select(Attendance.meeting_id, Attendance.status, func.count())
        .where(*member)
        .group_by(Attendance.meeting_id, Attendance.status)
    ):
        counts[mid][status] = int(n)
    away_people = set().union(*away.values())
    named = Attendance.status == "leave"
    if away_people:
        named = named | Attendance.person_id.in_(away_people)
    on_leave: dict[int, list[str]] = {}
    for mid, pid, status, name in s.execute(
        select(Attendance.meeting_id, Attendance.person_id, Attendance.status, Person.name)
        .outerjoin(Person, Person.id == Attendance.person_id)
        .where(*member, named)
        .order_by(Attendance.id)
    ):
        effective = effective_status(status, pid in away[day_of[mid]])
        if effective != status:
            counts[mid][status] -= 1
            counts[mid][effective] = counts[mid].get(effective, 0) + 1
        if effective == "leave" and name:
            on_leave.setdefault(mid, []).append(name)
    return {
        mid: MemberCounts(
            sum(c.values()),
            c.get("present", 0),
            tuple(on_leave.get(mid, ())),
            c.get("unrecorded", 0),
        )
        for mid, c in counts.items()
    }


def _planned(s: Session, meeting_id: int, expected_version: int | None = None) -> Meeting:
    m = load_for_update(s, Meeting, meeting_id, expected_version)
    if m.voided_at is not None or m.status != "planned":
        raise ValidationError(f"{m.title}已召开、已取消或已作废，不能再修改。")
    return m


def list_attendance(db: Database, meeting_id: int) -> list[AttendanceDTO]:
    """The 出席 tab: `effective_attendance` of the meeting."""
    with db.read() as s:
        return effective_attendance(s, meeting_id)


@dataclass(frozen=True)
class Quorum:
    """R23.1 on the meeting day: members from the directory, and how they stand."""

    members: int
    present: int
    unrecorded: tuple[str, ...]  # members not recorded (or not on the list at all)


def quorum_facts(s: Session, m: Meeting, lines: list[AttendanceDTO]) -> Quorum:
    """R23.1: the members are the 常务会议's members in the directory on the meeting day (the
    mayor and vice mayors); a member missing from the list counts as not recorded."""
    rows = [a for a in lines if a.role == "member"]
    if m.kind != "executive":
        return Quorum(
            len(rows),
            sum(1 for a in rows if a.status == "present"),
            tuple(a.label for a in rows if a.status == "unrecorded"),
        )
    by_person = {a.person_id: a for a in rows}
    directory = members_on(s, m.kind, meeting_day(m.starts_at))
    present = sum(
        1
        for h in directory
        if h.person_id in by_person and by_person[h.person_id].status == "present"
    )
    missing = tuple(
        h.name if h.person_id in by_person else f"{h.name}（未列入名单）"
        for h in directory
        if h.person_id not in by_person or by_person[h.person_id].status == "unrecorded"
    )
    return Quorum(len(directory), present, missing)


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
        day = meeting_day(_planned(s, a.meeting_id).starts_at)
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
        return _dto(s, a, away_by_day(s, [day])[day])


def record_rest_present(
    db: Database, user: CurrentUser, meeting_id: int, expected_version: int | None = None
) -> int:
    """「其余登记为出席」: every line still 未登记 is recorded 出席 — except people on an approved
    absence that day, who stay 请假 (R27). Returns how many lines were recorded."""
    require(user, "records")
    with db.uow(user.username) as s:
        m = _planned(s, meeting_id, expected_version)
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
        m = _planned(s, meeting_id)
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
            return _dto(s, a, away_by_day(s, [day])[day])
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
        return _dto(s, a, away_by_day(s, [day])[day])


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


def quorum(db: Database, meeting_id: int) -> tuple[int, int]:
    """(members, members present) of a meeting, for R23.1 — `effective_attendance` against the
    day's directory."""
    with db.read() as s:
        m = s.get(Meeting, meeting_id)
        if m is None:
            raise ValidationError("会议不存在。")
        facts = quorum_facts(s, m, effective_attendance(s, meeting_id))
        return facts.members, facts.present


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


def mark_held(
    db: Database, user: CurrentUser, meeting_id: int, expected_version: int | None
) -> MeetingDTO:
    """已召开. The attendance of every line must be recorded (R23.1; R27 for other kinds) — the
    refusal names who is still 未登记; a 常务会议 needs 半数以上 (half or more) of the day's members
    present (R23.1); a 战线会议 needs the executive vice mayor's agreement and the mayor's
    approval (R28)."""
    require(user, "records")
    with db.uow(user.username) as s:
        m = _planned(s, meeting_id, expected_version)
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
            [
                a.label or "（未登记人员）"
                for a in lines
                if a.role != "member" and a.status == "unrecorded"
            ],
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
        m = _planned(s, meeting_id, expected_version)
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
