"""Sheets of an .xlsx export as every register writes them: bold centred Chinese headers, real
Excel dates, set column widths, the header row frozen, a filter on the header."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATE_FORMAT = 'yyyy"年"m"月"d"日"'
TIME_FORMAT = "hh:mm"


@dataclass(frozen=True)
class Column:
    title: str
    width: float  # in Excel character units; CJK characters count about 2
    number_format: str = ""


def write_sheet(
    path: Path | str, sheet_title: str, columns: list[Column], rows: list[list[Any]]
) -> int:
    return write_sheets(path, [(sheet_title, columns, rows)])[0]


def write_sheets(
    path: Path | str, sheets: list[tuple[str, list[Column], list[list[Any]]]]
) -> list[int]:
    """Several sheets in one workbook, each written as `write_sheet` writes one; the number of
    rows of each."""
    from openpyxl import Workbook

    wb = Workbook()
    for n, (title, columns, rows) in enumerate(sheets):
        ws = wb.active if n == 0 else wb.create_sheet()
        ws.title = title
        _fill(ws, columns, rows)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return [len(rows) for _t, _c, rows in sheets]


def _fill(ws, columns: list[Column], rows: list[list[Any]]) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws.append([c.title for c in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for row in rows:
        ws.append(row)
    for i, col in enumerate(columns, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = col.width
        if col.number_format:
            for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = col.number_format
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
