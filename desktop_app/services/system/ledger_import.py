"""Import of an office's own ledger into a register (导入): a dry run that lists every row that
would be imported and every problem by row and column, then — only when the clerk confirms —
the whole sheet in one transaction: all rows or none.

Each register describes its import as a `RegisterSpec` (its fields, how a row is checked, how
the checked rows are written); this module reads the file, maps the columns, runs the checks,
and writes the provenance (`db.models.imports`): the file's SHA-256, its sheet, each record's
row, who and when. The same file is never imported twice into one register. The imported
numbers raise each sequence's counter to the highest number imported, so the next number
issued in fuban continues after them. Imported history is not checked against today's approval
rules — it was approved on paper — only against what makes a record (dates, numbers, names in
the directory, 密级, no duplicate number). Classified rows (R44) only from an account that may
see classified records: they are written with their 密级, so from the first moment they are
hidden from everyone else, search included (the search index is written in the same
transaction with the 密级).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db import bulk, search_index
from db.engine import Database
from db.locks import insert_if_missing
from db.models.imports import ImportBatch, ImportedRecord, ImportMapping
from db.models.system import SequenceCounter
from desktop_app.formatting import format_local_time
from desktop_app.printing.register import BuildCancelled
from desktop_app.services.system import ledger_provenance
from desktop_app.services.system import ledger_values as values
from desktop_app.services.system.common import CurrentUser, ValidationError, require
from desktop_app.services.system.ledger_sheet import (
    FieldSpec,
    Sheet,
    column_letter,
    missing_required,
    read_sheet,
    suggest_mapping,
)

CHUNK = 1000  # rows written per flush: progress and cancel between chunks
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class ImportCancelled(BuildCancelled):
    """The clerk cancelled the import; the transaction was rolled back, nothing written."""


@dataclass(frozen=True)
class Problem:
    row: int  # as Excel numbers it; 0 for the file as a whole
    column: str  # A, B, … ("" when the column is missing or for the whole row)
    header: str
    message: str

    def __str__(self) -> str:
        if not self.row:
            return self.message
        where = (
            f"{self.column}列「{self.header}」"
            if self.column
            else f"「{self.header}」"
            if self.header
            else ""
        )
        return f"第{self.row}行{where}：{self.message}"


class RowReader:
    """One data row as the register's check reads it, each cell by field key; a cell that
    cannot be read is noted as a problem of that row and column."""

    def __init__(self, sheet: Sheet, index: int, columns: dict[str, int], titles: dict[str, str]):
        self.row = sheet.row_number(index)
        self._cells = sheet.rows[index]
        self._columns, self._titles = columns, titles
        self.problems: list[Problem] = []

    def raw(self, key: str) -> Any:
        i = self._columns.get(key)
        return self._cells[i] if i is not None and i < len(self._cells) else None

    def blank(self, key: str) -> bool:
        return values.is_blank(self.raw(key))

    def problem(self, key: str, message: str) -> None:
        i = self._columns.get(key)
        letter = column_letter(i) if i is not None else ""
        self.problems.append(Problem(self.row, letter, self._titles.get(key, key), message))

    def _read(self, key: str, required: bool, parse: Callable[[Any], Any]) -> Any:
        if self.blank(key):
            if required:
                self.problem(key, "不能为空")
            return None
        try:
            return parse(self.raw(key))
        except values.CellProblem as exc:
            self.problem(key, str(exc))
            return None

    def text(self, key: str, required: bool = False, max_len: int | None = None) -> str:
        s = self._read(key, required, values.text) or ""
        if max_len is not None and len(s) > max_len:
            self.problem(key, f"超过 {max_len} 个字（现 {len(s)} 个字）")
        return s

    def date(self, key: str, required: bool = False):
        return self._read(key, required, values.day)

    def date_time(self, key: str, required: bool = False) -> datetime | None:
        return self._read(key, required, values.date_time)

    def choice(self, key: str, choices: tuple[str, ...], what: str) -> str:
        s = self.text(key)
        if s not in choices:
            allowed = "、".join(c for c in choices if c) + ("或留空" if "" in choices else "")
            self.problem(key, f"「{s}」不是允许的{what}（应为 {allowed}）")
            return ""
        return s

    def count(self, key: str, default: int = 1) -> int:
        n = self._read(key, False, values.count)
        return default if n is None else n

    def number(self, key: str, prefix: str | None = None) -> tuple[str, int, int] | None:
        return self._read(key, True, lambda v: values.doc_number(v, prefix))


@dataclass(frozen=True)
class RegisterSpec:
    """How one register is imported (see the module docstring)."""

    kind: str  # incoming | outgoing | …
    title: str  # 收文登记簿
    table: str  # the table the records go to
    fields: list[FieldSpec]
    preview_titles: tuple[str, ...]
    # (session, user, the sheet's rows count) → what the checks need: directory, numbers in use
    prepare: Callable[[Session, CurrentUser], Any]
    # (context, row) → the row's plain values, or None when it has problems
    check: Callable[[Any, RowReader], Any]
    preview: Callable[[Any], tuple[str, ...]]
    number_key: Callable[[Any], tuple]  # what must be unique within the register
    number_text: Callable[[Any], str]
    # (session, context, checked rows) → the new records' ids, in the same order
    write: Callable[[Session, Any, list[Any]], list[int]]
    # (sequence, number) a row uses, or several (a 用印 row: its application and its entry)
    counters: Callable[[Any], tuple[str, int] | list[tuple[str, int]] | None]
    secrecy: Callable[[Any], str]


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


@dataclass(frozen=True)
class ImportResult:
    batch_id: int
    count: int
    file_name: str
    sheet: str


def remembered_mapping(db: Database, kind: str) -> dict[str, str]:
    with db.read() as s:
        text = s.scalar(select(ImportMapping.mapping_json).where(ImportMapping.kind == kind))
    return json.loads(text) if text else {}


def read(
    db: Database, spec: RegisterSpec, path: Path | str, sheet: str | None = None
) -> tuple[Sheet, dict[str, str]]:
    """The sheet and the suggested mapping (the register's remembered one first)."""
    data = read_sheet(path, spec.fields, sheet)
    return data, suggest_mapping(data.headers, spec.fields, remembered_mapping(db, spec.kind))


def dry_run(
    db: Database,
    user: CurrentUser,
    spec: RegisterSpec,
    path: Path | str,
    mapping: dict[str, str] | None = None,
    *,
    sheet: str | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Preview:
    """Read and check the whole sheet against the database without writing anything."""
    require(user, "records")
    data = read_sheet(path, spec.fields, sheet)
    with db.read() as s:
        if mapping is None:
            mapping = suggest_mapping(data.headers, spec.fields, _remembered(s, spec.kind))
        preview, _rows = _check(s, user, spec, data, mapping, progress, cancelled)
    return preview


def import_file(
    db: Database,
    user: CurrentUser,
    spec: RegisterSpec,
    path: Path | str,
    mapping: dict[str, str] | None = None,
    *,
    sheet: str | None = None,
    expected_hash: str | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportResult:
    """Check the sheet again and, if it has no problem at all, write every row in one
    transaction with its provenance; else refuse with the problems and write nothing.
    `expected_hash`: the file the dry run read (refused if it changed since)."""
    require(user, "records")
    data = read_sheet(path, spec.fields, sheet)
    if expected_hash is not None and data.file_hash != expected_hash:
        raise ValidationError(f"「{data.file_name}」在预检之后被修改过，请重新预检后再导入。")
    with db.uow(user.username) as s:
        if mapping is None:
            mapping = suggest_mapping(data.headers, spec.fields, _remembered(s, spec.kind))
        preview, checked = _check(
            s, user, spec, data, mapping, None, cancelled, lock=True, listed=False
        )
        if not preview.ok:
            shown = preview.problem_lines(20)
            more = len(preview.problems) - len(shown)
            raise ValidationError(
                f"「{data.file_name}」有 {len(preview.problems)} 处问题，未导入任何记录：\n"
                + "\n".join(shown)
                + (f"\n……另有 {more} 处" if more > 0 else "")
            )
        batch = ImportBatch(
            kind=spec.kind,
            file_name=data.file_name[:256],
            file_hash=data.file_hash,
            sheet=data.sheet_name[:128],
            row_count=len(checked),
            mapping_json=json.dumps(mapping, ensure_ascii=False),
        )
        s.add(batch)
        s.flush()
        _remember(s, spec.kind, mapping)
        total = len(checked)
        top = _top_numbers(spec, [c for _r, c in checked])
        data.rows.clear()  # the sheet's cells: the checked values are all the writing needs
        search_index.defer(s)  # each document's search entry computed once, per chunk
        for start in range(0, total, CHUNK):
            if cancelled is not None and cancelled():
                raise ImportCancelled("已取消导入，未写入任何记录。")
            part = checked[start : start + CHUNK]
            checked[start : start + CHUNK] = [(row, None) for row, _c in part]  # let them go
            ids = spec.write(s, _context_of(s), [c for _row, c in part])
            s.flush()  # a register that still writes ORM objects
            bulk.insert_records(
                s,
                ImportedRecord,
                [
                    dict(batch_id=batch.id, sheet_row=row, table_name=spec.table, record_id=rid)
                    for (row, _c), rid in zip(part, ids, strict=True)
                ],
            )
            search_index.refresh_deferred(s)
            if progress is not None:
                progress(min(start + CHUNK, total), total)
        _raise_counters(s, top)
        if cancelled is not None and cancelled():
            raise ImportCancelled("已取消导入，未写入任何记录。")
        return ImportResult(batch.id, total, data.file_name, data.sheet_name)


_CONTEXT_KEY = "fuban_import_context"


def _context_of(s: Session) -> Any:
    return s.info[_CONTEXT_KEY]


def _check(
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


def _remembered(s: Session, kind: str) -> dict[str, str]:
    text = s.scalar(select(ImportMapping.mapping_json).where(ImportMapping.kind == kind))
    return json.loads(text) if text else {}


def _remember(s: Session, kind: str, mapping: dict[str, str]) -> None:
    text = json.dumps(mapping, ensure_ascii=False, sort_keys=True)
    row = s.scalars(select(ImportMapping).where(ImportMapping.kind == kind)).first()
    if row is None:
        s.add(ImportMapping(kind=kind, mapping_json=text))
    elif row.mapping_json != text:
        row.mapping_json = text


def _top_numbers(spec: RegisterSpec, checked: list[Any]) -> dict[str, int]:
    """The highest number the rows use in each sequence."""
    top: dict[str, int] = {}
    for value in checked:
        used = spec.counters(value)
        for name, number in [used] if isinstance(used, tuple) else used or []:
            top[name] = max(top.get(name, 0), number)
    return top


def _raise_counters(s: Session, top: dict[str, int]) -> None:
    """Each sequence continues after the highest number imported into it (never lowered)."""
    for name in sorted(top):  # in name order, as db.sequences takes counter rows
        insert_if_missing(s, SequenceCounter, {"name": name, "last_value": 0}, ["name"])
        s.execute(
            update(SequenceCounter)
            .where(SequenceCounter.name == name, SequenceCounter.last_value < top[name])
            .values(last_value=top[name])
        )


# --- provenance, for the panes (kept here under the names the callers know) -------------------

Provenance = ledger_provenance.Provenance
provenance = ledger_provenance.provenance
provenance_text = ledger_provenance.provenance_text
