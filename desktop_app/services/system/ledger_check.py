"""The check of a whole sheet against the database (导入 → 预检), shared by the dry run and by the
import itself: the columns mapped, a file imported before refused, every row read by the
register's check, 密级 rows refused to an account that may not see classified records (R44),
duplicate numbers within the sheet found — every problem by row and column, nothing written.
Its result is the `Preview` the clerk confirms. It stands apart from `ledger_import`, which
reads the file and writes the checked rows in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.locks import serialize
from db.models.imports import ImportBatch
from desktop_app.formatting import format_local_time
from desktop_app.printing.register import BuildCancelled
from desktop_app.services.system import ledger_values as values
from desktop_app.services.system.common import CurrentUser, ValidationError
from desktop_app.services.system.ledger_sheet import Sheet, missing_required
from desktop_app.services.system.ledger_spec import Problem, RegisterSpec, RowReader

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class ImportCancelled(BuildCancelled):
    """The clerk cancelled the import; the transaction was rolled back, nothing written."""


@dataclass(frozen=True)
class Preview:
    """The dry run: what would be imported and every problem. Nothing was written."""

    kind: str
    title: str
    file_name: str
    file_hash: str
    sheet: str
    header_row: int
    headers: tuple[str, ...]
    mapping: dict[str, str]  # header → field key ("" ignored)
    columns: tuple[str, ...]  # titles of the preview's cells
    rows: list[tuple[int, tuple[str, ...]]]  # (sheet row, cells) of every row to import
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem_lines(self, limit: int | None = None) -> list[str]:
        return [str(p) for p in self.problems[:limit]]


_CONTEXT_KEY = "fuban_import_context"


def context_of(s: Session) -> Any:
    return s.info[_CONTEXT_KEY]


def check(
    s: Session,
    user: CurrentUser,
    spec: RegisterSpec,
    data: Sheet,
    mapping: dict[str, str],
    progress: Progress | None,
    cancelled: Cancelled | None,
    lock: bool = False,
    listed: bool = True,  # the preview lists the rows (the import itself needs only problems)
) -> tuple[Preview, list[tuple[int, Any]]]:
    if lock:
        # The import itself: two imports into one register (a shared server) run one after the
        # other, so the second is checked against what the first wrote — the same file, numbers
        # and records already imported — not against what it found before the first committed.
        serialize(s, f"import:{spec.kind}")
    fields = {f.key: f for f in spec.fields}
    problems: list[Problem] = []
    unknown = sorted({k for k in mapping.values() if k and k not in fields})
    if unknown:
        raise ValidationError(f"列对应中有未知的字段：{'、'.join(unknown)}")
    columns: dict[str, int] = {}
    for i, header in enumerate(data.headers):
        key = mapping.get(header, "")
        if key and key not in columns:
            columns[key] = i
    for f in missing_required(mapping, spec.fields):
        problems.append(Problem(0, "", f.title, f"表中没有「{f.title}」列（或未对应到该列）"))
    done = s.scalars(
        select(ImportBatch).where(
            ImportBatch.kind == spec.kind, ImportBatch.file_hash == data.file_hash
        )
    ).first()
    if done is not None:
        problems.append(
            Problem(
                0,
                "",
                "",
                f"该文件已于 {format_local_time(done.created_at)} 由 {done.created_by} 导入"
                f"{spec.title}（工作表「{done.sheet}」，{done.row_count} 条），不能重复导入。",
            )
        )
    if not data.rows:
        problems.append(Problem(0, "", "", "表中没有数据行。"))
    context = spec.prepare(s, user)
    s.info[_CONTEXT_KEY] = context
    titles = {k: f.title for k, f in fields.items()}
    may_classified = user.can("classified")
    seen: dict[tuple, int] = {}
    checked: list[tuple[int, Any]] = []
    rows: list[tuple[int, tuple[str, ...]]] = []
    total = len(data.rows)
    for index, cells in enumerate(data.rows):
        if index % 500 == 0:
            if cancelled is not None and cancelled():
                raise ImportCancelled("已取消预检。")
            if progress is not None:
                progress(index, total)
        if all(values.is_blank(c) for c in cells):
            continue  # an empty line in the middle of a ledger is no record
        reader = RowReader(data, index, columns, titles)
        value = spec.check(context, reader)
        if value is not None:
            if spec.secrecy(value) and not may_classified:
                reader.problem(
                    "secrecy",
                    "当前账户无权导入涉密记录：涉密行须由机要人员（可查看涉密记录的账户）导入",
                )
            number = spec.number_key(value)
            first = seen.get(number)
            if first is not None:
                reader.problem("number", f"编号 {spec.number_text(value)} 与第{first}行重复")
            else:
                seen[number] = reader.row
        problems.extend(reader.problems)
        if value is not None and not reader.problems:
            checked.append((reader.row, value))
            if listed:
                rows.append((reader.row, spec.preview(value)))
    if progress is not None:
        progress(total, total)
    preview = Preview(
        spec.kind,
        spec.title,
        data.file_name,
        data.file_hash,
        data.sheet_name,
        data.header_row,
        tuple(data.headers),
        dict(mapping),
        spec.preview_titles,
        rows,
        problems,
    )
    return preview, checked
