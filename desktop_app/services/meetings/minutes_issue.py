"""纪要 sign-off and after: signing (R29.1 decides who may sign), issue with its gap-free number
and the attendance snapshot (R29.2), 勘误/补充 as new linked records (R29.2) and publication
(R23.6.3). Signing and issue are the last steps of services.meetings.minutes_review's order.
"""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy.orm import Session

from db.engine import Database
from db.models import Meeting, MinutesRecord
from db.sequences import allocate
from desktop_app.rules.minutes import (
    SignerFacts,
    check_minutes_signer,
    check_minutes_step,
    check_no_placeholders,
    check_publishable,
)
from desktop_app.rules.registry import violation
from desktop_app.services.absences import in_charge
from desktop_app.services.directory import queries as q
from desktop_app.services.meetings import secrecy as meeting_secrecy
from desktop_app.services.meetings.minutes import is_confidential, load_minutes
from desktop_app.services.meetings.minutes_draft import attendance_lines, items_taken_up
from desktop_app.services.meetings.minutes_dto import MinutesDTO, body_of, dto, shown, texts_of
from desktop_app.services.meetings.minutes_review import take_step
from desktop_app.services.system.common import CurrentUser, ValidationError, require

CORRECTION_KINDS = ("勘误", "补充")


def signer_facts(s: Session, m: Meeting, signer_id: int, day: date) -> SignerFacts:
    """R29.1/R6.3 facts from the dated directory on the signing day."""
    mayor = q.holder(s, "mayor", day)
    exec_vm = q.holder(s, "exec_vice_mayor", day)
    ent = q.entrusted_agent(s, day)
    entrusted = (
        ent.agent_id
        if ent is not None and mayor is not None and ent.principal_id == mayor.person_id
        else None
    )
    vice_mayors = set()
    for item in items_taken_up(s, m.id):
        if item.kind == "law_study":
            continue
        vm = in_charge.find(s, day, unit_id=item.department_id) if item.department_id else None
        person = vm.person_id if vm else item.sponsor_signed_by
        if person is not None:
            vice_mayors.add(person)
    return SignerFacts(
        m.kind,
        signer_id,
        mayor.person_id if mayor else None,
        exec_vm.person_id if exec_vm else None,
        m.presider_id,
        entrusted,
        len(vice_mayors),
    )


def sign_minutes(
    db: Database,
    user: CurrentUser,
    minutes_id: int,
    signer_id: int,
    signed_on: date,
    expected_version: int | None = None,
) -> MinutesDTO:
    """Record the sign-off (签发) on paper: R29.1 decides who may sign; the capacity
    (本人 / 受委托) is recorded."""
    require(user, "records")
    with db.uow(user.username) as s:
        rec, m = load_minutes(s, minutes_id, expected_version)
        check_minutes_step(m.kind, rec.state, "signed")
        if signed_on is None:
            raise ValidationError("请填写签发日期。")
        check_no_placeholders(texts_of(rec), "签发")
        capacity = check_minutes_signer(signer_facts(s, m, signer_id, signed_on))
        take_step(rec, m, "signed", signed_on)
        rec.signer_id, rec.signer_capacity = signer_id, capacity
        s.flush()
        return shown(dto(s, rec), user)


def issue_minutes(
    db: Database,
    user: CurrentUser,
    minutes_id: int,
    issued_on: date,
    expected_version: int | None = None,
) -> MinutesDTO:
    """印发: the issue number comes gap-free per meeting kind and year; the text is locked (R29.2)."""
    require(user, "records")
    with db.uow(user.username) as s:
        rec, m = load_minutes(s, minutes_id, expected_version)
        check_no_placeholders(texts_of(rec), "印发")
        take_step(rec, m, "issued", issued_on)
        if rec.corrects_id is None:
            if m.status != "held":
                # R23.7.2: the minutes are those of a meeting held, with its attendance recorded
                raise violation(
                    "R23.7.2", f"{m.title}尚未标记已召开（出席情况须先逐一登记），纪要不能印发。"
                )
            # R29.2: the attendance lines are kept with the issued text from now on
            body = body_of(rec) | attendance_lines(s, m.id)
            rec.body_json = json.dumps(body, ensure_ascii=False)
        rec.issue_number = allocate(s, f"minutes:{m.kind}:{issued_on.year}")
        s.flush()
        return shown(dto(s, rec), user)


def correct_minutes(
    db: Database, user: CurrentUser, minutes_id: int, kind: str, text: str
) -> MinutesDTO:
    """R29.2: a 勘误/补充 to issued minutes is a NEW record linked to them (corrects_id); the
    issued text is never edited. The new record follows the same workflow and gets its own number."""
    require(user, "records")
    if kind not in CORRECTION_KINDS:
        raise ValidationError("更正类别须为「勘误」或「补充」。")
    paragraphs = [p.strip() for p in (text or "").splitlines() if p.strip()]
    if not paragraphs:
        raise ValidationError(f"请填写{kind}内容。")
    with db.uow(user.username) as s:
        orig, m = load_minutes(s, minutes_id, None)
        meeting_secrecy.check_may_see(user, is_confidential(orig, m), "纪要勘误、补充")
        if orig.state != "issued":
            raise ValidationError("纪要尚未印发，请直接修改原纪要。")
        old = dto(s, orig)
        body = {"sections": [{"heading": f"{kind}内容", "paragraphs": paragraphs}]}
        rec = MinutesRecord(
            meeting_id=m.id,
            state="draft",
            corrects_id=orig.id,
            correction_kind=kind,
            opening=f"现对{m.title}纪要（{old.issue_text}）作如下{kind}：",
            cc=orig.cc,
            body_json=json.dumps(body, ensure_ascii=False),
            confidential=orig.confidential,
        )
        s.add(rec)
        s.flush()
        return shown(dto(s, rec), user)


def set_published(
    db: Database,
    user: CurrentUser,
    minutes_id: int,
    published: bool,
    expected_version: int | None = None,
) -> MinutesDTO:
    """R23.6.3: issued minutes are published except confidential ones, which never are."""
    require(user, "records")
    with db.uow(user.username) as s:
        rec, _m = load_minutes(s, minutes_id, expected_version)
        if published:
            check_publishable(rec.confidential)
            if rec.state != "issued":
                raise ValidationError("纪要印发后方可标记为已公开。")
        rec.published = published
        s.flush()
        return shown(dto(s, rec), user)
