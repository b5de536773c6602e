"""Import of an office's own ledger into a register (导入): a dry run that lists every row that
would be imported and every problem by row and column, then — only when the clerk confirms —
the whole sheet in one transaction: all rows or none.

The sheet is checked by `ledger_check` (the same check the dry run shows as its `Preview`)
against what the register declares in `ledger_spec`; this module reads the file, runs the check
and writes the checked rows with their provenance (`db.models.imports`): the file's SHA-256, its
sheet, each record's row, who and when. The same file is never imported twice into one register.
The imported numbers raise each sequence's counter to the highest number imported, so the next
number issued in fuban continues after them. Imported history is not checked against today's
approval rules — it was approved on paper — only against what makes a record (dates, numbers,
names in the directory, 密级, no duplicate number); so it takes history only: a date of what has
happened (received, signed, issued, used, held, returned…) after the import day is a problem of
its row (`RowReader.not_after`), a current item is entered in its register. Classified rows
(R44) only from an account that may see classified records: they are written with their 密级, so
from the first moment they are hidden from everyone else, search included (the search index is
written in the same transaction with the 密级).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db import bulk, search_index
from db.engine import Database
from db.locks import insert_if_missing
from db.models.imports import ImportBatch, ImportedRecord, ImportMapping
from db.models.system import SequenceCounter
from desktop_app.services.system import ledger_check
from desktop_app.services.system.common import (
    CurrentUser,
    ValidationError,
    require,
    require_any,
)
from desktop_app.services.system.ledger_check import Cancelled, ImportCancelled, Preview, Progress
from desktop_app.services.system.ledger_sheet import Sheet, read_sheet, suggest_mapping
from desktop_app.services.system.ledger_spec import RegisterSpec

CHUNK = 1000  # rows written per flush: progress and cancel between chunks


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
    _require(user, spec)
    data = read_sheet(path, spec.fields, sheet)
    with db.read() as s:
        if mapping is None:
            mapping = suggest_mapping(data.headers, spec.fields, _remembered(s, spec.kind))
        preview, _rows = ledger_check.check(s, user, spec, data, mapping, progress, cancelled)
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
    _require(user, spec)
    data = read_sheet(path, spec.fields, sheet)
    if expected_hash is not None and data.file_hash != expected_hash:
        raise ValidationError(f"「{data.file_name}」在预检之后被修改过，请重新预检后再导入。")
    with db.uow(user.username) as s:
        if mapping is None:
            mapping = suggest_mapping(data.headers, spec.fields, _remembered(s, spec.kind))
        preview, checked = ledger_check.check(
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
            ids = spec.write(s, ledger_check.context_of(s), [c for _row, c in part])
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


def _require(user: CurrentUser, spec: RegisterSpec) -> None:
    """Refused unless the account keeps this register (any of `spec.permissions`), checked again
    against the stored account when the import writes."""
    if len(spec.permissions) == 1:
        require(user, spec.permissions[0])  # its refusal names what the role may not do
    else:
        require_any(user, *spec.permissions, refusal=f"当前账户无权导入{spec.title}。")
