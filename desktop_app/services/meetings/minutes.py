"""纪要: the minutes of a meeting — drafting, editing, reading and printing (R23.5, R23.7.2, R29.2,
R44). The review steps and objections are in services.meetings.minutes_review (R23.7.2, R29.4),
signing, issue, 勘误/补充 and publication in services.meetings.minutes_issue (R29.1, R29.2,
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
机要 account's open (get_minutes / minutes_of_meeting with its account) and print are audited,
each printed copy with a 份号 of its own (services.system.copy_numbers).
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
from db.models import Meeting, MinutesRecord
from desktop_app.formatting import format_date
from desktop_app.rules.meetings import KINDS
from desktop_app.rules.minutes import (
    MINUTES_STATE_NAMES,
    MINUTES_STATES,
    check_minutes_editable,
    check_minutes_hand,
)
from desktop_app.services.directory import queries as q
from desktop_app.services.meetings import secrecy as meeting_secrecy
from desktop_app.services.meetings.minutes_draft import draft_text
from desktop_app.services.meetings.minutes_dto import MinutesDTO, Section, body_of, dto, shown
from desktop_app.services.meetings.schedule import meeting_day
from desktop_app.services.system import copy_numbers, org_profile
from desktop_app.services.system.common import (
    CurrentUser,
    ValidationError,
    get_existing,
    load_for_update,
    require,
)

if TYPE_CHECKING:
    from desktop_app.printing.official_model import RenderResult

STATES = MINUTES_STATES
STATE_NAMES = MINUTES_STATE_NAMES


def is_confidential(rec: MinutesRecord, m: Meeting) -> bool:
    """The minutes are confidential when marked so or when their meeting is (R44)."""
    return bool(rec.confidential or m.confidential)


def load_minutes(s: Session, minutes_id: int, version: int | None) -> tuple[MinutesRecord, Meeting]:
    """The minutes record (checked against `version` when given) and its meeting."""
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
        rec, m = load_minutes(s, minutes_id, expected_version)
        meeting_secrecy.check_may_see(user, is_confidential(rec, m), "纪要修改")
        check_minutes_editable(rec.state == "issued")
        body = body_of(rec) | {"sections": _clean_sections(sections)}
        rec.opening, rec.cc = opening.strip(), (cc or "").strip()
        rec.body_json = json.dumps(body, ensure_ascii=False)
        s.flush()
        return shown(dto(s, rec), user)


def get_minutes(db: Database, minutes_id: int, user: CurrentUser | None = None) -> MinutesDTO:
    """Open one minutes record for `user` (R44: a confidential one's text only with the
    classified permission — none given: hidden; the permitted open is audited)."""
    with db.read() as s:
        rec, _m = load_minutes(s, minutes_id, None)
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
    copies: int = 1,
    secrecy: str = "",
    user: CurrentUser | None = None,
) -> RenderResult:
    """The 纪要 as FORMS.md prints it (desktop_app.printing.minutes) → RenderResult. A draft
    shows 「（草稿）」 in the issue number's place. Confidential minutes are printed only for an
    account with the classified permission (R44, refused otherwise) and carry 密级 and 份号: each
    print takes the next `copies` numbers of the record's counter (a reprint continues 000001,
    000002 …; two clerks printing at once never get the same one) and is audited with them
    (「纪要〔2026〕3号第000004—000005份」), and the PDF holds one copy per number. Unclassified
    minutes print one unnumbered copy, as before (the printer makes more)."""
    from desktop_app.printing.minutes import Minutes, MinutesItem, build_minutes_pdf

    profile = org_profile.get_profile(db)
    with db.read() as s:
        rec, _m = load_minutes(s, minutes_id, None)
        d = dto(s, rec)
    meeting_secrecy.check_may_see(user, d.confidential, "纪要打印")
    numbers = None
    if d.confidential and user is not None:  # check_may_see refused confidential without one
        numbers = copy_numbers.take_for_print(
            db, user, MinutesRecord, "copies_printed", d.id, copies, f"纪要{d.issue_text}"
        )
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
            secrecy=(secrecy or profile["minutes_secrecy"]) if d.confidential else "",
        ),
        copy_numbers=numbers.labels if numbers else (),
    )
    if numbers:
        result.notes.append(numbers.note)
    return result
