"""议题 (R23.4): the register of agenda items and the record of each one's approval chain.

The chain rules (R23.4.1a–R23.4.5) are those of the 常务会议 (Art. 23); items on other kinds of
meeting (e.g. a 市长办公会议 preparing a matter) are placed without them. The item's 分管副市长 is
never picked: it is the vice mayor in charge of the submitting unit (R6.1) on the day that matters
— the day he signs (R23.4.1a), the meeting's day (R23.4.5). How an item reads (its DTO, chain and
warnings) is in `agenda_view`; its names are importable from here as before. An item on a meeting
— placed once its chain is complete, moved, taken off, its outcome recorded — is in
`agenda_meeting`, which writes through `change_item` like the register does.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.engine import Database
from db.models import AgendaItem, Meeting, Unit
from desktop_app.rules.meetings import check_item_ready
from desktop_app.rules.registry import violation
from desktop_app.services.absences import in_charge
from desktop_app.services.meetings import secrecy as meeting_secrecy
from desktop_app.services.meetings.agenda_steps import (
    CHAIN_ORDER,
    apply_step,
    clear_step,
    signature_problem,
)
from desktop_app.services.meetings.agenda_view import (  # noqa: F401 - the module's public names
    CATEGORIES,
    CHAIN_KINDS,
    ON_MEETING,
    STATUS_NAMES,
    AgendaItemDTO,
    attends,
    chain_of,
    chain_status,
    item_dto,
    item_dtos,
    item_warnings,
    materials_deadline,
    sponsor_present,
)
from desktop_app.services.meetings.item_lock import check_item_open
from desktop_app.services.meetings.schedule import meeting_day
from desktop_app.services.system import org_profile
from desktop_app.services.system.common import (
    CurrentUser,
    ValidationError,
    load_for_update,
    require,
    required_text,
    void_record,
)


def _dto(
    s: Session,
    item: AgendaItem,
    days_before: int,
    today: date | None = None,
    cache: dict | None = None,
) -> AgendaItemDTO:
    return item_dto(s, item, days_before, today or date.today(), cache)


def vice_mayor_for(
    db: Database, department_id: int | None, day: date | None = None
) -> in_charge.InCharge | None:
    """The vice mayor in charge of the submitting unit on `day` (today by default), for the item
    form to show read-only; None when there is no unit or the directory has none."""
    if department_id is None:
        return None
    with db.read() as s:
        return in_charge.find(s, day or date.today(), unit_id=department_id)


def _days_before(db: Database) -> int:
    return int(org_profile.get_profile(db)["materials_days_before_meeting"])


def _load(
    s: Session, item_id: int, expected_version: int | None, system_items: bool = False
) -> AgendaItem:
    item = load_for_update(s, AgendaItem, item_id, expected_version)
    if item.voided_at is not None:
        raise ValidationError("已作废的议题不能修改。")
    if item.kind == "law_study" and not system_items:
        raise violation(
            "R23.3",
            "会前集体学法由系统列为常务会议议程的第一项，不能在此修改；会上可记录其审议情况。",
        )
    if item.kind != "normal" and not system_items:
        raise violation(
            "R23.4.3",
            "事后报告随临机处置记录列入下一次常务会议，不能在此修改；"
            "如登记有误，请作废该临机处置记录后重新登记。",
        )
    return item


def _recheck(s: Session, item: AgendaItem) -> None:
    """An item already on a 常务会议 must keep its chain complete: undoing a step is refused —
    also once the meeting decided it (what went on the agenda stays as it went on)."""
    meeting = s.get(Meeting, item.meeting_id) if item.meeting_id else None
    on_meeting = (*ON_MEETING, "decided")
    if meeting is not None and item.status in on_meeting and meeting.kind in CHAIN_KINDS:
        check_item_ready(chain_of(item))


def renumber(s: Session, meeting_id: int) -> None:
    """Positions stay 1, 2, 3 … after the law study (0) when an item leaves a meeting."""
    rows = s.scalars(
        select(AgendaItem)
        .where(
            AgendaItem.meeting_id == meeting_id,
            AgendaItem.voided_at.is_(None),
            AgendaItem.kind != "law_study",
        )
        .order_by(AgendaItem.position, AgendaItem.id)
    )
    for n, row in enumerate(rows, start=1):
        if row.position != n:
            row.position = n


def save_item(
    db: Database,
    user: CurrentUser,
    *,
    title: str,
    category: str,
    department_id: int | None = None,
    is_policy: bool = False,
    is_important: bool = False,
    record_id: int | None = None,
    expected_version: int | None = None,
    today: date | None = None,
) -> AgendaItemDTO:
    """Register or edit a 议题 (R23.4.2a: its category). Its 分管副市长 is not chosen: it is the
    vice mayor in charge of the submitting unit (R6.1). A unit the directory gives none for today
    is refused (R23.4.1a), pointing to 人员与分管 → 分管. Changing the unit takes the chain again
    from the signature on, unless the same vice mayor was in charge of the new unit that day."""
    require(user, "records")
    title = required_text(title, "议题名称", 200)
    if category not in CATEGORIES:
        raise ValidationError("请选择议题类别：传达通报类或审议类。")
    days, today = _days_before(db), today or date.today()
    with db.uow(user.username) as s:
        item = (
            AgendaItem(
                kind="normal",
                status="draft",
                consensus=True,
                disagreement="",
                solution="",
                coordination_method="",
                materials_copies=0,
                sponsor_signed_capacity="",
            )
            if record_id is None
            else _load(s, record_id, expected_version)
        )
        if record_id is not None:
            check_item_open(s, item, "修改")  # R29.2: the issued minutes name it as it was
        meeting_secrecy.check_meeting_content(s, user, item.meeting_id, "议题修改")
        if item.status == "circulated" and category != "report":
            # R23.4.2a: as circulate_in_writing — an item circulated in writing stays 传达通报类
            raise violation(
                "R23.4.2a",
                "该议题已书面传达；审议类议题须提交会议审议，不能书面传达。"
                "如需改为审议类，请先撤下，再列入会议审议。",
            )
        if department_id is not None and s.get(Unit, department_id) is None:
            raise ValidationError("请选择提请部门。")
        moved = item.department_id != department_id
        if moved and department_id is not None:
            in_charge.require(s, "R23.4.1a", today, unit_id=department_id)
        item.title, item.category = title, category
        item.department_id, item.is_policy, item.is_important = (
            department_id,
            is_policy,
            is_important,
        )
        if moved and signature_problem(s, item):  # signed for the former unit's vice mayor:
            for step in CHAIN_ORDER[1:]:  # the chain is taken again from the signature
                clear_step(item, step)
        s.add(item)
        _recheck(s, item)
        s.flush()
        return _dto(s, item, days, today)


def change_item(
    db: Database,
    user: CurrentUser,
    item_id: int,
    expected_version: int | None,
    change: Callable[[Session, AgendaItem], None],
    system_items: bool = False,
) -> AgendaItemDTO:
    """One write to one item, all or nothing; returns the item as saved."""
    require(user, "records")
    days = _days_before(db)
    with db.uow(user.username) as s:
        item = _load(s, item_id, expected_version, system_items)
        change(s, item)
        s.flush()
        return _dto(s, item, days)


def record_step(
    db: Database,
    user: CurrentUser,
    item_id: int,
    step: str,
    on: date | None,
    by_person_id: int | None = None,
    *,
    expected_version: int | None,
    **extra: Any,
) -> AgendaItemDTO:
    """Record one step of the chain (see STEPS); `on=None` takes a dated step off the record.
    Signers are checked against the dated directory for `on`; refusals cite the rule."""

    def change(s: Session, item: AgendaItem) -> None:
        meeting = s.get(Meeting, item.meeting_id) if item.meeting_id else None
        apply_step(
            s,
            item,
            step,
            on,
            by_person_id,
            extra,
            meeting_day(meeting.starts_at) if meeting else None,
        )
        _recheck(s, item)

    return change_item(db, user, item_id, expected_version, change)


def void_item(
    db: Database, user: CurrentUser, item_id: int, reason: str, expected_version: int | None
) -> None:
    """作废 a 议题; it leaves its (planned) meeting. The law study opens every 常务会议 (R23.3)
    and a 事后报告 goes with its emergency decision (R23.4.3): neither is voided here. Once its
    meeting's minutes are issued the item is part of that record and is not voided (R29.2)."""
    require(user, "records")
    with db.uow(user.username) as s:
        item = load_for_update(s, AgendaItem, item_id, expected_version)
        if item.kind == "law_study":
            raise violation("R23.3", "会前集体学法是常务会议议程的第一项，不能作废。")
        if item.kind == "after_report":
            raise violation(
                "R23.4.3", "事后报告随临机处置记录列入；如登记有误，请作废该临机处置记录。"
            )
        check_item_open(s, item, "作废")
        void_record(s, AgendaItem, item_id, reason, expected_version, user)
        meeting = s.get(Meeting, item.meeting_id) if item.meeting_id else None
        if meeting is not None and meeting.status == "planned":
            s.flush()
            renumber(s, meeting.id)


def get_item(
    db: Database, item_id: int, today: date | None = None, *, user: CurrentUser | None = None
) -> AgendaItemDTO:
    """One item; R44: on a confidential meeting its title only for `user` with the classified
    permission (services.meeting_secrecy)."""
    days = _days_before(db)
    with db.read() as s:
        item = s.get(AgendaItem, item_id)
        if item is None:
            raise ValidationError("议题不存在。")
        return meeting_secrecy.shown_items(s, [_dto(s, item, days, today)], user)[0]


def list_items(
    db: Database,
    meeting_id: int | None = None,
    include_voided: bool = False,
    search: str = "",
    today: date | None = None,
    *,
    user: CurrentUser | None = None,
) -> list[AgendaItemDTO]:
    """The register (newest first), or one meeting's agenda in order. R44: the items on a
    confidential meeting show their titles only to `user` with the classified permission, and
    the title search does not find them for others."""
    days = _days_before(db)
    with db.read() as s:
        stmt = select(AgendaItem)
        if meeting_id is not None:
            stmt = stmt.where(AgendaItem.meeting_id == meeting_id).order_by(
                AgendaItem.position, AgendaItem.id
            )
        else:
            stmt = stmt.order_by(AgendaItem.id.desc())
        if not include_voided:
            stmt = stmt.where(AgendaItem.voided_at.is_(None))
        if search.strip():
            stmt = stmt.where(AgendaItem.title.contains(search.strip(), autoescape=True))
            if user is None or not user.can("classified"):  # R44: no search oracle
                stmt = stmt.where(
                    AgendaItem.meeting_id.is_(None)
                    | ~AgendaItem.meeting_id.in_(
                        select(Meeting.id).where(Meeting.confidential.is_(True))
                    )
                )
        rows = item_dtos(s, list(s.scalars(stmt)), days, today or date.today())
        return meeting_secrecy.shown_items(s, rows, user)
