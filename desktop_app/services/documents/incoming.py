"""收文 (R32–R36, R42, R43, R44): register received documents, return them (退文), propose
handling, route to leaders or departments, record readings, chase, close and archive.

R32: a document that came through an irregular channel is never routed to a leader (the mayor or a
vice mayor): the clerk returns it (退文) or files it as information only (作为信息处理, with a
note); routing it to a department stays possible (the article forbids only the leaders'
acceptance). R42: a bulletin (《简报》《情况》《信息》, registered with that 文种) goes before a leader
only once its approval by 市委 or 市政府 is on record (who, when); otherwise the same choices.

Classified records (any 密级) exist only for accounts that may see classified records: they are
left out of lists, searches and counts for others, and every open is written to the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from db.base import utcnow
from db.engine import Database
from db.models import IncomingChase, IncomingDocument, IncomingReading, Unit
from db.sequences import number_at_commit
from desktop_app.formatting import CHINA, format_date
from desktop_app.rules import incoming as r
from desktop_app.rules.registry import violation
from desktop_app.services.absences import in_charge
from desktop_app.services.absences.away import away_on
from desktop_app.services.directory import queries as q

# The DTO and the reads live beside this module (incoming_dto, incoming_reads); callers keep
# importing them from here.
from desktop_app.services.documents.incoming_dto import (  # noqa: F401 - the service API
    INFO_ONLY_NAME,
    ROUTES,
    STATUS_NAMES,
    IncomingDTO,
    Known,
    dto,
    visible,
)
from desktop_app.services.documents.incoming_reads import (  # noqa: F401 - the service API
    chases,
    count_documents,
    get_document,
    list_documents,
    readings,
)
from desktop_app.services.system.common import (
    CurrentUser,
    ValidationError,
    load_for_update,
    require,
    required_text,
    void_record,
)


@dataclass(frozen=True)
class RouteSuggestion:
    """R6.1 / R6.2 / R32: whom to route to on a day."""

    vice_mayor_id: int | None
    vice_mayor_name: str
    partner_id: int | None  # the AB partner, offered as the alternative
    partner_name: str
    mayor_id: int | None
    mayor_name: str
    # R6.2: the vice mayor in charge is away that day (approved absence): route to the partner.
    vice_mayor_away: bool = False
    away_note: str = ""  # e.g. 「出差（哈尔滨），至2026年3月12日晚上」
    suggested_id: int | None = None  # whom to route to: the partner while the vice mayor is away


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


def _change(
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

    return _change(db, user, doc_id, expected_version, change)


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

    return _change(db, user, doc_id, expected_version, change)


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

    return _change(db, user, doc_id, expected_version, change)


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

    return _change(db, user, doc_id, expected_version, change)


def suggest_route(db: Database, unit_id: int, day: date) -> RouteSuggestion:
    """R6.1 / R6.2: the vice mayor in charge of `unit_id` on `day` (the directory's one answer,
    `in_charge.find`), his AB partner (the one to route to while he is away on an approved
    absence) and the mayor (major matters, R32)."""
    with db.read() as s:
        vm = in_charge.find(s, day, unit_id=unit_id) if unit_id else None
        mayor = q.holder(s, "mayor", day)
        info = away_on(s, day).get(vm.person_id) if vm is not None and vm.away else None
        note = (
            f"{info.category}（{info.destination}），至{format_date(info.end)}{info.end_half}"
            if info
            else ""
        )
        if vm is None:
            return RouteSuggestion(
                None, "", None, "", mayor.person_id if mayor else None, mayor.name if mayor else ""
            )
        return RouteSuggestion(
            vm.person_id,
            vm.name,
            vm.partner_id,
            vm.partner_name,
            mayor.person_id if mayor else None,
            mayor.name if mayor else "",
            vm.away,
            note,
            vm.stand_in_id or vm.person_id,
        )


def _check_before_leader(d: IncomingDocument) -> None:
    """R32 / R42: what may not go before a leader (routing to him, or his 阅批)."""
    r.check_leader_route(d.channel)
    r.check_bulletin_leader_route(d.doc_type, d.bulletin_approved_by)


def route(
    db: Database,
    user: CurrentUser,
    doc_id: int,
    *,
    to: str,
    today: date,
    leader_id: int | None = None,
    lead_unit_id: int | None = None,
    assist_unit_ids: tuple[int, ...] = (),
    working_days: int | None = None,
    deadline: date | None = None,
    expected_version: int | None,
) -> IncomingDTO:
    """R32 / R35: to a leader (vice mayor in charge, or the mayor for major matters) or to a
    handling department with a deadline (`working_days` counted on the work calendar).
    R32: an irregular document goes before no leader; R42: nor does an unapproved bulletin."""
    if to not in ROUTES:
        raise ValidationError("请选择分送方式。")
    if to == "department" and working_days is not None:
        from desktop_app.services.system.calendar_admin import work_calendar

        deadline = work_calendar(db).add_working_days(today, working_days)

    def change(s: Session, d: IncomingDocument) -> None:
        r.check_routable(d.status, d.voided_at is not None)
        if to in r.LEADER_ROUTES:
            _check_before_leader(d)
        if to == "department":
            r.check_department_route(deadline, lead_unit_id is not None, today)
            for uid in (lead_unit_id, *assist_unit_ids):
                if s.get(Unit, uid) is None:
                    raise ValidationError("部门不存在。")
            d.lead_unit_id, d.deadline = lead_unit_id, deadline
            d.assist_unit_ids = ",".join(str(u) for u in assist_unit_ids if u != lead_unit_id)
        else:
            if leader_id is None or not q.person_name(s, leader_id):
                raise ValidationError("请选择呈送的领导。")
            d.leader_id = leader_id
        d.route_kind = to
        d.status = "routed"

    return _change(db, user, doc_id, expected_version, change)


def record_reading(
    db: Database,
    user: CurrentUser,
    doc_id: int,
    *,
    read_on: date,
    opinion: str = "",
    person_id: int | None = None,
    unit_id: int | None = None,
) -> IncomingDTO:
    """R36: a circle on a 告知性 document means 「已阅知」; 请示性 and 需处理类 need an opinion."""
    if (person_id is None) == (unit_id is None):
        raise ValidationError("请选择阅文的领导或部门（二选一）。")

    def change(s: Session, d: IncomingDocument) -> None:
        if d.status != "routed":
            raise violation("R32", "文件尚未分送，不能登记阅批。")
        if person_id is not None:
            _check_before_leader(d)
        kind, text = r.reading_opinion(d.nature, opinion)
        s.add(
            IncomingReading(
                document_id=d.id,
                person_id=person_id,
                unit_id=unit_id,
                read_on=read_on,
                kind=kind,
                opinion=text,
            )
        )

    return _change(db, user, doc_id, None, change)


def chase(
    db: Database, user: CurrentUser, doc_id: int, chased_on: date, note: str, response: str = ""
) -> IncomingDTO:
    """催办 of a document being handled."""

    def change(s: Session, d: IncomingDocument) -> None:
        if d.status != "routed":
            raise ValidationError("只有办理中的文件可以催办。")
        s.add(
            IncomingChase(
                document_id=d.id,
                chased_on=chased_on,
                note=required_text(note, "催办情况", 2000),
                response=(response or "").strip(),
            )
        )

    return _change(db, user, doc_id, None, change)


def close(
    db: Database,
    user: CurrentUser,
    doc_id: int,
    *,
    result: str,
    closed_on: date,
    archive_ref: str = "",
    expected_version: int | None,
) -> IncomingDTO:
    """办结: the reply or result (R35), with the archive reference (归档号)."""

    def change(_s: Session, d: IncomingDocument) -> None:
        if d.status != "routed":
            raise ValidationError("只有办理中的文件可以办结。")
        d.result = required_text(result, "办理结果", 4000)
        d.closed_on, d.archive_ref, d.status = closed_on, archive_ref.strip(), "closed"

    return _change(db, user, doc_id, expected_version, change)


def void_document(
    db: Database, user: CurrentUser, doc_id: int, reason: str, expected_version: int | None
) -> None:
    require(user, "records")
    with db.uow(user.username) as s:
        d = load_for_update(s, IncomingDocument, doc_id, expected_version)
        r.check_classified(d.secrecy, user.can("classified"))
        void_record(s, IncomingDocument, doc_id, reason, expected_version, user)
