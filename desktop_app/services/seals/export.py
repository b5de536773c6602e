"""Export the 用印登记簿 and the seal reconciliation to Excel (.xlsx), in the same style as the
meetings export: Chinese headers, real Excel dates, widths set, header row frozen. Voided
entries are exported too (状态 作废, with the reason): the register never loses a line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from db.engine import Database
from desktop_app.formatting import CHINA
from desktop_app.services import seals
from desktop_app.services.system.common import CurrentUser, ValidationError
from desktop_app.services.system.spreadsheet import DATE_FORMAT, TIME_FORMAT, Column, write_sheet

REGISTER_COLUMNS = [
    Column("序号", 6),
    Column("年度", 6),
    Column("用印日期", 16, DATE_FORMAT),
    Column("时间", 8, TIME_FORMAT),
    Column("编号", 18),
    Column("用印单位", 22),
    Column("文件名称", 40),
    Column("事由", 24),
    Column("印章", 22),
    Column("批准份数", 9),
    Column("用印份数", 9),
    Column("废页", 6),
    Column("经办人", 10),
    Column("批准人", 28),
    Column("监印人", 10),
    Column("状态", 6),
    Column("作废原因", 24),
    Column("备注", 30),
]
RECONCILIATION_COLUMNS = [
    Column("印章", 24),
    Column("年度", 6),
    Column("月份", 6),
    Column("用印次数", 9),
    Column("批准份数", 9),
    Column("用印份数", 9),
    Column("废页", 6),
    Column("未用份数", 9),
    Column("作废登记", 9),
]


def register_cells(r: seals.RegisterRow) -> list:
    local = r.used_at.astimezone(CHINA)
    return [
        r.serial,
        r.year,
        local.date(),
        local.time().replace(second=0, microsecond=0),
        r.number,
        r.unit_name,
        r.title,
        r.purpose,
        r.seal_name,
        r.copies_approved,
        r.copies_stamped,
        r.copies_spoiled,
        r.handler,
        r.approvers,
        r.supervisor,
        "作废" if r.voided else "有效",
        r.void_reason or "",
        r.remarks,
    ]


def export_register_xlsx(
    db: Database,
    path: Path | str,
    start: date,
    end: date,
    *,
    seal_id: int | None = None,
    unit_id: int | None = None,
    user: CurrentUser | None = None,
) -> int:
    """The register entries used from `start` to `end` (China dates, inclusive) with the
    filters of seals.register_rows, in register order. Returns the number of rows written."""
    if end < start:
        raise ValidationError("结束日期不能早于开始日期。")
    rows = seals.register_rows(db, start, end, seal_id=seal_id, unit_id=unit_id, user=user)
    if user is not None:  # R44: exporting a classified document's title is logged
        seals.record_output(db, user, rows, "用印登记簿（导出）")
    return write_sheet(path, "用印登记簿", REGISTER_COLUMNS, [register_cells(r) for r in rows])


def export_reconciliation_xlsx(
    db: Database, path: Path | str, year: int, *, seal_id: int | None = None
) -> int:
    """Approved vs stamped vs spoiled copies per seal and month of `year`."""
    rows = [
        [
            r.seal_name,
            r.year,
            r.month,
            r.uses,
            r.copies_approved,
            r.copies_stamped,
            r.copies_spoiled,
            r.unstamped,
            r.voided_entries,
        ]
        for r in seals.reconciliation(db, year, seal_id=seal_id)
    ]
    return write_sheet(path, "用印对账", RECONCILIATION_COLUMNS, rows)
