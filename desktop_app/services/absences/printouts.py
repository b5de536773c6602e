"""外出请示报备表 and the list of absences as printed (UI: 「打印报备表」, 「打印登记表」): the
requests are read here (the list again with the audit chain's head) and drawn by
printing.absence_forms."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from db.engine import Database
from desktop_app.printing.absence_forms import (
    absence_form_from,
    absence_list_entry,
    build_absence_form_pdf,
    build_absence_list_pdf,
)
from desktop_app.printing.official_model import RenderResult
from desktop_app.services.absences import commands as absences
from desktop_app.services.absences import queries as absences_queries
from desktop_app.services.absences.dto import AbsenceDTO
from desktop_app.services.system import org_profile


def absence_form_pdf(db: Database, absence_id: int) -> RenderResult:
    """The 外出请示报备表 of one request (or amendment) as it stands."""
    office = org_profile.get_profile(db)["office_name"]
    return build_absence_form_pdf(absence_form_from(absences.get_absence(db, absence_id), office))


def absence_list_pdf(
    db: Database,
    dtos: Iterable[AbsenceDTO],
    filter_text: str,
    today: date,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> RenderResult:
    """The list of the given requests (already filtered by the caller) for a period: read again
    with the audit chain's head, so every page shows the record as it stands and its anchor."""
    office = org_profile.get_profile(db)["office_name"]
    fresh, anchor = absences_queries.absences_to_print(db, [d.id for d in dtos])
    entries = [absence_list_entry(d, today) for d in fresh]
    return build_absence_list_pdf(
        entries,
        office,
        filter_text,
        today,
        anchor=anchor,
        progress=progress,
        cancelled=cancelled,
    )
