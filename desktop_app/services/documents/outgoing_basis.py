"""What a 发文 must stand on before it is numbered, besides its sign-off chain:

- R10: a document on a major matter (发展规划, 财政预算, 重大政策措施, 规范性文件, 政府投资 …) cites
  the 常务会议 or 全体会议 and the agenda item that decided it — a held meeting of that kind in
  the meetings register, with the item on it;
- R17: a normative document touching two or more departments' powers names its drafting units
  (jointly drafted: the co-issuing units) or the government's designation of one department;
- R37: a joint document's disagreement that consultation did not settle is written up (each
  side's reasons and basis, the lead unit's proposal) and blocks the number until its outcome
  (who coordinated, when, what) is recorded.

The meetings register is read through its tables (the documents area does not import the
meetings area's services).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.engine import Database
from db.models import Unit
from db.models.meetings import AgendaItem, Meeting
from db.models.outgoing import OutgoingDisagreement, OutgoingDocument
from desktop_app.rules import documents as r
from desktop_app.rules import normative as rn
from desktop_app.rules.incoming import check_classified
from desktop_app.rules.registry import violation
from desktop_app.services.documents.outgoing_drafts import change_document, dto_of
from desktop_app.services.documents.outgoing_dto import OutgoingDTO, ids_of
from desktop_app.services.documents.outgoing_page import (
    MEETING_HIDDEN,
    open_disagreements_of,
    sees_meeting_content,
)
from desktop_app.services.system.common import (
    CurrentUser,
    ValidationError,
    get_existing,
    load_for_update,
    require,
    required_text,
)

CHINA = ZoneInfo("Asia/Shanghai")
DEPARTMENT_KINDS = ("department", "office")  # 市政府工作部门 (R17 行政部门)


# ---- R10 ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DecidingMeeting:
    """A held 常务会议 or 全体会议 and its agenda items, for the 发文 form's pick list."""

    id: int
    title: str
    day: date
    items: tuple[tuple[int, str], ...]  # (agenda item id, title)


def deciding_meetings(db: Database, user: CurrentUser | None = None) -> list[DecidingMeeting]:
    """Held 常务会议 and 全体会议 (newest first) with the items they decided: what R10 lets a
    document cite. R44: the items of a confidential meeting show their titles only to `user`
    with the classified permission (None: no account sees them); the meeting's name is shown
    to all."""
    with db.read() as s:
        meetings = list(
            s.scalars(
                select(Meeting)
                .where(
                    Meeting.kind.in_(list(r.DECIDING_MEETING_KINDS)),
                    Meeting.status == "held",
                    Meeting.voided_at.is_(None),
                )
                .order_by(Meeting.starts_at.desc())
            )
        )
        items: dict[int | None, list[tuple[int, str]]] = {}
        if meetings:
            for i in s.scalars(
                select(AgendaItem)
                .where(
                    AgendaItem.meeting_id.in_([m.id for m in meetings]),
                    AgendaItem.voided_at.is_(None),
                    # only what the meeting decided (rules.documents.check_deciding_item)
                    AgendaItem.kind == "normal",
                    AgendaItem.status.not_in(("circulated", "revise")),
                )
                .order_by(AgendaItem.position, AgendaItem.id)
            ):
                items.setdefault(i.meeting_id, []).append((i.id, i.title))
        if not sees_meeting_content(user):
            for m in meetings:
                if m.confidential:
                    items[m.id] = [(i, MEETING_HIDDEN) for i, _ in items.get(m.id, [])]
        return [
            DecidingMeeting(
                m.id, m.title, m.starts_at.astimezone(CHINA).date(), tuple(items.get(m.id, []))
            )
            for m in meetings
        ]


def check_meeting_link(s: Session, meeting_id: int | None, item_id: int | None) -> Meeting:
    """R10: the meeting is a held 常务会议/全体会议 and the agenda item was on it."""
    m = s.get(Meeting, meeting_id) if meeting_id is not None else None
    if m is None or m.voided_at is not None:
        raise ValidationError("请选择作出决定的会议（会议登记中的常务会议或全体会议）。")
    item = s.get(AgendaItem, item_id) if item_id is not None else None
    if item is None or item.voided_at is not None:
        raise ValidationError("请选择该会议讨论决定此事项的议题。")
    r.check_deciding_meeting(m.kind, m.status, item.meeting_id == m.id, m.title)
    r.check_deciding_item(item.kind, item.status, item.title)
    return m


def meeting_day(m: Meeting) -> date:
    return m.starts_at.astimezone(CHINA).date()


def link_meeting(
    s: Session, d: OutgoingDocument, meeting_id: int | None, item_id: int | None
) -> Meeting:
    """Set the R10 link (and, for R18, the decision day and the meeting's name) on `d`."""
    m = check_meeting_link(s, meeting_id, item_id)
    d.decided_meeting_id, d.decided_item_id = m.id, item_id
    d.meeting_decided_on, d.meeting_ref = meeting_day(m), m.title[:64]
    return m


def record_deciding_meeting(
    db: Database,
    user: CurrentUser,
    outgoing_id: int,
    *,
    meeting_id: int | None,  # None (nothing chosen): refused with what to choose
    agenda_item_id: int | None,
    expected_version: int | None,
) -> OutgoingDTO:
    """R10: the 常务会议 or 全体会议 and its agenda item that decided this document's matter;
    for a normative document also its R18 常务会议 decision — refused unless the legal office
    reviewed it first (on or before the meeting's day) — and R17 (its drafting units)."""

    def change(s: Session, d: OutgoingDocument) -> None:
        if d.seq is not None:
            raise ValidationError("发文已编号印发，作出决定的会议不能再修改。")
        m = check_meeting_link(s, meeting_id, agenda_item_id)
        if d.is_normative:
            reviewed = d.legal_reviewed_on
            rn.check_normative_before_meeting(reviewed is not None and reviewed <= meeting_day(m))
        link_meeting(s, d, meeting_id, agenda_item_id)

    return change_document(db, user, outgoing_id, expected_version, change)


def check_major_matter(s: Session, d: OutgoingDocument, issued_on: date) -> None:
    """R10 at issue: a major matter cites a held deciding meeting and an item it decided (asked
    again: the item may have been sent back for revision since it was cited), and is not issued
    before that meeting's day."""
    major = r.major_matter_of(d.major_matter, d.is_normative)
    linked = d.decided_meeting_id is not None and d.decided_item_id is not None
    r.check_major_matter_decided(major, linked)
    if major:
        m = check_meeting_link(s, d.decided_meeting_id, d.decided_item_id)
        r.check_issued_after_decision(major, meeting_day(m), issued_on)


# ---- R17 ---------------------------------------------------------------------------------------


def check_normative_drafting(s: Session, d: OutgoingDocument) -> None:
    """R17: the departments whose powers the document touches (drafting, touched and co-issuing
    units of department kind); two or more → jointly drafted by all of them, or designated."""
    if not d.is_normative:
        return
    ids = list(
        dict.fromkeys([d.drafting_unit_id, *ids_of(d.touched_unit_ids), *ids_of(d.joint_unit_ids)])
    )
    rows = s.execute(
        select(Unit.id, Unit.name).where(Unit.id.in_(ids), Unit.kind.in_(DEPARTMENT_KINDS))
    ).all()
    order = {u: i for i, u in enumerate(ids)}
    departments = dict(sorted(rows, key=lambda row: order[row[0]]))
    rn.check_normative_drafting(
        True, departments, {d.drafting_unit_id, *ids_of(d.joint_unit_ids)}, d.drafting_designation
    )


# ---- R37 ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DisagreementDTO:
    id: int
    version: int
    document_id: int
    raised_on: date
    positions: tuple[tuple[str, str], ...]  # (side, reasons and basis)
    proposal: str
    decided_by: str
    decided_on: date | None
    outcome: str

    @property
    def settled(self) -> bool:
        return self.decided_on is not None


def _disagreement_dto(x: OutgoingDisagreement) -> DisagreementDTO:
    return DisagreementDTO(
        x.id,
        x.version,
        x.document_id,
        x.raised_on,
        tuple(tuple(p) for p in json.loads(x.positions or "[]")),
        x.proposal,
        x.decided_by,
        x.decided_on,
        x.outcome,
    )


def list_disagreements(db: Database, user: CurrentUser, outgoing_id: int) -> list[DisagreementDTO]:
    """The standing disagreements of a document, oldest first."""
    with db.read() as s:
        d = s.get(OutgoingDocument, outgoing_id)
        if d is None:
            raise ValidationError("发文不存在。")
        check_classified(d.secrecy, user.can("classified"))
        rows = s.scalars(
            select(OutgoingDisagreement)
            .where(
                OutgoingDisagreement.document_id == outgoing_id,
                OutgoingDisagreement.voided_at.is_(None),
            )
            .order_by(OutgoingDisagreement.id)
        )
        return [_disagreement_dto(x) for x in rows]


def record_disagreement(
    db: Database,
    user: CurrentUser,
    outgoing_id: int,
    *,
    raised_on: date,
    positions: list[tuple[str, str]],
    proposal: str,
    expected_version: int | None = None,
) -> OutgoingDTO:
    """R37: a disagreement of a joint document that consultation did not settle, written up with
    each side's reasons and basis and the lead unit's proposal; it blocks the number until its
    outcome is recorded."""

    def change(s: Session, d: OutgoingDocument) -> None:
        if d.seq is not None:
            raise ValidationError("发文已编号印发，不能再登记意见分歧。")
        if not ids_of(d.joint_unit_ids):
            raise violation(
                "R37",
                "意见分歧是部门联合发文中主办部门与有关部门之间的分歧：本发文没有登记"
                "联合发文单位；如系联合发文，请先在发文登记中登记联合发文单位。",
            )
        if not isinstance(raised_on, date) or raised_on < d.drafted_on:
            raise ValidationError("分歧提出日期不能早于拟稿日期。")
        r.check_disagreement_written_up(list(positions), proposal)
        sides = [[who.strip(), why.strip()] for who, why in positions if who.strip()]
        s.add(
            OutgoingDisagreement(
                document_id=d.id,
                raised_on=raised_on,
                positions=json.dumps(sides, ensure_ascii=False),
                proposal=proposal.strip(),
                decided_by="",
                outcome="",
            )
        )
        s.flush()

    return change_document(db, user, outgoing_id, expected_version, change)


def record_outcome(
    db: Database,
    user: CurrentUser,
    disagreement_id: int,
    *,
    decided_by: str,
    decided_on: date,
    outcome: str,
    expected_version: int | None = None,
) -> OutgoingDTO:
    """R37: the outcome of the coordination — who coordinated (the vice mayor in charge or the
    department he designated), when, what was decided."""
    require(user, "records")
    with db.uow(user.username) as s:
        x = load_for_update(s, OutgoingDisagreement, disagreement_id, expected_version)
        d = get_existing(s, OutgoingDocument, x.document_id)
        check_classified(d.secrecy, user.can("classified"))
        if x.voided_at is not None or d.voided_at is not None:
            raise ValidationError("该分歧记录或发文已作废。")
        if x.decided_on is not None:
            raise ValidationError("该分歧的协调结果已登记。")
        who = required_text(decided_by, "协调人（分管副市长或其指派的部门）", 64)
        what = required_text(outcome, "协调结果", 4000)
        if not isinstance(decided_on, date) or decided_on < x.raised_on:
            raise ValidationError("协调日期不能早于分歧提出日期。")
        x.decided_by, x.decided_on, x.outcome = who, decided_on, what
        return dto_of(s, d, user)


def check_disagreements(s: Session, d: OutgoingDocument) -> None:
    """R37 at issue: no open disagreement."""
    r.check_disagreements_settled(open_disagreements_of(s, [d.id]).get(d.id, []))
