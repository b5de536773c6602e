"""Where an imported record came from (导入 provenance, db.models.imports), for the registers'
lists and detail panels: 「导入自「收文台账.xlsx」（工作表「台账」第5行），文秘甲 2026年12月9日 10:30」.

Read a page at a time (one query for the ids shown), so a register of imported history costs
one more statement per page, not one per row."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, and_, bindparam, select
from sqlalchemy.orm import Session

from db.chunks import in_chunks
from db.engine import Database
from db.models.imports import ImportBatch, ImportedRecord
from db.models.system import Account
from desktop_app.formatting import format_local_time


@dataclass(frozen=True)
class Provenance:
    file_name: str
    sheet: str
    row: int  # as Excel numbers it
    by: str  # the account that imported it
    at: datetime
    by_name: str = ""  # its display name, when the account has one

    @property
    def text(self) -> str:
        who = self.by_name or self.by
        return (
            f"导入自「{self.file_name}」（工作表「{self.sheet}」第{self.row}行），"
            f"{who} {format_local_time(self.at)}"
        )


# An import's provenance of a record, in this order: what Provenance is made of.
_COLUMNS = (
    ImportBatch.file_name,
    ImportBatch.sheet,
    ImportedRecord.sheet_row,
    ImportBatch.created_by,
    ImportBatch.created_at,
    Account.display_name,
)
WIDTH = len(_COLUMNS)


def _provenance_rows(table, ids) -> Select:
    """Each imported record of `table` whose id is in `ids` (a list bound as a parameter, or a
    subquery), with its batch's file, sheet, row, importer and time."""
    return (
        select(ImportedRecord.record_id, *_COLUMNS)
        .join(ImportBatch, ImportBatch.id == ImportedRecord.batch_id)
        .outerjoin(Account, Account.username == ImportBatch.created_by)
        .where(ImportedRecord.table_name == table, ImportedRecord.record_id.in_(ids))
    )


def join_provenance(stmt: Select, table: str, record_id: Any) -> Select:
    """`stmt` with each record's provenance as WIDTH more columns at the end of its rows (all
    None for a record no import made): a page of a register is then one statement on the
    shared server rather than one more per page (each costs a round trip there)."""
    return (
        stmt.add_columns(*_COLUMNS)
        .outerjoin(
            ImportedRecord,
            and_(ImportedRecord.table_name == table, ImportedRecord.record_id == record_id),
        )
        .outerjoin(ImportBatch, ImportBatch.id == ImportedRecord.batch_id)
        .outerjoin(Account, Account.username == ImportBatch.created_by)
    )


def joined_text(row: Row) -> str:
    """The provenance text of a row of join_provenance's statement ("" if not imported)."""
    name, sheet, sheet_row, by, at, by_name = row[-WIDTH:]
    if name is None:
        return ""
    return Provenance(name, sheet, sheet_row, by, at, by_name or "").text


# Built once: every save's DTO asks it of the record saved.
_PROVENANCE = _provenance_rows(bindparam("table"), bindparam("ids", expanding=True))


def provenance(s: Session, table: str, ids: Collection[int]) -> dict[int, Provenance]:
    """record id → where it was imported from, for the records of `ids` that were imported."""
    out: dict[int, Provenance] = {}
    for part in in_chunks(list(ids)):
        rows = s.execute(_PROVENANCE, {"table": table, "ids": part})
        for rid, name, sheet, row, by, at, by_name in rows:
            out[rid] = Provenance(name, sheet, row, by, at, by_name or "")
    return out


def provenance_texts_in(s: Session, table: str, scope: Select) -> dict[int, str]:
    """record id → its provenance text, for the imported ones among the ids `scope` selects
    (a subquery: a register of thousands binds no list of ids)."""
    stmt = _provenance_rows(table, scope)
    return {
        rid: Provenance(name, sheet, row, by, at, by_name or "").text
        for rid, name, sheet, row, by, at, by_name in s.execute(stmt)
    }


def provenance_texts(s: Session, table: str, ids: Collection[int]) -> dict[int, str]:
    """record id → its provenance text, for the imported ones among `ids`."""
    return {rid: p.text for rid, p in provenance(s, table, ids).items()}


def imported_ids(s: Session, table: str, ids: Collection[int]) -> set[int]:
    """Those of `ids` that an import made (history approved on paper)."""
    out: set[int] = set()
    for part in in_chunks(list(ids)):
        out.update(
            s.scalars(
                select(ImportedRecord.record_id).where(
                    ImportedRecord.table_name == table,
                    ImportedRecord.record_id.in_(part),
                )
            )
        )
    return out


def provenance_text(db: Database, table: str, record_id: int) -> str:
    """The provenance text of one record, or "" if it was not imported."""
    with db.read() as s:
        p = provenance(s, table, [record_id]).get(record_id)
    return p.text if p else ""
