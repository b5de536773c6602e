"""Plain DTOs of absence requests (外出请示报备) and how they are built from the rows.

One ``AbsenceDTO`` per row: an original request or an amendment (R62.7). It carries everything
the 外出请示报备表 (FORMS.md) prints: the itinerary, the acting person, the approval chain as a
checklist with the recorded sign-offs (name, post, date, opinion, 「B角代签」), the filing date
and whether it was ≥ 3 days ahead, the return and the 销假 with its due date (R62.8).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from db.chunks import in_chunks
from db.models.absences import Absence, AbsenceApproval
from desktop_app.rules import absences as r
from desktop_app.services.system import ledger_provenance
from desktop_app.workdays import WorkCalendar

STATUS_NAMES = {
    "pending": "待审批",
    "approved": "已批准",
    "returned": "已返回待销假",
    "reported": "已销假",
    "voided": "已作废",
}


@dataclass(frozen=True)
class ApprovalDTO:
    id: int
    version: int
    step: str
    step_title: str
    box: str  # the opinion box it fills on the printed form
    signer_id: int | None
    signer_name: str
    signer_post: str
    signed_on: date
    capacity: str  # 本人 | B角代签 | 记录
    opinion: str
    note: str

    @property
    def b_role(self) -> bool:
        return self.capacity == "B角代签"


@dataclass(frozen=True)
class StepDTO:
    """One line of the approval checklist."""

    code: str
    title: str
    box: str
    rule_id: str
    done: bool
    approval: ApprovalDTO | None


@dataclass(frozen=True)
class AbsenceDTO:
    id: int
    version: int
    root_id: int  # the original request (== id unless this is an amendment)
    amends_id: int | None
    person_id: int
    person_name: str
    post_code: str  # R62.5: the highest post held on the departure day
    post_title: str
    unit_id: int | None
    unit_name: str
    procedure: str  # vice_mayor | head | mayor
    procedure_name: str
    category: str
    for_meeting: bool
    reason: str
    destination: str
    start_date: date
    start_half: str
    end_date: date
    end_half: str
    days: int  # 共×天 (calendar days, both ends included)
    transport: str
    contact: str
    acting_name: str
    acting_post: str
    acting_contact: str
    filed_on: date
    late: bool  # R62.1 fewer than 3 days ahead (emergency)
    emergency_reason: str
    both_away_reason: str  # R62.4
    status: str  # pending | approved | returned | reported | voided
    status_name: str
    approved_on: date | None
    steps: tuple[StepDTO, ...]
    missing: tuple[str, ...]  # titles of the steps still to record
    returned_on: date | None
    returned_half: str
    return_due: date | None  # R62.8 销假 due
    return_due_provisional: bool  # CAL1: 暂定 until the year's notice is entered
    reported_back_on: date | None  # 销假
    report_required: bool  # R62.9
    report_received_on: date | None
    report_note: str
    note: str
    void_reason: str
    amendment_ids: tuple[int, ...]  # on the original: its amendments, oldest first
    effective_id: int | None  # on the original: the row whose itinerary is in force
    pending_amendment: bool  # on the original: a change of itinerary awaits approval
    abroad_private: bool = False  # 出国（境） on private business (not 因公出访, R66)
    trip_report_required: bool = False  # R66 出访报告, on the original
    trip_report_received_on: date | None = None
    trip_report_note: str = ""
    imported_from: str = ""  # 「导入自「…」（工作表「…」第N行），…」 when brought in by an import

    @property
    def approvals(self) -> tuple[ApprovalDTO, ...]:
        return tuple(st.approval for st in self.steps if st.approval is not None)

    @property
    def is_amendment(self) -> bool:
        return self.amends_id is not None

    @property
    def notice_ok(self) -> bool:
        """Filed at least 3 days ahead (R62.1), as the form's footer states."""
        return not self.late

    @property
    def acting(self) -> str:
        return f"{self.acting_name}（{self.acting_post}）{self.acting_contact}"

    def overdue_return(self, today: date) -> bool:
        """R62.8: back but no 销假 recorded after the due date."""
        return (
            self.returned_on is not None
            and self.reported_back_on is None
            and self.return_due is not None
            and today > self.return_due
        )

    @property
    def reported_late(self) -> bool:
        """R62.8: the 销假 was recorded after its due date."""
        return (
            self.reported_back_on is not None
            and self.return_due is not None
            and self.reported_back_on > self.return_due
        )

    @property
    def trip_report_missing(self) -> bool:
        """R66: back from an official trip abroad without the 出访报告 yet."""
        return (
            self.trip_report_required
            and self.returned_on is not None
            and self.trip_report_received_on is None
        )

    @property
    def recorded_only(self) -> bool:
        """The mayor's trips and a township party secretary's (the 市委 line) are recorded by the
        office, not approved by the government (R62.3, R62.10)."""
        return self.procedure in (r.MAYOR, r.PARTY_LINE)

    @property
    def report_missing(self) -> bool:
        """R62.9: back from a meeting, visit or training without the written report yet."""
        return (
            self.report_required
            and self.returned_on is not None
            and self.report_received_on is None
        )


def procedure_for_post(post_code: str) -> str:
    return r.procedure_of([(post_code, "department")])[1]


def approval_dto(a: AbsenceApproval | Row) -> ApprovalDTO:
    st = r.STEPS.get(a.step)
    return ApprovalDTO(
        a.id,
        a.version,
        a.step,
        st.title if st else a.step,
        st.box if st else "",
        a.signer_id,
        a.signer_name,
        a.signer_post,
        a.signed_on,
        a.capacity,
        a.opinion,
        a.note,
    )


# A request's standing approvals, oldest first; its live amendments, oldest first.
_LIVE_APPROVALS = (
    select(AbsenceApproval)
    .where(AbsenceApproval.voided_at.is_(None))
    .order_by(AbsenceApproval.signed_on, AbsenceApproval.id)
)
# The same as rows of what approval_dto reads: a list of years of requests reads thousands of
# approvals, and building a record of each took a fifth of the list's time.
_LIVE_APPROVAL_ROWS = (
    select(
        AbsenceApproval.id,
        AbsenceApproval.version,
        AbsenceApproval.absence_id,
        AbsenceApproval.step,
        AbsenceApproval.signer_id,
        AbsenceApproval.signer_name,
        AbsenceApproval.signer_post,
        AbsenceApproval.signed_on,
        AbsenceApproval.capacity,
        AbsenceApproval.opinion,
        AbsenceApproval.note,
    )
    .where(AbsenceApproval.voided_at.is_(None))
    .order_by(AbsenceApproval.signed_on, AbsenceApproval.id)
)
_LIVE_AMENDMENTS = select(Absence).where(Absence.voided_at.is_(None)).order_by(Absence.id)

# A request read as a record, or as a row of all its columns (ABSENCE_COLUMNS, under the record's
# own attribute names): the register lists years of requests at once, and building a whole
# record of each, every attribute instrumented, was a third of the list's time.
AbsenceLike = Absence | Row
ABSENCE_COLUMNS = tuple(getattr(Absence, c.key) for c in Absence.__table__.columns)


def live_approvals(s: Session, absence_id: int) -> list[AbsenceApproval]:
    return list(s.scalars(_LIVE_APPROVALS.where(AbsenceApproval.absence_id == absence_id)))


def chain_of(row: AbsenceLike) -> list[r.Step]:
    return r.approval_chain(
        procedure_for_post(row.post_code), row.category, bool(row.abroad_private)
    )


def _status(root: AbsenceLike, row: AbsenceLike) -> str:
    if row.voided_at is not None or root.voided_at is not None:
        return "voided"
    if row.status != "approved":
        return "pending"
    if root.reported_back_on is not None:
        return "reported"
    return "returned" if root.returned_on is not None else "approved"


def absence_dto(
    s: Session, row: Absence, cal: WorkCalendar, imported: dict[int, str] | None = None
) -> AbsenceDTO:
    """`imported`: the provenance texts of a page read at once (else this row's is read)."""
    return absence_dtos(s, [row], cal, imported)[0]


def absence_dtos(
    s: Session,
    rows: Sequence[AbsenceLike],
    cal: WorkCalendar,
    imported: dict[int, str] | None = None,
) -> list[AbsenceDTO]:
    """The DTOs of `rows`, in their order. Their originals, approvals and amendments are read
    for all of them at once: a list of years of requests makes a few statements, not three per
    request."""
    if imported is None:
        imported = ledger_provenance.provenance_texts(
            s, Absence.__tablename__, [a.id for a in rows]
        )
    by_id: dict[int, AbsenceLike] = {a.id: a for a in rows}
    missing = sorted({a.amends_id for a in rows if a.amends_id and a.amends_id not in by_id})
    for part in in_chunks(missing):
        by_id.update((a.id, a) for a in s.scalars(select(Absence).where(Absence.id.in_(part))))
    approvals: dict[int, dict[str, Row]] = {a.id: {} for a in rows}
    amendments: dict[int, list[Absence]] = {a.id: [] for a in rows if a.amends_id is None}
    for part in in_chunks(list(approvals)):
        for ap in s.execute(_LIVE_APPROVAL_ROWS.where(AbsenceApproval.absence_id.in_(part))):
            approvals[ap.absence_id][ap.step] = ap  # oldest first: a later signature wins
    for part in in_chunks(list(amendments)):
        for am in s.scalars(_LIVE_AMENDMENTS.where(Absence.amends_id.in_(part))):
            amendments[am.amends_id or 0].append(am)  # amends_id: one of `part`
    return [
        _dto(
            row,
            by_id[row.amends_id] if row.amends_id else row,
            cal,
            approvals[row.id],
            amendments.get(row.id),
            imported,
        )
        for row in rows
    ]


def _dto(
    row: AbsenceLike,
    root: AbsenceLike,
    cal: WorkCalendar,
    approvals: dict[str, Row],
    amendments: list[Absence] | None,
    imported: dict[int, str],
) -> AbsenceDTO:
    """`amendments`: the original's live amendments, oldest first (None for an amendment)."""
    chain = chain_of(row)
    steps = tuple(
        StepDTO(
            st.code,
            st.title,
            st.box,
            st.rule_id,
            st.code in approvals,
            approval_dto(approvals[st.code]) if st.code in approvals else None,
        )
        for st in chain
    )
    effective_id = pending = None
    if amendments is not None:
        live = [row, *amendments] if row.voided_at is None else []
        approved = [a for a in live if a.status == "approved"]
        effective_id = approved[-1].id if approved else None
        pending = any(a.status == "pending" for a in amendments)
    due, provisional = r.return_due(cal, root.returned_on) if root.returned_on else (None, False)
    status = _status(root, row)
    procedure = procedure_for_post(row.post_code)
    return AbsenceDTO(
        id=row.id,
        version=row.version,
        root_id=root.id,
        amends_id=row.amends_id,
        person_id=row.person_id,
        person_name=row.person_name,
        post_code=row.post_code,
        post_title=row.post_title,
        unit_id=row.unit_id,
        unit_name=row.unit_name,
        procedure=procedure,
        procedure_name=r.PROCEDURE_NAMES[procedure],
        category=row.category,
        for_meeting=row.for_meeting,
        reason=row.reason,
        destination=row.destination,
        start_date=row.start_date,
        start_half=row.start_half,
        end_date=row.end_date,
        end_half=row.end_half,
        days=(row.end_date - row.start_date).days + 1,
        transport=row.transport,
        contact=row.contact,
        acting_name=row.acting_name,
        acting_post=row.acting_post,
        acting_contact=row.acting_contact,
        filed_on=row.filed_on,
        late=row.late,
        emergency_reason=row.emergency_reason,
        both_away_reason=row.both_away_reason,
        status=status,
        status_name=STATUS_NAMES[status],
        approved_on=row.approved_on,
        steps=steps,
        missing=tuple(st.title for st in steps if not st.done),
        returned_on=root.returned_on,
        returned_half=root.returned_half,
        return_due=due,
        return_due_provisional=provisional,
        reported_back_on=root.reported_back_on,
        report_required=root.report_required,
        report_received_on=root.report_received_on,
        report_note=root.report_note,
        note=row.note,
        void_reason=(row.void_reason or root.void_reason or ""),
        amendment_ids=tuple(a.id for a in amendments or ()),
        effective_id=effective_id,
        pending_amendment=bool(pending),
        abroad_private=bool(row.abroad_private),
        trip_report_required=bool(root.trip_report_required),
        trip_report_received_on=root.trip_report_received_on,
        trip_report_note=root.trip_report_note or "",
        imported_from=imported.get(row.id, ""),
    )
