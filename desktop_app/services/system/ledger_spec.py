"""What a register declares to be imported (导入) and what its check reads: `RegisterSpec` (its
fields, how a row is checked, how the checked rows are written), `RowReader` (one data row, each
cell by field key, a cell that cannot be read noted by row and column) and `Problem` (one such
note). Each area's import module builds a `RegisterSpec` from these; the sheet is read, checked
and written by `ledger_check` and `ledger_import`, which stand apart so that a register needs only
this contract, not the machinery of the dry run and the transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from desktop_app.services.system import ledger_values as values
from desktop_app.services.system.common import CurrentUser
from desktop_app.services.system.ledger_sheet import FieldSpec, Sheet, column_letter

# What a date of something that has happened (received, signed, issued, used, held, returned…)
# after the import day is told: an import takes history only; a current item is entered in its
# register, where today's rules apply to it.
HISTORY_ONLY = "导入只用于已经发生的历史记录。"


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

    def found(self, key: str, name: str, find: Callable[[str], int]) -> int | None:
        """The id `find` gives for `name` (read from this row's cell `key`); None for no name,
        or for one `find` refuses, which is then noted as a problem of that cell."""
        if not name:
            return None
        try:
            return find(name)
        except values.CellProblem as exc:
            self.problem(key, str(exc))
            return None

    def not_after(
        self, key: str, day: date | None, today: date, label: str, hint: str = HISTORY_ONLY
    ) -> None:
        """A date of something that has happened, read from cell `key`: not after the import day
        (`today`, China time) — a row dated later is no history but a current item."""
        if day is not None and day > today:
            self.problem(key, f"{label} {day:%Y-%m-%d} 晚于今天：{hint}")

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
    # Who may import it: an account with any of these permissions (the register's own keepers:
    # 文秘 for most; 督查 too for the 督办台账, whose items it registers itself).
    permissions: tuple[str, ...] = ("records",)
