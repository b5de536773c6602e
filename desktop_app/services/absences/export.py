"""Export the requests to leave the city (外出请示报备) to Excel (.xlsx, openpyxl): one row per
request or amendment, with the state on the export day (待审批 … 逾期未销假, R62.8), the approval
steps recorded and still missing, the return, the 销假 and the written report (R62.9). Chinese
headers, dates as real Excel dates, the header row frozen (as services/meeting_export)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from db.engine import Database
from desktop_app.absence_status import status_text
from desktop_app.services.absences.queries import list_absences
from desktop_app.services.system.spreadsheet import DATE_FORMAT, Column, write_sheet

ABSENCE_COLUMNS = [
    Column("序号", 6),
    Column("姓名", 10),
    Column("职务", 24),
    Column("单位", 20),
    Column("程序", 22),
    Column("外出类别", 10),
    Column("事由", 36),
    Column("目的地", 18),
    Column("出发日期", 16, DATE_FORMAT),
    Column("出发时段", 8),
    Column("返回日期", 16, DATE_FORMAT),
    Column("返回时段", 8),
    Column("天数", 6),
    Column("交通方式", 10),
    Column("联系电话", 14),
    Column("主持工作负责同志", 14),
    Column("职务（主持工作）", 20),
    Column("联系电话（主持工作）", 14),
    Column("报备日期", 16, DATE_FORMAT),
    Column("提前3天报备", 10),
    Column("紧急外出理由", 24),
    Column("状态", 10),
    Column("已登记审批", 40),
    Column("待审批环节", 24),
    Column("实际返回日期", 16, DATE_FORMAT),
    Column("销假期限", 16, DATE_FORMAT),
    Column("销假日期", 16, DATE_FORMAT),
    Column("书面报告", 16),
    Column("出访报告", 16),
    Column("行程变更", 16),
    Column("备注", 24),
    Column("作废原因", 20),
]


def _approvals_text(dto) -> str:
    """「分管副市长同意：王建国（B角代签）2026-09-02」; one step per line."""
    lines = []
    for a in dto.approvals:
        who = f"{a.signer_name}（{a.capacity}）" if a.capacity != "本人" else a.signer_name
        lines.append(f"{a.step_title}：{who} {a.signed_on.isoformat()}")
    return "\n".join(lines)


def _report_text(dto) -> str:
    if not dto.report_required:
        return "不需要"
    if dto.report_received_on:
        return f"已收到 {dto.report_received_on.isoformat()}"
    return "未收到"


def _trip_report_text(dto) -> str:
    """R66: the trip report after an official trip abroad."""
    if not dto.trip_report_required:
        return ""
    if dto.trip_report_received_on:
        return f"已收到 {dto.trip_report_received_on.isoformat()}"
    return "未收到"


def _amendment_text(dto) -> str:
    if dto.amends_id:
        return f"变更（原请示{dto.amends_id}）"
    if dto.pending_amendment:
        return "有待审批的变更"
    return f"已变更{len(dto.amendment_ids)}次" if dto.amendment_ids else ""


def absence_rows(dtos: Iterable, today: date) -> list[list]:
    rows = []
    for n, d in enumerate(dtos, start=1):
        due = d.return_due
        rows.append(
            [
                n,
                d.person_name,
                d.post_title,
                d.unit_name,
                d.procedure_name,
                d.category,
                d.reason,
                d.destination,
                d.start_date,
                d.start_half,
                d.end_date,
                d.end_half,
                d.days,
                d.transport,
                d.contact,
                d.acting_name,
                d.acting_post,
                d.acting_contact,
                d.filed_on,
                "否" if d.late else "是",
                d.emergency_reason,
                status_text(d, today),
                _approvals_text(d),
                "、".join(d.missing) if d.status == "pending" else "",
                d.returned_on,
                due,
                d.reported_back_on,
                _report_text(d),
                _trip_report_text(d),
                _amendment_text(d),
                d.note + ("（销假期限暂定）" if due and d.return_due_provisional else ""),
                d.void_reason if d.status == "voided" else "",
            ]
        )
    return rows


def write_absences_xlsx(path: Path | str, dtos: Iterable, today: date) -> int:
    """Write the given requests (the register as filtered on screen) to `path`, in the order
    given; returns the number of data rows written."""
    return write_sheet(path, "外出请示报备", ABSENCE_COLUMNS, absence_rows(dtos, today))


def export_absences_xlsx(
    db: Database,
    path: Path | str,
    *,
    start: date | None = None,
    end: date | None = None,
    status: str | None = None,
    person_id: int | None = None,
    include_voided: bool = True,
    today: date | None = None,
) -> int:
    """The requests touching [start, end] with the filters of absences_queries.list_absences,
    earliest departure first. Returns the number of data rows written."""
    today = today or date.today()
    found = list_absences(db, start, end, status, person_id, include_voided, today=today)
    found.sort(key=lambda d: (d.start_date, d.id))
    return write_absences_xlsx(path, found, today)
