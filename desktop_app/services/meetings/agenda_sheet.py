"""议题审批表 as printed (UI: 「打印审批表」) and what a scan of its code opens.

The sheet holds the item's approval chain (R23.4.1a): coordination (会签、分别征求意见或协调会),
分管副市长审定签字 (the vice mayor in charge of the submitting unit, derived — R6.1 — with his AB
partner named while he is away, R6.2), 市政府办公室综合汇总, 常务副市长审核, 市长审定; then the legal
review of a policy or normative item (R23.4.1b), the statutory-procedure sheet of a 审议类 item
(R23.4.2b) and, without consensus, the disagreement and the mayor's consent (R23.4.4). What is
recorded is filled in, the rest is left blank for the pen.

R44: an item placed on a confidential meeting prints only for an account with the classified
permission, marked 涉密 with a 份号 per copy (services.system.copy_numbers); the print is audited
on the item with those numbers."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from db.engine import Database
from db.models import AgendaItem, Meeting
from desktop_app.formatting import format_date
from desktop_app.printing.sign_sheet_model import SheetBox, SignSheet
from desktop_app.services.absences import in_charge
from desktop_app.services.absences.away import away_note
from desktop_app.services.directory import queries as q
from desktop_app.services.meetings import secrecy as meeting_secrecy
from desktop_app.services.meetings.agenda import get_item
from desktop_app.services.meetings.agenda_steps import CHAIN_ORDER, STEPS
from desktop_app.services.meetings.agenda_view import CATEGORIES, AgendaItemDTO
from desktop_app.services.system import copy_numbers, sheet_codes
from desktop_app.services.system.common import CurrentUser, ValidationError, require
from desktop_app.services.system.org_profile import profile_value
from desktop_app.services.system.sheet_codes import ScanTarget

if TYPE_CHECKING:  # ReportLab is imported when a sheet is printed, not at start
    from desktop_app.printing.official_model import RenderResult

AREA = "会议"
PROCEDURE = "公众参与、专家论证、风险评估、合法性审查（须经部门主要负责人签字并加盖公章）"


def _holder_text(s: Session, post: str, day: date) -> tuple[int | None, str]:
    h = q.holder(s, post, day)
    return (h.person_id, f"{h.title} {h.name}") if h is not None else (None, "")


def _boxes(s: Session, item: AgendaItemDTO, day: date) -> list[SheetBox]:
    method = f"协调方式：{item.coordination_method}" if item.coordination_method else ""
    boxes = [
        SheetBox(
            "协调情况",
            method or "会签 / 分别征求意见 / 分管副市长协调会",
            signed_on=item.coordination_on if item.coordination_method else None,
            leader=False,
        )
    ]
    sponsor = "分管副市长（按提请部门确定）"
    if item.sponsor_id:
        post = q.highest_post_of(s, item.sponsor_id, day)
        sponsor = f"{post.title if post else '副市长'} {item.sponsor_name}"
    boxes.append(
        SheetBox(
            "分管副市长审定签字",
            sponsor,
            "" if item.sponsor_signed_on else away_note(s, item.sponsor_id, day),
            signer=item.sponsor_signed_by_name,
            signed_on=item.sponsor_signed_on,
            b_role=item.sponsor_signed_capacity == "B角代签",
        )
    )
    boxes.append(
        SheetBox(
            "市政府办公室综合汇总",
            signed_on=item.office_consolidated_on,
            leader=False,
        )
    )
    exec_id, exec_text = _holder_text(s, "exec_vice_mayor", day)
    boxes.append(
        SheetBox(
            "常务副市长审核",
            exec_text,
            "" if item.exec_reviewed_on else away_note(s, exec_id, day),
            signer=q.person_name(s, item.exec_reviewed_by) if item.exec_reviewed_on else "",
            signed_on=item.exec_reviewed_on,
        )
    )
    mayor_id, mayor_text = _holder_text(s, "mayor", day)
    boxes.append(
        SheetBox(
            "市长审定",
            mayor_text,
            "" if item.mayor_approved_on else away_note(s, mayor_id, day),
            signer=q.person_name(s, item.mayor_approved_by) if item.mayor_approved_on else "",
            signed_on=item.mayor_approved_on,
        )
    )
    if item.is_policy:  # R23.4.1b
        boxes.append(
            SheetBox(
                "法制部门审核意见",
                "政策性、规范性文件须经法制部门审核同意（第二十三条）",
                signed_on=item.legal_reviewed_on,
                opinion="同意" if item.legal_reviewed_on else "",
                leader=False,
            )
        )
    if item.category == "deliberation":  # R23.4.2b
        boxes.append(
            SheetBox(
                "法定程序完成情况",
                PROCEDURE,
                opinion="完成情况表已送市政府办公室" if item.procedure_sheet_on else "",
                signed_on=item.procedure_sheet_on,
                leader=False,
            )
        )
    if not item.consensus:  # R23.4.4
        boxes.append(
            SheetBox(
                "市长同意提请审议",
                mayor_text,
                opinion=f"分歧意见：{item.disagreement}；解决方案：{item.solution}",
                signer=q.person_name(s, mayor_id) if item.mayor_consent_on and mayor_id else "",
                signed_on=item.mayor_consent_on,
            )
        )
    return boxes


def agenda_sheet(db: Database, user: CurrentUser, item_id: int, day: date) -> SignSheet:
    """The 议题审批表 of one item as it stands on `day` (no code yet)."""
    item = get_item(db, item_id, day, user=user)
    if item.kind != "normal":
        raise ValidationError("会前集体学法和事后报告不需要议题审批表。")
    with db.read() as s:
        meeting = s.get(Meeting, item.meeting_id) if item.meeting_id else None
        confidential = bool(meeting is not None and meeting.confidential)
        meeting_secrecy.check_may_see(user, confidential, "议题审批表")
        office = profile_value(s, "office_name")
        gov = profile_value(s, "org_name")
        boxes = _boxes(s, item, day)
    on = f"{item.meeting_title}（{format_date(item.meeting_day)}）" if item.meeting_title else ""
    facts = (
        (("议题名称", item.title),),
        (("提请部门", item.department_name), ("汇报人", item.reporter)),
        (("分管副市长", item.vice_mayor_text), ("议题类别", CATEGORIES.get(item.category, ""))),
        (
            ("政策性文件", "是" if item.is_policy else "否"),
            ("特别重要", "是" if item.is_important else "否"),
        ),
        (("拟提交会议", on or "常务会议（待定）"),),
    )
    return SignSheet(
        title=f"{gov}常务会议议题审批表",
        number=f"议题{item.id}",
        token="",
        facts=facts,
        boxes=tuple(boxes),
        secrecy="涉密" if confidential else "",
        note="议题须依次经协调、分管副市长审定签字、市政府办公室综合汇总、常务副市长审核、"
        "市长审定后方可提交常务会议（第二十三条）。",
        org=office,
        void_reason=item.void_reason,
    )


def agenda_sheet_pdf(
    db: Database, user: CurrentUser, item_id: int, day: date, *, copies: int = 1
) -> RenderResult:
    """Print the 议题审批表: read (R44), make the code on first print. The sheet of an item on a
    confidential meeting carries 涉密 and a 份号 per copy — `copies` copies, numbered on from the
    last one printed — and the print is audited on the item with those numbers."""
    from desktop_app.printing.sign_sheets import build_sign_sheet_pdf

    sheet = agenda_sheet(db, user, item_id, day)
    if not user.can("records"):  # a reprint of a sheet printed before, with the same code
        token = sheet_codes.reprint_token(
            db, "agenda_item", item_id, "议题审批表", sheet.number, "records"
        )
        return build_sign_sheet_pdf(replace(sheet, token=token))
    require(user, "records")
    if sheet.secrecy:
        copy_numbers.check_copies(copies)  # before the code is made
    with db.uow(user.username) as s:
        token = sheet_codes.token_for(s, "agenda_item", item_id)
        numbers = None
        if sheet.secrecy:  # R44: numbered and logged with the code, in one transaction
            numbers = copy_numbers.take(
                s, user.username, AgendaItem, "copies_printed", item_id, copies, "议题审批表"
            )
    if numbers is None:
        return build_sign_sheet_pdf(replace(sheet, token=token))
    result = build_sign_sheet_pdf(replace(sheet, token=token), copy_numbers=numbers.labels)
    result.notes.append(numbers.note)
    return result


def agenda_target(db: Database, user: CurrentUser, item_id: int, today: date) -> ScanTarget:
    """The 议题 and the first R23.4.1a step not on record, with its signer (the vice mayor in
    charge — his AB partner while he is away —, the 常务副市长, the 市长)."""
    item = get_item(db, item_id, today, user=user)
    with db.read() as s:
        row = s.get(AgendaItem, item_id)
        assert row is not None
        confidential = bool(
            row.meeting_id and (m := s.get(Meeting, row.meeting_id)) is not None and m.confidential
        )
        meeting_secrecy.check_may_see(user, confidential, "议题")
        base = ScanTarget(AREA, "agenda_item", item.id, f"议题{item.id}《{item.title}》")
        if item.void_reason is not None or item.kind != "normal":
            return base
        step = next((x for x in CHAIN_ORDER if getattr(row, STEPS[x][1] or "") is None), None)
        if step is None:
            return base
        signer: int | None = None
        if step == "sponsor_signed" and row.department_id is not None:
            who = in_charge.find(s, today, unit_id=row.department_id)
            if who is not None:
                signer = who.stand_in_id or who.person_id
        elif STEPS[step][2] in ("exec_vice_mayor", "mayor"):
            h = q.holder(s, STEPS[step][2] or "", today)
            signer = h.person_id if h is not None else None
        return replace(
            base,
            action="step",
            step_key=step,
            step_label=STEPS[step][0],
            signer_id=signer,
            signer_name=q.person_name(s, signer) if signer else "",
        )


_ITEM_NO = re.compile(r"^议题(?:编号)?(\d+)$")


def _read_number(s: Session, text: str) -> tuple[str, int] | None:
    m = _ITEM_NO.match(text)
    if m and s.get(AgendaItem, int(m[1])) is not None:
        return ("agenda_item", int(m[1]))
    return None


sheet_codes.register("agenda_item", agenda_target, _read_number)
