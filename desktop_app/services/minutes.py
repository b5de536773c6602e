"""纪要: the minutes of a meeting from draft to issue (R23.5, R23.7.2, R29.1, R29.2, R23.6.3).

The draft is generated from the meeting (opening sentence, one section per item with reporter,
discussion and conclusion, attendance) and then edited; the attendance lines are a snapshot kept
with the minutes, so issued minutes never change when attendance records do. `body_json` holds
{"sections": [{heading, paragraphs}], "present": [...], "on_leave": [...], "attending": [...]}.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.engine import Database
from db.locks import serialize
from db.models import (
    Meeting,
    MinutesRecord,
)
from db.sequences import allocate
from desktop_app.formatting import format_date, format_issue_number
from desktop_app.rules.meetings import (
    KINDS,
    SignerFacts,
    check_minutes_editable,
    check_minutes_signer,
    check_publishable,
)
from desktop_app.rules.registry import cite, rule, violation
from desktop_app.services import directory_queries as q
from desktop_app.services import org_profile
from desktop_app.services.common import CurrentUser, ValidationError, load_for_update, require
from desktop_app.services.meetings import meeting_day
from desktop_app.services.minutes_draft import attendance_lines, draft_text, items_taken_up

if TYPE_CHECKING:
    from desktop_app.printing.official import RenderResult

STATES = ("draft", "comments", "legal", "exec_review", "signed", "issued")
STATE_NAMES = {"draft": "起草", "comments": "征求汇报部门意见", "legal": "法制办合法性审查",
               "exec_review": "常务副市长审核", "signed": "已签发", "issued": "已印发"}
DATE_FIELDS = {"comments": "comments_on", "legal": "legal_on", "exec_review": "exec_reviewed_on",
               "signed": "signed_on", "issued": "issued_on"}
CORRECTION_KINDS = ("勘误", "补充")

@rule("R23.7.2", "第二十三条", "rule",
      "常务会议纪要由常务秘书起草，经征求议题汇报部门意见和法制办合法性审查后，由常务副市长审核，报市长签发，按规定范围印发。")
def check_minutes_step(meeting_kind: str, current: str, target: str) -> None:
    """R23.7.2: a 常务会议纪要 passes every step in order; for other kinds the review steps are
    optional, but minutes are always signed before they are issued."""
    now, nxt = STATES.index(current), STATES.index(target)
    strict = meeting_kind == "executive" or target == "issued"
    if nxt == now + 1 or (not strict and now < nxt <= STATES.index("signed")):
        return
    if nxt <= now:
        raise violation("R23.7.2", f"纪要已处于「{STATE_NAMES[current]}」阶段，不能回到"
                        f"「{STATE_NAMES[target]}」。")
    order = "起草→征求汇报部门意见→法制办合法性审查→常务副市长审核→市长签发→印发"
    raise violation("R23.7.2", f"纪要须按「{order}」依次办理：当前为「{STATE_NAMES[current]}」，"
                    f"下一步应为「{STATE_NAMES[STATES[now + 1]]}」，不能直接「{STATE_NAMES[target]}」。")


@dataclass(frozen=True)
class Section:
    heading: str  # 「关于……的问题」, printed as 「一、关于……的问题。」
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class MinutesDTO:
    id: int
    version: int
    meeting_id: int
    meeting_title: str
    meeting_kind: str
    meeting_day: date
    state: str
    issue_number: int | None
    issue_text: str  # 〔2018〕3号, or 「（草稿）」 before issue
    opening: str
    sections: tuple[Section, ...]
    present: tuple[str, ...]
    on_leave: tuple[str, ...]
    attending: tuple[str, ...]
    cc: str
    comments_on: date | None
    legal_on: date | None
    exec_reviewed_on: date | None
    signer_id: int | None
    signer_name: str
    signed_on: date | None
    signer_capacity: str
    issued_on: date | None
    confidential: bool
    published: bool
    corrects_id: int | None
    correction_kind: str
    warnings: tuple[str, ...]  # R23.5: items without reporter or conclusion

    @property
    def state_name(self) -> str:
        return STATE_NAMES[self.state]


def _body(rec: MinutesRecord) -> dict:
    data = json.loads(rec.body_json or "[]")
    return {"sections": data} if isinstance(data, list) else data


def _warnings(s: Session, rec: MinutesRecord) -> tuple[str, ...]:
    if rec.corrects_id is not None or rec.state == "issued":
        return ()
    out = []
    for item in items_taken_up(s, rec.meeting_id):
        missing = [label for label, value in (("汇报人", item.reporter),
                                              ("会议结论", item.conclusion)) if not value.strip()]
        if item.kind != "law_study" and missing:
            out.append(cite("R23.5", f"议题「{item.title}」未记录{'、'.join(missing)}。"))
    return tuple(out)


def _dto(s: Session, rec: MinutesRecord) -> MinutesDTO:
    m = s.get(Meeting, rec.meeting_id)
    body = _body(rec)
    sections = tuple(Section(x["heading"], tuple(x["paragraphs"])) for x in body["sections"])
    style = org_profile.profile_value(s, "minutes_issue_style")
    issue = (format_issue_number(rec.issued_on.year, rec.issue_number, style)
             if rec.issue_number and rec.issued_on else "（草稿）")
    return MinutesDTO(
        rec.id, rec.version, m.id, m.title, m.kind, meeting_day(m.starts_at), rec.state,
        rec.issue_number, issue, rec.opening, sections, tuple(body.get("present", ())),
        tuple(body.get("on_leave", ())), tuple(body.get("attending", ())), rec.cc,
        rec.comments_on, rec.legal_on, rec.exec_reviewed_on, rec.signer_id,
        q.person_name(s, rec.signer_id), rec.signed_on, rec.signer_capacity, rec.issued_on,
        rec.confidential, rec.published, rec.corrects_id, rec.correction_kind,
        _warnings(s, rec))


def _load(s: Session, minutes_id: int, version: int | None) -> tuple[MinutesRecord, Meeting]:
    rec = load_for_update(s, MinutesRecord, minutes_id, version)
    return rec, s.get(Meeting, rec.meeting_id)


def draft_minutes(db: Database, user: CurrentUser, meeting_id: int) -> MinutesDTO:
    """Generate the draft (R23.5, R23.7.2). One minutes record per meeting; confidential follows
    the meeting; 抄送 from the organisation profile (empty when not configured)."""
    require(user, "records")
    cc = str(org_profile.get_profile(db).values.get("minutes_cc", "") or "")
    with db.uow(user.username) as s:
        m = s.get(Meeting, meeting_id)
        if m is None or m.voided_at is not None or m.status == "cancelled":
            raise ValidationError("会议不存在、已作废或已取消，不能起草纪要。")
        serialize(s, f"minutes:{meeting_id}")
        if s.scalar(select(MinutesRecord.id).where(MinutesRecord.meeting_id == meeting_id,
                                                   MinutesRecord.corrects_id.is_(None))):
            raise ValidationError(f"{m.title}已有纪要，请打开原纪要修改。")
        opening, sections = draft_text(s, m)
        body = {"sections": sections, **attendance_lines(s, m.id)}
        rec = MinutesRecord(meeting_id=m.id, state="draft", opening=opening, cc=cc,
                            body_json=json.dumps(body, ensure_ascii=False),
                            confidential=m.confidential)
        s.add(rec)
        s.flush()
        return _dto(s, rec)


def _clean_sections(sections: Iterable[Section | tuple[str, Iterable[str]]]) -> list[dict]:
    out = []
    for sec in sections:
        heading, paragraphs = (sec.heading, sec.paragraphs) if isinstance(sec, Section) else sec
        if not heading.strip():
            raise ValidationError(f"第{len(out) + 1}部分缺少标题。")
        out.append({"heading": heading.strip().rstrip("。"),
                    "paragraphs": [p.strip() for p in paragraphs if p and p.strip()]})
    return out


def save_minutes(db: Database, user: CurrentUser, minutes_id: int, *, opening: str,
                 sections: Iterable[Section | tuple[str, Iterable[str]]], cc: str = "",
                 present: Iterable[str] | None = None, on_leave: Iterable[str] | None = None,
                 attending: Iterable[str] | None = None,
                 expected_version: int | None = None) -> MinutesDTO:
    """Edit the text before issue (R29.2: issued minutes are locked). Attendance lines left as
    None keep what the draft took from the attendance records."""
    require(user, "records")
    if not (opening or "").strip():
        raise ValidationError("请填写纪要开头语。")
    with db.uow(user.username) as s:
        rec, _m = _load(s, minutes_id, expected_version)
        check_minutes_editable(rec.state == "issued")
        body = _body(rec) | {"sections": _clean_sections(sections)}
        for key, names in (("present", present), ("on_leave", on_leave),
                           ("attending", attending)):
            if names is not None:
                body[key] = [n.strip() for n in names if n and n.strip()]
        rec.opening, rec.cc = opening.strip(), (cc or "").strip()
        rec.body_json = json.dumps(body, ensure_ascii=False)
        s.flush()
        return _dto(s, rec)


def _step(rec: MinutesRecord, m: Meeting, target: str, on: date | None) -> None:
    """Move to `target` on date `on` (R23.7.2): in order, and never dated before the last step."""
    check_minutes_step(m.kind, rec.state, target)
    if on is None:
        raise ValidationError(f"请填写「{STATE_NAMES[target]}」的日期。")
    earlier = [(getattr(rec, f), STATE_NAMES[k]) for k, f in DATE_FIELDS.items()
               if getattr(rec, f) is not None]
    earlier.append((meeting_day(m.starts_at), "会议日期"))
    last, what = max(earlier, key=lambda x: x[0])
    if on < last:
        raise ValidationError(f"「{STATE_NAMES[target]}」日期不能早于{what}（{format_date(last)}）。")
    setattr(rec, DATE_FIELDS[target], on)
    rec.state = target


def advance_minutes(db: Database, user: CurrentUser, minutes_id: int, to_state: str, on: date,
                    expected_version: int | None = None) -> MinutesDTO:
    """Record a review step (R23.7.2): comments (征求汇报部门意见), legal (法制办合法性审查) or
    exec_review (常务副市长审核), each with its date."""
    require(user, "records")
    if to_state not in ("comments", "legal", "exec_review"):
        raise ValidationError("签发和印发请使用相应操作。")
    with db.uow(user.username) as s:
        rec, m = _load(s, minutes_id, expected_version)
        _step(rec, m, to_state, on)
        s.flush()
        return _dto(s, rec)


def signer_facts(s: Session, m: Meeting, signer_id: int, day: date) -> SignerFacts:
    """R29.1/R6.3 facts from the dated directory on the signing day."""
    mayor = q.holder(s, "mayor", day)
    exec_vm = q.holder(s, "exec_vice_mayor", day)
    ent = q.entrusted_agent(s, day)
    entrusted = (ent.agent_id if ent is not None and mayor is not None
                 and ent.principal_id == mayor.person_id else None)
    in_charge = set()
    for item in items_taken_up(s, m.id):
        if item.kind == "law_study":
            continue
        vm = q.vice_mayor_in_charge(s, item.department_id, day) if item.department_id else None
        person = vm.person_id if vm else item.sponsor_id
        if person is not None:
            in_charge.add(person)
    return SignerFacts(m.kind, signer_id, mayor.person_id if mayor else None,
                       exec_vm.person_id if exec_vm else None, m.presider_id, entrusted,
                       len(in_charge))


def sign_minutes(db: Database, user: CurrentUser, minutes_id: int, signer_id: int,
                 signed_on: date, expected_version: int | None = None) -> MinutesDTO:
    """Record the sign-off (签发) on paper: R29.1 decides who may sign; the capacity
    (本人 / 受委托) is recorded."""
    require(user, "records")
    with db.uow(user.username) as s:
        rec, m = _load(s, minutes_id, expected_version)
        check_minutes_step(m.kind, rec.state, "signed")
        if signed_on is None:
            raise ValidationError("请填写签发日期。")
        capacity = check_minutes_signer(signer_facts(s, m, signer_id, signed_on))
        _step(rec, m, "signed", signed_on)
        rec.signer_id, rec.signer_capacity = signer_id, capacity
        s.flush()
        return _dto(s, rec)


def issue_minutes(db: Database, user: CurrentUser, minutes_id: int, issued_on: date,
                  expected_version: int | None = None) -> MinutesDTO:
    """印发: the issue number comes gap-free per meeting kind and year; the text is locked (R29.2)."""
    require(user, "records")
    with db.uow(user.username) as s:
        rec, m = _load(s, minutes_id, expected_version)
        _step(rec, m, "issued", issued_on)
        rec.issue_number = allocate(s, f"minutes:{m.kind}:{issued_on.year}")
        s.flush()
        return _dto(s, rec)


def correct_minutes(db: Database, user: CurrentUser, minutes_id: int, kind: str,
                    text: str) -> MinutesDTO:
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
        if orig.state != "issued":
            raise ValidationError("纪要尚未印发，请直接修改原纪要。")
        old = _dto(s, orig)
        body = {"sections": [{"heading": f"{kind}内容", "paragraphs": paragraphs}]}
        rec = MinutesRecord(
            meeting_id=m.id, state="draft", corrects_id=orig.id, correction_kind=kind,
            opening=f"现对{m.title}纪要（{old.issue_text}）作如下{kind}：", cc=orig.cc,
            body_json=json.dumps(body, ensure_ascii=False), confidential=orig.confidential)
        s.add(rec)
        s.flush()
        return _dto(s, rec)


def set_published(db: Database, user: CurrentUser, minutes_id: int, published: bool,
                  expected_version: int | None = None) -> MinutesDTO:
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
        return _dto(s, rec)


def get_minutes(db: Database, minutes_id: int) -> MinutesDTO:
    with db.read() as s:
        rec, _m = _load(s, minutes_id, None)
        return _dto(s, rec)


def minutes_of_meeting(db: Database, meeting_id: int) -> list[MinutesDTO]:
    """The meeting's minutes first, then its corrections in order."""
    with db.read() as s:
        rows = s.scalars(select(MinutesRecord).where(MinutesRecord.meeting_id == meeting_id)
                         .order_by(MinutesRecord.corrects_id.is_not(None), MinutesRecord.id))
        return [_dto(s, r) for r in rows]


def minutes_pdf(db: Database, minutes_id: int, *, copy_number: int = 1,
                secrecy: str = "") -> RenderResult:
    """The 纪要 as FORMS.md prints it (desktop_app.printing.minutes) → RenderResult. A draft
    shows 「（草稿）」 in the issue number's place; confidential minutes carry 份号 and 密级."""
    from desktop_app.printing.minutes import Minutes, MinutesItem, build_minutes_pdf

    profile = org_profile.get_profile(db)
    d = get_minutes(db, minutes_id)
    issued = format_date(d.issued_on) if d.issued_on else "　　年　月　日"
    return build_minutes_pdf(Minutes(
        mark=f"{profile['org_name']}{KINDS[d.meeting_kind]}纪要", issue_number=d.issue_text,
        office=profile["office_name"], date_text=format_date(d.issued_on), opening=d.opening,
        items=[MinutesItem(x.heading, list(x.paragraphs)) for x in d.sections],
        present=list(d.present), on_leave=list(d.on_leave), attending=list(d.attending),
        cc=d.cc, issued_text=issued, copy_number=f"{copy_number:06d}" if d.confidential else "",
        secrecy=(secrecy or profile["minutes_secrecy"]) if d.confidential else ""))
