"""收文登记簿 (FORMS.md → Registers): the rows of the incoming register for a date range, one page
at a time for the screen (newest first) or whole for printing and export (oldest first).

A page costs four queries whatever its length (documents, leaders' readings, units, people),
and the first page of 200,000 documents is read through the received_at index.
R44: classified rows only for accounts that may see classified records; printing or exporting
them is written to the audit log (`record_output`).
For printing, `incoming_register` and `outgoing_register` read the rows and the audit chain's head
(db.audit.head_anchor) in one snapshot: the head is printed on every page, so the paper copy can
later prove which state of the electronic record it shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from db import audit
from db.chunks import in_chunks
from db.engine import Database
from db.models import IncomingDocument, IncomingReading, Person, Unit
from desktop_app.formatting import CHINA, copies_text, format_date, format_doc_number
from desktop_app.services.documents import outgoing
from desktop_app.services.documents.incoming_dto import visible as _visible
from desktop_app.services.documents.outgoing_dto import OutgoingDTO
from desktop_app.services.documents.outgoing_page import build as build_outgoing
from desktop_app.services.system.common import CurrentUser, ValidationError
from desktop_app.services.system.org_profile import profile_value


@dataclass(frozen=True)
class IncomingRow:
    """One line of the 收文登记簿, with the cells as printed."""

    id: int
    number: str  # 收文号
    received_at: datetime
    sender: str
    sender_number: str
    title: str
    secrecy: str
    urgency: str
    copies: int
    copy_numbers: str  # 份号 (classified copies)
    proposal: str  # 拟办意见
    instructions: str  # 领导批示: 「李明远：同意。（2018年5月4日）」, several joined by 「；」
    units: str  # 承办单位 (lead, then 协办)
    deadline: date | None
    closed_on: date | None
    archive_ref: str
    void_reason: str | None  # set when voided (作废)

    @property
    def voided(self) -> bool:
        return self.void_reason is not None

    @property
    def received_on(self) -> date:
        return self.received_at.astimezone(CHINA).date()

    @property
    def copies_text(self) -> str:
        """份数, with the 份号 of classified copies (R44: printed copies carry their 份号)."""
        return copies_text(self.copies, self.copy_numbers)


def day_bounds(start: date | None, end: date | None) -> tuple[datetime | None, datetime | None]:
    """[start 00:00, the day after end 00:00) in China time."""
    if start and end and end < start:
        raise ValidationError("结束日期不能早于起始日期。")
    lo = datetime.combine(start, time(), CHINA) if start else None
    hi = datetime.combine(end + timedelta(days=1), time(), CHINA) if end else None
    return lo, hi


def _incoming_query(
    user: CurrentUser, start: date | None, end: date | None, include_voided: bool
) -> Select:
    d = IncomingDocument
    lo, hi = day_bounds(start, end)
    stmt = select(d).where(_visible(user))
    if lo is not None:
        stmt = stmt.where(d.received_at >= lo)
    if hi is not None:
        stmt = stmt.where(d.received_at < hi)
    if not include_voided:
        stmt = stmt.where(d.voided_at.is_(None))
    return stmt


def incoming_rows(
    db: Database,
    user: CurrentUser,
    *,
    start: date | None = None,
    end: date | None = None,
    include_voided: bool = True,
    newest_first: bool = True,
    limit: int | None = None,
    offset: int = 0,
) -> list[IncomingRow]:
    """Rows of the 收文登记簿 received between `start` and `end` (China dates, inclusive; None:
    open). The screen asks for pages newest first; printing asks for all, oldest first."""
    d = IncomingDocument
    stmt = _incoming_query(user, start, end, include_voided)
    order = (d.received_at.desc(), d.id.desc()) if newest_first else (d.received_at, d.id)
    stmt = stmt.order_by(*order).offset(max(0, offset))
    if limit is not None:
        stmt = stmt.limit(max(0, limit))
    with db.read() as s:
        docs = list(s.scalars(stmt))
        return _rows(s, docs)


def incoming_register(
    db: Database,
    user: CurrentUser,
    *,
    start: date | None = None,
    end: date | None = None,
    include_voided: bool = True,
) -> tuple[list[IncomingRow], str]:
    """The 收文登记簿 to print (oldest first) and the audit chain's head, both as of one moment."""
    d = IncomingDocument
    stmt = _incoming_query(user, start, end, include_voided).order_by(d.received_at, d.id)
    with db.snapshot() as s:
        anchor = audit.head_anchor(s)
        return _rows(s, list(s.scalars(stmt))), anchor


def outgoing_register(
    db: Database,
    user: CurrentUser,
    *,
    start: date | None = None,
    end: date | None = None,
    include_voided: bool = True,
) -> tuple[list[OutgoingDTO], str]:
    """The 发文登记簿 to print — the records outgoing.list_outgoing gives oldest first (印发日期,
    拟稿日期 before issue; R44 visibility) — and the audit chain's head, both as of one moment."""
    day_bounds(start, end)  # refuses an end before the start
    stmt = outgoing.register_query(
        user, start=start, end=end, include_voided=include_voided, newest_first=False
    )
    with db.snapshot() as s:
        anchor = audit.head_anchor(s)
        docs = list(s.scalars(stmt))
        return build_outgoing(s, docs, profile_value(s, "filing_days"), viewer=user), anchor


def count_incoming(
    db: Database,
    user: CurrentUser,
    *,
    start: date | None = None,
    end: date | None = None,
    include_voided: bool = True,
) -> int:
    """How many rows incoming_rows has for the same filter (for the pager)."""
    stmt = _incoming_query(user, start, end, include_voided)
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(stmt.subquery())) or 0)


def _rows(s: Session, docs: list[IncomingDocument]) -> list[IncomingRow]:
    ids = [x.id for x in docs]
    readings: dict[int, list[IncomingReading]] = {}
    people: set[int] = set()
    for part in in_chunks(ids):
        for r in s.scalars(
            select(IncomingReading)
            .where(IncomingReading.document_id.in_(part), IncomingReading.person_id.is_not(None))
            .order_by(IncomingReading.id)
        ):
            readings.setdefault(r.document_id, []).append(r)
            if r.person_id is not None:  # always, by the query
                people.add(r.person_id)
    names = _names(s, Person, people)
    unit_ids = {x.lead_unit_id for x in docs if x.lead_unit_id}
    unit_ids |= {int(u) for x in docs for u in x.assist_unit_ids.split(",") if u.strip()}
    units = _names(s, Unit, unit_ids)
    return [
        IncomingRow(
            x.id,
            format_doc_number("收文", x.year, x.seq),
            x.received_at,
            x.sender,
            x.sender_number,
            x.title,
            x.secrecy,
            x.urgency,
            x.copies,
            x.copy_numbers,
            x.proposal,
            "；".join(
                f"{names.get(r.person_id, '')}：{r.opinion}（{format_date(r.read_on)}）"
                for r in readings.get(x.id, [])
            ),
            _units_text(x, units),
            x.deadline,
            x.closed_on,
            x.archive_ref,
            (x.void_reason or "") if x.voided_at is not None else None,
        )
        for x in docs
    ]


def _units_text(x: IncomingDocument, units: dict[int | None, str]) -> str:
    lead = units.get(x.lead_unit_id, "") if x.lead_unit_id else ""
    assist = [units.get(int(u), "") for u in x.assist_unit_ids.split(",") if u.strip()]
    assist = [a for a in assist if a]
    if assist:
        return f"{lead}（协办：{'、'.join(assist)}）" if lead else "、".join(assist)
    return lead


def _names(s: Session, model, ids: set[int]) -> dict[int | None, str]:
    """id → name; looked up with a column that may be empty (None finds nothing)."""
    out: dict[int | None, str] = {}
    for part in in_chunks(sorted(ids)):
        out.update(s.execute(select(model.id, model.name).where(model.id.in_(part))).all())
    return out


def record_output(db: Database, user: CurrentUser, table: str, ids: list[int], action: str) -> None:
    """R44: each classified record printed or exported is written to the audit log."""
    if not ids:
        return
    with db.uow(user.username) as s:
        audit.append_entries(s, user.username, [(table, i, action, {}, {}) for i in ids])
