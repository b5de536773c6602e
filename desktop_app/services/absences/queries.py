"""Lists of absence requests for the pane, the printed list and the dashboard."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, func, or_, select

from db.audit import head_anchor
from db.chunks import in_chunks
from db.engine import Database
from db.models.absences import Absence
from desktop_app.services.absences.dto import (
    ABSENCE_COLUMNS,
    STATUS_NAMES,
    AbsenceDTO,
    absence_dtos,
)
from desktop_app.services.system import ledger_provenance
from desktop_app.services.system.calendar_admin import work_calendar
from desktop_app.services.system.common import ValidationError

# Extra filters besides the statuses of STATUS_NAMES.
FILTERS = {
    **STATUS_NAMES,
    "overdue_return": "逾期未销假",
    "report_missing": "书面报告未交",
    "trip_report_missing": "出访报告未交",
    "late": "不足3天（紧急）",
}


def list_absences(
    db: Database,
    start: date | None = None,
    end: date | None = None,
    status: str | None = None,
    person_id: int | None = None,
    include_voided: bool = True,
    include_amendments: bool = False,
    today: date | None = None,
    limit: int | None = None,
    category: str | None = None,
) -> list[AbsenceDTO]:
    """Requests whose itinerary (original or any amendment) touches [start, end], newest
    departure first. `status`: a key of FILTERS. Amendments are listed on their own only when
    asked; otherwise they are reached from the original (amendment_ids, effective_id).
    `limit`: at most that many, the newest departures (the list's first page: years of requests
    are not read to show one screen). A status the statement chooses exactly (PAGED_STATUSES) is
    paged too; 逾期未销假 depends on the calendar and is decided after the read, so that list,
    and a list with its amendments, is read whole. `category`: only requests of that 类别 (each
    listed row's own, as its DTO shows it)."""
    if status is not None and status not in FILTERS:
        raise ValidationError("未知的状态筛选。")
    if start is not None and end is not None and end < start:
        raise ValidationError("结束日期不能早于起始日期。")
    today = today or date.today()
    cal = work_calendar(db)
    with db.read() as s:
        if include_amendments:  # every request and amendment whose own itinerary touches
            stmt = _touching(select(Absence), start, end, person_id)
            stmt = stmt.where(*_row_conditions(status, include_voided))
        else:  # the originals of those, each once (an amendment's original is never one itself)
            roots = select(Absence).where(*_root_conditions(status, include_voided))
            if start is None and end is None and person_id is None:
                stmt = roots.where(Absence.amends_id.is_(None))
            else:
                hit = func.coalesce(Absence.amends_id, Absence.id)
                stmt = roots.where(Absence.id.in_(_touching(select(hit), start, end, person_id)))
        if category:
            stmt = stmt.where(Absence.category == category)
        if limit is not None and status in PAGED_STATUSES and not include_amendments:
            # the order of the sort below (a request's own departure, not an amendment's)
            stmt = stmt.order_by(Absence.start_date.desc(), Absence.id.desc()).limit(
                max(0, int(limit))
            )
        rows = list(s.execute(stmt.with_only_columns(*ABSENCE_COLUMNS)))
        imported = ledger_provenance.provenance_texts(
            s, Absence.__tablename__, [a.id for a in rows]
        )
        out = absence_dtos(s, rows, cal, imported)
    if not include_voided and status != "voided":
        out = [d for d in out if d.status != "voided"]
    if status in STATUS_NAMES:
        out = [d for d in out if d.status == status]
    elif status == "overdue_return":
        out = [d for d in out if d.status != "voided" and d.overdue_return(today)]
    elif status == "report_missing":
        out = [d for d in out if d.status != "voided" and d.report_missing]
    elif status == "trip_report_missing":
        out = [d for d in out if d.status != "voided" and d.trip_report_missing]
    elif status == "late":
        out = [d for d in out if d.late]
    out.sort(key=lambda d: (d.start_date, d.id), reverse=True)
    return out


def _touching(stmt: Select, start: date | None, end: date | None, person_id: int | None) -> Select:
    if start is not None:
        stmt = stmt.where(Absence.end_date >= start)
    if end is not None:
        stmt = stmt.where(Absence.start_date <= end)
    if person_id is not None:
        stmt = stmt.where(Absence.person_id == person_id)
    return stmt


# The statuses whose conditions below choose an original request exactly as its DTO decides it
# (for an original, its status is its own row's): their lists are paged by the statement. None:
# no status chosen. Not 逾期未销假, which needs the calendar.
PAGED_STATUSES = frozenset(
    {None, "pending", "approved", "returned", "reported", "voided", "late", "report_missing"}
    | {"trip_report_missing"}
)


# What a status filter needs of the stored row, read in SQL so that the 工作台's reminders and a
# filtered list read the few requests they show, not every request of every year. Each is only
# a necessary condition: the exact status (which for an amendment depends on its original, and
# for 逾期未销假 on the calendar) is still decided on the DTOs.
_LIVE = Absence.voided_at.is_(None)
_APPROVED = (_LIVE, Absence.status == "approved")
_BACK = (Absence.returned_on.is_not(None),)
_ROOT_CONDITIONS: dict[str, tuple] = {
    "pending": (_LIVE, Absence.status != "approved"),
    "approved": (*_APPROVED, Absence.returned_on.is_(None), Absence.reported_back_on.is_(None)),
    "returned": (*_APPROVED, *_BACK, Absence.reported_back_on.is_(None)),
    "overdue_return": (*_APPROVED, *_BACK, Absence.reported_back_on.is_(None)),
    "reported": (*_APPROVED, Absence.reported_back_on.is_not(None)),
    "voided": (Absence.voided_at.is_not(None),),
    "report_missing": (
        _LIVE,
        *_BACK,
        Absence.report_required.is_(True),
        Absence.report_received_on.is_(None),
    ),
    "trip_report_missing": (
        _LIVE,
        *_BACK,
        Absence.trip_report_required.is_(True),
        Absence.trip_report_received_on.is_(None),
    ),
    "late": (Absence.late.is_(True),),
}
# An amendment's own row: its status and void (its return and reports are its original's).
_ROW_CONDITIONS: dict[str, tuple] = {
    "pending": _ROOT_CONDITIONS["pending"],
    "approved": _APPROVED,
    "returned": _APPROVED,
    "overdue_return": _APPROVED,
    "reported": _APPROVED,
    "report_missing": (_LIVE,),
    "trip_report_missing": (_LIVE,),
    "late": _ROOT_CONDITIONS["late"],
}


def _root_conditions(status: str | None, include_voided: bool) -> tuple:
    """For originals (whose status is their own row's)."""
    return _ROOT_CONDITIONS.get(status or "", ()) + _live_only(status, include_voided)


def _row_conditions(status: str | None, include_voided: bool) -> tuple:
    """For any row, an amendment too."""
    return _ROW_CONDITIONS.get(status or "", ()) + _live_only(status, include_voided)


def _live_only(status: str | None, include_voided: bool) -> tuple:
    return () if include_voided or status == "voided" else (_LIVE,)


def absences_to_print(db: Database, ids: list[int]) -> tuple[list[AbsenceDTO], str]:
    """The requests `ids` (the list as filtered on screen), read again in the order given,
    and the audit chain's head (db.audit.head_anchor), both as of one moment: the printed
    list shows the record as it stands, and the head printed on every page lets the paper
    later prove it. Requests no longer found are left out."""
    cal = work_calendar(db)
    with db.snapshot() as s:
        anchor = head_anchor(s)
        found = {
            a.id: a
            for part in in_chunks(list(dict.fromkeys(ids)))
            for a in s.scalars(select(Absence).where(Absence.id.in_(part)))
        }
        return absence_dtos(s, [found[i] for i in dict.fromkeys(ids) if i in found], cal), anchor


def absences_of_root(db: Database, root_id: int) -> list[AbsenceDTO]:
    """The original request and its amendments (R62.7), oldest first: the change history."""
    cal = work_calendar(db)
    with db.read() as s:
        rows = s.scalars(
            select(Absence)
            .where(or_(Absence.id == root_id, Absence.amends_id == root_id))
            .order_by(Absence.id)
        )
        return absence_dtos(s, list(rows), cal)
