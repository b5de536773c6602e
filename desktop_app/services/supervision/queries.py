"""督办 reads: the register (search, filters, first page), one item with its reports, the
due-soon and overdue lists, and the choices of records to bring into the register (the counts
per unit and per year are in summaries). R44: a classified item's text is shown only to
accounts that may see classified records."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased

from db import audit
from db.chunks import in_chunks
from db.engine import Database
from db.errors import NotFoundError
from db.models import Person, Unit
from db.models.seals import SealFile
from db.models.supervision import SupervisionItem, SupervisionReport
from desktop_app.rules.supervision import timeliness
from desktop_app.services.seals.dto import StoredFile
from desktop_app.services.supervision.dto import HIDDEN, ItemDTO, ReportDTO
from desktop_app.services.system import ledger_provenance
from desktop_app.services.system.calendar_admin import calendar_in
from desktop_app.services.system.common import (
    CurrentUser,
    PermissionDenied,
    ValidationError,
    get_existing,
)
from desktop_app.workdays import WorkCalendar

_VM, _ESC, _BY = aliased(Person), aliased(Person), aliased(Person)


def _report_stats(item_ids: list[int] | None = None):
    """Unit reports per item; restricted to `item_ids` so a page never aggregates the whole
    table (20 years hold ~150,000 reports)."""
    stmt = select(
        SupervisionReport.item_id,
        func.count().label("n"),
        func.max(SupervisionReport.received_on).label("last"),
    ).where(SupervisionReport.direction == "unit", SupervisionReport.voided_at.is_(None))
    if item_ids is not None:
        stmt = stmt.where(SupervisionReport.item_id.in_(item_ids))
    return stmt.group_by(SupervisionReport.item_id).subquery()


def _rows(stats) -> Select:
    return (
        select(
            SupervisionItem,
            Unit.name,
            _VM.name,
            _ESC.name,
            _BY.name,
            func.coalesce(stats.c.n, 0),
            stats.c.last,
        )
        .outerjoin(Unit, Unit.id == SupervisionItem.unit_id)
        .outerjoin(_VM, _VM.id == SupervisionItem.vice_mayor_id)
        .outerjoin(_ESC, _ESC.id == SupervisionItem.escalated_to_id)
        .outerjoin(_BY, _BY.id == SupervisionItem.instruction_by_id)
        .outerjoin(stats, stats.c.item_id == SupervisionItem.id)
    )


def _rows_of(s: Session, ids: list[int]) -> list:
    """The full rows of `ids`, in that order, read in chunks (bound parameters stay few)."""
    found: dict[int, Any] = {}
    for chunk in in_chunks(ids):
        stmt = _rows(_report_stats(chunk)).where(SupervisionItem.id.in_(chunk))
        found.update((row[0].id, row) for row in s.execute(stmt))
    return [found[i] for i in ids]


def calendar_of(s: Session) -> WorkCalendar:
    """The office calendar (library data overridden by the entered notices), read in `s`."""
    return calendar_in(s)


def deadline_provisional(i: SupervisionItem, cal: WorkCalendar | None) -> bool:
    """CAL1: a deadline counted in working days (R59: a request's reply) that runs into a year
    whose holidays are not known yet (neither the calendar package nor an entered notice) —
    暂定 until the office enters that year's notice."""
    if cal is None or i.deadline is None or i.source_kind != "request":
        return False
    if not (i.from_grassroots or i.several_portfolios):
        return False  # a date the clerk set, not a count of working days
    return any(cal.is_provisional(y) for y in range(i.assigned_on.year, i.deadline.year + 1))


def _dto(
    row,
    today: date,
    user: Any,
    cal: WorkCalendar | None = None,
    imported: dict[int, str] | None = None,
) -> ItemDTO:
    """`user`: anything with `can(action)` (a CurrentUser), or None for an anonymous reader;
    `cal`: the office calendar, to mark provisional deadlines; `imported`: the provenance
    texts of the imported items among those read."""
    i, unit, vm, esc, by, n, last = row
    hidden = bool(i.secrecy) and not (user is not None and user.can("classified"))
    return ItemDTO(
        i.id,
        i.version,
        i.source_kind,
        i.decision_id,
        i.incoming_document_id,
        HIDDEN if hidden else i.title,
        HIDDEN if hidden else i.content,
        by or "",
        i.instruction_on,
        i.unit_id,
        unit or "",
        i.responsible_person,
        i.assisting_units,
        vm or "",
        "" if hidden else i.quality,
        i.assigned_on,
        i.deadline,
        i.secrecy,
        i.status,
        i.closed_on,
        "" if hidden else i.evidence,
        esc or "",
        i.escalated_on,
        "" if hidden else i.escalation_reason,
        i.request_form,
        i.request_from,
        i.major_category,
        i.route,
        i.matter,
        n,
        last,
        i.void_reason,
        timeliness(i.deadline, i.closed_on if i.status != "open" else None, today),
        deadline_provisional(i, cal),
        (imported or {}).get(i.id, ""),
    )


def item_dto(s: Session, item: SupervisionItem, today: date, user: Any = None) -> ItemDTO:
    """The DTO of an item just written: without `user`, the writer sees what he wrote; with
    it, as `user` may see it (R44: a classified item changed by another account)."""
    (row,) = _rows_of(s, [item.id])
    return _dto(row, today, user or _Writer(), calendar_of(s))


class _Writer:
    def can(self, action: str) -> bool:
        return True


def report_dto(r: SupervisionReport, size: int = 0) -> ReportDTO:
    return ReportDTO(
        r.id,
        r.item_id,
        r.direction,
        r.received_on,
        r.text,
        r.attachment_name,
        r.created_by,
        r.attachment_sha256,
        size,
    )


def list_items(
    db: Database,
    today: date,
    *,
    user: CurrentUser | None = None,
    search: str = "",
    state: str = "",  # "" | open | overdue | due_soon | closed
    unit_id: int | None = None,
    instruction_by_id: int | None = None,
    due_by: date | None = None,
    include_voided: bool = False,
    limit: int | None = 500,
) -> list[ItemDTO]:
    """The register, most urgent first: open items by deadline, then closed ones, latest
    deadline first. `due_by`: the due-soon horizon. The page's ids are chosen on the item table
    alone; names and report counts are read for that page only."""
    is_open = SupervisionItem.status == "open"
    stmt = select(SupervisionItem.id)
    if not include_voided:
        stmt = stmt.where(SupervisionItem.voided_at.is_(None))
    if unit_id is not None:  # the per-unit view
        stmt = stmt.where(SupervisionItem.unit_id == unit_id)
    if instruction_by_id is not None:  # the 批示 one leader gave
        stmt = stmt.where(SupervisionItem.instruction_by_id == instruction_by_id)
    if state == "overdue":
        stmt = stmt.where(SupervisionItem.deadline < today)
    if state == "due_soon":
        stmt = stmt.where(SupervisionItem.deadline >= today, SupervisionItem.deadline <= due_by)
    words = (search or "").strip()
    if words:
        like = f"%{words}%"
        stmt = stmt.outerjoin(Unit, Unit.id == SupervisionItem.unit_id)
        clauses: list[Any] = [Unit.name.like(like), SupervisionItem.responsible_person.like(like)]
        if user is not None and user.can("classified"):
            clauses.append(SupervisionItem.title.like(like))
        else:  # R44: a classified item is not found by words of its hidden title
            clauses.append((SupervisionItem.secrecy == "") & SupervisionItem.title.like(like))
        stmt = stmt.where(or_(*clauses))
    # Two index-ordered reads rather than one sort of every row: the open items (few) by
    # deadline, then the closed ones from the latest deadline back, as far as the page goes.
    parts = []
    if state != "closed":
        parts.append(stmt.where(is_open).order_by(SupervisionItem.deadline, SupervisionItem.id))
    if state in ("", "closed"):
        parts.append(
            stmt.where(~is_open).order_by(
                SupervisionItem.deadline.desc(), SupervisionItem.id.desc()
            )
        )
    with db.read() as s:
        ids: list[int] = []
        for part in parts:
            left = None if limit is None else limit - len(ids)
            if left is not None and left <= 0:
                break
            ids += s.scalars(part if left is None else part.limit(left))
        cal = calendar_of(s)
        imported = ledger_provenance.provenance_texts(s, SupervisionItem.__tablename__, ids)
        return [_dto(row, today, user, cal, imported) for row in _rows_of(s, ids)]


def get_item(db: Database, item_id: int, today: date, *, user=None) -> ItemDTO:
    with db.read() as s:
        imported = ledger_provenance.provenance_texts(s, SupervisionItem.__tablename__, [item_id])
        return _dto(_rows_of(s, [item_id])[0], today, user, calendar_of(s), imported)


def reports_of(db: Database, item_id: int, *, user=None) -> list[ReportDTO]:
    """The item's reports, oldest first: what its detail shows when it is opened. R44: a
    classified item's opened with its text by an account that may see it is audited (view)."""
    with db.read() as s:
        item = get_existing(s, SupervisionItem, item_id)
        hidden = bool(item.secrecy) and not (user is not None and user.can("classified"))
        opened = bool(item.secrecy) and not hidden
        out = []
        for r, size in s.execute(
            select(SupervisionReport, SealFile.size)
            .outerjoin(SealFile, SealFile.sha256 == SupervisionReport.attachment_sha256)
            .where(SupervisionReport.item_id == item_id, SupervisionReport.voided_at.is_(None))
            .order_by(SupervisionReport.received_on, SupervisionReport.id)
        ):
            dto = report_dto(r, size or 0)
            if hidden:  # R44: the attachment's name can say as much as the text
                dto = replace(
                    dto,
                    text=HIDDEN,
                    attachment_name="（附件不显示）" if r.attachment_name else "",
                    # nor its hash: the key to the file's bytes in the store (seals.get_file)
                    attachment_sha256="",
                    attachment_size=0,
                )
            out.append(dto)
    if opened:
        audit_item(db, user, [item_id], "view")
    return out


def audit_item(
    db: Database, user: CurrentUser, item_ids: list[int], action: str, what: str = ""
) -> None:
    """R44: log a view / export of classified items (`item_ids`: the classified ones only),
    as a classified 收文's open is logged."""
    if not item_ids:
        return
    after = {"what": what} if what else {}
    with db.uow(user.username) as s:
        audit.append_entries(
            s,
            user.username,
            [(SupervisionItem.__tablename__, i, action, {}, after) for i in sorted(set(item_ids))],
        )


def report_attachment(db: Database, report_id: int, *, user: Any = None) -> StoredFile:
    """The file attached to a written report, to open or save. R44: a classified item's
    attachments only for accounts that may see classified records."""
    with db.read() as s:
        r = s.get(SupervisionReport, report_id)
        if r is None or r.voided_at is not None or not r.attachment_sha256:
            raise ValidationError("该反馈没有附件文件。")
        item = get_existing(s, SupervisionItem, r.item_id)
        if item.secrecy and not (user is not None and user.can("classified")):
            raise PermissionDenied("涉密督办事项的附件只能由有权查看涉密记录的账户打开。")
        f = s.get(SealFile, r.attachment_sha256)
        if f is None:
            raise NotFoundError("附件文件不存在。")
        stored = StoredFile(
            f.sha256, r.attachment_name or f.filename, f.media_type, f.size, bytes(f.content)
        )
        secret = bool(item.secrecy)
    if secret:  # R44: the file can say as much as the item's text
        audit_item(db, user, [r.item_id], "view", stored.filename)
    return stored


def decision_choices(db: Database, *, user: CurrentUser | None = None) -> list[tuple[int, str]]:
    """Meeting decisions still open and not yet in the register, for 「会议决定转入督办」."""
    from desktop_app.services.meetings import decisions

    return [
        (d.id, f"{d.meeting_title}：{' '.join(d.content.split())[:40]}（{d.unit_name}）")
        for d in decisions.open_decisions(db, user=user, untracked_only=True)
    ]


def document_choices(db: Database, *, user: CurrentUser | None = None) -> list[tuple[int, str]]:
    """收文 under handling (routed to a leader, not closed) for an item from a document (R35),
    newest first. R44: classified ones only for accounts that may see them."""
    from db.models import IncomingDocument

    stmt = (
        select(
            IncomingDocument.id,
            IncomingDocument.year,
            IncomingDocument.seq,
            IncomingDocument.title,
            IncomingDocument.secrecy,
        )
        .where(
            IncomingDocument.voided_at.is_(None),
            IncomingDocument.status.in_(("proposed", "routed")),
        )
        .order_by(IncomingDocument.received_at.desc())
        .limit(300)
    )
    if not (user is not None and user.can("classified")):
        stmt = stmt.where(IncomingDocument.secrecy == "")
    with db.read() as s:
        return [
            (i, f"收文〔{y}〕{n}号 {t}" + (f"（{sec}）" if sec else ""))
            for i, y, n, t, sec in s.execute(stmt)
        ]
