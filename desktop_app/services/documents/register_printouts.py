"""收文登记簿 and 发文登记簿 as printed (UI: 「打印登记簿」): the rows are read here with R44 applied
(classified rows only for accounts that may see them, doc_register.*_register, with the audit
chain's head read alongside), drawn by printing.doc_registers, and every classified row printed is
written to the audit log — after the read, so the print's own entries follow the anchor it shows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from db.engine import Database
from desktop_app.printing.doc_registers import (
    build_incoming_register_pdf,
    build_outgoing_register_pdf,
)
from desktop_app.printing.fonts import FontSet
from desktop_app.printing.official_model import RenderResult
from desktop_app.services.documents import outgoing
from desktop_app.services.documents import register as doc_register
from desktop_app.services.system import org_profile
from desktop_app.services.system.common import CurrentUser


def incoming_register_pdf(
    db: Database,
    user: CurrentUser,
    *,
    start: date | None = None,
    end: date | None = None,
    include_voided: bool = True,
    printed_on: date | None = None,
    fonts: FontSet | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> RenderResult:
    """The 收文登记簿 for documents received from `start` to `end` (China dates, inclusive):
    the PDF with its page count and the notes for the preview's status bar (faces that stood
    in, 「缺字」)."""
    rows, anchor = doc_register.incoming_register(
        db, user, start=start, end=end, include_voided=include_voided
    )
    result = build_incoming_register_pdf(
        rows,
        org=org_profile.get_profile(db)["office_name"],
        start=start,
        end=end,
        include_voided=include_voided,
        printed_on=printed_on or date.today(),
        anchor=anchor,
        fonts=fonts,
        progress=progress,
        cancelled=cancelled,
    )
    doc_register.record_output(
        db, user, "incoming_document", [r.id for r in rows if r.secrecy], "print"
    )
    return result


def outgoing_register_pdf(
    db: Database,
    user: CurrentUser,
    *,
    start: date | None = None,
    end: date | None = None,
    include_voided: bool = True,
    printed_on: date | None = None,
    fonts: FontSet | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> RenderResult:
    """The 发文登记簿 for documents issued from `start` to `end` (a draft counts under its
    drafting date until it is issued, as in outgoing.list_outgoing)."""
    docs, anchor = doc_register.outgoing_register(
        db, user, start=start, end=end, include_voided=include_voided
    )
    result = build_outgoing_register_pdf(
        docs,
        org=org_profile.get_profile(db)["office_name"],
        start=start,
        end=end,
        include_voided=include_voided,
        printed_on=printed_on or date.today(),
        anchor=anchor,
        fonts=fonts,
        progress=progress,
        cancelled=cancelled,
    )
    outgoing.record_print(db, user, [d.id for d in docs if d.secrecy])
    return result
