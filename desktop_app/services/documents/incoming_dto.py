"""收文 as the app shows it: the DTO of a record, built for a page with a few extra queries
whatever its length (the leaders' names, which department routes have a leader's reading, which
records were imported), its intake warnings (R32, R35, R42), and R44's condition on what an
account may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, literal, select, true
from sqlalchemy.orm import Session

from db.models import IncomingDocument, IncomingReading, Person
from desktop_app.formatting import CHINA, format_date, format_doc_number
from desktop_app.rules import incoming as r
from desktop_app.rules.registry import cite
from desktop_app.services.system import ledger_provenance
from desktop_app.services.system.common import CurrentUser

STATUS_NAMES = {
    "registered": "待拟办",
    "returned": "已退文",
    "proposed": "已拟办",
    "routed": "办理中",
    "closed": "已办结",
}
INFO_ONLY_NAME = "已作为信息处理"  # R32/R42: closed without going before a leader
ROUTES = {"vice_mayor": "分管副市长阅批", "mayor": "市长审批", "department": "转部门办理"}


@dataclass(frozen=True)
class IncomingDTO:
    id: int
    version: int
    number: str  # 收文〔2026〕15号
    received_at: datetime
    sender: str
    sender_number: str
    title: str
    doc_type: str
    secrecy: str
    secrecy_term: str
    urgency: str
    copies: int
    copy_numbers: str
    channel: str
    reverse_flow: bool
    nature: str
    from_higher: bool
    status: str
    return_reason: str
    proposal: str
    route_kind: str
    leader_id: int | None
    leader_name: str
    lead_unit_id: int | None
    assist_unit_ids: tuple[int, ...]
    deadline: date | None
    result: str
    closed_on: date | None
    archive_ref: str
    void_reason: str | None
    flags: tuple[str, ...]  # R32 / R35 / R42 warnings, cited
    info_only: bool = False  # R32/R42: filed as information only
    bulletin_approved_by: str = ""  # R42: 市委 | 市政府
    bulletin_approver: str = ""
    bulletin_approved_on: date | None = None
    # 「导入自「…xlsx」（工作表「…」第5行），…」: history brought in from the office's own ledger
    imported_from: str = ""

    @property
    def received_on(self) -> date:
        return self.received_at.astimezone(CHINA).date()

    @property
    def status_name(self) -> str:
        if self.info_only and self.status == "closed":
            return INFO_ONLY_NAME
        return STATUS_NAMES.get(self.status, self.status)

    @property
    def is_bulletin(self) -> bool:
        return r.is_bulletin(self.doc_type)

    @property
    def may_go_to_leader(self) -> bool:
        """R32/R42: whether the document may be put before a leader for approval at all."""
        return self.channel != "irregular" and (
            not self.is_bulletin or self.bulletin_approved_by in r.APPROVING_BODIES
        )

    @property
    def bulletin_approval_text(self) -> str:
        """R42: 「市政府 王某某 2026年3月1日批准」, or "" when none is on record."""
        if not self.bulletin_approved_by:
            return ""
        return (
            f"{self.bulletin_approved_by}（{self.bulletin_approver}）"
            f"{format_date(self.bulletin_approved_on)}批准"
        )


def ids_of(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.split(",") if x.strip())


@dataclass(frozen=True)
class Known:
    """What a page of DTOs needs from other tables, read in two queries for the whole page."""

    names: dict[int, str]  # leader id → name
    instructed: set[int]  # documents with a leader's reading
    imported: dict[int, str]  # document id → where it was imported from


def known_of(s: Session, docs: list[IncomingDocument]) -> Known:
    leaders = {d.leader_id for d in docs if d.leader_id is not None}
    names = (
        dict(s.execute(select(Person.id, Person.name).where(Person.id.in_(leaders))).all())
        if leaders
        else {}
    )
    routed = [d.id for d in docs if d.route_kind == "department"]
    instructed = (
        set(
            s.scalars(
                select(IncomingReading.document_id).where(
                    IncomingReading.document_id.in_(routed), IncomingReading.person_id.is_not(None)
                )
            )
        )
        if routed
        else set()
    )
    imported = ledger_provenance.provenance_texts(
        s, IncomingDocument.__tablename__, [d.id for d in docs]
    )
    return Known(names, instructed, imported)


def with_known(stmt: Select) -> Select:
    """`stmt`, a select of IncomingDocument, with what known_of reads for its DTOs joined onto
    each row: the leader's name, whether a leader has read it, where it was imported from. A
    page is then one statement; known_of took three more round trips to the shared server
    (~0.4 ms each there)."""
    # A subquery with LIMIT 1 rather than EXISTS: PostgreSQL may answer an EXISTS in the select
    # list by hashing every reading (a scan of all 170,000 for a page of 51 rows: 75 ms).
    instructed = (
        select(literal(True))
        .where(
            IncomingReading.document_id == IncomingDocument.id,
            IncomingReading.person_id.is_not(None),
        )
        .limit(1)
        .scalar_subquery()
    )
    joined = stmt.add_columns(Person.name, instructed).outerjoin(
        Person, Person.id == IncomingDocument.leader_id
    )
    return ledger_provenance.join_provenance(
        joined, IncomingDocument.__tablename__, IncomingDocument.id
    )


def known_in(rows: list) -> Known:
    """The Known of the rows of with_known's statement (the document first in each)."""
    names: dict[int, str] = {}
    instructed: set[int] = set()
    imported: dict[int, str] = {}
    for row in rows:
        d, leader, read = row[0], row[1], row[2]
        if d.leader_id is not None and leader is not None:
            names[d.leader_id] = leader
        if read:
            instructed.add(d.id)
        text = ledger_provenance.joined_text(row)
        if text:
            imported[d.id] = text
    return Known(names, instructed, imported)


def dto(s: Session, d: IncomingDocument, known: Known | None = None) -> IncomingDTO:
    known = known or known_of(s, [d])
    flags = [] if d.id in known.imported else flags_of(d, known)
    return IncomingDTO(
        d.id,
        d.version,
        format_doc_number("收文", d.year, d.seq),
        d.received_at,
        d.sender,
        d.sender_number,
        d.title,
        d.doc_type,
        d.secrecy,
        d.secrecy_term,
        d.urgency,
        d.copies,
        d.copy_numbers,
        d.channel,
        d.reverse_flow,
        d.nature,
        d.from_higher,
        d.status,
        d.return_reason,
        d.proposal,
        d.route_kind,
        d.leader_id,
        known.names.get(d.leader_id, "") if d.leader_id is not None else "",
        d.lead_unit_id,
        ids_of(d.assist_unit_ids),
        d.deadline,
        d.result,
        d.closed_on,
        d.archive_ref,
        d.void_reason,
        tuple(flags),
        d.info_only,
        d.bulletin_approved_by,
        d.bulletin_approver,
        d.bulletin_approved_on,
        known.imported.get(d.id, ""),
    )


def flags_of(d: IncomingDocument, known: Known) -> list[str]:
    """Today's intake rules' warnings (R32, R35, R42); never asked of imported history, which
    was handled on paper under the rules of its time."""
    flags = [cite("R32", f) for f in r.intake_flags(d.channel, d.reverse_flow)]
    if r.is_bulletin(d.doc_type) and not d.bulletin_approved_by:
        flags.append(cite("R42", f"《{d.doc_type}》未登记市委、市政府的审批，不予转呈市政府领导。"))
    if d.route_kind == "department":
        warn = r.higher_route_warning(d.from_higher, d.id in known.instructed)
        if warn:
            flags.append(cite("R35", warn))
    return flags


def visible(user: CurrentUser):
    """R44: the SQL condition for what `user` may see."""
    return true() if user.can("classified") else IncomingDocument.secrecy == ""
