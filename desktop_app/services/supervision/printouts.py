"""The 督查通报 (R73) of a period: the per-unit figures read here, drawn by
printing.supervision_circular. Only counts and unit names are printed — no item's text — so
R44 needs no masking here."""

from __future__ import annotations

from datetime import date

from db.engine import Database
from db.models.supervision import SupervisionItem
from desktop_app.formatting import format_date
from desktop_app.printing.official_model import RenderResult
from desktop_app.printing.supervision_circular import (
    CircularData,
    CircularLine,
    build_circular_pdf,
)
from desktop_app.printing.supervision_proposals import (
    ProposalCounts,
    ProposalSummaryData,
    build_proposal_summary_pdf,
)
from desktop_app.services.supervision import queries, summaries
from desktop_app.services.supervision.commands import require_supervision
from desktop_app.services.system import copy_numbers, sheet_codes
from desktop_app.services.system.common import PermissionDenied, ValidationError
from desktop_app.services.system.org_profile import profile_value

OFFICE = "同江市人民政府督查室"


def circular_data(db: Database, start: date, end: date, issued_on: date) -> CircularData:
    if end < start:
        raise ValidationError("通报期间的结束日期不能早于开始日期。")
    lines = [
        CircularLine(x.unit_name, x.items, x.done_on_time, x.done_late, x.overdue, x.not_reported)
        for x in summaries.unit_lines(db, start, end)
    ]
    return CircularData(OFFICE, f"{format_date(start)}至{format_date(end)}", issued_on, lines)


def circular_pdf(db: Database, start: date, end: date, issued_on: date) -> RenderResult:
    """R73: the circular for items due in [start, end], as of `end`."""
    return build_circular_pdf(circular_data(db, start, end, issued_on))


def notice_pdf(
    db: Database, item_id: int, issued_on: date, *, user, copies: int = 1
) -> RenderResult:
    """督办通知单 of one item for its responsible unit. R44: a classified item's notice only for
    an account that may see classified records (its text is the notice); it carries the item's
    密级 and a 份号 per copy — `copies` copies, numbered on from the last one printed — and the
    print is audited with those numbers."""
    from desktop_app.printing.supervision_notice import NoticeData, build_notice_pdf

    item = queries.get_item(db, item_id, issued_on, user=user)
    if item.secrecy and not user.can("classified"):
        raise PermissionDenied("涉密督办事项的通知单只能由有权查看涉密记录的账户打印。")
    if item.void_reason is not None:
        raise ValidationError("该督办事项已作废。")
    numbers = None
    if not (user.can("records") or user.can("supervision")):  # a reprint, with the same code
        token = sheet_codes.reprint_token(
            db, "supervision", item_id, "督办通知单", f"督办{item_id}", "records", "supervision"
        )
    else:  # the code is made on first print
        require_supervision(user)
        if item.secrecy:
            copy_numbers.check_copies(copies)  # before the code is made
        with db.uow(user.username) as s:
            token = sheet_codes.token_for(s, "supervision", item_id)
            if item.secrecy:  # R44: numbered and logged with the code, in one transaction
                numbers = copy_numbers.take(
                    s,
                    user.username,
                    SupervisionItem,
                    "copies_printed",
                    item_id,
                    copies,
                    "督办通知单",
                )
    result = build_notice_pdf(
        NoticeData(
            OFFICE,
            item.id,
            item.unit_name,
            item.title,
            item.content,
            item.source_text,
            item.vice_mayor_name,
            item.responsible_person,
            item.assisting_units,
            item.quality,
            item.deadline,
            issued_on,
            token,
            secrecy=item.secrecy if numbers else "",
        ),
        copy_numbers=numbers.labels if numbers else (),
    )
    if numbers is not None:
        result.notes.append(numbers.note)
    return result


def proposal_summary_data(db: Database, year: int, issued_on: date) -> ProposalSummaryData:
    if not 1949 < year <= issued_on.year + 1:
        raise ValidationError("请填写要汇总的年度。")
    counts = [
        ProposalCounts(
            kind, c["received"], c["assigned"], c["on_time"], c["late"], c["not_replied"]
        )
        for kind, c in sorted(summaries.proposal_summary(db, year).items())
    ]
    late, unreplied = summaries.proposal_units(db, year, issued_on)
    with db.read() as s:
        office = profile_value(s, "office_name")
    return ProposalSummaryData(office, year, issued_on, counts, late, unreplied)


def proposal_summary_pdf(db: Database, year: int, issued_on: date) -> RenderResult:
    """R72: the year's suggestions and proposals — received, assigned on the vice mayor in
    charge's approval, replied on time, late, not yet — and the units late or not replied.
    Counts and unit names only, so R44 needs no masking."""
    return build_proposal_summary_pdf(proposal_summary_data(db, year, issued_on))
