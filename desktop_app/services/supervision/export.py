"""Export the 督办 register to Excel (.xlsx): one row per item with its source, the unit, person
and vice mayor in charge, the deadline, the written reports received and the state on the export
day. R44: a classified item's text is exported only for an account that may see it (the rows come
from queries.list_items with the same viewer)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from db.engine import Database
from desktop_app.services.supervision.queries import audit_item, list_items
from desktop_app.services.supervision.summaries import unit_summary
from desktop_app.services.system.common import CurrentUser
from desktop_app.services.system.spreadsheet import DATE_FORMAT, Column, write_sheets

COLUMNS = [
    Column("序号", 6),
    Column("来源", 12),
    Column("督办事项", 40),
    Column("责任单位", 20),
    Column("责任人", 12),
    Column("协办单位", 20),
    Column("分管副市长", 10),
    Column("批示领导", 10),
    Column("质量要求", 30),
    Column("交办日期", 16, DATE_FORMAT),
    Column("完成时限", 16, DATE_FORMAT),
    Column("时限暂定", 8),
    Column("书面反馈", 8),
    Column("最近反馈", 16, DATE_FORMAT),
    Column("状态", 10),
    Column("办结日期", 16, DATE_FORMAT),
    Column("办结依据", 30),
    Column("提交协调", 20),
    Column("作废原因", 20),
    Column("涉密", 6),  # R44: an item of a classified document or meeting
]


UNIT_COLUMNS = [
    Column("序号", 6),
    Column("承办单位", 24),
    Column("督办事项", 10),
    Column("已办结", 8),
    Column("按期办结", 10),
    Column("逾期办结", 10),
    Column("未办结", 8),
    Column("在办", 8),
    Column("逾期未办结", 12),
]


def export_items(
    db: Database, path: Path | str, today: date, *, user: CurrentUser | None = None
) -> int:
    """Every item (voided ones too, marked), by deadline, and a second sheet with each unit's
    summary (按单位汇总) on `today`; returns the number of item rows."""
    items = list_items(db, today, user=user, include_voided=True, limit=None)
    rows = [
        [
            n,
            i.source_text,
            i.title,
            i.unit_name,
            i.responsible_person,
            i.assisting_units,
            i.vice_mayor_name,
            i.instruction_by,
            i.quality,
            i.assigned_on,
            i.deadline,
            "暂定" if i.deadline_provisional else "",
            i.reports,
            i.last_report_on,
            i.status_text,
            i.closed_on,
            i.evidence,
            f"{i.escalated_to}：{i.escalation_reason}" if i.escalated_to else "",
            i.void_reason or "",
            "是" if i.secrecy else "否",
        ]
        for n, i in enumerate(items, start=1)
    ]
    units = [
        [
            n,
            u.unit_name,
            u.items,
            u.done,
            u.done_on_time,
            u.done_late,
            u.not_done,
            u.open,
            u.overdue,
        ]
        for n, u in enumerate(unit_summary(db, today), start=1)
    ]
    # R44: their text is written: audited first, so a refused log leaves no unlogged copy
    if user is not None and user.can("classified"):
        audit_item(db, user, [i.id for i in items if i.secrecy], "export", "督办台账")
    written, _units = write_sheets(
        path, [("督办台账", COLUMNS, rows), ("按单位汇总", UNIT_COLUMNS, units)]
    )
    return written
