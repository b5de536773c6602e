"""What the 督办 screens, exports and printouts read: plain frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop_app.formatting import format_date
from desktop_app.rules.supervision import SOURCES, STATUS_NAMES

HIDDEN = "（涉密事项，不显示）"  # R44: in place of a classified item's text
TIMELINESS_NAMES = {
    "on_time": "按时办结",
    "late": "逾期办结",
    "overdue": "已逾期",
    "open": "办理中",
}


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


@dataclass(frozen=True)
class ItemDTO:
    id: int
    version: int
    source_kind: str
    decision_id: int | None
    incoming_document_id: int | None
    title: str
    content: str
    instruction_by: str
    instruction_on: date | None
    unit_id: int | None
    unit_name: str
    responsible_person: str
    assisting_units: str
    vice_mayor_name: str
    quality: str
    assigned_on: date
    deadline: date | None
    secrecy: str
    status: str
    closed_on: date | None
    evidence: str
    escalated_to: str
    escalated_on: date | None
    escalation_reason: str
    request_form: str
    request_from: str
    major_category: str
    route: str
    matter: str
    reports: int  # unit reports received
    last_report_on: date | None
    void_reason: str | None
    timeliness: str  # rules.supervision.timeliness on the day read
    deadline_provisional: bool = False  # CAL1: counted on a year whose holidays are not known
    imported_from: str = ""  # 「导入自「…」（工作表「…」第N行），…」 when brought in by an import

    @property
    def deadline_text(self) -> str:
        """The deadline as the register shows it: 「2031-01-06（暂定）」 while provisional."""
        if self.deadline is None:
            return ""
        return format_date(self.deadline) + ("（暂定）" if self.deadline_provisional else "")

    @property
    def source_text(self) -> str:
        return SOURCES.get(self.source_kind, self.source_kind)

    @property
    def status_text(self) -> str:
        if self.void_reason is not None:
            return "已作废"
        if self.status == "open":
            return TIMELINESS_NAMES[self.timeliness]
        if self.status == "done":
            return TIMELINESS_NAMES[self.timeliness]
        return STATUS_NAMES.get(self.status, self.status)


@dataclass(frozen=True)
class ReportDTO:
    id: int
    item_id: int
    direction: str  # unit | office
    received_on: date
    text: str
    attachment_name: str
    created_by: str
    attachment_sha256: str = ""  # the stored file (services.seals.files), "" for a name only
    attachment_size: int = 0  # bytes

    @property
    def has_file(self) -> bool:
        return bool(self.attachment_sha256)

    @property
    def attachment_text(self) -> str:
        """「附件名（123 KB）」, or the name alone where only the paper was noted."""
        if not self.attachment_name:
            return ""
        return self.attachment_name + (
            f"（{size_text(self.attachment_size)}）" if self.has_file else ""
        )

    @property
    def direction_text(self) -> str:
        return (
            "单位报分管副市长和督查室" if self.direction == "unit" else "督查室报常务副市长、市长"
        )


@dataclass(frozen=True)
class UnitLine:
    """One unit's line of the 督查通报 (R73) or the per-unit view."""

    unit_name: str
    items: int
    done_on_time: int
    done_late: int
    overdue: int  # open past its deadline
    not_reported: int  # no written report at all by the period's end
    open: int


@dataclass(frozen=True)
class UnitSummary:
    """One 承办单位's items on a day (the pane's 按单位汇总 and the export's second sheet):
    办结 (closed done: 按期 by the deadline, 逾期 after it), 未办结 (closed not done), and the open
    ones — 在办 (deadline not passed) and 逾期未办结."""

    unit_id: int
    unit_name: str
    items: int
    done_on_time: int
    done_late: int
    not_done: int
    open: int
    overdue: int

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def late(self) -> int:
        """Late in any way: closed after the deadline, or open past it."""
        return self.done_late + self.overdue
