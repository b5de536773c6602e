"""会议决定事项: what a meeting decided, who carries it out by when, and the written reports on it
(R23.6.1, R29.3); an item the meeting sent back for revision (R23.6.2)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.chunks import rows_by_id
from db.engine import Database
from db.models import AgendaItem, Decision, Meeting, Unit
from db.models.supervision import SupervisionItem
from desktop_app.formatting import format_date
from desktop_app.rules.org import VICE_MAYOR_POSTS
from desktop_app.rules.registry import violation
from desktop_app.services.directory import queries as q
from desktop_app.services.meetings import secrecy as meeting_secrecy
from desktop_app.services.meetings.item_lock import check_item_open
from desktop_app.services.meetings.schedule import meeting_day
from desktop_app.services.system import ledger_provenance
from desktop_app.services.system.common import (
    CurrentUser,
    ValidationError,
    get_existing,
    load_for_update,
    require_any,
    required_text,
)

STATUS_NAMES = {"open": "未完成", "done": "已完成"}
MEMBER_POSTS = ("mayor", *VICE_MAYOR_POSTS)


@dataclass(frozen=True)
class DecisionDTO:
    id: int
    version: int
    meeting_id: int
    meeting_title: str
    meeting_day: date
    agenda_item_id: int | None
    item_title: str
    content: str
    unit_id: int | None
    unit_name: str
    vice_mayor_id: int | None
    vice_mayor_name: str
    deadline: date | None
    quality: str
    status: str
    reported_on: date | None
    report: str
    void_reason: str | None
    imported_from: str = ""  # 「导入自「…」（工作表「…」第N行），…」 when brought in by an import

    def is_overdue(self, today: date) -> bool:
        """R29.3: the deadline has passed and no written report says it is done."""
        return (
            self.status != "done"
            and self.void_reason is None
            and self.deadline is not None
            and self.deadline < today
        )

    def status_text(self, today: date) -> str:
        return "已逾期" if self.is_overdue(today) else STATUS_NAMES.get(self.status, self.status)


def _dto(s: Session, d: Decision, imported: dict[int, str] | None = None) -> DecisionDTO:
    """`imported`: the provenance texts of a list read at once (else this one's is read)."""
    return _dtos(s, [d], imported)[0]


def _dtos(
    s: Session, rows: list[Decision], imported: dict[int, str] | None = None
) -> list[DecisionDTO]:
    """The DTOs of `rows`: their meetings, agenda items, units and vice mayors' names read at
    once (a register of years of decisions makes a few statements, not four per decision)."""
    if imported is None:
        imported = ledger_provenance.provenance_texts(
            s, Decision.__tablename__, [d.id for d in rows]
        )
    meetings = rows_by_id(s, Meeting, (d.meeting_id for d in rows))
    items = rows_by_id(s, AgendaItem, (d.agenda_item_id for d in rows if d.agenda_item_id))
    units = rows_by_id(s, Unit, (d.unit_id for d in rows if d.unit_id))
    names = q.person_names(s, {d.vice_mayor_id for d in rows if d.vice_mayor_id})
    return [
        _one(
            d,
            meetings[d.meeting_id],
            items.get(d.agenda_item_id) if d.agenda_item_id else None,
            units.get(d.unit_id) if d.unit_id else None,
            names.get(d.vice_mayor_id, "") if d.vice_mayor_id else "",
            imported.get(d.id, ""),
        )
        for d in rows
    ]


def _one(
    d: Decision,
    m: Meeting,
    item: AgendaItem | None,
    unit: Unit | None,
    vice_mayor_name: str,
    imported_from: str,
) -> DecisionDTO:
    return DecisionDTO(
        d.id,
        d.version,
        m.id,
        m.title,
        meeting_day(m.starts_at),
        d.agenda_item_id,
        item.title if item else "",
        d.content,
        d.unit_id,
        unit.name if unit else "",
        d.vice_mayor_id,
        vice_mayor_name,
        d.deadline,
        d.quality,
        d.status,
        d.reported_on,
        d.report,
        d.void_reason,
        imported_from,
    )


# Who may add a meeting's decisions and record them done (R29.3): those who keep the records,
# and 督查, who follows them up. The 会议 pane offers those two buttons from this same tuple.
FOLLOW_UP: tuple[str, ...] = ("records", "supervision")


def _require_any(user: CurrentUser, *actions: str) -> None:
    require_any(user, *actions, refusal="当前账户无权登记会议决定事项及其落实情况。")


def _vice_mayor(s: Session, unit_id: int, day: date, given: int | None) -> int:
    """R23.6.1: the member who answers for the decision — by default the vice mayor in charge
    of the unit on the meeting day."""
    if given is None:
        vm = q.vice_mayor_in_charge(s, unit_id, day)
        if vm is None:
            raise violation(
                "R23.6.1",
                f"{format_date(day)}该单位没有分管副市长的记录，"
                "请指定负责落实的市政府领导，或先在「人员与分管 → 分管」登记。",
            )
        return vm.person_id
    if not any(h.post_code in MEMBER_POSTS for h in q.posts_of(s, given, day)):
        raise violation(
            "R23.6.1",
            f"会议决定由常务会议组成人员（市长、副市长）按分工组织实施：所选人员"
            f"{format_date(day)}不任市长或副市长，不能负责落实；请选择分管该单位的副市长。",
        )
    return given


def add_decision(
    db: Database,
    user: CurrentUser,
    *,
    meeting_id: int,
    content: str,
    unit_id: int | None,
    deadline: date | None,
    agenda_item_id: int | None = None,
    vice_mayor_id: int | None = None,
    quality: str = "",
) -> DecisionDTO:
    """R23.6.1: a decision to carry out, with the responsible unit, the member in charge, the
    deadline and quality requirements; followed up until reported done (R29.3)."""
    _require_any(user, *FOLLOW_UP)
    content = required_text(content, "决定事项", 4000)
    if unit_id is None:
        raise violation("R23.6.1", "请选择负责落实的责任单位。")
    if deadline is None:
        raise violation("R23.6.1", "请填写完成时限。")
    with db.uow(user.username) as s:
        m = s.get(Meeting, meeting_id)
        if m is None or m.voided_at is not None:
            raise ValidationError("会议不存在或已作废。")
        day = meeting_day(m.starts_at)
        if deadline < day:
            raise ValidationError("完成时限不能早于会议日期。")
        if agenda_item_id is not None:
            item = s.get(AgendaItem, agenda_item_id)
            if item is None or item.meeting_id != meeting_id:
                raise ValidationError("所选议题不属于本次会议。")
        if s.get(Unit, unit_id) is None:
            raise ValidationError("责任单位不存在。")
        d = Decision(
            meeting_id=meeting_id,
            agenda_item_id=agenda_item_id,
            content=content,
            unit_id=unit_id,
            vice_mayor_id=_vice_mayor(s, unit_id, day, vice_mayor_id),
            deadline=deadline,
            quality=(quality or "").strip(),
            status="open",
        )
        s.add(d)
        s.flush()
        # R44: on a confidential meeting, its item's title only for the classified permission
        return meeting_secrecy.shown_decisions(s, [_dto(s, d)], user)[0]


def report_done(
    db: Database,
    user: CurrentUser,
    decision_id: int,
    *,
    reported_on: date,
    report: str,
    expected_version: int | None = None,
) -> DecisionDTO:
    """R29.3: the unit's written report on implementation closes the decision."""
    _require_any(user, *FOLLOW_UP)
    report = (report or "").strip()
    if not report or reported_on is None:
        raise violation("R29.3", "落实情况须以书面形式反馈：请填写反馈日期和落实情况。")
    with db.uow(user.username) as s:
        d = load_for_update(s, Decision, decision_id, expected_version)
        if d.voided_at is not None:
            raise ValidationError("该决定事项已作废。")
        if d.id in tracked_ids(s, [d.id]):
            raise ValidationError(
                "该决定事项已列入督办台账：请在「督办」中登记单位的书面反馈和办结情况。"
            )
        if reported_on < meeting_day(get_existing(s, Meeting, d.meeting_id).starts_at):
            raise ValidationError("反馈日期不能早于会议日期。")
        d.status, d.reported_on, d.report = "done", reported_on, report
        s.flush()
        # R44: a confidential meeting's decision comes back as the register shows it to `user`
        return meeting_secrecy.shown_decisions(s, [_dto(s, d)], user)[0]


def tracked_ids(s: Session, decision_ids: list[int] | None = None) -> set[int]:
    """Decisions followed up in the 督办 register (by a live item): their reports and reminders
    are kept there, so this area does not track them a second time. A decision whose item was
    voided is followed up here again."""
    stmt = select(SupervisionItem.decision_id).where(
        SupervisionItem.decision_id.is_not(None), SupervisionItem.voided_at.is_(None)
    )
    if decision_ids is not None:
        stmt = stmt.where(SupervisionItem.decision_id.in_(decision_ids))
    return set(s.scalars(stmt))


def _live(stmt):
    return stmt.join(Meeting, Meeting.id == Decision.meeting_id).where(
        Decision.voided_at.is_(None), Meeting.voided_at.is_(None)
    )


def list_decisions(
    db: Database,
    meeting_id: int | None = None,
    include_voided: bool = False,
    *,
    user: CurrentUser | None = None,
) -> list[DecisionDTO]:
    """The decisions of one meeting (or all), by deadline. R44: a confidential meeting's
    decisions' text only for `user` with the classified permission (services.meeting_secrecy)."""
    with db.read() as s:
        stmt = select(Decision).order_by(Decision.deadline, Decision.id)
        if meeting_id is not None:
            stmt = stmt.where(Decision.meeting_id == meeting_id)
        if not include_voided:
            stmt = _live(stmt)
        rows = list(s.scalars(stmt))
        imported = ledger_provenance.provenance_texts(
            s, Decision.__tablename__, [d.id for d in rows]
        )
        return meeting_secrecy.shown_decisions(s, _dtos(s, rows, imported), user)


def open_decisions(
    db: Database, *, user: CurrentUser | None = None, untracked_only: bool = False
) -> list[DecisionDTO]:
    """Every decision not yet reported done, by deadline (R44 as list_decisions);
    `untracked_only`: leave out those the 督办 register follows up."""
    with db.read() as s:
        stmt = _live(
            select(Decision)
            .where(Decision.status == "open")
            .order_by(Decision.deadline, Decision.id)
        )
        rows = list(s.scalars(stmt))
        if untracked_only:
            tracked = tracked_ids(s)
            rows = [d for d in rows if d.id not in tracked]
        imported = ledger_provenance.provenance_texts(
            s, Decision.__tablename__, [d.id for d in rows]
        )
        return meeting_secrecy.shown_decisions(s, _dtos(s, rows, imported), user)


def overdue_decisions(
    db: Database, today: date, *, user: CurrentUser | None = None
) -> list[DecisionDTO]:
    """R29.3: the units that did not implement or report on time."""
    return [d for d in open_decisions(db, user=user) if d.is_overdue(today)]


REVISE_NOTE = "会议要求修改后按程序重新报审"


def send_back_for_revision(
    db: Database,
    user: CurrentUser,
    agenda_item_id: int,
    reason: str,
    expected_version: int | None = None,
) -> int:
    """R23.6.2: the meeting asks the department to revise the item. It goes to 'revise', its
    approvals (分管副市长审定, 办公室汇总, 常务副市长审核, 市长审定 — and the legal review of a
    policy document, whose text changes) are cleared so it returns through its chain, and the
    reason is recorded in the item's conclusion. Returns the item's new version."""
    _require_any(user, "records")
    reason = required_text(reason, "退回修改的理由", 1000)
    with db.uow(user.username) as s:
        item = load_for_update(s, AgendaItem, agenda_item_id, expected_version)
        if item.voided_at is not None:
            raise ValidationError("该议题已作废。")
        if item.meeting_id is None:
            raise violation(
                "R23.6.2",
                "退回修改是会议对审议事项提出的要求：该议题尚未列入会议，"
                "请由提请部门直接修改后按程序报批。",
            )
        if item.status == "revise":
            raise violation("R23.6.2", "该议题已退回修改，须由牵头部门完善后按程序重新报批。")
        if item.kind != "normal":
            raise violation(
                "R23.6.2",
                "会议要求修改后重新报批的是提请审议的议题；会前集体学法和"
                "事后报告不是提请审议的议题，不能退回修改。",
            )
        check_item_open(s, item, "退回修改")  # R29.2: what the issued minutes concluded stays
        item.status = "revise"
        item.sponsor_signed_on = item.office_consolidated_on = item.sponsor_signed_by = None
        item.sponsor_signed_capacity = ""
        item.exec_reviewed_on = item.exec_reviewed_by = None
        item.mayor_approved_on = item.mayor_approved_by = item.mayor_consent_on = None
        if item.is_policy:
            item.legal_reviewed_on = None
        note = f"{REVISE_NOTE}：{reason}"
        item.conclusion = f"{item.conclusion.strip()}\n{note}" if item.conclusion.strip() else note
        s.flush()
        return item.version
