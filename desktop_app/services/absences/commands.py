"""外出请示报备: filing a request, changing its itinerary, voiding it (R62.1, R62.4–R62.7, R66).

R62.4 is checked under a lock per township (`db.locks.serialize`): two clerks filing for the
township's party secretary and its head at the same moment run one after the other, so the second
sees the first request.

Approvals are in ``absences_approvals``, the return, 销假 and written report in
``absences_return``, lists in ``absences_queries``; who is away is answered by ``away``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from db.engine import Database
from db.locks import serialize
from db.models import Person, Unit
from db.models.absences import Absence
from desktop_app.rules import absences as r
from desktop_app.rules.registry import violation
from desktop_app.services.absences.dto import AbsenceDTO, absence_dto
from desktop_app.services.directory import queries as dq
from desktop_app.services.system.calendar_admin import work_calendar
from desktop_app.services.system.common import (
    CurrentUser,
    ValidationError,
    get_existing,
    load_for_update,
    require,
    void_record,
)

TOWNSHIP_LEADERS = ("township_secretary", "township_head")


@dataclass(frozen=True)
class AbsenceInput:
    """What the clerk enters from the paper request (R62.6)."""

    person_id: int | None
    category: str
    reason: str
    destination: str
    start_date: date | None
    start_half: str
    end_date: date | None
    end_half: str
    transport: str
    contact: str
    acting_name: str
    acting_post: str
    acting_contact: str
    filed_on: date | None = None  # default: today
    emergency_reason: str = ""  # R62.1, when filed fewer than 3 days ahead
    both_away_reason: str = ""  # R62.4
    for_meeting: bool = False  # R62.9: the trip is to attend a meeting
    abroad_private: bool = False  # 出国（境） on private business: not 因公出访 (R66)
    note: str = ""


def _clean(data: AbsenceInput) -> AbsenceInput:
    values: dict[str, Any] = {
        k: (v.strip() if isinstance(v, str) else v) for k, v in asdict(data).items()
    }
    return AbsenceInput(**values)


def _check_complete(data: AbsenceInput) -> None:
    """R62.6: one message listing every missing field."""
    r.check_request_complete(
        {
            "person": data.person_id,
            "category": data.category,
            "reason": data.reason,
            "destination": data.destination,
            "start": data.start_date,
            "end": data.end_date,
            "start_half": data.start_half,
            "end_half": data.end_half,
            "transport": data.transport,
            "contact": data.contact,
            "acting_name": data.acting_name,
            "acting_post": data.acting_post,
            "acting_contact": data.acting_contact,
        }
    )
    for label, text, limit in (
        ("目的地", data.destination, 256),
        ("交通方式", data.transport, 64),
        ("联系方式", data.contact, 128),
        ("主持工作负责同志姓名", data.acting_name, 64),
        ("主持工作负责同志职务", data.acting_post, 128),
        ("主持工作负责同志联系方式", data.acting_contact, 128),
    ):
        if len(text) > limit:
            raise ValidationError(f"{label}过长（最多 {limit} 个字）。")


def _procedure_post(s: Session, person_id: int, day: date) -> dq.Holder:
    """R62.5: the post whose procedure applies on the departure day."""
    held = dq.posts_of(s, person_id, day)
    kinds: dict[int | None, str | None] = {
        h.unit_id: s.scalar(select(Unit.kind).where(Unit.id == h.unit_id))
        for h in held
        if h.unit_id is not None
    }
    code, _ = r.procedure_of([(h.post_code, kinds.get(h.unit_id)) for h in held])
    return next(h for h in held if h.post_code == code)


def _overlapping_township_leaders(
    s: Session, post: dq.Holder, person_id: int, start: date, end: date, exclude_root: int | None
) -> list[str]:
    """R62.4: the township's other principal leader away (requested or approved) on any of
    these days."""
    if post.post_code not in TOWNSHIP_LEADERS:
        return []
    # Check-then-write: one filing for this township's leaders at a time, on both engines.
    serialize(s, f"absence:township:{post.unit_id}")
    rows = s.scalars(
        select(Absence).where(
            Absence.unit_id == post.unit_id,
            Absence.post_code.in_(TOWNSHIP_LEADERS),
            Absence.person_id != person_id,
            Absence.voided_at.is_(None),
            Absence.start_date <= end,
            Absence.end_date >= start,
        )
    ).all()
    names = []
    for a in rows:
        root = s.get(Absence, a.amends_id) if a.amends_id else a
        if root is None or root.voided_at is not None or root.id == exclude_root:
            continue
        if root.returned_on is not None and root.returned_on < start:
            continue
        label = f"{a.post_title}{a.person_name}"
        if label not in names:
            names.append(label)
    return names


def _fill(s: Session, row: Absence, data: AbsenceInput, exclude_root: int | None) -> None:
    """Validate `data` and write it on `row` (a new request or a new amendment)."""
    _check_complete(data)
    person = s.get(Person, data.person_id)
    if person is None or person.voided_at is not None:
        raise ValidationError("请选择外出人员。")
    filed_on = data.filed_on or date.today()
    assert data.start_date is not None and data.end_date is not None
    post = _procedure_post(s, person.id, data.start_date)
    late = r.check_notice(filed_on, data.start_date, data.emergency_reason)
    others = _overlapping_township_leaders(
        s, post, person.id, data.start_date, data.end_date, exclude_root
    )
    r.check_not_both_away(others, data.both_away_reason)
    row.person_id, row.person_name = person.id, person.name
    row.post_code, row.unit_id, row.unit_name = post.post_code, post.unit_id, post.unit_name
    row.post_title = f"{post.unit_name}{post.title}" if post.unit_id else post.title
    row.category, row.for_meeting = data.category, bool(data.for_meeting)
    row.reason, row.destination, row.transport = data.reason, data.destination, data.transport
    row.start_date, row.start_half = data.start_date, data.start_half
    row.end_date, row.end_half = data.end_date, data.end_half
    row.contact, row.acting_name = data.contact, data.acting_name
    row.acting_post, row.acting_contact = data.acting_post, data.acting_contact
    row.filed_on, row.late = filed_on, late
    row.emergency_reason = data.emergency_reason if late else ""
    row.both_away_reason = data.both_away_reason if others else ""
    row.note, row.status = data.note, "pending"
    row.report_required = r.report_required(data.category, data.for_meeting)
    row.abroad_private = bool(data.abroad_private) and data.category == r.ABROAD
    _, procedure = r.procedure_of([(post.post_code, "department")])
    row.trip_report_required = r.official_trip_abroad(procedure, data.category, row.abroad_private)


def file_request(db: Database, user: CurrentUser, data: AbsenceInput) -> AbsenceDTO:
    """Record a request (R62.1, R62.4, R62.5, R62.6). Nothing is saved when refused."""
    require(user, "records")
    data = _clean(data)
    cal = work_calendar(db)
    with db.uow(user.username) as s:
        row = Absence()
        _fill(s, row, data, None)
        s.add(row)
        s.flush()
        return absence_dto(s, row, cal)


def amend_request(
    db: Database,
    user: CurrentUser,
    absence_id: int,
    data: AbsenceInput,
    expected_version: int | None = None,
) -> AbsenceDTO:
    """R62.7: a change of itinerary, linked to the original and approved the same way. Until it
    is approved, the itinerary approved before stays in force."""
    require(user, "records")
    data = _clean(data)
    cal = work_calendar(db)
    with db.uow(user.username) as s:
        original = load_for_update(s, Absence, absence_id, expected_version)
        root = s.get(Absence, original.amends_id) if original.amends_id else original
        assert root is not None
        r.check_amendable(
            root.voided_at is not None or original.voided_at is not None,
            root.returned_on is not None,
        )
        if data.person_id not in (None, root.person_id):
            # R62.7: a change is of the same person's itinerary; another person files his own.
            raise violation("R62.7", "变更行程不能更换外出人员；请另行登记外出请示。")
        data = AbsenceInput(**{**asdict(data), "person_id": root.person_id})
        pending = s.scalar(
            select(Absence.id).where(
                Absence.amends_id == root.id,
                Absence.status == "pending",
                Absence.voided_at.is_(None),
            )
        )
        if pending is not None:
            # R62.7: each change is requested and approved in turn (amendment after amendment).
            raise violation("R62.7", "该请示已有一项待审批的行程变更；请先办结或作废那项变更。")
        row = Absence(amends_id=root.id)
        _fill(s, row, data, root.id)
        s.add(row)
        # Bump the original's version: two clerks entering a change at once cannot both win.
        flag_modified(root, "status")
        s.flush()
        return absence_dto(s, row, cal)


def void_request(
    db: Database, user: CurrentUser, absence_id: int, reason: str, expected_version: int | None
) -> AbsenceDTO:
    """作废 a request (its amendments no longer count) or a single amendment."""
    require(user, "records")
    cal = work_calendar(db)
    with db.uow(user.username) as s:
        void_record(s, Absence, absence_id, reason, expected_version, user)
        s.flush()
        row = get_existing(s, Absence, absence_id)
        if row.amends_id is not None:  # the itinerary in force may be the original's again
            follow_itinerary_in_force(s, get_existing(s, Absence, row.amends_id))
            s.flush()
        return absence_dto(s, row, cal)


def get_absence(db: Database, absence_id: int) -> AbsenceDTO:
    cal = work_calendar(db)
    with db.read() as s:
        row = s.get(Absence, absence_id)
        if row is None:
            raise ValidationError("外出请示记录不存在。")
        return absence_dto(s, row, cal)


def follow_itinerary_in_force(s: Session, root: Absence) -> None:
    """R66 / R62.9: the 出访报告 and the written report are due after the trip as it was made —
    the itinerary in force (the latest approved row, R62.7) — and are followed on the original.
    Called when a change of itinerary is approved, or its approval or the change itself voided:
    a trip changed to an official one abroad then needs its trip report, one changed back does
    not. A report already received stays on record."""
    live = [a for a in group_rows(s, root.id) if a.voided_at is None]
    approved = [a for a in live if a.status == "approved"]
    eff = approved[-1] if approved else root
    if eff.id == root.id:  # the original's own trip, by the same rules as when it was filed
        _, procedure = r.procedure_of([(root.post_code, "department")])
        trip = r.official_trip_abroad(procedure, root.category, bool(root.abroad_private))
        report = r.report_required(root.category, root.for_meeting)
    else:
        trip, report = bool(eff.trip_report_required), bool(eff.report_required)
    root.trip_report_required = trip or root.trip_report_received_on is not None
    root.report_required = report or root.report_received_on is not None


def group_rows(s: Session, root_id: int) -> list[Absence]:
    """The original and its amendments, oldest first."""
    return list(
        s.scalars(
            select(Absence)
            .where(or_(Absence.id == root_id, Absence.amends_id == root_id))
            .order_by(Absence.id)
        )
    )
