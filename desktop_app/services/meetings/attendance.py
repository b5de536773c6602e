"""出席 as read: a meeting's attendance and leave (R27), its 列席 (R23.1b, R28) and the quorum of a
常务会议 (R23.1).

Attendance starts 未登记: nobody is 出席 until the clerk records it (R23.1). `effective_attendance`
is the one reading of a meeting's attendance — a person on an approved absence that day
(外出请示报备, services.away) is 请假 whatever the line says — and every consumer uses it: the 出席
tab and its quorum line (`quorum_line`: the reading 标记已召开 decides by), the minutes' 出席/请假/列席
lines, the register and its Excel export. Recording the lines is in
services.meetings.attendance_record; marking a meeting held against the quorum, or cancelling it,
in services.meetings.holding. This module writes nothing, so the planning register reads its
counts from here.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.engine import Database
from db.models import Attendance, Meeting, Person, Unit
from desktop_app.rules.meetings import check_quorum, quorum_needed
from desktop_app.rules.registry import RuleViolation
from desktop_app.services.absences import away as away_source
from desktop_app.services.directory import queries as q
from desktop_app.services.meetings.participants import members_on
from desktop_app.services.meetings.schedule import meeting_day
from desktop_app.services.system.common import ValidationError

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


def dto(s: Session, a: Attendance, away: dict[int, str]) -> AttendanceDTO:
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
    return sorted((dto(s, a, away) for a in rows), key=lambda a: a.role != "member")


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


def quorum(db: Database, meeting_id: int) -> tuple[int, int]:
    """(members, members present) of a meeting, for R23.1 — `effective_attendance` against the
    day's directory."""
    with db.read() as s:
        m = s.get(Meeting, meeting_id)
        if m is None:
            raise ValidationError("会议不存在。")
        facts = quorum_facts(s, m, effective_attendance(s, meeting_id))
        return facts.members, facts.present


def unrecorded_attendees(lines: list[AttendanceDTO]) -> list[str]:
    """The 列席 lines still 未登记, named as 标记已召开's refusal names them (R23.1, R27)."""
    return [
        a.label or "（未登记人员）"
        for a in lines
        if a.role != "member" and a.status == "unrecorded"
    ]


@dataclass(frozen=True)
class QuorumLine:
    """The 出席 tab's quorum line: what 标记已召开 (services.meetings.holding.mark_held) will
    decide of the attendance, read as it reads it — for a 常务会议 the members are the
    directory's on the meeting day, not the member lines of the list (R23.1)."""

    kind: str
    members: int
    present: int
    needed: int  # 常务会议: the fewest present for 半数以上 (含半数); 0 for other kinds
    quorate: bool  # 常务会议: R23.1's quorum check passes; always True for other kinds
    unrecorded_members: tuple[str, ...]  # with 「（未列入名单）」 for a member not on the list
    unrecorded_attendees: tuple[str, ...]
    not_members: tuple[str, ...]  # 常务会议: member lines of people not members that day


def quorum_line(db: Database, meeting_id: int) -> QuorumLine:
    """R23.1/R27: the meeting's quorum and unrecorded lines, by `quorum_facts` and the quorum
    rule as 标记已召开 applies them."""
    with db.read() as s:
        m = s.get(Meeting, meeting_id)
        if m is None:
            raise ValidationError("会议不存在。")
        lines = effective_attendance(s, meeting_id)
        facts = quorum_facts(s, m, lines)
        needed, quorate = 0, True
        not_members: tuple[str, ...] = ()
        if m.kind == "executive":
            needed = quorum_needed(facts.members)
            try:
                check_quorum(facts.members, facts.present)
            except RuleViolation:
                quorate = False
            day_ids = {h.person_id for h in members_on(s, m.kind, meeting_day(m.starts_at))}
            not_members = tuple(
                a.label for a in lines if a.role == "member" and a.person_id not in day_ids
            )
        return QuorumLine(
            m.kind,
            facts.members,
            facts.present,
            needed,
            quorate,
            facts.unrecorded,
            tuple(unrecorded_attendees(lines)),
            not_members,
        )
