"""发文稿纸 and 收文处理笺 (阅批单) as printed (UI: 「打印稿纸」, 「打印处理笺」); what a scan of
their code opens is documents.sheet_targets.

- 发文稿纸: the document's facts, a 会签 box per co-issuing or touched unit (R37, R33.1), the
  legal review of a normative document (R18), then one box per step of the chain fuban computed
  (R33.1–R33.3, R34: 分管副市长同意 per vice mayor in charge, 办公室审核, 签发), each with the
  signer's post and name pre-printed (the AB partner named while the vice mayor is away, R6.2) and
  what is recorded filled in.
- 收文处理笺: the document's facts, the 拟办意见 box (R32), one 批示 box per leader it went to in
  routing order (the routed leader, then every leader whose reading is on record; a blank
  市长 box after a vice mayor's, for the important ones R35 sends on), the AB partner marked
  while a leader is away, then 承办单位, 办理时限, 办理结果 and 办结 (R35, R36).

R44: a classified record prints only for an account with the classified permission, with its 密级
and 份号; the print is audited. Printing makes the record's code on first use (a write), so it
needs the 登记 permission."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import audit
from db.engine import Database
from db.models import IncomingDocument, IncomingReading, Unit
from db.models.outgoing import OutgoingDocument
from desktop_app.formatting import copies_text, format_date, format_local_time
from desktop_app.printing.sign_sheet_model import SheetBox, SignSheet
from desktop_app.rules import incoming as rules_in
from desktop_app.rules.incoming import check_classified
from desktop_app.services.absences.away import away_note
from desktop_app.services.directory import queries as q
from desktop_app.services.documents.outgoing_dto import SignoffLine
from desktop_app.services.documents.outgoing_page import build
from desktop_app.services.documents.outgoing_signoffs import signoff_checklist
from desktop_app.services.system import sheet_codes
from desktop_app.services.system.common import CurrentUser, ValidationError, require
from desktop_app.services.system.org_profile import profile_value

if TYPE_CHECKING:  # ReportLab is imported when a sheet is printed, not at start
    from desktop_app.printing.official_model import RenderResult

AREA = "公文"
NONE = "无"


def _secrecy_text(secrecy: str, term: str) -> str:
    return f"{secrecy}★{term}" if secrecy and term else secrecy


def _office(s: Session) -> tuple[str, str]:
    """(government name, office name) for the titles and the PDF's author."""
    gov = profile_value(s, "org_name") or "同江市人民政府"
    return gov, profile_value(s, "office_name") or f"{gov}办公室"


def _leader_text(s: Session, person_id: int, day: date) -> str:
    """「副市长 孙立新」: the post held that day and the name."""
    post = q.highest_post_of(s, person_id, day)
    name = q.person_name(s, person_id)
    return f"{post.title} {name}" if post is not None else name


def _print_audit(s: Session, user: CurrentUser, table: str, record_id: int, what: str) -> None:
    audit.append_entries(s, user.username, [(table, record_id, "print", {}, {"what": what})])


# --- 发文稿纸 --------------------------------------------------------------------------------
def _outgoing_boxes(
    s: Session, d: OutgoingDocument, dto, lines: list[SignoffLine], day: date
) -> list[SheetBox]:
    boxes = [
        SheetBox("会签", unit, leader=False)
        for unit in dict.fromkeys(
            x for x in (*dto.joint_unit_names.split("、"), *dto.touched_unit_names.split("、")) if x
        )
    ]
    if d.is_normative:  # R18: the legal office's review before the 常务会议
        boxes.append(
            SheetBox(
                "法制审核",
                "法制审核意见（规范性文件，第十八条）",
                signer=d.legal_reviewed_by,
                signed_on=d.legal_reviewed_on,
                leader=False,
            )
        )
    for line in lines:
        who, note = line.needed, ""
        if "（外出" in who:
            who, _sep, rest = who.partition("（")
            note = "（" + rest
        boxes.append(
            SheetBox(
                line.label,
                who.strip(),
                note,
                line.opinion,
                line.signer_name,
                line.signed_on,
                line.b_role,
                leader=line.step_key != "office_review",
            )
        )
    return boxes


def outgoing_sheet(db: Database, user: CurrentUser, doc_id: int, day: date) -> SignSheet:
    """The 发文稿纸 of one document as it stands on `day` (no code yet: `outgoing_sheet_pdf`)."""
    with db.read() as s:
        d = s.get(OutgoingDocument, doc_id)
        if d is None:
            raise ValidationError("发文不存在。")
        check_classified(d.secrecy, user.can("classified"))
        dto = build(s, [d], profile_value(s, "filing_days"), viewer=user)[0]
    lines = signoff_checklist(db, user, doc_id, day)
    with db.read() as s:
        d = s.get(OutgoingDocument, doc_id)
        assert d is not None
        gov, office = _office(s)
        boxes = _outgoing_boxes(s, d, dto, lines, day)
    issuer = gov if dto.issuer == "government" else office
    facts: list[tuple[tuple[str, str], ...]] = [
        (("文件标题", dto.title),),
        (("发文机关", issuer), ("文种", dto.doc_type)),
        (("拟稿单位", dto.drafting_unit_name), ("拟稿日期", format_date(dto.drafted_on))),
        (("拟稿人", dto.drafter), ("核稿人", dto.checker)),
        (("主送", dto.main_to),),
        (("抄送", dto.cc),),
        (
            ("密级", _secrecy_text(dto.secrecy, dto.secrecy_term) or NONE),
            ("印制份数", copies_text(dto.copies, dto.copy_numbers if dto.secrecy else "")),
        ),
        (("公开属性", "；".join(x for x in (dto.openness, dto.openness_reason) if x)),),
    ]
    if dto.is_normative:
        facts.append((("规范性文件", "是（法制审核后提交常务会议讨论决定，第十八条）"),))
    if dto.decided_by_meeting:
        facts.append((("会议决定", dto.decided_by_meeting),))
    after = (
        (("发文字号", dto.number), ("印发日期", format_date(dto.issued_on))),
        (("校对", ""), ("归档号", dto.archive_ref)),
    )
    return SignSheet(
        title=f"{gov}发文稿纸" if dto.issuer == "government" else f"{office}发文稿纸",
        number=dto.number or f"发文{dto.id}（未编号）",
        token="",
        facts=tuple(facts),
        boxes=tuple(boxes),
        after=after,
        secrecy=_secrecy_text(dto.secrecy, dto.secrecy_term),
        copy_number=dto.copy_numbers if dto.secrecy else "",
        note="签批顺序依据《工作规则》第三十三条、第三十四条；分管副市长外出时由其AB角代签（第六条）。",
        org=office,
        void_reason=dto.void_reason if dto.voided else None,
    )


def outgoing_sheet_pdf(db: Database, user: CurrentUser, doc_id: int, day: date) -> RenderResult:
    """Print the 发文稿纸: read (R44), make the code on first print, audit a classified print.
    An account without the records permission reprints a sheet printed before (same code)."""
    sheet = outgoing_sheet(db, user, doc_id, day)
    return _coded_pdf(
        db, user, sheet, "发文稿纸", "outgoing", OutgoingDocument.__tablename__, doc_id
    )


def _coded_pdf(
    db: Database,
    user: CurrentUser,
    sheet: SignSheet,
    name: str,
    kind: str,
    table: str,
    doc_id: int,
) -> RenderResult:
    """`sheet` (a `name`: 发文稿纸, 收文处理笺) drawn with its record's code: made on the first
    print (and a classified print audited in the same transaction), the same code on a reprint
    by a read-only account."""
    from desktop_app.printing.sign_sheets import build_sign_sheet_pdf

    if not user.can("records"):
        token = sheet_codes.reprint_token(db, kind, doc_id, name, sheet.number, "records")
        return build_sign_sheet_pdf(replace(sheet, token=token))
    require(user, "records")
    with db.uow(user.username) as s:
        token = sheet_codes.token_for(s, kind, doc_id)
        if sheet.secrecy:
            _print_audit(s, user, table, doc_id, name)
    return build_sign_sheet_pdf(replace(sheet, token=token))


# --- 收文处理笺 ------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Reading:
    person_id: int | None
    unit_id: int | None
    read_on: date
    kind: str
    opinion: str


def _readings(s: Session, doc_id: int) -> list[_Reading]:
    rows = s.scalars(
        select(IncomingReading)
        .where(IncomingReading.document_id == doc_id)
        .order_by(IncomingReading.id)
    )
    return [_Reading(x.person_id, x.unit_id, x.read_on, x.kind, x.opinion) for x in rows]


def _reading_text(x: _Reading) -> str:
    return "已阅知（圈阅）" if x.kind == "circle" and not x.opinion else x.opinion


def _leader_order(d: IncomingDocument, readings: list[_Reading]) -> list[int]:
    """The leaders in routing order: the routed leader, then each other leader who read it."""
    order: list[int] = []
    if d.route_kind in rules_in.LEADER_ROUTES and d.leader_id is not None:
        order.append(d.leader_id)
    for x in readings:
        if x.person_id is not None and x.person_id not in order:
            order.append(x.person_id)
    return order


def _incoming_boxes(
    s: Session, d: IncomingDocument, readings: list[_Reading], day: date
) -> list[SheetBox]:
    boxes = [
        SheetBox(
            "拟办意见",
            "",
            opinion=d.proposal,
            signed_on=d.proposed_at.date() if d.proposed_at else None,
            leader=False,
        )
    ]
    for pid in _leader_order(d, readings):
        mine = [x for x in readings if x.person_id == pid]
        first = mine[0] if mine else None
        boxes.append(
            SheetBox(
                "领导批示",
                _leader_text(s, pid, day),
                "" if first else away_note(s, pid, day),
                "；".join(_reading_text(x) for x in mine),
                q.person_name(s, pid) if first else "",
                first.read_on if first else None,
            )
        )
    mayor = q.holder(s, "mayor", day)
    shown = {pid for pid in _leader_order(d, readings)}
    if d.route_kind == "vice_mayor" and mayor is not None and mayor.person_id not in shown:
        # R35: important ones go on to the mayor — room for his 批示 below the vice mayor's
        boxes.append(
            SheetBox(
                "市长批示",
                f"{mayor.title} {mayor.name}",
                "（重要文件呈报市长时）" + away_note(s, mayor.person_id, day),
            )
        )
    if len(boxes) == 1:  # not yet routed: a box for the leader it will go to
        boxes.append(SheetBox("领导批示"))
    return boxes


def incoming_sheet(db: Database, user: CurrentUser, doc_id: int, day: date) -> SignSheet:
    """The 收文处理笺 of one document as it stands on `day` (no code yet)."""
    with db.read() as s:
        d = s.get(IncomingDocument, doc_id)
        if d is None:
            raise ValidationError("收文不存在。")
        check_classified(d.secrecy, user.can("classified"))
        readings = _readings(s, doc_id)
        _gov, office = _office(s)
        boxes = _incoming_boxes(s, d, readings, day)
        units = {
            u.id: u.name
            for u in s.scalars(
                select(Unit).where(
                    Unit.id.in_(
                        [d.lead_unit_id or 0]
                        + [int(x) for x in d.assist_unit_ids.split(",") if x.strip()]
                        + [x.unit_id for x in readings if x.unit_id]
                    )
                )
            )
        }
        number = f"收文〔{d.year}〕{d.seq}号"
        assist = "、".join(units.get(int(x), "") for x in d.assist_unit_ids.split(",") if x.strip())
        lead = units.get(d.lead_unit_id or 0, "")
        handler = lead + (f"（协办：{assist}）" if assist else "")
        unit_views = "；".join(
            f"{units.get(x.unit_id, '')}：{_reading_text(x)}（{format_date(x.read_on)}）"
            for x in readings
            if x.unit_id
        )
        result = "；".join(x for x in (unit_views, d.result) if x)
        facts = (
            (("收文号", number), ("收文时间", format_local_time(d.received_at))),
            (("来文机关", d.sender), ("来文字号", d.sender_number)),
            (("标题", d.title),),
            (("文种", d.doc_type), ("文件性质", rules_in.NATURES.get(d.nature, d.nature))),
            (
                ("紧急程度", d.urgency or "一般"),
                ("密级", _secrecy_text(d.secrecy, d.secrecy_term) or NONE),
            ),
            (("份数", copies_text(d.copies, d.copy_numbers if d.secrecy else "")),),
        )
        after = (
            (("承办单位", handler), ("办理时限", format_date(d.deadline))),
            (("办理结果", result),),
            (("办结日期", format_date(d.closed_on)), ("归档号", d.archive_ref)),
        )
        return SignSheet(
            title=f"{office}收文处理笺",
            number=number,
            token="",
            facts=facts,
            boxes=tuple(boxes),
            after=after,
            secrecy=_secrecy_text(d.secrecy, d.secrecy_term),
            copy_number=d.copy_numbers if d.secrecy else "",
            urgency=d.urgency,
            note="告知性文件圈阅即为已阅知；请示性、需处理类文件请明确签署意见（第三十六条）。",
            org=office,
            void_reason=(d.void_reason or "") if d.voided_at is not None else None,
        )


def incoming_sheet_pdf(db: Database, user: CurrentUser, doc_id: int, day: date) -> RenderResult:
    """Print the 收文处理笺: read (R44), make the code on first print, audit a classified print.
    An account without the records permission reprints a sheet printed before (same code)."""
    sheet = incoming_sheet(db, user, doc_id, day)
    return _coded_pdf(
        db, user, sheet, "收文处理笺", "incoming", IncomingDocument.__tablename__, doc_id
    )
