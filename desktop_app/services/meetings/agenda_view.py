"""How a 议题 reads: its DTO, the chain still missing (R23.4.1a–R23.4.4), the warnings shown until
resolved (R23.4.5, R23.4.7) and its 分管副市长 — derived from the submitting unit through the
dated directory (R6.1), never picked: the meeting's day for an item on a meeting, else today."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.chunks import rows_by_id
from db.models import AgendaItem, Attendance, Meeting, Unit
from desktop_app.formatting import format_date
from desktop_app.rules.meetings import ItemChain, missing_steps
from desktop_app.rules.registry import cite
from desktop_app.services.absences import in_charge
from desktop_app.services.absences.away import is_away
from desktop_app.services.directory import queries as q
from desktop_app.services.meetings.schedule import meeting_day

CHAIN_KINDS = ("executive",)  # meeting kinds whose items need the R23.4 chain
CATEGORIES = {"report": "传达通报类", "deliberation": "审议类"}
STATUS_NAMES = {
    "draft": "待上会",
    "placed": "已列入会议",
    "circulated": "书面传达",
    "decided": "已审议",
    "revise": "退回修改",
}
ON_MEETING = ("placed", "circulated")
NO_UNIT = "（请先填写提请部门）"
NO_VICE_MAYOR = "（未登记分管副市长）"


@dataclass(frozen=True)
class AgendaItemDTO:
    id: int
    version: int
    title: str
    kind: str  # normal | law_study | after_report
    category: str
    is_policy: bool
    is_important: bool
    sponsor_id: int | None  # the vice mayor in charge of the unit, derived (R6.1), never picked
    sponsor_name: str
    department_id: int | None
    department_name: str
    meeting_id: int | None
    meeting_title: str
    meeting_day: date | None
    position: int
    status: str
    coordination_method: str
    coordination_on: date | None
    sponsor_signed_on: date | None
    office_consolidated_on: date | None
    exec_reviewed_on: date | None
    exec_reviewed_by: int | None
    mayor_approved_on: date | None
    mayor_approved_by: int | None
    legal_reviewed_on: date | None
    procedure_sheet_on: date | None
    consensus: bool
    disagreement: str
    solution: str
    mayor_consent_on: date | None
    briefing_on: date | None
    materials_received_on: date | None
    materials_copies: int
    emergency_id: int | None
    void_reason: str | None
    missing: tuple[tuple[str, str], ...]  # (rule ID, missing step) — R23.4 chain
    warnings: tuple[tuple[str, str], ...]  # (rule ID, cited text) — R23.4.5, R23.4.7
    reporter: str = ""  # R23.5, recorded at the meeting
    discussion: str = ""
    conclusion: str = ""
    sponsor_day: date | None = None  # the day the 分管副市长 above was derived for
    sponsor_signed_by: int | None = None  # who recorded 分管副市长审定签字 (R23.4.1a)
    sponsor_signed_by_name: str = ""
    sponsor_signed_capacity: str = ""  # 本人 | B角代签 (R6.2)
    # R44: on a confidential meeting — its 议题审批表 is printed with a 份号 per copy
    meeting_confidential: bool = False

    @property
    def category_name(self) -> str:
        return CATEGORIES.get(self.category, self.category)

    @property
    def status_name(self) -> str:
        return STATUS_NAMES.get(self.status, self.status)

    @property
    def vice_mayor_text(self) -> str:
        """The derived 分管副市长 as the registers show it, or why there is none."""
        if self.kind != "normal":
            return ""
        if self.sponsor_name:
            return self.sponsor_name
        return NO_UNIT if self.department_id is None else NO_VICE_MAYOR

    @property
    def signature_text(self) -> str:
        """「赵文华 2026年3月3日」, with 「（B角代签）」 for the AB partner."""
        if self.sponsor_signed_on is None:
            return ""
        who = self.sponsor_signed_by_name
        mark = "（B角代签）" if self.sponsor_signed_capacity == "B角代签" else ""
        return f"{who}{mark} {format_date(self.sponsor_signed_on)}".strip()


def chain_of(item: Any) -> ItemChain:
    """The facts `missing_steps` needs, from an AgendaItem row or its DTO (same field names)."""
    return ItemChain(
        category=item.category,
        is_policy=item.is_policy,
        coordination=bool(item.coordination_method and item.coordination_on),
        sponsor_signed=item.sponsor_signed_on is not None,
        office_consolidated=item.office_consolidated_on is not None,
        exec_reviewed=item.exec_reviewed_on is not None,
        mayor_approved=item.mayor_approved_on is not None,
        legal_reviewed=item.legal_reviewed_on is not None,
        procedure_sheet=item.procedure_sheet_on is not None,
        consensus=item.consensus,
        disagreement_recorded=bool(
            item.disagreement.strip() and item.solution.strip() and item.mayor_consent_on
        ),
    )


def chain_status(item: Any) -> list[tuple[str, str]]:
    """Every step the item still lacks before it can go on a 常务会议: (rule ID, what)."""
    return missing_steps(chain_of(item))


def materials_deadline(meeting_on: date, days_before: int) -> date:
    """R23.4.7: the day the materials must be in room 309."""
    return meeting_on - timedelta(days=days_before)


def attends(s: Session, meeting: Meeting, person_id: int | None) -> bool:
    """R23.4.5: can the vice mayor attend `meeting`? He must be on its list of members, not
    recorded as 请假/缺席, and not away (an approved absence covering the meeting's day, R27).
    Attendance not yet recorded counts as attending: nobody has said he cannot."""
    if person_id is None:
        return False
    status = s.scalar(
        select(Attendance.status).where(
            Attendance.meeting_id == meeting.id,
            Attendance.person_id == person_id,
            Attendance.role == "member",
        )
    )
    if status is None or status in ("leave", "absent"):
        return False
    return not is_away(s, person_id, meeting_day(meeting.starts_at))


def sponsor_present(s: Session, meeting_id: int, person_id: int | None) -> bool:
    """`attends` by meeting id (kept for callers of the earlier name)."""
    m = s.get(Meeting, meeting_id)
    return m is not None and attends(s, m, person_id)


def derived_day(item: AgendaItem, meeting: Meeting | None, today: date) -> date:
    """The day the item's 分管副市长 is read for: its meeting's day while it is on (or was taken
    up at) a meeting, else today."""
    if meeting is not None and item.status in (*ON_MEETING, "decided"):
        return meeting_day(meeting.starts_at)
    return today


def vice_mayor_on(
    s: Session, item: AgendaItem, day: date, cache: dict | None = None
) -> q.Holder | None:
    """The vice mayor in charge of the item's unit on `day` (None: no unit, or none registered);
    `cache` spares the register repeating the question for each item of one unit."""
    if item.department_id is None or item.kind != "normal":
        return None
    key = (item.department_id, day)
    if cache is not None and key in cache:
        return cache[key]
    found = q.in_charge(s, day, unit_id=item.department_id)
    if cache is not None:
        cache[key] = found
    return found


def item_warnings(
    s: Session, item: AgendaItem, meeting: Meeting | None, days_before: int
) -> list[tuple[str, str]]:
    """What is allowed but must be shown until resolved: materials late or missing (R23.4.7), and
    an item whose vice mayor in charge cannot attend a planned meeting it is on (R23.4.5)."""
    if (
        meeting is None
        or item.kind != "normal"
        or item.status not in ON_MEETING
        or meeting.kind not in CHAIN_KINDS
    ):
        return []
    out = []
    day = meeting_day(meeting.starts_at)
    deadline = materials_deadline(day, days_before)
    received = item.materials_received_on
    if received is None:
        out.append(
            ("R23.4.7", cite("R23.4.7", f"会议材料尚未送达文秘室，截止{format_date(deadline)}。"))
        )
    elif received > deadline:
        out.append(
            (
                "R23.4.7",
                cite(
                    "R23.4.7",
                    f"会议材料{format_date(received)}送达，晚于截止日期{format_date(deadline)}。",
                ),
            )
        )
    if item.status == "placed" and meeting.status == "planned":
        vm = (
            in_charge.find(s, day, unit_id=item.department_id)
            if item.department_id is not None
            else None
        )
        if vm is None:
            out.append(
                (
                    "R23.4.5",
                    cite(
                        "R23.4.5",
                        f"{format_date(day)}无法确定该议题的分管副市长"
                        f"（{in_charge.DIRECTORY_HINT}）。",
                    ),
                )
            )
        elif not attends(s, meeting, vm.person_id):
            out.append(
                (
                    "R23.4.5",
                    cite("R23.4.5", f"分管副市长{vm.name}不能参加本次会议，议题应移至下一次会议。"),
                )
            )
    return out


@dataclass(frozen=True)
class Known:
    """What the items of a register refer to, read once for all of them (item_dtos)."""

    meetings: dict[int, Meeting]
    units: dict[int, Unit]
    names: dict[int, str]  # the persons who signed as sponsors


def item_dtos(
    s: Session, items: list[AgendaItem], days_before: int, today: date
) -> list[AgendaItemDTO]:
    """The DTOs of `items`, with their meetings, units and signers read at once and each unit's
    vice mayor in charge asked once per day: a register of years makes a few statements per
    meeting day, not five per item."""
    known = Known(
        rows_by_id(s, Meeting, (i.meeting_id for i in items if i.meeting_id)),
        rows_by_id(s, Unit, (i.department_id for i in items if i.department_id)),
        q.person_names(
            s, {i.sponsor_signed_by for i in items if i.sponsor_signed_on and i.sponsor_signed_by}
        ),
    )
    asked = {
        (item.department_id, derived_day(item, known.meetings.get(item.meeting_id or 0), today))
        for item in items
        if item.department_id is not None and item.kind == "normal"
    }
    cache: dict = dict(q.units_in_charge(s, asked))  # vice_mayor_on's answers, by (unit, day)
    return [item_dto(s, item, days_before, today, cache, known) for item in items]


def item_dto(
    s: Session,
    item: AgendaItem,
    days_before: int,
    today: date,
    cache: dict | None = None,
    known: Known | None = None,
) -> AgendaItemDTO:
    if known is None:
        meeting = s.get(Meeting, item.meeting_id) if item.meeting_id else None
        unit = s.get(Unit, item.department_id) if item.department_id else None
    else:
        meeting = known.meetings.get(item.meeting_id) if item.meeting_id else None
        unit = known.units.get(item.department_id) if item.department_id else None
    day = derived_day(item, meeting, today)
    vm = vice_mayor_on(s, item, day, cache)
    return AgendaItemDTO(
        id=item.id,
        version=item.version,
        title=item.title,
        kind=item.kind,
        category=item.category,
        is_policy=item.is_policy,
        is_important=item.is_important,
        sponsor_id=vm.person_id if vm else None,
        sponsor_name=vm.name if vm else "",
        department_id=item.department_id,
        department_name=unit.name if unit else "",
        meeting_id=item.meeting_id,
        meeting_title=meeting.title if meeting else "",
        meeting_day=meeting_day(meeting.starts_at) if meeting else None,
        position=item.position,
        status=item.status,
        coordination_method=item.coordination_method,
        coordination_on=item.coordination_on,
        sponsor_signed_on=item.sponsor_signed_on,
        office_consolidated_on=item.office_consolidated_on,
        exec_reviewed_on=item.exec_reviewed_on,
        exec_reviewed_by=item.exec_reviewed_by,
        mayor_approved_on=item.mayor_approved_on,
        mayor_approved_by=item.mayor_approved_by,
        legal_reviewed_on=item.legal_reviewed_on,
        procedure_sheet_on=item.procedure_sheet_on,
        consensus=item.consensus,
        disagreement=item.disagreement,
        solution=item.solution,
        mayor_consent_on=item.mayor_consent_on,
        briefing_on=item.briefing_on,
        materials_received_on=item.materials_received_on,
        materials_copies=item.materials_copies,
        emergency_id=item.emergency_id,
        void_reason=item.void_reason,
        missing=tuple(chain_status(item)) if item.kind == "normal" else (),
        warnings=tuple(item_warnings(s, item, meeting, days_before)),
        reporter=item.reporter,
        discussion=item.discussion,
        conclusion=item.conclusion,
        sponsor_day=day if item.kind == "normal" else None,
        sponsor_signed_by=item.sponsor_signed_by if item.sponsor_signed_on else None,
        sponsor_signed_by_name=(
            ""
            if not item.sponsor_signed_on
            else known.names.get(item.sponsor_signed_by or 0, "")
            if known is not None
            else q.person_name(s, item.sponsor_signed_by)
        ),
        sponsor_signed_capacity=item.sponsor_signed_capacity if item.sponsor_signed_on else "",
        meeting_confidential=bool(meeting is not None and meeting.confidential),
    )
