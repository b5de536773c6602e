"""发文 (R33, R34, R45.1, NUM): the contract the seal register relies on.

`check_ready_to_seal` and `outgoing_label` work inside the caller's session (the seal register
checks the chain while it records a use)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models.outgoing import OutgoingDocument, OutgoingSignoff
from desktop_app.formatting import format_doc_number
from desktop_app.rules import documents as r
from desktop_app.services.common import ValidationError


def _ids(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in (text or "").split(",") if x.strip())


def facts_of(d: OutgoingDocument) -> r.OutgoingFacts:
    return r.OutgoingFacts(
        issuer=d.issuer, doc_type=d.doc_type, portfolios=len(_ids(d.vice_mayor_ids)),
        to_party_or_congress=d.to_party_or_congress, to_higher_government=d.to_higher_government,
        reports_on_higher_instructions=d.reports_on_higher_instructions,
        is_normative=d.is_normative, conveys_government_decision_or_important=d.important,
        tv_announcement=d.tv_announcement)


def recorded_steps(s: Session, d: OutgoingDocument) -> set[str]:
    """Keys of the chain's steps fully on record. The vice mayors' step is complete only when
    every vice mayor whose portfolio the document touches has signed (himself or his B角)."""
    rows = list(s.scalars(select(OutgoingSignoff).where(
        OutgoingSignoff.document_id == d.id, OutgoingSignoff.voided_at.is_(None))))
    done = set()
    vms = set(_ids(d.vice_mayor_ids))
    for step in r.required_signoffs(facts_of(d)):
        signed = [x for x in rows if x.step_key == step.key]
        if step.post in ("vice_mayor_in_charge", "vice_mayors_in_charge"):
            if vms and vms <= {x.for_person_id for x in signed}:
                done.add(step.key)
        elif signed:
            done.add(step.key)
    return done


def check_ready_to_seal(s: Session, outgoing_id: int) -> None:
    """R45.1: raise the rule's violation if the sign-off chain is incomplete; ValidationError
    if the document does not exist or is voided."""
    d = s.get(OutgoingDocument, outgoing_id) if outgoing_id is not None else None
    if d is None:
        raise ValidationError("关联的发文不存在。")
    if d.voided_at is not None:
        raise ValidationError(f"发文{outgoing_label(s, outgoing_id)}已作废，不能用印。")
    r.check_chain_complete(r.required_signoffs(facts_of(d)), recorded_steps(s, d))


def number_text(d: OutgoingDocument) -> str:
    if d.prefix and d.year and d.seq:
        return format_doc_number(d.prefix, d.year, d.seq)
    return ""


def outgoing_label(s: Session, outgoing_id: int) -> str:
    """「同政发〔2018〕34号《标题》」, or 「（未编号）《标题》」 before the number is given."""
    d = s.get(OutgoingDocument, outgoing_id)
    if d is None:
        raise ValidationError("关联的发文不存在。")
    return f"{number_text(d) or '（未编号）'}《{d.title}》"
