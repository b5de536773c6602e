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
from db.locks import serialize
from db.models import AgendaItem, Attendance, EmergencyDecision, Meeting, Person, Unit
from db.sequences import allocate
from desktop_app.formatting import CHINA, chinese_number, format_date
from desktop_app.rules.meetings import KINDS, PresiderFacts, check_presider
from desktop_app.rules.org import POSTS
from desktop_app.rules.registry import violation
from desktop_app.services.absences import in_charge
from desktop_app.services.absences.away import is_away
from desktop_app.services.directory import queries as q
from desktop_app.services.system import ledger_provenance, org_profile
from desktop_app.services.system.common import CurrentUser, ValidationError, require, required_text

GOVERNMENT_KINDS = ("executive", "mayor_office", "mayor_regular")
COMPOSITION_KINDS = ("plenary", "integrity")
PARTY_GROUP = "市政府党组其他成员"


def meeting_day(starts_at: datetime) -> date:
    """The meeting's date in China time: the day posts and entrustments are looked up for."""
    return starts_at.astimezone(CHINA).date()


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


def members_on(s: Session, kind: str, day: date) -> list[q.Holder]:
    """The meeting's members from the directory for that day (R21–R25, R28)."""
    leaders = (
        q.holders(s, "mayor", day)
        + q.holders(s, "exec_vice_mayor", day)
        + q.holders(s, "vice_mayor", day)
    )
    if kind in COMPOSITION_KINDS:  # 市政府组成人员: mayor, vice mayors, heads of departments
        heads = [
            h
            for h in q.holders(s, "unit_head", day)
            if (unit := s.get(Unit, h.unit_id)) is not None
            and unit.kind in ("department", "office")
        ]
        return leaders + heads
    if kind == "citywide":
        return leaders + q.holders(s, "township_head", day)
    seen: set[int] = set()
    unique = []
    for h in leaders:  # a person holding two posts is one member
        if h.person_id not in seen:
            seen.add(h.person_id)
            unique.append(h)
    return unique


def standing_attendees(
    s: Session, kind: str, day: date, profile: org_profile.Profile, member_ids: set[int]
) -> list[tuple[int | None, int | None, str]]:
    """(person, unit, note) of the standing attendees configured for the kind (R23.1b, R25)."""
    out: list[tuple[int | None, int | None, str]] = []
    for entry in profile["standing_attendees"].get(KINDS[kind], []):
        if entry == PARTY_GROUP:
            for h in q.holders(s, "party_group_member", day):
                if h.person_id not in member_ids:
                    out.append((h.person_id, None, PARTY_GROUP))
            continue
        unit = s.scalar(
            select(Unit).where(
                Unit.voided_at.is_(None), (Unit.name == entry) | (Unit.short_name == entry)
            )
        )
        if unit is None:
            out.append((None, None, f"{entry}（单位未登记）"))
            continue
        head = q.holder(s, "unit_head", day, unit.id)
        out.append((head.person_id if head else None, unit.id, "" if head else "主要负责人未登记"))
    return out


def sector_area(s: Session, day: date, area: str, presider_id: int | None) -> str:
    """R28: the area (战线) a 战线会议 is held for — as chosen, or, when none is chosen, the one
    area the presider is in charge of that day (none or several: the clerk must choose)."""
    area = (area or "").strip()
    if area:
        return area
    areas = (
        sorted({p.area for p in q.portfolio_of(s, presider_id, day) if p.area})
        if presider_id is not None
        else []
    )
    if len(areas) != 1:
        raise ValidationError("请选择战线会议的战线（分管战线见「人员与分管 → 分管」）。")
    return areas[0]


def sector_presider(
    s: Session, day: date, area: str, presider_id: int | None
) -> tuple[int, in_charge.InCharge]:
    """R28: a 战线会议 in the government's name is presided by the vice mayor in charge of its
    area on the meeting's day: derived from the directory (an area with none is refused, pointing
    to 人员与分管 → 分管); a presider given must be he. Article 28 names him alone — the AB
    partner (R6.2) signs in his place, he does not hold his meetings — so a meeting on a day he
    is away is refused: plan it for a day he is in the city."""
    vm = in_charge.require(s, "R28", day, area=area)
    if presider_id is None:
        presider_id = vm.person_id
    if presider_id == vm.person_id and is_away(s, vm.person_id, day):
        raise violation(
            "R28",
            f"「{area}」战线会议由分管副市长{vm.name}主持，{vm.name}"
            f"{format_date(day)}经批准外出，不能主持；请另定会期。",
        )
    return presider_id, vm


def area_vice_mayor(db: Database, area: str, day: date) -> in_charge.InCharge | None:
    """The vice mayor in charge of `area` on `day` — who presides its 战线会议 (R28) — for the
    planning form to fill in; None when the directory has none."""
    if not (area or "").strip():
        return None
    with db.read() as s:
        return in_charge.find(s, day, area=area)


def areas_on(db: Database, day: date) -> list[str]:
    """The areas (战线) some vice mayor is in charge of on `day`: the 战线会议 pick list."""
    with db.read() as s:
        return q.areas_on(s, day)


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


def next_position(s: Session, meeting_id: int) -> int:
    """The next agenda position on a meeting; 0 is the law study's (R23.3), so items start at 1.
    Serialised per meeting so two clerks placing items at once do not share a position."""
    serialize(s, f"agenda:{meeting_id}")
    top = s.scalar(
        select(func.max(AgendaItem.position)).where(
            AgendaItem.meeting_id == meeting_id, AgendaItem.voided_at.is_(None)
        )
    )
    return (top or 0) + 1


def signer_on(
    s: Session, post_code: str, day: date, person_id: int | None, rule_id: str, what: str
) -> int:
    """Who signed `what` as holder of `post_code` on `day`: the given person, who must hold the
    post that day (the directory is dated), or — when none is given — that day's holder."""
    title = POSTS[post_code].title
    held = q.holder(s, post_code, day)
    if person_id is None:
        if held is None:
            raise violation(rule_id, f"{format_date(day)}没有{title}的任职记录，无法记录{what}。")
        return held.person_id
    if held is None or held.person_id != person_id:
        raise violation(
            rule_id,
            f"{q.person_name(s, person_id)}在{format_date(day)}不任{title}，不能记录为{what}。",
        )
    return person_id


# --- R23.4.3: 事后报告 of emergency decisions on the next 常务会议 ------------------------------


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
