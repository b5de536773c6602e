"""发文 (R33, R34, R45.1, NUM, R44): the register's read side and the contract other areas rely
on. The writing steps live in siblings and are re-exported here, so callers import one module:

- outgoing_drafts: create, edit (optimistic locking), void, archive reference;
- outgoing_signoffs: the sign-off checklist and recording a sign-off (R33, R34, R6.2);
- outgoing_issue: numbering at issue (NUM, R45.1), publication (R49, R44);
- outgoing_normative: legal review, 常务会议, filings, interpretation (R16, R17, R18, R38);
- outgoing_basis: the deciding meeting of a major matter (R10), the drafting units of a normative
  document (R17), a joint document's disagreements and their outcome (R37);
- outgoing_in_charge: the vice mayors in charge, derived from what the document touches.

`check_ready_to_seal`, `formal_document` and `outgoing_label` work inside the caller's session
(the seal register checks the chain while it records a use; `formal_document` answers "is this
发文 issued, by which issuer, is its chain complete"). Classified records (R44) are left out of lists and
counts for accounts without the 机要 permission; every open or print of one is audited.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, String, cast, func, or_, select
from sqlalchemy.orm import Session

from db import audit
from db.engine import Database
from db.models import Unit
from db.models.outgoing import OutgoingDocument
from desktop_app.rules import documents as r
from desktop_app.rules.incoming import check_classified
from desktop_app.services.documents.outgoing_basis import (
    DecidingMeeting,
    DisagreementDTO,
    deciding_meetings,
    list_disagreements,
    record_deciding_meeting,
    record_disagreement,
    record_outcome,
)
from desktop_app.services.documents.outgoing_drafts import (
    create_outgoing,
    set_archive_ref,
    update_outgoing,
    void_outgoing,
)
from desktop_app.services.documents.outgoing_dto import (
    STATUS_NAMES,
    OutgoingDTO,
    SignoffLine,
    facts_of,
    number_text,
    recorded_keys,
    signoffs_of,
    visible,
)
from desktop_app.services.documents.outgoing_in_charge import preview as preview_vice_mayors
from desktop_app.services.documents.outgoing_issue import (
    default_prefix_for,
    issue_outgoing,
    prefix_choices,
    prefixes_for,
    publish_outgoing,
    record_confidentiality_review,
    set_openness,
)
from desktop_app.services.documents.outgoing_normative import (
    check_normative_ready_for_meeting,
    normative_ready_for_meeting,
    record_filing,
    record_interpretation,
    record_legal_review,
    record_meeting_decision,
)
from desktop_app.services.documents.outgoing_page import build, build_page, with_extras
from desktop_app.services.documents.outgoing_signoffs import (
    record_signoff,
    signoff_checklist,
    void_signoff,
)
from desktop_app.services.system import ledger_provenance
from desktop_app.services.system.common import CurrentUser, ValidationError
from desktop_app.services.system.org_profile import profile_value

__all__ = [
    "check_normative_ready_for_meeting",
    "check_ready_to_seal",
    "count_outgoing",
    "create_outgoing",
    "DecidingMeeting",
    "deciding_meetings",
    "default_prefix_for",
    "DisagreementDTO",
    "formal_document",
    "FormalDocument",
    "get_outgoing",
    "issue_outgoing",
    "list_disagreements",
    "list_outgoing",
    "preview_vice_mayors",
    "record_deciding_meeting",
    "record_disagreement",
    "record_outcome",
    "normative_ready_for_meeting",
    "outgoing_label",
    "OutgoingDTO",
    "OutgoingUnavailable",
    "prefix_choices",
    "prefixes_for",
    "publish_outgoing",
    "record_confidentiality_review",
    "record_filing",
    "record_interpretation",
    "record_legal_review",
    "record_meeting_decision",
    "record_print",
    "record_signoff",
    "set_archive_ref",
    "set_openness",
    "signoff_checklist",
    "SignoffLine",
    "STATUS_NAMES",
    "update_outgoing",
    "void_outgoing",
    "void_signoff",
]


# ---- contract used by the seal register --------------------------------------------------------


class OutgoingUnavailable(ValidationError, LookupError):
    """The outgoing document named does not exist or was voided: a ValidationError for the
    clerk, and a LookupError for callers that treat "not found" as "not ready"."""


def check_ready_to_seal(s: Session, outgoing_id: int) -> None:
    """R45.1: raise the rule's violation if the sign-off chain is incomplete; ValidationError
    if the document does not exist or is voided."""
    d = s.get(OutgoingDocument, outgoing_id) if outgoing_id is not None else None
    if d is None:
        raise OutgoingUnavailable("关联的发文不存在。")
    if d.voided_at is not None:
        raise OutgoingUnavailable(f"发文{outgoing_label(s, outgoing_id)}已作废，不能用印。")
    if _imported(s, d.id):
        return  # history approved on paper: today's chain is not asked of it
    signed = signoffs_of(s, [d.id]).get(d.id, [])
    r.check_chain_complete(r.required_signoffs(facts_of(d)), recorded_keys(d, signed))


def _imported(s: Session, doc_id: int) -> bool:
    return bool(ledger_provenance.imported_ids(s, OutgoingDocument.__tablename__, [doc_id]))


@dataclass(frozen=True)
class FormalDocument:
    """What the seal register needs to know of a linked 发文 (R45.1)."""

    id: int
    label: str  # 「同政发〔2018〕34号《标题》」
    issuer: str  # government | office
    issuer_name: str  # 市政府 | 市政府办公室
    issued: bool  # numbered and issued (已印发/已公开)
    voided: bool
    chain_complete: bool
    missing_steps: tuple[str, ...]


def formal_document(s: Session, outgoing_id: int) -> FormalDocument:
    """R45.1: the linked document's state — issued?, by which issuer?, chain complete? — read
    inside the caller's session; OutgoingUnavailable if there is no such record."""
    d = s.get(OutgoingDocument, outgoing_id) if outgoing_id is not None else None
    if d is None:
        raise OutgoingUnavailable("关联的发文不存在。")
    signed = signoffs_of(s, [d.id]).get(d.id, [])
    steps = r.required_signoffs(facts_of(d))
    done = recorded_keys(d, signed)
    missing = () if _imported(s, d.id) else tuple(x.label for x in steps if x.key not in done)
    return FormalDocument(
        d.id,
        outgoing_label(s, d.id),
        d.issuer,
        r.ISSUERS.get(d.issuer, ""),
        d.status in ("issued", "published") and d.voided_at is None,
        d.voided_at is not None,
        not missing,
        missing,
    )


def outgoing_label(s: Session, outgoing_id: int) -> str:
    """「同政发〔2018〕34号《标题》」, or 「（未编号）《标题》」 before the number is given."""
    d = s.get(OutgoingDocument, outgoing_id) if outgoing_id is not None else None
    if d is None:
        raise OutgoingUnavailable("关联的发文不存在。")
    return f"{number_text(d) or '（未编号）'}《{d.title}》"


# ---- the register ----------------------------------------------------------------------------


def _number_sql():
    d = OutgoingDocument
    return d.prefix + "〔" + cast(d.year, String) + "〕" + cast(d.seq, String) + "号"


def register_query(
    user: CurrentUser,
    *,
    start: date | None = None,
    end: date | None = None,
    search: str = "",
    include_voided: bool = True,
    status: str = "",
    newest_first: bool = True,
    ids: Collection[int] | None = None,
) -> Select:
    """The 发文登记簿's records for these filters, in the register's order (see list_outgoing);
    the printed register (services.doc_register) reads the same query."""
    d = OutgoingDocument
    day = d.register_on
    stmt = select(d).where(visible(user))
    if start is not None:
        stmt = stmt.where(day >= start)
    if end is not None:
        stmt = stmt.where(day <= end)
    if not include_voided:
        stmt = stmt.where(d.voided_at.is_(None))
    if status:
        stmt = stmt.where(d.status == status)
    if ids is not None:
        stmt = stmt.where(d.id.in_(list(ids)))
    t = (search or "").strip()
    if t:
        units = select(Unit.id).where(Unit.name.contains(t, autoescape=True))
        stmt = stmt.where(
            or_(
                d.title.contains(t, autoescape=True),
                _number_sql().contains(t, autoescape=True),
                d.drafting_unit_id.in_(units),
                d.main_to.contains(t, autoescape=True),
                d.cc.contains(t, autoescape=True),
            )
        )
    if newest_first:
        return stmt.order_by(day.desc(), d.id.desc())
    # the same on both engines (they sort NULLs differently): numbered first each day
    return stmt.order_by(day, d.seq.is_(None), d.prefix, d.seq, d.id)


def list_outgoing(
    db: Database,
    user: CurrentUser,
    *,
    start: date | None = None,
    end: date | None = None,
    search: str = "",
    include_voided: bool = True,
    status: str = "",
    newest_first: bool = True,
    limit: int | None = None,
    offset: int = 0,
    ids: Collection[int] | None = None,
) -> list[OutgoingDTO]:
    """The 发文登记簿: records whose 印发日期 (拟稿日期 before issue) lies in [start, end];
    `search` matches a substring of the title, the number, the drafting unit, 主送 or 抄送;
    `ids` narrows it to those records (e.g. the hits of a full-text search).
    R44: classified records only for accounts that may see them. Voided records are included
    by default (shown as 作废: their numbers are never reused). `limit`/`offset` give one
    page (newest first, read in the order of the register index)."""
    stmt = register_query(
        user,
        start=start,
        end=end,
        search=search,
        include_voided=include_voided,
        status=status,
        newest_first=newest_first,
        ids=ids,
    )
    with db.read() as s:
        if ids is None:
            if limit is not None:
                stmt = stmt.limit(limit).offset(offset)
            rows = list(s.execute(with_extras(stmt, user)).all())
        else:
            # Looked up by primary key and put in order here: with the ORDER BY, SQLite walks
            # the register index across every visible document to find these few.
            order = _register_order(newest_first)
            rows = sorted(
                s.execute(with_extras(stmt.order_by(None), user)).all(),
                key=lambda row: order(row[0]),
            )
            if limit is not None:
                rows = rows[offset : offset + limit]
        return build_page(s, rows)


def _register_order(newest_first: bool):
    """register_query's ORDER BY as a sort key for records read by primary key."""
    if newest_first:
        return lambda d: (-d.register_on.toordinal(), -d.id)
    return lambda d: (d.register_on, d.seq is None, d.prefix or "", d.seq or 0, d.id)


def count_outgoing(db: Database, user: CurrentUser, *, include_voided: bool = False) -> int:
    """How many records `user` may see (R44: classified ones are not counted for others)."""
    with db.read() as s:
        stmt = select(func.count()).select_from(OutgoingDocument).where(visible(user))
        if not include_voided:
            stmt = stmt.where(OutgoingDocument.voided_at.is_(None))
        return int(s.scalar(stmt) or 0)


def get_outgoing(db: Database, user: CurrentUser, outgoing_id: int) -> OutgoingDTO:
    """Open one record; R44: refused for a classified one without permission, else logged
    (only then is a writing transaction needed)."""
    with db.read() as s:
        d = s.get(OutgoingDocument, outgoing_id)
        if d is None:
            raise ValidationError("发文不存在。")
        check_classified(d.secrecy, user.can("classified"))
        dto = build(s, [d], profile_value(s, "filing_days"), viewer=user)[0]
    if dto.secrecy:
        with db.uow(user.username) as s:
            audit.append_entries(
                s, user.username, [(OutgoingDocument.__tablename__, dto.id, "view", {}, {})]
            )
    return dto


def record_print(
    db: Database, user: CurrentUser, outgoing_ids: list[int], what: str = "发文登记簿"
) -> None:
    """R44: write a 'print' audit entry for every classified record among those printed (call
    it when the register or a document sheet is printed); refused for classified records the
    account may not see."""
    with db.uow(user.username) as s:
        rows = s.execute(
            select(OutgoingDocument.id, OutgoingDocument.secrecy).where(
                OutgoingDocument.id.in_(list(outgoing_ids)), OutgoingDocument.secrecy != ""
            )
        ).all()
        for _id, secrecy in rows:
            check_classified(secrecy, user.can("classified"))
        if rows:
            audit.append_entries(
                s,
                user.username,
                [(OutgoingDocument.__tablename__, i, "print", {}, {"what": what}) for i, _ in rows],
            )
