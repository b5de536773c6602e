"""Normative documents (规范性文件, R16, R17, R18, R38, R10): the legal office's review before the
常务会议 (refused while R17's drafting units or designation are missing), the meeting's decision
(the meeting and agenda item in the meetings register, R10), the two filings within 15 days of
publication, and the drafting department's interpretation (解读) drafted → reviewed by the legal
office → published with it.

`check_normative_ready_for_meeting` is what the meetings area calls before putting a normative
document on the 常务会议's agenda (R18)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from db.engine import Database
from db.models.outgoing import OutgoingDocument
from desktop_app.rules import normative as rn
from desktop_app.rules.registry import violation
from desktop_app.services.documents.outgoing_basis import (
    check_normative_drafting,
    record_deciding_meeting,
)
from desktop_app.services.documents.outgoing_drafts import change_document
from desktop_app.services.documents.outgoing_dto import OutgoingDTO
from desktop_app.services.system.common import CurrentUser, ValidationError, required_text

FILINGS = {"higher": "filed_higher_on", "congress": "filed_congress_on"}  # 上级政府, 人大常委会
INTERPRETATION_COLUMNS = {
    "drafted": "interpretation_drafted_on",
    "reviewed": "interpretation_reviewed_on",
    "published": "interpretation_published_on",
}


def _normative(d: OutgoingDocument) -> None:
    if not d.is_normative:
        raise ValidationError("该发文不是规范性文件。")


def check_normative_ready_for_meeting(s: Session, outgoing_id: int) -> None:
    """R18 (and R38 for additions to the plan): a normative document goes to the 常务会议 only
    after the legal office's review. No-op for other documents; ValidationError if missing."""
    d = s.get(OutgoingDocument, outgoing_id)
    if d is None or d.voided_at is not None:
        raise ValidationError("关联的发文不存在或已作废。")
    if d.is_normative:
        rn.check_normative_before_meeting(d.legal_reviewed_on is not None)


def normative_ready_for_meeting(db: Database, outgoing_id: int) -> None:
    """`check_normative_ready_for_meeting` in a read session of its own."""
    with db.read() as s:
        check_normative_ready_for_meeting(s, outgoing_id)


def record_legal_review(
    db: Database,
    user: CurrentUser,
    outgoing_id: int,
    *,
    reviewed_on: date,
    reviewer: str,
    expected_version: int | None,
) -> OutgoingDTO:
    """R18 / R38: the legal office's review of a normative document (date, by whom); R17: refused
    while a document touching two or more departments' powers names neither its joint drafting
    units nor the government's designation."""

    def change(s: Session, d: OutgoingDocument) -> None:
        _normative(d)
        check_normative_drafting(s, d)
        if d.meeting_decided_on is not None:  # the review precedes the meeting's decision
            raise violation(
                "R18",
                "规范性文件经法制部门审核后提交常务会议讨论决定：常务会议已讨论决定，"
                "法制审核记录不能再修改。",
            )
        d.legal_reviewed_by = required_text(reviewer, "法制审核人", 64)
        d.legal_reviewed_on = reviewed_on

    return change_document(db, user, outgoing_id, expected_version, change)


def record_meeting_decision(
    db: Database,
    user: CurrentUser,
    outgoing_id: int,
    *,
    meeting_id: int | None,
    agenda_item_id: int | None,
    expected_version: int | None,
) -> OutgoingDTO:
    """R18 (and R10): the 常务会议 discussed and decided the normative document — the held
    meeting and its agenda item in the meetings register; refused unless the legal office
    reviewed it first (on or before the meeting's day). Records kept before the link (a date and
    a free-text reference) stay readable as they are."""
    with db.read() as s:
        d = s.get(OutgoingDocument, outgoing_id)
        if d is None:
            raise ValidationError("发文不存在。")
        _normative(d)
    return record_deciding_meeting(
        db,
        user,
        outgoing_id,
        meeting_id=meeting_id,
        agenda_item_id=agenda_item_id,
        expected_version=expected_version,
    )


def record_filing(
    db: Database,
    user: CurrentUser,
    outgoing_id: int,
    *,
    with_: str,
    filed_on: date,
    expected_version: int | None,
) -> OutgoingDTO:
    """R16: filing (备案) of a published normative document with the higher government
    (`with_="higher"`) or the people's congress standing committee (`"congress"`). A late
    filing is recorded and shown as a warning on the record."""
    if with_ not in FILINGS:
        raise ValidationError("请选择备案机关（上级人民政府或市人大常委会）。")

    def change(_s: Session, d: OutgoingDocument) -> None:
        _normative(d)
        if d.published_on is None:
            raise violation("R16", "规范性文件尚未公布，备案期限自公布之日起计算；请先登记公布。")
        if filed_on < d.published_on:
            raise ValidationError("备案日期不能早于公布日期。")
        setattr(d, FILINGS[with_], filed_on)

    return change_document(db, user, outgoing_id, expected_version, change)


def record_interpretation(
    db: Database,
    user: CurrentUser,
    outgoing_id: int,
    *,
    step: str,
    on: date,
    expected_version: int | None,
) -> OutgoingDTO:
    """R18: the interpretation (解读) — `step` drafted (by the drafting department), reviewed
    (by the legal office), published (with the document, once it is issued) — in that order."""
    if step not in INTERPRETATION_COLUMNS:
        raise ValidationError("解读环节应为：起草、法制审核、公布。")

    def change(_s: Session, d: OutgoingDocument) -> None:
        _normative(d)
        rn.check_interpretation_step(
            step, d.interpretation_drafted_on is not None, d.interpretation_reviewed_on is not None
        )
        if step == "published" and d.seq is None:
            raise violation("R18", "解读意见随文公布：请在文件编号印发后登记解读公布。")
        setattr(d, INTERPRETATION_COLUMNS[step], on)

    return change_document(db, user, outgoing_id, expected_version, change)
