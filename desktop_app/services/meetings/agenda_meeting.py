"""An 议题 on a meeting: placing it on a planned meeting once its chain is complete, moving it to
another, taking it off, circulating it in writing (R23.4.1a–R23.4.5, R23.4.2a), and what was said
and concluded about it at the meeting (R23.5).

On a 常务会议 an item goes on only with its chain complete, the recorded signature that of its
unit's vice mayor and — unless circulated in writing — that vice mayor able to attend on the
meeting's day (R23.4.5); a refusal of the last names the next planned meeting of the kind
(`SponsorAbsent`). Stands apart from services.meetings.agenda, the register these changes write
through (`change_item`), because here an item meets a meeting: its day, its attendance, its state.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from db.engine import Database
from db.models import AgendaItem, Meeting
from desktop_app.formatting import format_date
from desktop_app.rules.meetings import KINDS, check_item_ready, check_sponsor_attends
from desktop_app.rules.registry import RuleViolation, violation
from desktop_app.services.absences import in_charge
from desktop_app.services.meetings import secrecy as meeting_secrecy
from desktop_app.services.meetings.agenda import change_item, renumber
from desktop_app.services.meetings.agenda_steps import signature_problem
from desktop_app.services.meetings.agenda_view import (
    CHAIN_KINDS,
    ON_MEETING,
    AgendaItemDTO,
    attends,
    chain_of,
)
from desktop_app.services.meetings.item_lock import check_item_open
from desktop_app.services.meetings.planning import MeetingDTO, meeting_dto, next_planned
from desktop_app.services.meetings.schedule import meeting_day, next_position
from desktop_app.services.system.common import CurrentUser, ValidationError, required_text


class SponsorAbsent(RuleViolation):
    """R23.4.5 refusal naming the next planned meeting of the kind, so the UI can offer to put
    the item there instead (`place_on_meeting` / `move_item` with `next_meeting_id`)."""

    def __init__(self, rule_id: str, message: str, next_meeting_id: int | None):
        super().__init__(rule_id, message)
        self.next_meeting_id = next_meeting_id


def _planned(s: Session, meeting_id: int | None) -> Meeting:
    m = s.get(Meeting, meeting_id) if meeting_id else None
    if m is None or m.voided_at is not None:
        raise ValidationError("请选择会议。")
    if m.status != "planned":
        raise ValidationError(f"{m.title}已召开或已取消，不能再调整议题。")
    return m


def _check_sponsor(s: Session, item: AgendaItem, meeting: Meeting) -> None:
    """R23.4.5: the vice mayor in charge of the item's unit on the meeting's day must be able to
    attend it (not away, not on leave from it); refused naming the next meeting of the kind so
    the item can go there instead. His AB partner does not present his items."""
    day = meeting_day(meeting.starts_at)
    vm = in_charge.require(s, "R23.4.5", day, unit_id=item.department_id)
    try:
        check_sponsor_attends(vm.name, attends(s, meeting, vm.person_id))
    except RuleViolation as err:
        nxt = next_planned(s, meeting.kind, meeting.starts_at, exclude_id=meeting.id)
        kind = KINDS[meeting.kind]
        hint = (
            f"下一次{kind}：{nxt.title}（{format_date(meeting_day(nxt.starts_at))}）。"
            if nxt
            else f"目前尚无已筹备的下一次{kind}。"
        )
        raise SponsorAbsent(err.rule_id, err.message + hint, nxt.id if nxt else None) from None


def _check_signature(s: Session, item: AgendaItem) -> None:
    """R23.4.1a: the recorded 分管副市长审定签字 must be that of the item's unit's vice mayor (or
    his B角 while he was away) — e.g. one recorded when the vice mayor was still picked by hand."""
    problem = signature_problem(s, item)
    if problem:
        raise violation("R23.4.1a", f"{problem}；请由分管副市长重新审定签字后再列入会议。")


def _place(s: Session, item: AgendaItem, meeting: Meeting, status: str) -> None:
    if meeting.kind in CHAIN_KINDS:
        check_item_ready(chain_of(item))  # R23.4.1a/R23.4.1b/R23.4.2b/R23.4.4, all listed
        _check_signature(s, item)
        if status == "placed":  # an item circulated in writing is not presented by its sponsor
            _check_sponsor(s, item, meeting)
    item.position = next_position(s, meeting.id)
    item.meeting_id, item.status = meeting.id, status


def _leave(s: Session, item: AgendaItem) -> int:
    """Take a placed item off its (planned) meeting; returns that meeting's id."""
    if item.meeting_id is None or item.status not in ON_MEETING:
        raise ValidationError("该议题尚未列入会议。")
    source = _planned(s, item.meeting_id).id
    item.meeting_id, item.position, item.status = None, 0, "draft"
    s.flush()
    renumber(s, source)
    return source


def place_on_meeting(
    db: Database, user: CurrentUser, item_id: int, meeting_id: int, expected_version: int | None
) -> AgendaItemDTO:
    """Put a 议题 on a planned meeting, after the items already there."""

    def change(s: Session, item: AgendaItem) -> None:
        if item.meeting_id is not None and item.status in ON_MEETING:
            raise ValidationError("该议题已列入会议；如需调整，请使用「移至其他会议」。")
        _place(s, item, _planned(s, meeting_id), "placed")

    return change_item(db, user, item_id, expected_version, change)


def move_item(
    db: Database, user: CurrentUser, item_id: int, to_meeting_id: int, expected_version: int | None
) -> AgendaItemDTO:
    """Move a placed item to another planned meeting (e.g. the next one, R23.4.5), with the
    checks of placing it there."""

    def change(s: Session, item: AgendaItem) -> None:
        status = item.status
        if _leave(s, item) == to_meeting_id:
            raise ValidationError("议题已在该会议上。")
        _place(s, item, _planned(s, to_meeting_id), status)

    return change_item(db, user, item_id, expected_version, change)


def remove_from_meeting(
    db: Database, user: CurrentUser, item_id: int, expected_version: int | None
) -> AgendaItemDTO:
    """撤下: the item goes back to the register, waiting for a meeting."""

    def change(s: Session, item: AgendaItem) -> None:
        _leave(s, item)

    return change_item(db, user, item_id, expected_version, change)


def circulate_in_writing(
    db: Database, user: CurrentUser, item_id: int, meeting_id: int, expected_version: int | None
) -> AgendaItemDTO:
    """R23.4.2a: a 传达通报类 item may be circulated to the meeting in writing instead of being
    presented; a 审议类 item must be deliberated at the meeting."""

    def change(s: Session, item: AgendaItem) -> None:
        if item.category != "report":
            raise violation("R23.4.2a", "审议类议题须提交会议审议，不能书面传达。")
        meeting = _planned(s, meeting_id)
        if item.meeting_id == meeting.id and item.status == "placed":
            item.status = "circulated"
        elif item.meeting_id is not None and item.status in ON_MEETING:
            raise ValidationError("该议题已列入其他会议，请先撤下。")
        else:
            _place(s, item, meeting, "circulated")

    return change_item(db, user, item_id, expected_version, change)


def next_meeting_of_kind(db: Database, meeting_id: int) -> MeetingDTO | None:
    """The next planned meeting of the same kind after `meeting_id` (MeetingDTO or None)."""
    with db.read() as s:
        m = s.get(Meeting, meeting_id)
        if m is None:
            raise ValidationError("会议不存在。")
        nxt = next_planned(s, m.kind, m.starts_at, exclude_id=m.id)
        return meeting_dto(s, nxt) if nxt else None


def record_outcome(
    db: Database,
    user: CurrentUser,
    item_id: int,
    *,
    reporter: str,
    discussion: str,
    conclusion: str,
    expected_version: int | None,
) -> AgendaItemDTO:
    """R23.5: at the meeting — who reported (the department's principal head, or the deputy in
    charge of routine work when the head was absent), the discussion, and the convener's
    conclusion; the minutes draft is generated from these."""

    def change(s: Session, item: AgendaItem) -> None:
        if item.meeting_id is None or item.status not in ("placed", "decided"):
            raise ValidationError("只有列入会议的议题才能记录审议情况。")
        meeting_secrecy.check_meeting_content(s, user, item.meeting_id, "审议情况")
        check_item_open(s, item, "改写审议情况")  # R29.2: the issued minutes keep what was said
        item.reporter = required_text(reporter, "汇报人", 64)
        item.discussion = (discussion or "").strip()
        item.conclusion = required_text(conclusion, "会议结论", 4000)
        item.status = "decided"

    # The law study and 事后报告 entries are reported on at the meeting like any other item.
    return change_item(db, user, item_id, expected_version, change, system_items=True)
