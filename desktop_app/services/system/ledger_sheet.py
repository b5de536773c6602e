"""Reading an office's ledger file (.xlsx, .xls, .ods through python-calamine) and matching its
headers to a register's fields: by the register's own titles and common synonyms first, then by
similarity, with the mapping last confirmed for that register taking precedence."""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from db.errors import FubanError

READABLE = (".xlsx", ".xlsm", ".xls", ".ods")
HEADER_SEARCH_ROWS = 10  # a title row or two above the headers is common
MATCH_CUTOFF = 0.5


class SheetError(FubanError):
    """The file cannot be read as a ledger; the message says what to do."""


@dataclass(frozen=True)
class FieldSpec:
    """One column a register's import understands."""

    key: str
    title: str  # the header of the template and of the register's export
    required: bool = False
    choices: tuple[str, ...] = ()  # fixed values: a drop-down in the template
    help: str = ""  # the explanation sheet's text
    sample: Any = ""
    aliases: tuple[str, ...] = ()  # other headers offices use for it


@dataclass
class Sheet:
    file_name: str
    file_hash: str
    sheet_name: str
    header_row: int  # 1-based, as Excel numbers rows
    headers: list[str]
    rows: list[list[Any]] = field(repr=False)  # the data rows below the headers

    def row_number(self, index: int) -> int:
        return self.header_row + 1 + index


def file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _norm(header: Any) -> str:
    s = "" if header is None else str(header)
    return re.sub(r"[\s\u3000:：*＊（）()]", "", s)


def read_sheet(path: Path | str, fields: list[FieldSpec], sheet: str | None = None) -> Sheet:
    """The first sheet (or `sheet`) of the file, its header row found among the first rows as
    the one naming most of `fields`."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".et":
        raise SheetError(
            f"「{path.name}」是 WPS 表格文件（.et），不能直接导入：请在 WPS 中打开，"
            "「文件 → 另存为」选择「Excel 工作簿（*.xlsx）」，再导入另存的文件。"
        )
    if suffix not in READABLE:
        raise SheetError(
            f"「{path.name}」不是可导入的表格文件：请选择 .xlsx、.xls 或 .ods 文件"
            "（WPS 表格请先另存为 .xlsx）。"
        )
    if not path.is_file():
        raise SheetError(f"找不到文件「{path}」。")
    from python_calamine import CalamineError, load_workbook

    try:
        wb = load_workbook(str(path))
        name = sheet or wb.sheet_names[0]
        if name not in wb.sheet_names:
            raise SheetError(f"「{path.name}」中没有名为「{name}」的工作表。")
        data = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except CalamineError as exc:
        raise SheetError(
            f"无法读取「{path.name}」：文件已损坏、加密或不是所示格式（{exc}）。"
            "请在 Excel 或 WPS 中打开后另存为 .xlsx 再试。"
        ) from exc
    except (OSError, ValueError) as exc:
        raise SheetError(f"无法读取「{path.name}」：{exc}") from exc
    header_index = _header_index(data, fields)
    headers = [_header_text(h) for h in data[header_index]] if data else []
    rows = [r for r in data[header_index + 1 :]]
    while rows and all(v is None or str(v).strip() == "" for v in rows[-1]):
        rows.pop()
    return Sheet(path.name, file_hash(path), name, header_index + 1, headers, rows)


def _header_text(h: Any) -> str:
    return "" if h is None else str(h).strip()


def _header_index(data: list[list[Any]], fields: list[FieldSpec]) -> int:
    best, best_hits = 0, -1
    for i, row in enumerate(data[:HEADER_SEARCH_ROWS]):
        hits = sum(1 for h in row if _score(_norm(h), fields)[1] >= 0.99)
        if hits > best_hits:
            best, best_hits = i, hits
    if best_hits <= 0:  # no known header: the first non-empty row
        for i, row in enumerate(data[:HEADER_SEARCH_ROWS]):
            if any(str(v).strip() for v in row if v is not None):
                return i
    return best


def _score(header: str, fields: Iterable[FieldSpec]) -> tuple[str, float]:
    best, score = "", 0.0
    if not header:
        return best, score
    for f in fields:
        for name in (f.title, *f.aliases):
            n = _norm(name)
            s = 1.0 if n == header else difflib.SequenceMatcher(None, header, n).ratio()
            if s > score:
                best, score = f.key, s
    return best, score


def suggest_mapping(
    headers: list[str], fields: list[FieldSpec], remembered: dict[str, str] | None = None
) -> dict[str, str]:
    """header → field key ("" to ignore the column). A header remembered for this register keeps
    its field; the others go to the most similar field not yet taken, best matches first."""
    mapping = {h: "" for h in headers if h}
    taken: set[str] = set()
    keys = {f.key for f in fields}
    for h in mapping:
        key = (remembered or {}).get(h)
        if key is not None and (key == "" or key in keys) and key not in taken:
            mapping[h] = key
            taken.add(key)
    scored = sorted(
        ((s, h, k) for h in mapping if h not in (remembered or {}) for k, s in _scores(h, fields)),
        reverse=True,
    )
    for s, h, k in scored:
        if s >= MATCH_CUTOFF and not mapping[h] and k not in taken:
            mapping[h] = k
            taken.add(k)
    return mapping


def _scores(header: str, fields: list[FieldSpec]) -> list[tuple[str, float]]:
    return [(f.key, _score(_norm(header), [f])[1]) for f in fields]


def missing_required(mapping: dict[str, str], fields: list[FieldSpec]) -> list[FieldSpec]:
    used = set(mapping.values())
    return [f for f in fields if f.required and f.key not in used]


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    s = ""
    index += 1
    while index:
        index, r = divmod(index - 1, 26)
        s = chr(65 + r) + s
    return s
