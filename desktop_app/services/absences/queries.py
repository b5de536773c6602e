"""Lists of absence requests for the pane, the printed list and the dashboard."""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select

from db.audit import head_anchor
from db.engine import Database
from db.models.absences import Absence
from desktop_app.services.absences.dto import STATUS_NAMES, AbsenceDTO, absence_dto
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
) -> list[AbsenceDTO]:
    """Requests whose itinerary (original or any amendment) touches [start, end], newest
    departure first. `status`: a key of FILTERS. Amendments are listed on their own only when
    asked; otherwise they are reached from the original (amendment_ids, effective_id)."""
    if status is not None and status not in FILTERS:
        raise ValidationError("未知的状态筛选。")
    if start is not None and end is not None and end < start:
        raise ValidationError("结束日期不能早于起始日期。")
    today = today or date.today()
    cal = work_calendar(db)
    with db.read() as s:
        stmt = select(Absence)
        if start is not None:
            stmt = stmt.where(Absence.end_date >= start)
        if end is not None:
            stmt = stmt.where(Absence.start_date <= end)
        if person_id is not None:
            stmt = stmt.where(Absence.person_id == person_id)
        hits = s.scalars(stmt).all()
        if include_amendments:
            rows = list(hits)
        else:
            root_ids = {a.amends_id or a.id for a in hits}
            rows = (
                list(s.scalars(select(Absence).where(Absence.id.in_(root_ids)))) if root_ids else []
            )
        imported = ledger_provenance.provenance_texts(
            s, Absence.__tablename__, [a.id for a in rows]
        )
        out = [absence_dto(s, a, cal, imported) for a in rows]
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
            for part in _chunks(list(dict.fromkeys(ids)))
            for a in s.scalars(select(Absence).where(Absence.id.in_(part)))
        }
        return [absence_dto(s, found[i], cal) for i in dict.fromkeys(ids) if i in found], anchor


def _chunks(ids: list[int], size: int = 500):
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def absences_of_root(db: Database, root_id: int) -> list[AbsenceDTO]:
    """The original request and its amendments (R62.7), oldest first: the change history."""
    cal = work_calendar(db)
    with db.read() as s:
        rows = s.scalars(
            select(Absence)
            .where(or_(Absence.id == root_id, Absence.amends_id == root_id))
            .order_by(Absence.id)
        )
        return [absence_dto(s, a, cal) for a in rows]
