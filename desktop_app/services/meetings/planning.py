"""会议: planning a meeting (R20–R25, R28) with its members from the dated directory, standing
attendees (R23.1b, R25) and the collective law study (R23.3); the meetings register.

A confidential meeting (R44, services.meeting_secrecy) stays in the register for every account —
kind, number, name, day, room, presider, attendance — so clerks can plan; its content (item
titles, minutes, decisions) is for accounts with the classified permission only, so the
register's search words hold its item titles only for them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.engine import Database
from db.models import AgendaItem, Attendance, Meeting, Person
from db.sequences import allocate
from desktop_app.formatting import CHINA, chinese_number
from desktop_app.rules.meetings import KINDS, PresiderFacts, check_presider
from desktop_app.services.directory import queries as q
from desktop_app.services.meetings.after_reports import attach_pending_emergencies
from desktop_app.services.meetings.participants import (
    members_on,
    sector_area,
    sector_presider,
    standing_attendees,
)
from desktop_app.services.meetings.schedule import meeting_day
from desktop_app.services.system import ledger_provenance, org_profile
from desktop_app.services.system.common import CurrentUser, ValidationError, require, required_text

GOVERNMENT_KINDS = ("executive", "mayor_office", "mayor_regular")


@dataclass(frozen=True)
class MeetingDTO:
    id: int
    version: int
    kind: str
    kind_name: str
    number: int
    title: str
    starts_at: datetime
    room: str
    presider_id: int | None
    presider_name: str
    presider_capacity: str
    status: str
    confidential: bool
    items: int
    members: int
    present: int
    void_reason: str | None
    search_text: str = ""  # item titles and people, for the register's search box
    area: str = ""  # 战线会议 (R28): the area (战线) it is held for
    on_leave: tuple[str, ...] = ()  # members on leave, approved absences included (R27)
    unrecorded: int = 0  # members whose attendance is not recorded yet (R23.1)
    imported_from: str = ""  # 「导入自「…」（工作表「…」第N行），…」 when brought in by an import

    @property
    def day(self) -> date:
        return meeting_day(self.starts_at)


STATUS_NAMES = {"planned": "筹备中", "held": "已召开", "cancelled": "已取消"}


def _dto(s: Session, m: Meeting) -> MeetingDTO:
    items = (
        s.scalar(
            select(func.count())
            .select_from(AgendaItem)
            .where(AgendaItem.meeting_id == m.id, AgendaItem.voided_at.is_(None))
        )
        or 0
    )
    from desktop_app.services.meetings.attendance import (
        member_counts,  # attendance builds on meetings
    )

    c = member_counts(s, [(m.id, meeting_day(m.starts_at))])[m.id]
    return MeetingDTO(
        m.id,
        m.version,
        m.kind,
        KINDS[m.kind],
        m.number,
        m.title,
        m.starts_at,
        m.room,
        m.presider_id,
        q.person_name(s, m.presider_id),
        m.presider_capacity,
        m.status,
        m.confidential,
        int(items),
        c.members,
        c.present,
        m.void_reason,
        area=m.area,
        on_leave=c.on_leave,
        unrecorded=c.unrecorded,
        imported_from=ledger_provenance.provenance_texts(s, Meeting.__tablename__, [m.id]).get(
            m.id, ""
        ),
    )


def plan_meeting(
    db: Database,
    user: CurrentUser,
    *,
    kind: str,
    starts_at: datetime,
    presider_id: int | None,
    room: str = "",
    title: str = "",
    confidential: bool = False,
    note: str = "",
    area: str = "",
) -> MeetingDTO:
    """Plan a meeting: check the presider for that day, number it within the term, fill in the
    members and standing attendees, and open a 常务会议 with the collective law study. A
    战线会议 (R28) names its area (战线); its presider is that area's vice mayor in charge."""
    require(user, "records")
    if kind not in KINDS:
        raise ValidationError("请选择会议类别。")
    if starts_at.tzinfo is None:
        starts_at = starts_at.replace(tzinfo=CHINA)
    day = meeting_day(starts_at)
    profile = org_profile.get_profile(db)
    with db.uow(user.username) as s:
        vm = None
        if kind == "sector":
            area = sector_area(s, day, area, presider_id)
            presider_id, vm = sector_presider(s, day, area, presider_id)
        else:
            area = ""
        if presider_id is None:
            raise ValidationError("请选择会议主持人。")
        posts = [h.post_code for h in q.posts_of(s, presider_id, day)]
        mayor = q.holder(s, "mayor", day)
        entrusted = q.entrusted_agent(s, day)
        capacity = check_presider(
            PresiderFacts(
                kind,
                posts,
                mayor is not None and mayor.person_id == presider_id,
                entrusted is not None and entrusted.agent_id == presider_id,
                presider_in_charge_of_sector=vm is not None and vm.person_id == presider_id,
                sector_area=area,
                sector_vice_mayor=vm.name if vm else "",
                presider_name=q.person_name(s, presider_id),
            )
        )
        if kind in ("citywide", "sector"):
            title = required_text(title, "会议名称", 128)
        term = profile["term_start"]
        number = allocate(s, f"meeting:{kind}:{term}")
        meeting = Meeting(
            kind=kind,
            number=number,
            starts_at=starts_at,
            title=title.strip() or f"市政府第{chinese_number(number)}次{KINDS[kind]}",
            room=(room or profile["meeting_rooms"][0]).strip(),
            presider_id=presider_id,
            presider_capacity=capacity,
            confidential=confidential,
            note=(note or "").strip(),
            area=area,
        )
        s.add(meeting)
        s.flush()
        members = members_on(s, kind, day)
        for h in members:
            s.add(
                Attendance(
                    meeting_id=meeting.id,
                    person_id=h.person_id,
                    unit_id=h.unit_id,
                    role="member",
                    status="unrecorded",
                )
            )  # R23.1: nobody by default
        for person_id, unit_id, att_note in standing_attendees(
            s, kind, day, profile, {h.person_id for h in members}
        ):
            s.add(
                Attendance(
                    meeting_id=meeting.id,
                    person_id=person_id,
                    unit_id=unit_id,
                    role="attendee",
                    status="unrecorded",
                    note=att_note,
                )
            )
        if kind == "executive":  # R23.3: 会前集体学法 opens every 常务会议
            s.add(
                AgendaItem(
                    title="会前集体学法",
                    kind="law_study",
                    meeting_id=meeting.id,
                    position=0,
                    status="placed",
                    category="report",
                )
            )
            attach_pending_emergencies(s, meeting)  # R23.4.3
        s.flush()
        return _dto(s, meeting)


def get_meeting(db: Database, meeting_id: int) -> MeetingDTO:
    with db.read() as s:
        m = s.get(Meeting, meeting_id)
        if m is None:
            raise ValidationError("会议不存在。")
        return _dto(s, m)


def list_meetings(
    db: Database,
    include_voided: bool = False,
    kind: str | None = None,
    year: int | None = None,
    status: str | None = None,
    *,
    user: CurrentUser | None = None,
) -> list[MeetingDTO]:
    """The register in a fixed number of queries whatever its length — the meetings with their presiders,
    then item and attendance counts grouped per meeting (20 years open in tens of ms). R44: a
    confidential meeting is listed for everyone, its item titles among the search words only
    for `user` with the classified permission (None: no account, never)."""
    stmt = (
        select(Meeting, Person.name)
        .outerjoin(Person, Person.id == Meeting.presider_id)
        .order_by(Meeting.starts_at.desc())
    )
    if not include_voided:
        stmt = stmt.where(Meeting.voided_at.is_(None))
    if kind:
        stmt = stmt.where(Meeting.kind == kind)
    if status:
        stmt = stmt.where(Meeting.status == status)
    if year is not None:  # the year of the meeting's China-time date
        stmt = stmt.where(
            Meeting.starts_at >= day_start(date(year, 1, 1)),
            Meeting.starts_at < day_start(date(year + 1, 1, 1)),
        )
    # The per-meeting queries below select their meetings by this subquery, not by a list of
    # 1,500 ids: on PostgreSQL binding that many parameters cost more than the queries.
    scope = stmt.with_only_columns(Meeting.id).order_by(None)
    with db.read() as s:
        rows = s.execute(stmt).all()
        items = (
            dict(
                s.execute(
                    select(AgendaItem.meeting_id, func.count())
                    .where(AgendaItem.meeting_id.in_(scope), AgendaItem.voided_at.is_(None))
                    .group_by(AgendaItem.meeting_id)
                ).all()
            )
            if rows
            else {}
        )
        from desktop_app.services.meetings.attendance import (
            member_counts,  # attendance builds on meetings
        )

        counts = member_counts(
            s, [(m.id, meeting_day(m.starts_at)) for m, _name in rows], scope=scope
        )
        hide_secret = not (user is not None and user.can("classified"))
        words = _search_words(s, scope, hide_secret) if rows else {}
        imported = (
            ledger_provenance.provenance_texts_in(s, Meeting.__tablename__, scope) if rows else {}
        )
        return [
            MeetingDTO(
                m.id,
                m.version,
                m.kind,
                KINDS[m.kind],
                m.number,
                m.title,
                m.starts_at,
                m.room,
                m.presider_id,
                name or "",
                m.presider_capacity,
                m.status,
                m.confidential,
                int(items.get(m.id, 0)),
                counts[m.id].members,
                counts[m.id].present,
                m.void_reason,
                " ".join(words.get(m.id, ())),
                m.area,
                counts[m.id].on_leave,
                counts[m.id].unrecorded,
                imported.get(m.id, ""),
            )
            for m, name in rows
        ]


def _search_words(s: Session, scope, hide_secret: bool) -> dict[int, list[str]]:
    """Per meeting of `scope` (a select of meeting ids), its items' titles and the names of the
    people on its attendance list, so the register's search finds a meeting by item or by
    person. The database joins the strings (string_agg / group_concat), so 15,000 titles cost
    two small result sets. With `hide_secret` the items of confidential meetings (R44) are left
    out."""
    words: dict[int, list[str]] = {}
    shown = scope.where(Meeting.confidential.is_(False)) if hide_secret else scope
    titles = s.execute(
        select(AgendaItem.meeting_id, func.aggregate_strings(AgendaItem.title, " "))
        .where(AgendaItem.meeting_id.in_(shown), AgendaItem.voided_at.is_(None))
        .group_by(AgendaItem.meeting_id)
    )
    people = s.execute(
        select(Attendance.meeting_id, func.aggregate_strings(Person.name, " "))
        .join(Person, Person.id == Attendance.person_id)
        .where(Attendance.meeting_id.in_(scope))
        .group_by(Attendance.meeting_id)
    )
    for meeting_id, text in (*titles, *people):
        words.setdefault(meeting_id, []).append(text)
    return words


def meeting_dto(s: Session, m: Meeting) -> MeetingDTO:
    """The register's view of one meeting, for the other meeting services."""
    return _dto(s, m)


def day_start(day: date) -> datetime:
    """Midnight of `day` in China time: meetings are compared by their China-time date."""
    return datetime.combine(day, time(), CHINA)


def next_planned(
    s: Session, kind: str, not_before: datetime, exclude_id: int | None = None
) -> Meeting | None:
    """The first planned (not held, cancelled or voided) meeting of `kind` from `not_before` on."""
    stmt = (
        select(Meeting)
        .where(
            Meeting.kind == kind,
            Meeting.status == "planned",
            Meeting.voided_at.is_(None),
            Meeting.starts_at >= not_before,
        )
        .order_by(Meeting.starts_at, Meeting.id)
    )
    if exclude_id is not None:
        stmt = stmt.where(Meeting.id != exclude_id)
    return s.scalars(stmt).first()
