"""用印登记簿 reads: the register rows for a date range (voided entries included), the same rows
with the audit chain's head for the print, the R44 logging of a printed or exported register, and
the reconciliation per seal and month. Each read costs a fixed number of statements, whatever the
number of rows."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.audit import head_anchor
from db.engine import Database
from db.models import Person, Unit
from db.models.outgoing import OutgoingDocument, OutgoingSignoff
from db.models.seals import Seal, SealApplication, SealApproval, SealUse
from desktop_app.formatting import CHINA, format_date
from desktop_app.services.seals.applications import audit_outgoing
from desktop_app.services.seals.checklist import HIDDEN, application_number, may_see
from desktop_app.services.seals.dto import ReconciliationRow, RegisterRow
from desktop_app.services.seals.queries import approvals_by_app
from desktop_app.services.system import ledger_provenance
from desktop_app.services.system.common import CurrentUser

SIGNING_KINDS = ("vice_mayor", "mayor", "office_director", "tv")


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=CHINA)


def _approvers(approvals: list[SealApproval], chain: str) -> str:
    """批准人: the signatures recorded on the form; for a formal document (R45.1) first those of
    its 发文 chain, 「发文签批：…」."""
    text = _approvers_text(approvals)
    if not chain:
        return text
    return "；".join(x for x in (f"发文签批：{chain}", text) if x)


def _approvers_text(approvals: list[SealApproval]) -> str:
    parts = []
    for a in approvals:
        if a.kind not in SIGNING_KINDS:
            continue
        if a.b_role:  # R6.2: the partner signed in the vice mayor's place
            parts.append(f"{a.signer_name}（B角代签）")
        else:
            parts.append(
                f"{a.signer_name}（{a.signer_title}）" if a.signer_title else a.signer_name
            )
    return "、".join(parts)


def _chain_signers(s: Session, outgoing_ids: set[int]) -> dict[int, str]:
    """R45.1: who signed each linked 发文's chain (the approvers of a formal document's use),
    「张海峰、孙立新（B角代签）」, in the order signed."""
    found: dict[int, list[str]] = defaultdict(list)
    if outgoing_ids:
        rows = s.execute(
            select(OutgoingSignoff.document_id, Person.name, OutgoingSignoff.capacity)
            .join(Person, Person.id == OutgoingSignoff.person_id)
            .where(
                OutgoingSignoff.document_id.in_(sorted(outgoing_ids)),
                OutgoingSignoff.voided_at.is_(None),
            )
            .order_by(OutgoingSignoff.signed_on, OutgoingSignoff.id)
        )
        for doc_id, name, capacity in rows:
            text = f"{name}（B角代签）" if capacity == "B角代签" else name
            if text not in found[doc_id]:
                found[doc_id].append(text)
    return {k: "、".join(v) for k, v in found.items()}


def register_rows(
    db: Database,
    start: date,
    end: date,
    *,
    seal_id: int | None = None,
    unit_id: int | None = None,
    user: CurrentUser | None = None,
) -> list[RegisterRow]:
    """用印登记簿 for uses from `start` to `end` (China dates, inclusive), in register order;
    voided entries are included and marked 作废 with the reason. R44: the 文件名称 of a use
    for a classified 发文 reads 「（涉密文件，标题不显示）」 unless `user` may see it."""
    with db.read() as s:
        return _register_rows(s, start, end, seal_id, unit_id, user)


def register_to_print(
    db: Database,
    start: date,
    end: date,
    *,
    seal_id: int | None = None,
    unit_id: int | None = None,
    user: CurrentUser | None = None,
) -> tuple[list[RegisterRow], str]:
    """register_rows and the audit chain's head (db.audit.head_anchor), both as of one moment:
    the head is printed on every page of the 用印登记簿 so the paper can later prove the record."""
    with db.snapshot() as s:
        anchor = head_anchor(s)
        return _register_rows(s, start, end, seal_id, unit_id, user), anchor


def _register_rows(
    s: Session,
    start: date,
    end: date,
    seal_id: int | None,
    unit_id: int | None,
    user: CurrentUser | None,
) -> list[RegisterRow]:
    stmt = (
        select(SealUse, SealApplication, Unit.name, Seal.name, OutgoingDocument.secrecy)
        .join(SealApplication, SealApplication.id == SealUse.application_id)
        .join(Unit, Unit.id == SealApplication.unit_id)
        .join(Seal, Seal.id == SealApplication.seal_id)
        .outerjoin(OutgoingDocument, OutgoingDocument.id == SealApplication.outgoing_id)
        .where(
            SealUse.used_at >= _day_start(start),
            SealUse.used_at < _day_start(end + timedelta(days=1)),
        )
        .order_by(SealUse.year, SealUse.seq)
    )
    if seal_id is not None:
        stmt = stmt.where(SealApplication.seal_id == seal_id)
    if unit_id is not None:
        stmt = stmt.where(SealApplication.unit_id == unit_id)
    rows = list(s.execute(stmt))
    approvals = approvals_by_app(s, sorted({app.id for _, app, *_ in rows}))
    chains = _chain_signers(
        s, {app.outgoing_id for _, app, *_ in rows if app.is_formal and app.outgoing_id is not None}
    )
    imported = ledger_provenance.provenance_texts(
        s, SealUse.__tablename__, [u.id for u, *_ in rows]
    )
    out = []
    for use, app, unit_name, seal_name, secrecy in rows:
        local = use.used_at.astimezone(CHINA)
        remarks = []
        if use.voided_at is not None:
            remarks.append(f"作废：{use.void_reason}")
        if use.copies_spoiled:
            remarks.append(f"废页 {use.copies_spoiled} 份")
        if use.note:
            remarks.append(use.note)
        out.append(
            RegisterRow(
                use.id,
                app.id,
                use.seq,
                use.year,
                use.used_at,
                f"{format_date(local.date())} {local:%H:%M}",
                application_number(app.year, app.seq),
                unit_name,
                app.title if may_see(user, secrecy or "") else HIDDEN,
                app.purpose,
                seal_name,
                use.copies_stamped,
                use.copies_spoiled,
                app.copies,
                app.handler,
                _approvers(approvals[app.id], chains.get(app.outgoing_id or 0, "")),
                use.supervisor,
                "；".join(remarks),
                use.voided_at is not None,
                use.void_reason,
                app.outgoing_id,
                imported.get(use.id, ""),
            )
        )
    return out


def reconciliation(
    db: Database, year: int, *, seal_id: int | None = None
) -> list[ReconciliationRow]:
    """Per seal and month of `year` (month of use, China time): register entries, copies approved
    (of the applications used), stamped and spoiled; voided entries counted apart."""
    with db.read() as s:
        stmt = (
            select(
                SealApplication.seal_id,
                Seal.name,
                SealUse.used_at,
                SealApplication.copies,
                SealUse.copies_stamped,
                SealUse.copies_spoiled,
                SealUse.voided_at,
            )
            .join(SealApplication, SealApplication.id == SealUse.application_id)
            .join(Seal, Seal.id == SealApplication.seal_id)
            .where(SealUse.year == year)
        )
        if seal_id is not None:
            stmt = stmt.where(SealApplication.seal_id == seal_id)
        sums: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
        names: dict[int, str] = {}
        for sid, name, used_at, approved, stamped, spoiled, voided_at in s.execute(stmt):
            names[sid] = name
            acc = sums[(sid, used_at.astimezone(CHINA).month)]
            if voided_at is not None:
                acc[4] += 1
                continue
            acc[0] += 1
            acc[1] += approved
            acc[2] += stamped
            acc[3] += spoiled
        return [
            ReconciliationRow(sid, names[sid], year, month, *acc)
            for (sid, month), acc in sorted(sums.items(), key=lambda kv: (names[kv[0][0]], kv[0]))
        ]


def record_output(
    db: Database, user: CurrentUser, rows: list[RegisterRow], what: str = "用印登记簿"
) -> None:
    """R44: call when the 用印登记簿 is printed or exported for `user`: the uses of classified
    发文 among `rows` that the account sees (the classified permission) are logged as prints."""
    if user.can("classified"):
        audit_outgoing(db, user, [x.outgoing_id for x in rows], "print", what)
