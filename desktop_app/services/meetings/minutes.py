"""纪要: the minutes of a meeting from draft to issue (R23.5, R23.7.2, R29.1, R29.2, R29.4,
R23.6.3).

The draft is generated from the meeting (opening sentence, one section per item with reporter,
discussion and conclusion) and then edited. The attendance lines (出席 / 请假 / 列席) are read
from the meeting's effective attendance (services.attendance: an approved absence that day is
请假) until the minutes are issued; issue keeps a snapshot with the minutes, so issued minutes
never change when attendance records do (R29.2). `body_json` holds
{"sections": [{heading, paragraphs}], "present": [...], "on_leave": [...], "attending": [...]}.

Each step records who took it (R23.7.2): the 常务秘书 drafts, a person of 法制办公室 reviews
legality, the 常务副市长 reviews — each checked against the dated directory on the step's day.
Objections (R29.4) are recorded before issue with who raised them and how they were settled.

Confidential minutes (R44, R23.6.3; see services.meeting_secrecy): the minutes of a confidential
meeting are a classified record. Their text — opening, sections, objections, the R23.5 warnings
that name items — is returned only to accounts with the classified permission; every other
account (and a call without one) gets the record with 「（涉密会议，内容不显示）」 in its place, its
state, dates, number and people unchanged so the workflow can still be followed. Editing the text
(save, objections, 勘误/补充) and printing it are refused under R44 without the permission; a
机要 account's open (get_minutes / minutes_of_meeting with its account) and print are audited.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.engine import Database
from db.locks import serialize
from db.models import Appointment, Meeting, MinutesRecord, Unit
from db.sequences import allocate
from desktop_app.formatting import format_date
from desktop_app.rules.meetings import KINDS
from desktop_app.rules.minutes import (
    MINUTES_STATE_NAMES,
    MINUTES_STATES,
    SignerFacts,
    check_minutes_editable,
    check_minutes_hand,
    check_minutes_signer,
    check_minutes_step,
    check_no_placeholders,
    check_objection_open,
    check_objections_settled,
    check_publishable,
)
from desktop_app.rules.registry import violation
from desktop_app.services.absences import in_charge
from desktop_app.services.directory import queries as q
from desktop_app.services.meetings import secrecy as meeting_secrecy
from desktop_app.services.meetings.minutes_draft import attendance_lines, draft_text, items_taken_up
from desktop_app.services.meetings.minutes_dto import (  # noqa: F401 - re-exported
    MinutesDTO,
    Objection,
    Section,
    body_of,
    dto,
    objections_of,
    reporting_units,
    shown,
    texts_of,
)
from desktop_app.services.meetings.planning import meeting_day
from desktop_app.services.system import org_profile
from desktop_app.services.system.common import (
    CurrentUser,
    ValidationError,
    get_existing,
    load_for_update,
    require,
)

if TYPE_CHECKING:
    from desktop_app.printing.official import RenderResult

STATES = MINUTES_STATES
STATE_NAMES = MINUTES_STATE_NAMES
DATE_FIELDS = {
    "draft": "drafted_on",
    "comments": "comments_on",
    "legal": "legal_on",
    "exec_review": "exec_reviewed_on",
    "signed": "signed_on",
    "issued": "issued_on",
}
CORRECTION_KINDS = ("勘误", "补充")
LEGAL_UNIT = (
    "法制办公室",
    "法制办",
)  # the unit that reviews legality (R23.7.2), name or short name


def _secret(rec: MinutesRecord, m: Meeting) -> bool:
    return bool(rec.confidential or m.confidential)


def _load(s: Session, minutes_id: int, version: int | None) -> tuple[MinutesRecord, Meeting]:
    rec = load_for_update(s, MinutesRecord, minutes_id, version)
    return rec, get_existing(s, Meeting, rec.meeting_id)


def _drafter(s: Session, m: Meeting, drafter_id: int | None, day: date) -> int | None:
    """R23.7.2: a 常务会议纪要 is drafted by the 常务秘书 — the person given must hold that post on
    the day; none given: the day's only 常务秘书. Other minutes record whoever drafted them."""
    secretaries = q.holders(s, "standing_secretary", day)
    if m.kind != "executive":
        if drafter_id is None and len(secretaries) == 1:
            return secretaries[0].person_id
        return drafter_id
    if drafter_id is None:
        if len(secretaries) > 1:
            raise ValidationError("当日有多名常务秘书，请选择纪要起草人。")
        check_minutes_hand("draft", "", format_date(day), bool(secretaries))
        return secretaries[0].person_id
    check_minutes_hand(
        "draft",
        q.person_name(s, drafter_id),
        format_date(day),
        any(h.person_id == drafter_id for h in secretaries),
    )
    return drafter_id


def draft_minutes(
    db: Database,
    user: CurrentUser,
    meeting_id: int,
    *,
    drafter_id: int | None = None,
    drafted_on: date | None = None,
) -> MinutesDTO:
    """Generate the draft (R23.5, R23.7.2) and record who drafted it (常务秘书) and when (the
    meeting's day unless given). One minutes record per meeting; confidential follows the
    meeting; 抄送 from the organisation profile (empty when not configured)."""
    require(user, "records")
    cc = str(org_profile.get_profile(db).values.get("minutes_cc", "") or "")
    with db.uow(user.username) as s:
        m = s.get(Meeting, meeting_id)
        if m is None or m.voided_at is not None or m.status == "cancelled":
            raise ValidationError("会议不存在、已作废或已取消，不能起草纪要。")
        day = drafted_on or meeting_day(m.starts_at)
        if day < meeting_day(m.starts_at):
            raise ValidationError(
                f"起草日期不能早于会议日期（{format_date(meeting_day(m.starts_at))}）。"
            )
        serialize(s, f"minutes:{meeting_id}")
        if s.scalar(
            select(MinutesRecord.id).where(
                MinutesRecord.meeting_id == meeting_id, MinutesRecord.corrects_id.is_(None)
            )
        ):
            raise ValidationError(f"{m.title}已有纪要，请打开原纪要修改。")
        drafter = _drafter(s, m, drafter_id, day)
        opening, sections = draft_text(s, m)
        body = {"sections": sections}
        rec = MinutesRecord(
            meeting_id=m.id,
            state="draft",
            opening=opening,
            cc=cc,
            body_json=json.dumps(body, ensure_ascii=False),
            confidential=m.confidential,
            drafter_id=drafter,
            drafted_on=day,
        )
        s.add(rec)
        s.flush()
        return shown(dto(s, rec), user)


def _clean_sections(sections: Iterable[Section | tuple[str, Iterable[str]]]) -> list[dict]:
    out: list[dict] = []
    for sec in sections:
        heading, paragraphs = (sec.heading, sec.paragraphs) if isinstance(sec, Section) else sec
        if not heading.strip():
            raise ValidationError(f"第{len(out) + 1}部分缺少标题。")
        out.append(
            {
                "heading": heading.strip().rstrip("。"),
                "paragraphs": [p.strip() for p in paragraphs if p and p.strip()],
            }
        )
    return out


def save_minutes(
    db: Database,
    user: CurrentUser,
    minutes_id: int,
    *,
    opening: str,
    sections: Iterable[Section | tuple[str, Iterable[str]]],
    cc: str = "",
    expected_version: int | None = None,
) -> MinutesDTO:
    """Edit the text before issue (R29.2: issued minutes are locked). The attendance lines are
    not typed: they follow the meeting's attendance (record a leave on the 出席 tab)."""
    require(user, "records")
    if not (opening or "").strip():
        raise ValidationError("请填写纪要开头语。")
    with db.uow(user.username) as s:
        rec, m = _load(s, minutes_id, expected_version)
        meeting_secrecy.check_may_see(user, _secret(rec, m), "纪要修改")
        check_minutes_editable(rec.state == "issued")
        body = body_of(rec) | {"sections": _clean_sections(sections)}
        rec.opening, rec.cc = opening.strip(), (cc or "").strip()
        rec.body_json = json.dumps(body, ensure_ascii=False)
        s.flush()
        return shown(dto(s, rec), user)


def _step(rec: MinutesRecord, m: Meeting, target: str, on: date | None) -> None:
    """Move to `target` on date `on` (R23.7.2): in order, and never dated before the last step."""
    check_minutes_step(m.kind, rec.state, target)
    if on is None:
        raise ValidationError(f"请填写「{STATE_NAMES[target]}」的日期。")
    if target != "comments":  # R29.4: objections are settled before the minutes go further
        check_objections_settled(
            [x["who"] for x in objections_of(rec) if not x.get("how", "").strip()]
        )
    earlier = [
        (getattr(rec, f), STATE_NAMES[k])
        for k, f in DATE_FIELDS.items()
        if getattr(rec, f) is not None
    ]
    earlier.append((meeting_day(m.starts_at), "会议日期"))
    last, what = max(earlier, key=lambda x: x[0])
    if on < last:
        raise ValidationError(
            f"「{STATE_NAMES[target]}」日期不能早于{what}（{format_date(last)}）。"
        )
    setattr(rec, DATE_FIELDS[target], on)
    rec.state = target


def legal_unit(s: Session) -> Unit | None:
    return s.scalar(
        select(Unit).where(
            Unit.voided_at.is_(None), Unit.name.in_(LEGAL_UNIT) | Unit.short_name.in_(LEGAL_UNIT)
        )
    )


def legal_staff(s: Session, day: date) -> list[tuple[int, str]]:
    """(person, label) of everyone holding a post in 法制办公室 on `day`, its head first."""
    unit = legal_unit(s)
    if unit is None:
        return []
    rows = s.execute(
        select(Appointment.person_id, Appointment.post_code)
        .where(Appointment.unit_id == unit.id, *q.on_day(Appointment, day))
        .order_by(Appointment.post_code != "unit_head", Appointment.id)
    )
    seen: dict[int, str] = {}
    for pid, _post in rows:
        seen.setdefault(pid, f"{q.person_name(s, pid)}（{unit.name}）")
    return list(seen.items())


def _reviewer(s: Session, step: str, by: int | None, day: date) -> int:
    """R23.7.2: the legality reviewer belonged to 法制办公室 that day, the reviewer held the post
    常务副市长 that day. None given: the unit's head / the day's 常务副市长."""
    if step == "legal":
        staff = [pid for pid, _label in legal_staff(s, day)]
        chosen = by if by is not None else (staff[0] if staff else None)
    else:
        evm = q.holder(s, "exec_vice_mayor", day)
        staff = [evm.person_id] if evm else []
        chosen = by if by is not None else (evm.person_id if evm else None)
    check_minutes_hand(step, q.person_name(s, chosen), format_date(day), chosen in staff)
    assert chosen is not None  # refused above: no one (None) is in staff
    return chosen


def advance_minutes(
    db: Database,
    user: CurrentUser,
    minutes_id: int,
    to_state: str,
    on: date,
    expected_version: int | None = None,
    by_person_id: int | None = None,
) -> MinutesDTO:
    """Record a review step (R23.7.2): comments (征求汇报部门意见), legal (法制办合法性审查, by a
    person of 法制办公室) or exec_review (常务副市长审核, by the day's 常务副市长), each with its date
    and, for the reviews, who reviewed."""
    require(user, "records")
    if to_state not in ("comments", "legal", "exec_review"):
        raise ValidationError("签发和印发请使用相应操作。")
    with db.uow(user.username) as s:
        rec, m = _load(s, minutes_id, expected_version)
        _step(rec, m, to_state, on)
        if to_state == "legal":
            rec.legal_reviewer_id = _reviewer(s, "legal", by_person_id, on)
        elif to_state == "exec_review":
            rec.exec_reviewer_id = _reviewer(s, "exec_review", by_person_id, on)
        s.flush()
        return shown(dto(s, rec), user)


def record_objection(
    db: Database,
    user: CurrentUser,
    minutes_id: int,
    *,
    what: str,
    raised_on: date,
    unit_id: int | None = None,
    person_id: int | None = None,
    how: str = "",
    expected_version: int | None = None,
) -> MinutesDTO:
    """R29.4: an objection to a matter the meeting studied, raised at the meeting or before the
    minutes are issued — which unit or person, what, and how it was settled (may follow later
    through `settle_objection`). After issue none are taken."""
    require(user, "records")
    what = (what or "").strip()
    if unit_id is None and person_id is None:
        raise ValidationError("请选择提出不同意见的单位或人员。")
    if not what:
        raise ValidationError("请填写不同意见的内容。")
    if raised_on is None:
        raise ValidationError("请填写提出日期。")
    with db.uow(user.username) as s:
        rec, m = _load(s, minutes_id, expected_version)
        meeting_secrecy.check_may_see(user, _secret(rec, m), "纪要不同意见")
        check_objection_open(m.kind, rec.state == "issued")
        if raised_on < meeting_day(m.starts_at):
            raise ValidationError("不同意见的提出日期不能早于会议日期。")
        who = f"{q.unit_name(s, unit_id) if unit_id else ''}{q.person_name(s, person_id)}"
        if not who:
            raise ValidationError("提出不同意见的单位或人员不存在。")
        rows = objections_of(rec)
        rows.append(
            {
                "who": who,
                "unit_id": unit_id,
                "person_id": person_id,
                "what": what[:500],
                "how": (how or "").strip()[:500],
                "raised_on": raised_on.isoformat(),
            }
        )
        rec.objections_json = json.dumps(rows, ensure_ascii=False)
        s.flush()
        return shown(dto(s, rec), user)


def settle_objection(
    db: Database,
    user: CurrentUser,
    minutes_id: int,
    index: int,
    how: str,
    expected_version: int | None = None,
) -> MinutesDTO:
    """R29.4: how an objection was settled (before issue)."""
    require(user, "records")
    how = (how or "").strip()
    if not how:
        raise ValidationError("请填写处理结果。")
    with db.uow(user.username) as s:
        rec, m = _load(s, minutes_id, expected_version)
        meeting_secrecy.check_may_see(user, _secret(rec, m), "纪要不同意见")
        check_objection_open(m.kind, rec.state == "issued")
        rows = objections_of(rec)
        if not 0 <= index < len(rows):
            raise ValidationError("请选择要记录处理结果的不同意见。")
        rows[index]["how"] = how[:500]
        rec.objections_json = json.dumps(rows, ensure_ascii=False)
        s.flush()
        return shown(dto(s, rec), user)


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
        rec, m = _load(s, minutes_id, expected_version)
        check_minutes_step(m.kind, rec.state, "signed")
        if signed_on is None:
            raise ValidationError("请填写签发日期。")
        check_no_placeholders(texts_of(rec), "签发")
        capacity = check_minutes_signer(signer_facts(s, m, signer_id, signed_on))
        _step(rec, m, "signed", signed_on)
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
        rec, m = _load(s, minutes_id, expected_version)
        check_no_placeholders(texts_of(rec), "印发")
        _step(rec, m, "issued", issued_on)
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
        orig, m = _load(s, minutes_id, None)
        meeting_secrecy.check_may_see(user, _secret(orig, m), "纪要勘误、补充")
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
        rec, _m = _load(s, minutes_id, expected_version)
        if published:
            check_publishable(rec.confidential)
            if rec.state != "issued":
                raise ValidationError("纪要印发后方可标记为已公开。")
        rec.published = published
        s.flush()
        return shown(dto(s, rec), user)


def get_minutes(db: Database, minutes_id: int, user: CurrentUser | None = None) -> MinutesDTO:
    """Open one minutes record for `user` (R44: a confidential one's text only with the
    classified permission — none given: hidden; the permitted open is audited)."""
    with db.read() as s:
        rec, _m = _load(s, minutes_id, None)
        d = dto(s, rec)
    if d.confidential and user is not None and meeting_secrecy.may_see(user, True):
        meeting_secrecy.audit_content(db, user, MinutesRecord.__tablename__, [d.id], "view")
    return shown(d, user)


def minutes_of_meeting(
    db: Database, meeting_id: int, user: CurrentUser | None = None
) -> list[MinutesDTO]:
    """The meeting's minutes first, then its corrections in order — as `user` may see them
    (R44, see get_minutes; the permitted open of confidential ones is audited)."""
    with db.read() as s:
        rows = s.scalars(
            select(MinutesRecord)
            .where(MinutesRecord.meeting_id == meeting_id)
            .order_by(MinutesRecord.corrects_id.is_not(None), MinutesRecord.id)
        )
        found = [dto(s, r) for r in rows]
    opened = [d.id for d in found if d.confidential]
    if opened and user is not None and meeting_secrecy.may_see(user, True):
        meeting_secrecy.audit_content(db, user, MinutesRecord.__tablename__, opened, "view")
    return [shown(d, user) for d in found]


def minutes_pdf(
    db: Database,
    minutes_id: int,
    *,
    copy_number: int = 1,
    secrecy: str = "",
    user: CurrentUser | None = None,
) -> RenderResult:
    """The 纪要 as FORMS.md prints it (desktop_app.printing.minutes) → RenderResult. A draft
    shows 「（草稿）」 in the issue number's place; confidential minutes carry 份号 and 密级,
    are printed only for an account with the classified permission (R44, refused otherwise)
    and each print is audited."""
    from desktop_app.printing.minutes import Minutes, MinutesItem, build_minutes_pdf

    profile = org_profile.get_profile(db)
    with db.read() as s:
        rec, _m = _load(s, minutes_id, None)
        d = dto(s, rec)
    meeting_secrecy.check_may_see(user, d.confidential, "纪要打印")
    issued = format_date(d.issued_on) if d.issued_on else "　　年　月　日"
    result = build_minutes_pdf(
        Minutes(
            mark=f"{profile['org_name']}{KINDS[d.meeting_kind]}纪要",
            issue_number=d.issue_text,
            office=profile["office_name"],
            date_text=format_date(d.issued_on),
            opening=d.opening,
            items=[MinutesItem(x.heading, list(x.paragraphs)) for x in d.sections],
            present=list(d.present),
            on_leave=list(d.on_leave),
            attending=list(d.attending),
            cc=d.cc,
            issued_text=issued,
            cc_label=str(profile["minutes_cc_label"]),
            copies=int(profile["minutes_copies"]),
            copy_number=f"{copy_number:06d}" if d.confidential else "",
            secrecy=(secrecy or profile["minutes_secrecy"]) if d.confidential else "",
        )
    )
    if d.confidential and user is not None:  # check_may_see refused confidential without one
        meeting_secrecy.audit_content(
            db,
            user,
            MinutesRecord.__tablename__,
            [d.id],
            "print",
            f"纪要{d.issue_text}第{copy_number:06d}份",
        )
    return result


def step_people(db: Database, step: str, day: date) -> list[tuple[int, str]]:
    """(person, label) of those who may take a minutes step on `day` (R23.7.2), for the forms:
    draft — the 常务秘书; legal — the people of 法制办公室; exec_review — the 常务副市长."""
    with db.read() as s:
        if step == "legal":
            return legal_staff(s, day)
        post = {"draft": "standing_secretary", "exec_review": "exec_vice_mayor"}[step]
        return [(h.person_id, f"{h.name}（{h.title}）") for h in q.holders(s, post, day)]
