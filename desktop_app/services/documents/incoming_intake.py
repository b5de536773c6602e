"""收文 intake (R32, R42, R44): registering a received document and the office's check before it
is routed — 退文, a bulletin's approval by 市委 or 市政府, 作为信息处理, the 拟办意见 — and voiding
a record. Kept apart from the routing and handling steps (incoming_routing): these run before a
document goes anywhere, and decide whether it may go before a leader at all.

Also `change_document`, the one way the other 收文 modules change a record: load it under its
version, check R44 and voiding, apply the change, return the fresh DTO."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from db.base import utcnow
from db.engine import Database
from db.models import IncomingDocument
from db.sequences import number_at_commit
from desktop_app.formatting import CHINA
from desktop_app.rules import incoming as r
from desktop_app.rules.registry import violation
from desktop_app.services.documents.incoming_dto import STATUS_NAMES, IncomingDTO, Known, dto
from desktop_app.services.system.common import (
    CurrentUser,
    ValidationError,
    load_for_update,
    require,
    required_text,
    void_record,
)


def register_document(
    db: Database,
    user: CurrentUser,
    *,
    received_at: datetime,
    sender: str,
    title: str,
    doc_type: str,
    nature: str,
    sender_number: str = "",
    secrecy: str = "",
    secrecy_term: str = "",
    urgency: str = "",
    copies: int = 1,
    copy_numbers: str = "",
    channel: str = "normal",
    reverse_flow: bool = False,
    from_higher: bool = False,
    bulletin_approved_by: str = "",
    bulletin_approver: str = "",
    bulletin_approved_on: date | None = None,
) -> IncomingDTO:
    """R32 收文登记: numbered 收文〔年〕N号 per year; irregular and reverse-flow are flagged.
    R42: a bulletin is registered with its 文种 (简报、情况、信息) and, where 市委 or 市政府
    approved it, that approval (body, who, when)."""
    require(user, "records")
    if received_at.tzinfo is None:
        raise ValidationError("收文时间须带时区。")
    # Everything missing named at once, and only what is missing (a channel or urgency left at
    # its default is not).
    missing = [
        label
        for label, empty in (
            ("来文机关", not (sender or "").strip()),
            ("标题", not (title or "").strip()),
            ("文种", not doc_type),
            ("文件性质", nature not in r.NATURES),
            ("来文渠道", channel not in r.CHANNELS),
            ("紧急程度", urgency not in r.URGENCY_LEVELS),
        )
        if empty
    ]
    if missing:
        raise ValidationError(f"请填写或选择{'、'.join(missing)}。")
    if doc_type not in r.DOC_TYPES and not r.is_bulletin(doc_type):
        raise ValidationError(
            f"文种应为：{'、'.join(r.DOC_TYPES)}；刊物为：{'、'.join(r.BULLETIN_KINDS)}。"
        )
    approval = _bulletin_approval(
        doc_type,
        bulletin_approved_by,
        bulletin_approver,
        bulletin_approved_on,
        received_at.astimezone(CHINA).date(),
        optional=True,
    )
    if copies < 1:
        raise ValidationError("份数至少为 1。")
    r.check_classified(secrecy, user.can("classified"))
    r.check_classified_fields(secrecy, secrecy_term, copies, copy_numbers)
    year = received_at.astimezone(CHINA).year
    with db.uow(user.username) as s:
        d = IncomingDocument(
            year=year,
            received_at=received_at,
            sender=required_text(sender, "来文机关"),
            sender_number=sender_number.strip(),
            title=required_text(title, "标题", 256),
            doc_type=doc_type,
            secrecy=secrecy,
            secrecy_term=secrecy_term.strip(),
            urgency=urgency,
            copies=copies,
            copy_numbers=copy_numbers.strip(),
            channel=channel,
            reverse_flow=reverse_flow,
            nature=nature,
            from_higher=from_higher,
        )
        d.bulletin_approved_by, d.bulletin_approver, d.bulletin_approved_on = approval
        # Numbered and written as the save's last statements: the year's counter is locked
        # from then until COMMIT, and every other clerk registering waits for it.
        number_at_commit(s, f"incoming:{year}", d)
    return dto(s, d, Known({}, set(), {}))  # a new document: no leader, readings or import


def _bulletin_approval(
    doc_type: str,
    approved_by: str,
    approver: str,
    approved_on: date | None,
    today: date,
    optional: bool = False,
) -> tuple[str, str, date | None]:
    """R42: (body, who, day) of a bulletin's approval; ("", "", None) when `optional` and none
    was given. Who and when are plain input; the body and the kind are the rule's."""
    approved_by, approver = (approved_by or "").strip(), (approver or "").strip()
    if optional and not approved_by and not approver and approved_on is None:
        return "", "", None
    r.check_bulletin_approval(doc_type, approved_by)
    if not approver:
        raise ValidationError("请填写批准人。")
    if approved_on is None:
        raise ValidationError("请填写批准日期。")
    if approved_on > today:
        raise ValidationError("批准日期不能晚于今天。")
    return approved_by, required_text(approver, "批准人", 64), approved_on


def change_document(
    db: Database, user: CurrentUser, doc_id: int, expected_version: int | None, change
) -> IncomingDTO:
    require(user, "records")
    with db.uow(user.username) as s:
        d = load_for_update(s, IncomingDocument, doc_id, expected_version)
        r.check_classified(d.secrecy, user.can("classified"))
        if d.voided_at is not None:
            raise ValidationError("已作废的收文不能修改。")
        change(s, d)
        s.flush()
        return dto(s, d)


def return_to_sender(
    db: Database, user: CurrentUser, doc_id: int, reason: str, expected_version: int | None
) -> IncomingDTO:
    """退文 at the initial check, with the reason (e.g. irregular channel, R32)."""

    def change(_s: Session, d: IncomingDocument) -> None:
        if d.status == "returned":
            raise ValidationError("该文件已退文。")
        if d.status not in ("registered", "proposed"):  # R32: the office's check before routing
            raise violation(
                "R32",
                f"退文是市政府办公室在分送之前的审核：该文件现为「{STATUS_NAMES[d.status]}」，"
                "不能再退文。",
            )
        d.return_reason = required_text(reason, "退文原因", 2000)
        d.status = "returned"

    return change_document(db, user, doc_id, expected_version, change)


def record_bulletin_approval(
    db: Database,
    user: CurrentUser,
    doc_id: int,
    *,
    approved_by: str,
    approver: str,
    approved_on: date,
    today: date,
    expected_version: int | None,
) -> IncomingDTO:
    """R42: record that 市委 or 市政府 approved the bulletin (who, when); from then on it follows
    the document procedure and may go before a leader."""

    def change(_s: Session, d: IncomingDocument) -> None:
        if d.status not in ("registered", "proposed"):  # R42: the approval decides the route
            raise violation(
                "R42",
                "刊物经市委、市政府审批后方可按文件报送程序呈报，审批须在分送之前登记："
                f"该刊物现为「{STATUS_NAMES[d.status]}」，不能再登记审批。",
            )
        (d.bulletin_approved_by, d.bulletin_approver, d.bulletin_approved_on) = _bulletin_approval(
            d.doc_type, approved_by, approver, approved_on, today
        )

    return change_document(db, user, doc_id, expected_version, change)


def file_as_information(
    db: Database,
    user: CurrentUser,
    doc_id: int,
    *,
    note: str,
    filed_on: date,
    archive_ref: str = "",
    expected_version: int | None,
) -> IncomingDTO:
    """R32 / R42: 作为信息处理 — the document is filed for information with the office's note and
    goes before no leader for approval (the way out for an irregular document or an unapproved
    bulletin, besides 退文). Closed with the note as its result."""

    def change(_s: Session, d: IncomingDocument) -> None:
        if d.status not in ("registered", "proposed"):
            raise ValidationError("只有待拟办或已拟办的收文可以作为信息处理。")
        d.result = required_text(note, "处理说明", 4000)
        d.closed_on, d.archive_ref = filed_on, (archive_ref or "").strip()
        d.info_only, d.status = True, "closed"

    return change_document(db, user, doc_id, expected_version, change)


def propose(
    db: Database, user: CurrentUser, doc_id: int, proposal: str, expected_version: int | None
) -> IncomingDTO:
    """R32 / R43: the office's 拟办意见 (same day as received, per R43)."""

    def change(_s: Session, d: IncomingDocument) -> None:
        if d.status not in ("registered", "proposed"):
            raise ValidationError("只有待拟办的收文可以填写拟办意见。")
        d.proposal = required_text(proposal, "拟办意见", 2000)
        d.proposed_at = utcnow()
        d.status = "proposed"

    return change_document(db, user, doc_id, expected_version, change)


def void_document(
    db: Database, user: CurrentUser, doc_id: int, reason: str, expected_version: int | None
) -> None:
    require(user, "records")
    with db.uow(user.username) as s:
        d = load_for_update(s, IncomingDocument, doc_id, expected_version)
        r.check_classified(d.secrecy, user.can("classified"))
        void_record(s, IncomingDocument, doc_id, reason, expected_version, user)
