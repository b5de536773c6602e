"""Plain DTOs of the seal register (see the API summary in desktop_app.services.seals)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from desktop_app.formatting import CHINA

APPLICATION_STATUS = {
    "pending": "待审批",
    "approved": "待用印",
    "used": "已用印",
    "voided": "已作废",
}


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    filename: str
    media_type: str
    size: int
    content: bytes


@dataclass(frozen=True)
class SealEventDTO:
    id: int
    event: str  # made | active | suspended | destroyed
    event_name: str  # 刻制 / 启用 / 停用 / 销毁
    happened_on: date
    document: str
    file_sha256: str | None
    witness_1: str
    witness_2: str
    note: str


@dataclass(frozen=True)
class CustodyDTO:
    id: int
    custodian: str
    person_id: int | None
    start_date: date
    handed_over_by: str
    document: str
    note: str


@dataclass(frozen=True)
class SealDTO:
    id: int
    version: int
    name: str
    kind: str  # gov | office | other
    kind_name: str
    status: str  # made | active | suspended | destroyed
    status_name: str
    imprint_sha256: str | None
    custodian: str  # current custodian ("" if none recorded)
    on_loan: bool  # an unreturned loan exists
    note: str
    events: tuple[SealEventDTO, ...]
    custody: tuple[CustodyDTO, ...]  # newest first

    @property
    def usable(self) -> bool:
        return self.status == "active"


@dataclass(frozen=True)
class LoanDTO:
    id: int
    version: int
    seal_id: int
    seal_name: str
    borrower: str
    unit_id: int | None
    unit_name: str
    purpose: str
    approver_id: int
    approver_name: str
    approver_title: str
    approved_on: date
    taken_at: datetime
    due_back_at: datetime
    returned_at: datetime | None
    received_by: str
    note: str
    voided_at: datetime | None
    void_reason: str | None

    def is_overdue(self, now: datetime) -> bool:
        return self.voided_at is None and self.returned_at is None and self.due_back_at < now


@dataclass(frozen=True)
class Signer:
    """Someone who may record an approval item on a given day."""

    person_id: int
    name: str
    title: str
    b_role: bool = False  # would be recorded as 「B角代签」 (R6.2)


@dataclass(frozen=True)
class ApprovalDTO:
    id: int
    version: int
    kind: str  # key of rules.seals.APPROVAL_KINDS
    kind_name: str
    person_id: int | None
    signer_name: str
    signer_title: str
    b_role: bool
    signed_on: date
    done_at: datetime | None
    opinion: str
    recorded_by: str
    # R45.2 / R6.2: the vice mayor in charge (derived from the directory) the approval was for;
    # the signer himself, or the one the AB partner signed in place of. None on approvals
    # recorded before this was kept.
    for_person_id: int | None = None
    for_name: str = ""


@dataclass(frozen=True)
class ChecklistItem:
    code: str  # key of rules.seals.APPROVAL_KINDS
    rule_id: str  # R45.1 | R45.2 | R45.3 | R46 | R47 | R48 | R14
    label: str  # 分管副市长签批 …
    who: str  # whom it is expected from, e.g. 「分管副市长 张三」; "" when not known
    done: bool
    approval: ApprovalDTO | None  # the recorded approval, when done
    detail: str = ""  # why it is not done (e.g. the R45.1 message), shown in the checklist


@dataclass(frozen=True)
class UseDTO:
    """One 用印登记簿 entry (voided entries included, marked)."""

    id: int
    version: int
    application_id: int
    year: int
    seq: int  # 序号, gap-free per year
    used_at: datetime
    copies_stamped: int
    copies_spoiled: int
    supervisor: str  # 监印人
    no_blank_paper: bool
    scan_sha256: str | None
    note: str
    recorded_by: str
    voided_at: datetime | None
    voided_by: str | None
    void_reason: str | None

    @property
    def used_on(self) -> date:
        return self.used_at.astimezone(CHINA).date()

    @property
    def voided(self) -> bool:
        return self.voided_at is not None


@dataclass(frozen=True)
class ApplicationDTO:
    id: int
    version: int
    number: str  # 用印〔2018〕57号
    year: int
    seq: int
    applied_on: date
    unit_id: int
    unit_name: str
    handler: str
    contact: str
    title: str
    copies: int
    seal_id: int
    seal_name: str
    seal_kind: str
    seal_status: str
    purpose: str
    is_formal: bool
    outgoing_id: int | None
    important: bool
    important_category: str
    is_contract: bool
    joint_with_party: bool
    tv_announcement: bool
    note: str
    status: str  # pending | approved | used | voided
    voided_at: datetime | None
    void_reason: str | None
    checklist: tuple[ChecklistItem, ...]
    approvals: tuple[ApprovalDTO, ...]  # every recorded, non-voided approval (incl. optional)
    uses: tuple[UseDTO, ...]  # register entries, voided ones included
    outgoing_label: str = ""  # 「同政发〔2018〕34号《标题》」 of the linked outgoing document
    outgoing_issuer: str = ""  # 市政府 | 市政府办公室, of the linked outgoing document

    @property
    def status_name(self) -> str:
        return APPLICATION_STATUS[self.status]

    @property
    def unlinked(self) -> bool:
        """R45.1: marked 正式公文 without a linked 发文 record (applications saved before the
        link was required): shown as 「未关联发文」; no use until the record is linked."""
        return self.is_formal and self.outgoing_id is None

    @property
    def ready(self) -> bool:
        return all(i.done for i in self.checklist)

    @property
    def active_use(self) -> UseDTO | None:
        return next((u for u in self.uses if not u.voided), None)


@dataclass(frozen=True)
class LinkableDocument:
    """A 发文 record a formal application may link (R45.1): issued, numbered, not voided."""

    id: int
    number: str  # 同政发〔2018〕34号
    title: str
    issuer: str  # government | office
    issuer_name: str  # 市政府 | 市政府办公室
    issued_on: date | None
    status_name: str  # 已印发 | 已公开

    @property
    def label(self) -> str:
        return f"{self.number}《{self.title}》（{self.issuer_name}）"


@dataclass(frozen=True)
class ApplicationRow:
    """One line of the applications list (search and filters)."""

    id: int
    version: int
    number: str
    applied_on: date
    unit_id: int
    unit_name: str
    handler: str
    title: str
    seal_id: int
    seal_name: str
    copies: int
    copies_stamped: int  # by the active register entry, 0 if none
    outgoing_id: int | None
    flags: tuple[str, ...]  # 正式公文 / 重要用印 / 合同协议 / 联合用印 / 电视公告
    status: str
    void_reason: str | None
    approved_on: date | None = None  # when the last required approval was signed (if complete)

    @property
    def status_name(self) -> str:
        return APPLICATION_STATUS[self.status]


@dataclass(frozen=True)
class RegisterRow:
    """用印登记簿 (FORMS.md): 序号, 日期, 编号, 用印单位, 文件名称, 事由, 印章, 份数, 经办人, 批准人,
    监印人, 备注 — voided entries included, marked 作废 with the reason in 备注."""

    use_id: int
    application_id: int
    serial: int  # 序号 (register number within its year)
    year: int
    used_at: datetime
    date_text: str  # 日期, e.g. 2018年9月4日 10:30
    number: str  # 编号 = the application's 用印〔年〕N号
    unit_name: str
    title: str
    purpose: str
    seal_name: str
    copies_stamped: int
    copies_spoiled: int
    copies_approved: int
    handler: str
    approvers: str  # 批准人, e.g. 「张三（分管副市长）、李四（市长）」
    supervisor: str
    remarks: str  # 备注: 作废：<reason>; 废页 N 份; note
    voided: bool
    void_reason: str | None
    outgoing_id: int | None = None  # the linked 发文 of a formal document (R45.1)
    imported_from: str = ""  # 「导入自「…」（工作表「…」第N行），…」 when brought in by an import


@dataclass(frozen=True)
class ReconciliationRow:
    """Per seal and month (of use): approved vs stamped vs spoiled copies."""

    seal_id: int
    seal_name: str
    year: int
    month: int
    uses: int  # non-voided register entries
    copies_approved: int
    copies_stamped: int
    copies_spoiled: int
    voided_entries: int

    @property
    def unstamped(self) -> int:
        return self.copies_approved - self.copies_stamped


@dataclass(frozen=True)
class FormBox:
    """An opinion box of the printed 用印审批单: empty (for a wet signature) or recorded."""

    code: str  # unit_head | office_review | vice_mayor | mayor | office_director | tv | ...
    label: str  # 分管副市长审批意见 …
    required: bool  # required by the rules for this application
    approval: ApprovalDTO | None


@dataclass(frozen=True)
class ApplicationForm:
    """Everything the printed 用印审批单 needs (FORMS.md)."""

    title: str  # 同江市人民政府用印审批单
    application: ApplicationDTO
    seal_ticks: tuple[
        tuple[str, bool], ...
    ]  # (□市政府印章, ticked) (□市政府办公室印章 …) (□其他 …)
    other_seal_name: str  # written beside □其他
    legality_text: str  # 是否合同协议 line: 「是，合法性审查已完成（…）」/「是，未审查」/「否」
    important_text: str  # 是否重要用印 line: 「是（类别）」/「否」
    boxes: tuple[FormBox, ...]
    supervisor: str  # footer 监印人 ("" before use)
    used_at: datetime | None
    copies_stamped: int | None
