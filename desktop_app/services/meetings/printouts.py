"""会议通知 and 议程 as printed (UI: 「打印会议通知」, 「打印议程」): the meeting's facts are read
here — presider with the post held that day, the items placed on the agenda, members and attendees
— and drawn by printing.meeting_forms.

R44 (services.meeting_secrecy): the items of a confidential meeting are its content. Its 议程
prints only for an account with the classified permission (refused otherwise); the 会议通知
prints for everyone — clerks send it to the members — with the items listed only for such an
account and 「（涉密会议，内容不显示）」 in their place for others. Each print that lists the items
of a confidential meeting carries 密级 (the profile's 涉密纪要密级) and a 份号 per copy — the 议程
and the 通知 numbered apart, each on its own counter of the meeting — and is audited on the
meeting with those numbers (services.system.copy_numbers)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from db.engine import Database
from db.models import AgendaItem, Attendance, Meeting, Person, Unit
from desktop_app.printing.meeting_forms import (
    MeetingFacts,
    MeetingItem,
    build_agenda_pdf,
    build_meeting_notice_pdf,
    notice_items,
    when_text,
)
from desktop_app.printing.official_model import RenderResult
from desktop_app.services.directory import queries as q
from desktop_app.services.meetings import secrecy as meeting_secrecy
from desktop_app.services.meetings.schedule import meeting_day
from desktop_app.services.system import copy_numbers, org_profile
from desktop_app.services.system.common import CurrentUser, ValidationError
from desktop_app.services.system.copy_numbers import CopyNumbers


def meeting_facts(db: Database, meeting_id: int) -> MeetingFacts:
    """What the notice and the agenda print of a meeting that is neither voided nor cancelled."""
    with db.read() as s:
        m = s.get(Meeting, meeting_id)
        if m is None or m.voided_at is not None or m.status == "cancelled":
            raise ValidationError("会议不存在、已作废或已取消。")
        day = meeting_day(m.starts_at)
        posts = q.posts_of(s, m.presider_id, day) if m.presider_id else []
        presider = (posts[0].title if posts else "") + q.person_name(s, m.presider_id)
        if m.presider_capacity == "受委托":
            presider = f"受市长委托，{presider}"
        rows = s.execute(
            select(AgendaItem, Unit.name)
            .outerjoin(Unit, Unit.id == AgendaItem.department_id)
            .where(
                AgendaItem.meeting_id == m.id,
                AgendaItem.voided_at.is_(None),
                AgendaItem.status.in_(("placed", "decided", "revise")),
            )
            .order_by(AgendaItem.position, AgendaItem.id)
        )
        items = [
            MeetingItem(i.kind, i.title, i.category, f"{unit or ''}{i.reporter}")
            for i, unit in rows
        ]
        people = s.execute(
            select(Attendance, Person.name, Unit.name)
            .outerjoin(Person, Person.id == Attendance.person_id)
            .outerjoin(Unit, Unit.id == Attendance.unit_id)
            .where(Attendance.meeting_id == m.id)
            .order_by(Attendance.id)
        )
        members, attendees = [], []
        for a, person, unit in people:
            if a.role == "member" and person:
                members.append(person)
            elif a.role != "member" and (unit or person):
                attendees.append(f"{unit or ''}{a.substitute or person or ''}")
        return MeetingFacts(
            m.id,
            m.confidential,
            m.title,
            m.room,
            day,
            when_text(m.starts_at),
            presider,
            items,
            members,
            attendees,
        )


def _numbered(
    db: Database,
    user: CurrentUser | None,
    f: MeetingFacts,
    listed: list,
    column: str,
    copies: int,
    what: str,
) -> CopyNumbers | None:
    """R44: a print listing a confidential meeting's items takes the next `copies` 份号 of the
    meeting's counter for that paper and is logged on the meeting with them; any other print
    is not numbered."""
    if not (f.confidential and listed and user is not None):
        return None
    return copy_numbers.take_for_print(db, user, Meeting, column, f.meeting_id, copies, what)


def _marked(result: RenderResult, numbers: CopyNumbers | None) -> RenderResult:
    if numbers is not None:
        result.notes.append(numbers.note)
    return result


def meeting_notice_pdf(
    db: Database,
    meeting_id: int,
    issued_on: date | None = None,
    *,
    user: CurrentUser | None = None,
    copies: int = 1,
) -> RenderResult:
    """会议通知 (R23.7.1) with the materials deadline — the meeting day minus the profile's
    `materials_days_before_meeting` calendar days (R23.4.7, CAL2). R44: a confidential
    meeting's items only for `user` with the classified permission; a notice listing them
    carries 密级 and 份号, `copies` copies numbered on from the last one printed."""
    profile = org_profile.get_profile(db)
    f = meeting_facts(db, meeting_id)
    secret = not meeting_secrecy.may_see(user, f.confidential)
    deadline = f.day - timedelta(days=int(profile["materials_days_before_meeting"]))
    listed = [] if secret else notice_items(f)
    numbers = _numbered(db, user, f, listed, "notice_copies_printed", copies, "会议通知")
    result = build_meeting_notice_pdf(
        f,
        office=profile["office_name"],
        room=profile["secretariat_room"],
        materials_deadline=deadline,
        issued_on=issued_on or date.today(),
        hidden_text=meeting_secrecy.HIDDEN if secret else None,
        secrecy=str(profile["minutes_secrecy"]) if numbers else "",
        copy_numbers=numbers.labels if numbers else (),
    )
    return _marked(result, numbers)


def agenda_pdf(
    db: Database, meeting_id: int, *, user: CurrentUser | None = None, copies: int = 1
) -> RenderResult:
    """议程. R44: a confidential meeting's 议程 only for `user` with the classified permission;
    listing its items it carries 密级 and 份号 — `copies` copies numbered on from the last one
    printed — and is audited with them."""
    profile = org_profile.get_profile(db)
    f = meeting_facts(db, meeting_id)
    meeting_secrecy.check_may_see(user, f.confidential, "议程打印")
    numbers = _numbered(db, user, f, f.items, "agenda_copies_printed", copies, "议程")
    result = build_agenda_pdf(
        f,
        office=profile["office_name"],
        secrecy=str(profile["minutes_secrecy"]) if numbers else "",
        copy_numbers=numbers.labels if numbers else (),
    )
    return _marked(result, numbers)
