"""Read side of the seal register: the applications list (filters) and the 工作台's waiting
applications. Each query costs a fixed number of statements, whatever the number of rows. The
用印登记簿 and the reconciliation are read in register_reads, the printed 用印审批单 in
approval_form."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import Row, or_, select
from sqlalchemy.orm import Session

from db.chunks import in_chunks
from db.engine import Database
from db.models import Unit
from db.models.outgoing import OutgoingDocument
from db.models.seals import Seal, SealApplication, SealApproval, SealUse
from desktop_app.rules import seals as r
from desktop_app.services.seals.checklist import (
    HIDDEN,
    application_number,
    formal_problem,
    may_see,
    requirements_of,
)
from desktop_app.services.seals.dto import ApplicationRow
from desktop_app.services.system.common import CurrentUser

_FLAGS = (
    ("is_formal", "正式公文"),
    ("important", "重要用印"),
    ("is_contract", "合同协议"),
    ("joint_with_party", "联合用印"),
    ("tv_announcement", "电视公告"),
)


# What the list shows of an application, read as columns: years of applications are listed at
# once, and building a whole record of each (every column, each attribute instrumented) was
# about half of the list's time. The names are SealApplication's, so that requirements_of, _flags and
# formal_problem read a row as they read a record.
_LISTED = (
    SealApplication.id,
    SealApplication.version,
    SealApplication.year,
    SealApplication.seq,
    SealApplication.applied_on,
    SealApplication.unit_id,
    SealApplication.handler,
    SealApplication.title,
    SealApplication.seal_id,
    SealApplication.copies,
    SealApplication.outgoing_id,
    SealApplication.voided_at,
    SealApplication.void_reason,
    *(getattr(SealApplication, attr) for attr, _ in _FLAGS),
)


def _flags(app: SealApplication | Row) -> tuple[str, ...]:
    flags = tuple(label for attr, label in _FLAGS if getattr(app, attr))
    if app.is_formal and app.outgoing_id is None:  # R45.1: saved before the link was required
        flags += (r.UNLINKED,)
    return flags


def approvals_by_app(s: Session, app_ids: list[int]) -> dict[int, list[SealApproval]]:
    """The approvals not voided of each application, in the order recorded (the list and the
    用印登记簿 both read them this way: one statement per chunk of ids, not one per row)."""
    found: dict[int, list[SealApproval]] = defaultdict(list)
    for part in in_chunks(app_ids):
        for a in s.scalars(
            select(SealApproval)
            .where(SealApproval.application_id.in_(part), SealApproval.voided_at.is_(None))
            .order_by(SealApproval.id)
        ):
            found[a.application_id].append(a)
    return found


def approval_kinds_by_app(s: Session, app_ids: list[int]) -> dict[int, list[Row]]:
    """As approvals_by_app, only each approval's kind and day (`.kind`, `.signed_on`): what the
    list's statuses need. Years of applications are listed at once, and building the full
    records took a fifth of the list's time (4,021 applications: 290 → 235 ms of CPU)."""
    found: dict[int, list[Row]] = defaultdict(list)
    for part in in_chunks(app_ids):
        for a in s.execute(
            select(SealApproval.application_id, SealApproval.kind, SealApproval.signed_on)
            .where(SealApproval.application_id.in_(part), SealApproval.voided_at.is_(None))
            .order_by(SealApproval.id)
        ):
            found[a.application_id].append(a)
    return found


def list_applications(
    db: Database,
    *,
    seal_id: int | None = None,
    unit_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
    outgoing_id: int | None = None,
    text: str = "",
    status: str | None = None,
    include_voided: bool = True,
    user: CurrentUser | None = None,
    limit: int | None = None,
) -> list[ApplicationRow]:
    """Applications, newest first, filtered by seal, unit, period (申请日期), outgoing document,
    words (文件名称/事由/经办人) and status (pending | approved | used | voided; open: pending or
    approved, i.e. not used yet). `limit`: at most that many, the newest (the list's first page:
    years of applications are not read to show one screen); pending and approved are told apart
    only after the read, so those two statuses are read whole (they are the open ones: few).
    R44: every application is listed (the register has no gaps),
    but one linked to a classified 发文 shows its 文件名称 as 「（涉密文件，标题不显示）」 and is
    not found by its words unless `user` has the classified permission (None: no account, e.g.
    the 工作台)."""
    sees_all = may_see(user, "classified")
    with db.read() as s:
        active_use = (
            select(SealUse.application_id, SealUse.copies_stamped)
            .where(SealUse.voided_at.is_(None))
            .subquery()
        )
        stmt = (
            select(
                *_LISTED,
                Unit.name.label("unit_name"),
                Seal.name.label("seal_name"),
                Seal.kind.label("seal_kind"),
                active_use.c.copies_stamped,
                OutgoingDocument.secrecy.label("linked_secrecy"),
            )
            .join(Unit, Unit.id == SealApplication.unit_id)
            .join(Seal, Seal.id == SealApplication.seal_id)
            .outerjoin(active_use, active_use.c.application_id == SealApplication.id)
            .outerjoin(OutgoingDocument, OutgoingDocument.id == SealApplication.outgoing_id)
            .order_by(
                SealApplication.applied_on.desc(),
                SealApplication.year.desc(),
                SealApplication.seq.desc(),
            )
        )
        if seal_id is not None:
            stmt = stmt.where(SealApplication.seal_id == seal_id)
        if unit_id is not None:
            stmt = stmt.where(SealApplication.unit_id == unit_id)
        if start is not None:
            stmt = stmt.where(SealApplication.applied_on >= start)
        if end is not None:
            stmt = stmt.where(SealApplication.applied_on <= end)
        if outgoing_id is not None:
            stmt = stmt.where(SealApplication.outgoing_id == outgoing_id)
        if not include_voided:
            stmt = stmt.where(SealApplication.voided_at.is_(None))
        # What a status needs in SQL (whether a pending one's approvals are complete is decided
        # below): the 工作台 and a filtered list read the applications still open, not years.
        live, unused = SealApplication.voided_at.is_(None), active_use.c.copies_stamped.is_(None)
        stmt = stmt.where(
            *{
                "voided": (SealApplication.voided_at.is_not(None),),
                "used": (live, active_use.c.copies_stamped.is_not(None)),
                "pending": (live, unused),
                "approved": (live, unused),
                "open": (live, unused),
            }.get(status or "", ())
        )
        if text.strip():
            like = f"%{text.strip()}%"
            words = or_(
                SealApplication.title.like(like),
                SealApplication.purpose.like(like),
                SealApplication.handler.like(like),
            )
            if not sees_all:  # R44: no search oracle for a classified document's title
                words = words & or_(
                    OutgoingDocument.secrecy.is_(None), OutgoingDocument.secrecy == ""
                )
            stmt = stmt.where(words)
        if limit is not None and status not in ("pending", "approved"):
            stmt = stmt.limit(max(0, int(limit)))
        rows = list(s.execute(stmt))
        approvals = approval_kinds_by_app(s, [app.id for app in rows])
        out = []
        for app in rows:
            unit_name, seal_name, seal_kind = app.unit_name, app.seal_name, app.seal_kind
            stamped, secrecy = app.copies_stamped, app.linked_secrecy
            reqs = requirements_of(app, seal_kind)
            codes = {q.code for q in reqs}
            signed = [a.signed_on for a in approvals[app.id] if a.kind in codes]
            if app.voided_at is not None:
                state = "voided"
            elif stamped is not None:
                state = "used"
            else:
                done = {a.kind for a in approvals[app.id]}
                ready = all(
                    formal_problem(s, app, seal_kind) is None
                    if q.code == "sign_off"
                    else q.code in done
                    for q in reqs
                )
                state = "approved" if ready else "pending"
            if status not in (None, "open", state):
                continue
            out.append(
                ApplicationRow(
                    app.id,
                    app.version,
                    application_number(app.year, app.seq),
                    app.applied_on,
                    app.unit_id,
                    unit_name,
                    app.handler,
                    app.title if may_see(user, secrecy or "") else HIDDEN,
                    app.seal_id,
                    seal_name,
                    app.copies,
                    stamped or 0,
                    app.outgoing_id,
                    _flags(app),
                    state,
                    app.void_reason,
                    (max(signed, default=None) or app.applied_on) if state != "pending" else None,
                )
            )
        return out


def waiting_applications(
    db: Database, *, approved_before: date | None = None, user: CurrentUser | None = None
) -> list[ApplicationRow]:
    """For the 工作台: applications still waiting for approvals, and (with `approved_before`)
    those whose approvals were complete before that day and that are still not used. The 工作台
    has no account: R44, classified 文件名称 hidden (see list_applications)."""
    rows = list_applications(db, status="open", user=user)
    return [
        x
        for x in rows
        if x.status == "pending"
        or (
            x.status == "approved"
            and approved_before is not None
            and x.approved_on is not None
            and x.approved_on < approved_before
        )
    ]
