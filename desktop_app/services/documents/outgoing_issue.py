"""发文 issue and publication: the document number (NUM) given only once the sign-off chain is
complete (R45.1), no disagreement of a joint document is open (R37), a normative document names
its drafting units (R17) and the 常务会议 decided it (R18), and a major matter cites the meeting
and item that decided it (R10); the confidentiality review and 公开属性 before publication
(R49); classified documents are never published (R44)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from db.engine import Database
from db.models.outgoing import OutgoingDocument
from db.sequences import number_at_commit
from desktop_app.rules import documents as r
from desktop_app.rules import normative as rn
from desktop_app.rules.registry import violation
from desktop_app.services.documents import outgoing_basis as basis
from desktop_app.services.documents.outgoing_drafts import (
    change_document,
    check_openness,
    dto_of,
)
from desktop_app.services.documents.outgoing_dto import (
    OutgoingDTO,
    facts_of,
    recorded_keys,
    signoffs_of,
)
from desktop_app.services.system.common import CurrentUser, ValidationError, required_text
from desktop_app.services.system.org_profile import profile_value


def prefixes_for(s: Session) -> list[str]:
    """The 机关代字 configured for the organisation (组织设置 → 发文机关代字)."""
    return list(profile_value(s, "doc_prefixes"))


def default_prefix_for(s: Session, issuer: str, doc_type: str) -> str:
    """The usual prefix of an issuer and type (同政发, 同政办发, 同政函, 同政办函) when it is
    configured, else the first configured one."""
    usual = r.default_prefix(profile_value(s, "city_short"), issuer, doc_type)
    allowed = prefixes_for(s)
    return usual if usual in allowed or not allowed else allowed[0]


def prefix_choices(db: Database, issuer: str, doc_type: str) -> tuple[str, list[str]]:
    """(the usual prefix, every configured prefix) for the issue dialog."""
    with db.read() as s:
        return default_prefix_for(s, issuer, doc_type), prefixes_for(s)


def issue_outgoing(
    db: Database,
    user: CurrentUser,
    outgoing_id: int,
    *,
    issued_on: date,
    prefix: str | None = None,
    expected_version: int | None,
) -> OutgoingDTO:
    """印发: give the next number of `prefix` (default: the issuer's and type's usual prefix) in
    the year of `issued_on` — 同政发〔2018〕34号. NUM: per prefix per year, gap-free and
    never reused (the allocator is safe with several clerks at once); R45.1: only after the
    whole sign-off chain; R37: no open disagreement; R17: a normative document names its
    drafting units or designation; R18: only after the 常务会议 decided it; R10: a major
    matter cites the held 常务会议/全体会议 and the agenda item that decided it."""

    def change(s: Session, d: OutgoingDocument) -> None:
        if d.seq is not None:
            raise ValidationError("该发文已编号。")
        signed = signoffs_of(s, [d.id]).get(d.id, [])
        r.check_chain_complete(r.required_signoffs(facts_of(d)), recorded_keys(d, signed))
        basis.check_disagreements(s, d)
        basis.check_normative_drafting(s, d)
        rn.check_normative_decided(
            d.is_normative, d.legal_reviewed_on is not None, d.meeting_decided_on is not None
        )
        if not isinstance(issued_on, date):
            raise ValidationError("请填写印发日期。")
        basis.check_major_matter(s, d, issued_on)
        p = (prefix or default_prefix_for(s, d.issuer, d.doc_type)).strip()
        r.check_doc_number(p, prefixes_for(s))
        if d.signed_on is not None and issued_on < d.signed_on:
            raise violation("NUM", "印发日期不能早于签发日期：签发后方可编号印发。")
        d.prefix, d.year = p, issued_on.year
        d.status, d.issued_on, d.register_on = "issued", issued_on, issued_on
        # The number is filled in by the save's last statements: the prefix's counter for the
        # year is locked from then until COMMIT, not while the checks above and the DTO run.
        number_at_commit(s, r.number_sequence_name(p, issued_on.year), d)

    change_document(db, user, outgoing_id, expected_version, change)
    with db.read() as s:  # read back with the number it got at commit
        d = s.get(OutgoingDocument, outgoing_id)
        assert d is not None
        return dto_of(s, d, user)


def set_openness(
    db: Database,
    user: CurrentUser,
    outgoing_id: int,
    openness: str,
    reason: str = "",
    expected_version: int | None = None,
) -> OutgoingDTO:
    """公开属性 (R49): 主动公开 / 依申请公开 / 不予公开 (with the reason); never public when
    classified (R44)."""

    def change(_s: Session, d: OutgoingDocument) -> None:
        if d.status == "published":
            raise ValidationError("发文已公开，公开属性不能再修改。")
        text = (openness or "").strip()
        if not text:
            raise ValidationError(f"请选择公开属性：{'、'.join(r.OPENNESS)}。")
        check_openness(text, reason, d.secrecy)
        d.openness, d.openness_reason = text, (reason or "").strip()

    return change_document(db, user, outgoing_id, expected_version, change)


def record_confidentiality_review(
    db: Database,
    user: CurrentUser,
    outgoing_id: int,
    *,
    reviewed_on: date,
    reviewer: str,
    expected_version: int | None,
) -> OutgoingDTO:
    """R49: the 保密审查 of a document to be published — when and by whom."""

    def change(_s: Session, d: OutgoingDocument) -> None:
        if d.status == "published":
            raise ValidationError("发文已公开。")
        d.confidentiality_reviewed_by = required_text(reviewer, "保密审查人", 64)
        d.confidentiality_reviewed_on = reviewed_on

    return change_document(db, user, outgoing_id, expected_version, change)


def publish_outgoing(
    db: Database,
    user: CurrentUser,
    outgoing_id: int,
    *,
    published_on: date,
    expected_version: int | None,
) -> OutgoingDTO:
    """Mark an issued document published (公开发布) on `published_on`. R44/R49: never a
    classified one; 主动公开/依申请公开 only, after a confidentiality review on or before that
    day. For a normative document the filing deadlines (R16) run from this day."""

    def change(_s: Session, d: OutgoingDocument) -> None:
        if d.secrecy:
            raise violation("R49", "涉密文件不得公开（第四十四条）。")
        if d.status != "issued":
            raise ValidationError("只有已编号印发、尚未公开的发文可以标记公开。")
        if not d.openness:
            raise ValidationError(f"请先确定公开属性：{'、'.join(r.OPENNESS)}。")
        if d.openness == "不予公开":
            raise violation("R49", "该文件公开属性为「不予公开」，不能公开发布。")
        reviewed = d.confidentiality_reviewed_on
        r.check_publication(False, reviewed is not None, d.openness, d.openness_reason)
        if reviewed is not None and reviewed > published_on:
            raise violation("R49", "保密审查须在公开之前完成；登记的保密审查日期晚于公开日期。")
        if d.issued_on is not None and published_on < d.issued_on:
            raise ValidationError("公开日期不能早于印发日期。")
        d.status, d.published_on = "published", published_on

    return change_document(db, user, outgoing_id, expected_version, change)
