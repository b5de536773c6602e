"""纪要 as the app shows it: the DTO of a minutes record with its sections, attendance lines (read
live until issue, the snapshot after), objections and the R23.5 warnings, and what an account
without the classified permission sees of confidential minutes (R44, `shown`)."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy.orm import Session

from db.models import Meeting, MinutesRecord
from desktop_app.formatting import format_issue_number
from desktop_app.rules.minutes import (
    MINUTES_STATE_NAMES,
    comment_outcomes,
)
from desktop_app.rules.registry import cite
from desktop_app.services.directory import queries as q
from desktop_app.services.meetings import secrecy as meeting_secrecy
from desktop_app.services.meetings.minutes_draft import attendance_lines, items_taken_up
from desktop_app.services.meetings.schedule import meeting_day
from desktop_app.services.system import org_profile
from desktop_app.services.system.common import (
    CurrentUser,
    get_existing,
)


@dataclass(frozen=True)
class Section:
    heading: str  # 「关于……的问题」, printed as 「一、关于……的问题。」
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Objection:
    """R29.4: an objection raised at the meeting or before issue, and how it was settled."""

    who: str  # unit and/or person: 「财政局徐东升」
    what: str
    how: str  # how it was settled (empty: not yet)
    raised_on: date
    unit_id: int | None = None
    person_id: int | None = None


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

    drafter_id: int | None = None  # R23.7.2: 常务秘书
    drafter_name: str = ""
    drafted_on: date | None = None
    legal_reviewer_id: int | None = None  # R23.7.2: 法制办
    legal_reviewer_name: str = ""
    exec_reviewer_id: int | None = None  # R23.7.2: 常务副市长
    exec_reviewer_name: str = ""
    objections: tuple[Objection, ...] = ()  # R29.4
    comment_summary: tuple[str, ...] = ()  # R29.4: each objection, then the units that agreed

    @property
    def state_name(self) -> str:
        return MINUTES_STATE_NAMES[self.state]


def body_of(rec: MinutesRecord) -> dict:
    data = json.loads(rec.body_json or "[]")
    return {"sections": data} if isinstance(data, list) else data


def _warnings(s: Session, rec: MinutesRecord) -> tuple[str, ...]:
    if rec.corrects_id is not None or rec.state == "issued":
        return ()
    out = []
    for item in items_taken_up(s, rec.meeting_id):
        missing = [
            label
            for label, value in (("汇报人", item.reporter), ("会议结论", item.conclusion))
            if not value.strip()
        ]
        if item.kind != "law_study" and missing:
            out.append(cite("R23.5", f"议题「{item.title}」未记录{'、'.join(missing)}。"))
    return tuple(out)


def texts_of(rec: MinutesRecord) -> list[str]:
    """Every text the clerk writes in the minutes: opening, headings, paragraphs, 抄送."""
    out = [rec.opening or "", rec.cc or ""]
    for sec in body_of(rec).get("sections", []):
        out.append(sec.get("heading", ""))
        out.extend(sec.get("paragraphs", []))
    return out


def objections_of(rec: MinutesRecord) -> list[dict]:
    return list(json.loads(rec.objections_json or "[]"))


def _objection(x: dict) -> Objection:
    return Objection(
        x["who"],
        x["what"],
        x.get("how", ""),
        date.fromisoformat(x["raised_on"]),
        x.get("unit_id"),
        x.get("person_id"),
    )


def reporting_units(s: Session, meeting_id: int) -> list[str]:
    """R23.7.2/R29.4: the units that reported items at the meeting, whose comments are sought."""
    out: list[str] = []
    for item in items_taken_up(s, meeting_id):
        name = q.unit_name(s, item.department_id) if item.department_id else ""
        if item.kind != "law_study" and name and name not in out:
            out.append(name)
    return out


def _lines(s: Session, rec: MinutesRecord, body: dict) -> dict:
    """The attendance lines: the meeting's effective attendance until issue, then the snapshot
    kept at issue (R29.2). A correction carries none."""
    if rec.state == "issued" or rec.corrects_id is not None:
        return body
    return attendance_lines(s, rec.meeting_id)


def dto(s: Session, rec: MinutesRecord) -> MinutesDTO:
    m = get_existing(s, Meeting, rec.meeting_id)
    body = body_of(rec)
    lines = _lines(s, rec, body)
    objections = tuple(_objection(x) for x in objections_of(rec))
    summary = (
        ()
        if rec.corrects_id is not None
        else tuple(
            comment_outcomes(
                reporting_units(s, m.id),
                [
                    (o.who, q.unit_name(s, o.unit_id) if o.unit_id else "", o.what, o.how)
                    for o in objections
                ],
            )
        )
    )
    sections = tuple(Section(x["heading"], tuple(x["paragraphs"])) for x in body["sections"])
    style = org_profile.profile_value(s, "minutes_issue_style")
    issue = (
        format_issue_number(rec.issued_on.year, rec.issue_number, style)
        if rec.issue_number and rec.issued_on
        else "（草稿）"
    )
    return MinutesDTO(
        rec.id,
        rec.version,
        m.id,
        m.title,
        m.kind,
        meeting_day(m.starts_at),
        rec.state,
        rec.issue_number,
        issue,
        rec.opening,
        sections,
        tuple(lines.get("present", ())),
        tuple(lines.get("on_leave", ())),
        tuple(lines.get("attending", ())),
        rec.cc,
        rec.comments_on,
        rec.legal_on,
        rec.exec_reviewed_on,
        rec.signer_id,
        q.person_name(s, rec.signer_id),
        rec.signed_on,
        rec.signer_capacity,
        rec.issued_on,
        rec.confidential or m.confidential,
        rec.published,
        rec.corrects_id,
        rec.correction_kind,
        _warnings(s, rec),
        rec.drafter_id,
        q.person_name(s, rec.drafter_id),
        rec.drafted_on,
        rec.legal_reviewer_id,
        q.person_name(s, rec.legal_reviewer_id),
        rec.exec_reviewer_id,
        q.person_name(s, rec.exec_reviewer_id),
        objections,
        summary,
    )


def shown(d: MinutesDTO, user: CurrentUser | None) -> MinutesDTO:
    """R44: the minutes as `user` may see them — a confidential one's text hidden without the
    classified permission (state, dates, number and people stay)."""
    if meeting_secrecy.may_see(user, d.confidential):
        return d
    hidden = meeting_secrecy.HIDDEN
    return replace(
        d,
        opening=hidden,
        sections=(Section(hidden, ()),),
        objections=(),
        comment_summary=(),
        warnings=(),
    )
