"""What a scan of a 发文稿纸's or 收文处理笺's code (or a typed document number) opens: the
document and its next step, with the signer pre-selected (services.system.sheet_codes).

Registered when the areas are composed at start; the sheets themselves (documents.sheets, and
ReportLab behind them) load only when one is printed."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.engine import Database
from db.models import IncomingDocument, IncomingReading
from db.models.outgoing import OutgoingDocument
from desktop_app.rules import incoming as rules_in
from desktop_app.rules.incoming import check_classified
from desktop_app.services.absences.away import signing_partner
from desktop_app.services.directory import queries as q
from desktop_app.services.documents.outgoing_dto import number_text
from desktop_app.services.documents.outgoing_signoffs import signoff_checklist
from desktop_app.services.system import sheet_codes
from desktop_app.services.system.common import CurrentUser, ValidationError
from desktop_app.services.system.sheet_codes import ScanTarget

AREA = "公文"


def incoming_target(db: Database, user: CurrentUser, doc_id: int, today: date) -> ScanTarget:
    """The 收文 and its next step: 拟办意见, 分送, the routed leader's 阅批 (the leader — or his
    AB partner while he is away — pre-selected), 办结; none once closed or returned."""
    with db.read() as s:
        d = s.get(IncomingDocument, doc_id)
        if d is None:
            raise ValidationError("收文不存在。")
        check_classified(d.secrecy, user.can("classified"))
        label = f"收文〔{d.year}〕{d.seq}号《{d.title}》"
        base = ScanTarget(AREA, "incoming", d.id, label)
        if d.voided_at is not None or d.status in ("closed", "returned"):
            return base
        if d.status == "registered":
            return _step(base, "propose", "拟办意见")
        if d.status == "proposed":
            return _step(base, "route", "分送")
        readers = set(
            s.scalars(select(IncomingReading.person_id).where(IncomingReading.document_id == d.id))
        )
        leader = d.leader_id
        if d.route_kind in rules_in.LEADER_ROUTES and leader and leader not in readers:
            signer = signing_partner(s, leader, today) or leader
            return _step(base, "read", "阅批", signer, q.person_name(s, signer))
        return _step(base, "close", "办结")


def _step(
    base: ScanTarget, action: str, label: str, signer: int | None = None, name: str = ""
) -> ScanTarget:
    return replace(base, action=action, step_label=label, signer_id=signer, signer_name=name)


def outgoing_target(db: Database, user: CurrentUser, doc_id: int, today: date) -> ScanTarget:
    """The 发文 and its next step: the first open step of the chain with its signer (the vice
    mayor it is addressed to, the 常务副市长 or 市长 holding the post today), or 编号印发 once
    签发; none once issued."""
    with db.read() as s:
        d = s.get(OutgoingDocument, doc_id)
        if d is None:
            raise ValidationError("发文不存在。")
        check_classified(d.secrecy, user.can("classified"))
        label = f"{number_text(d) or f'发文{d.id}（未编号）'}《{d.title}》"
        base = ScanTarget(AREA, "outgoing", d.id, label)
        status, voided = d.status, d.voided_at is not None
    if voided or status in ("issued", "published"):
        return base
    if status == "signed":
        return _step(base, "issue", "编号印发")
    line = next((x for x in signoff_checklist(db, user, doc_id, today) if not x.done), None)
    if line is None:
        return base
    with db.read() as s:
        signer: int | None = line.for_person_id
        if signer is not None:  # R6.2: his AB partner signs while he is away
            signer = signing_partner(s, signer, today) or signer
        if signer is None and not line.step_key.startswith("vice_mayor"):
            post = "mayor" if "市长 " in line.needed and "副市长" not in line.needed else ""
            post = post or ("exec_vice_mayor" if line.needed.startswith("常务副市长") else "")
            h = q.holder(s, post, today) if post else None
            signer = h.person_id if h is not None else None
        name = q.person_name(s, signer) if signer is not None else ""
    return replace(
        _step(base, "sign", line.label, signer, name),
        step_key=line.step_key,
        for_person_id=line.for_person_id,
    )


_INCOMING_NO = re.compile(r"^收文〔(\d{4})〕(\d+)号?$")
_OUTGOING_NO = re.compile(r"^(\S+?)〔(\d{4})〕(\d+)号?$")
_OUTGOING_ID = re.compile(r"^发文(?:登记)?(\d+)(?:（未编号）)?$")


def _read_number(s: Session, text: str) -> tuple[str, int] | None:
    """收文〔2026〕12号 → its 收文; 同政发〔2026〕3号 → its 发文; 发文12 → 发文 record 12.
    Brackets typed as [] or () or 【】 are taken as 〔〕."""
    text = re.sub(r"[\[\(（【]", "〔", re.sub(r"[\]\)）】]", "〕", text))
    m = _INCOMING_NO.match(text)
    if m:
        found = s.scalar(
            select(IncomingDocument.id).where(
                IncomingDocument.year == int(m[1]), IncomingDocument.seq == int(m[2])
            )
        )
        return ("incoming", found) if found is not None else None
    m = _OUTGOING_NO.match(text)
    if m:
        found = s.scalar(
            select(OutgoingDocument.id).where(
                OutgoingDocument.prefix == m[1],
                OutgoingDocument.year == int(m[2]),
                OutgoingDocument.seq == int(m[3]),
            )
        )
        return ("outgoing", found) if found is not None else None
    m = _OUTGOING_ID.match(text.replace("〔", "（").replace("〕", "）"))
    if m and s.get(OutgoingDocument, int(m[1])) is not None:
        return ("outgoing", int(m[1]))
    return None


sheet_codes.register("incoming", incoming_target, _read_number)
sheet_codes.register("outgoing", outgoing_target)
