"""收文 routing and handling (R6.1, R6.2, R32, R35, R36, R42): whom to route a document to on a
day, routing it to a leader or to a handling department with a deadline, the leaders' and
departments' readings, 催办 and 办结. Kept apart from the intake (incoming_intake): these steps
follow the office's check, and each one that reaches a leader checks again that the document may
go before him (an irregular channel, R32; an unapproved bulletin, R42)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from db.engine import Database
from db.models import IncomingChase, IncomingDocument, IncomingReading, Unit
from desktop_app.formatting import format_date
from desktop_app.rules import incoming as r
from desktop_app.rules.registry import violation
from desktop_app.services.absences import in_charge
from desktop_app.services.absences.away import away_on
from desktop_app.services.directory import queries as q
from desktop_app.services.documents.incoming_dto import ROUTES, IncomingDTO
from desktop_app.services.documents.incoming_intake import change_document
from desktop_app.services.system.common import CurrentUser, ValidationError, required_text


@dataclass(frozen=True)
class RouteSuggestion:
    """R6.1 / R6.2 / R32: whom to route to on a day."""

    vice_mayor_id: int | None
    vice_mayor_name: str
    partner_id: int | None  # the AB partner, offered as the alternative
    partner_name: str
    mayor_id: int | None
    mayor_name: str
    # R6.2: the vice mayor in charge is away that day (approved absence): route to the partner.
    vice_mayor_away: bool = False
    away_note: str = ""  # e.g. 「出差（哈尔滨），至2026年3月12日晚上」
    suggested_id: int | None = None  # whom to route to: the partner while the vice mayor is away


def suggest_route(db: Database, unit_id: int, day: date) -> RouteSuggestion:
    """R6.1 / R6.2: the vice mayor in charge of `unit_id` on `day` (the directory's one answer,
    `in_charge.find`), his AB partner (the one to route to while he is away on an approved
    absence) and the mayor (major matters, R32)."""
    with db.read() as s:
        vm = in_charge.find(s, day, unit_id=unit_id) if unit_id else None
        mayor = q.holder(s, "mayor", day)
        info = away_on(s, day).get(vm.person_id) if vm is not None and vm.away else None
        note = (
            f"{info.category}（{info.destination}），至{format_date(info.end)}{info.end_half}"
            if info
            else ""
        )
        if vm is None:
            return RouteSuggestion(
                None, "", None, "", mayor.person_id if mayor else None, mayor.name if mayor else ""
            )
        return RouteSuggestion(
            vm.person_id,
            vm.name,
            vm.partner_id,
            vm.partner_name,
            mayor.person_id if mayor else None,
            mayor.name if mayor else "",
            vm.away,
            note,
            vm.stand_in_id or vm.person_id,
        )


def _check_before_leader(d: IncomingDocument) -> None:
    """R32 / R42: what may not go before a leader (routing to him, or his 阅批)."""
    r.check_leader_route(d.channel)
    r.check_bulletin_leader_route(d.doc_type, d.bulletin_approved_by)


def route(
    db: Database,
    user: CurrentUser,
    doc_id: int,
    *,
    to: str,
    today: date,
    leader_id: int | None = None,
    lead_unit_id: int | None = None,
    assist_unit_ids: tuple[int, ...] = (),
    working_days: int | None = None,
    deadline: date | None = None,
    expected_version: int | None,
) -> IncomingDTO:
    """R32 / R35: to a leader (vice mayor in charge, or the mayor for major matters) or to a
    handling department with a deadline (`working_days` counted on the work calendar).
    R32: an irregular document goes before no leader; R42: nor does an unapproved bulletin."""
    if to not in ROUTES:
        raise ValidationError("请选择分送方式。")
    if to == "department" and working_days is not None:
        from desktop_app.services.system.calendar_admin import work_calendar

        deadline = work_calendar(db).add_working_days(today, working_days)

    def change(s: Session, d: IncomingDocument) -> None:
        r.check_routable(d.status, d.voided_at is not None)
        if to in r.LEADER_ROUTES:
            _check_before_leader(d)
        if to == "department":
            r.check_department_route(deadline, lead_unit_id is not None, today)
            for uid in (lead_unit_id, *assist_unit_ids):
                if s.get(Unit, uid) is None:
                    raise ValidationError("部门不存在。")
            d.lead_unit_id, d.deadline = lead_unit_id, deadline
            d.assist_unit_ids = ",".join(str(u) for u in assist_unit_ids if u != lead_unit_id)
        else:
            if leader_id is None or not q.person_name(s, leader_id):
                raise ValidationError("请选择呈送的领导。")
            d.leader_id = leader_id
        d.route_kind = to
        d.status = "routed"

    return change_document(db, user, doc_id, expected_version, change)


def record_reading(
    db: Database,
    user: CurrentUser,
    doc_id: int,
    *,
    read_on: date,
    opinion: str = "",
    person_id: int | None = None,
    unit_id: int | None = None,
) -> IncomingDTO:
    """R36: a circle on a 告知性 document means 「已阅知」; 请示性 and 需处理类 need an opinion."""
    if (person_id is None) == (unit_id is None):
        raise ValidationError("请选择阅文的领导或部门（二选一）。")

    def change(s: Session, d: IncomingDocument) -> None:
        if d.status != "routed":
            raise violation("R32", "文件尚未分送，不能登记阅批。")
        if person_id is not None:
            _check_before_leader(d)
        kind, text = r.reading_opinion(d.nature, opinion)
        s.add(
            IncomingReading(
                document_id=d.id,
                person_id=person_id,
                unit_id=unit_id,
                read_on=read_on,
                kind=kind,
                opinion=text,
            )
        )

    return change_document(db, user, doc_id, None, change)


def chase(
    db: Database, user: CurrentUser, doc_id: int, chased_on: date, note: str, response: str = ""
) -> IncomingDTO:
    """催办 of a document being handled."""

    def change(s: Session, d: IncomingDocument) -> None:
        if d.status != "routed":
            raise ValidationError("只有办理中的文件可以催办。")
        s.add(
            IncomingChase(
                document_id=d.id,
                chased_on=chased_on,
                note=required_text(note, "催办情况", 2000),
                response=(response or "").strip(),
            )
        )

    return change_document(db, user, doc_id, None, change)


def close(
    db: Database,
    user: CurrentUser,
    doc_id: int,
    *,
    result: str,
    closed_on: date,
    archive_ref: str = "",
    expected_version: int | None,
) -> IncomingDTO:
    """办结: the reply or result (R35), with the archive reference (归档号)."""

    def change(_s: Session, d: IncomingDocument) -> None:
        if d.status != "routed":
            raise ValidationError("只有办理中的文件可以办结。")
        d.result = required_text(result, "办理结果", 4000)
        d.closed_on, d.archive_ref, d.status = closed_on, archive_ref.strip(), "closed"

    return change_document(db, user, doc_id, expected_version, change)
