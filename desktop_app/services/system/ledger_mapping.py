"""Which column of an office's sheet goes to which field of a register (导入 → 列对应), chosen
by the clerk where the headers differ from the register's: in the window, a combo of the sheet's
headers for every field, suggested by similarity (ledger_sheet.suggest_mapping) with the
register's remembered choice first; on the command line, `--map 字段=表头` (repeated) or a
mapping file of such lines. The mapping confirmed by an import is remembered per register
(ledger_import), so the next sheet with the same headers needs no choosing.

A mapping is `header → field key` ("" for a column not imported), as ledger_import takes it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from db.engine import Database
from desktop_app.services.system.common import ValidationError
from desktop_app.services.system.ledger_import import remembered_mapping
from desktop_app.services.system.ledger_sheet import (
    READABLE,
    FieldSpec,
    SheetError,
    read_sheet,
    suggest_mapping,
)
from desktop_app.services.system.ledger_spec import RegisterSpec


@dataclass(frozen=True)
class Columns:
    """What the mapping step shows: the sheet's headers and the suggested mapping."""

    file_name: str
    sheet: str
    sheets: tuple[str, ...]  # every sheet of the workbook, to choose another
    header_row: int
    headers: tuple[str, ...]
    suggested: dict[str, str]  # header → field key ("" not imported)

    def header_of(self, key: str) -> str:
        """The header suggested for field `key` ("" none)."""
        return next((h for h, k in self.suggested.items() if k == key), "")


def columns(
    db: Database, spec: RegisterSpec, path: Path | str, sheet: str | None = None
) -> Columns:
    """Read the sheet's headers (off the GUI thread) and suggest a mapping."""
    data = read_sheet(path, spec.fields, sheet)
    suggested = suggest_mapping(data.headers, spec.fields, remembered_mapping(db, spec.kind))
    return Columns(
        data.file_name,
        data.sheet_name,
        tuple(sheet_names(path)),
        data.header_row,
        tuple(h for h in data.headers if h),
        suggested,
    )


def sheet_names(path: Path | str) -> list[str]:
    path = Path(path)
    if path.suffix.lower() not in READABLE:
        return []
    from python_calamine import CalamineError, load_workbook

    try:
        return list(load_workbook(str(path)).sheet_names)
    except (CalamineError, OSError, ValueError) as exc:
        raise SheetError(f"无法读取「{path.name}」：{exc}") from exc


def apply_choices(
    headers: list[str] | tuple[str, ...],
    fields: list[FieldSpec],
    chosen: dict[str, str],
    base: dict[str, str] | None = None,
) -> dict[str, str]:
    """The mapping with the clerk's choices (`chosen`: field key → header, "" for a field the
    sheet does not have) over `base` (the suggestion) for the fields not chosen. Refused in
    Chinese: a header not in the sheet, one header for two fields, a field not of the register."""
    titles = {f.key: f.title for f in fields}
    unknown = [k for k in chosen if k not in titles]
    if unknown:
        raise ValidationError(f"没有这样的字段：{'、'.join(unknown)}")
    present = [h for h in headers if h]
    taken: dict[str, str] = {}
    for key, header in chosen.items():
        if not header:
            continue
        if header not in present:
            raise ValidationError(
                f"「{titles[key]}」对应的表头「{header}」不在表中；表中的表头：{'、'.join(present)}"
            )
        if header in taken:
            raise ValidationError(
                f"表头「{header}」不能同时对应「{titles[taken[header]]}」和「{titles[key]}」，"
                "请为其中一个另选一列。"
            )
        taken[header] = key
    mapping = {h: "" for h in present}
    for header, key in (base or {}).items():
        if header in mapping and key and key not in chosen and header not in taken:
            mapping[header] = key
    mapping.update(taken)
    return mapping


def parse_pairs(pairs: list[str], fields: list[FieldSpec]) -> dict[str, str]:
    """`字段=表头` pairs (the field by its title or key; 表头 empty: the sheet has no such column)
    → field key → header. Refused in Chinese when a pair cannot be read."""
    by_name = {f.title: f.key for f in fields} | {f.key: f.key for f in fields}
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, header = pair.partition("=")
        name, header = name.strip(), header.strip()
        if not sep or not name:
            raise ValidationError(f"「{pair}」应写作「字段=表头」，如 收文号=登记编号")
        key = by_name.get(name)
        if key is None:
            allowed = "、".join(f.title for f in fields)
            raise ValidationError(f"没有字段「{name}」；可用的字段：{allowed}")
        if key in out:
            raise ValidationError(f"字段「{name}」的对应写了两次")
        out[key] = header
    return out


def read_mapping_file(path: Path | str, fields: list[FieldSpec]) -> dict[str, str]:
    """A mapping file: UTF-8 lines 「字段=表头」 (blank lines and lines starting with # ignored),
    or a JSON object {"字段": "表头"} → field key → header."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ValidationError(f"无法读取列对应文件「{path}」：{exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ValidationError(
            f"列对应文件「{path.name}」不是 UTF-8 文本，请另存为 UTF-8。"
        ) from exc
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValidationError(f"列对应文件「{path.name}」不是有效的 JSON：{exc.msg}") from exc
        if not isinstance(data, dict):
            raise ValidationError(f'列对应文件「{path.name}」应为 {{"字段": "表头"}} 的形式')
        return parse_pairs([f"{k}={v or ''}" for k, v in data.items()], fields)
    lines = [ln.strip() for ln in text.splitlines()]
    return parse_pairs([ln for ln in lines if ln and not ln.startswith("#")], fields)


def mapping_for(
    db: Database,
    spec: RegisterSpec,
    path: Path | str,
    chosen: dict[str, str],
    sheet: str | None = None,
) -> dict[str, str]:
    """The whole mapping for the sheet at `path`: the clerk's choices over the suggestion."""
    cols = columns(db, spec, path, sheet)
    return apply_choices(cols.headers, spec.fields, chosen, cols.suggested)


def describe(mapping: dict[str, str], fields: list[FieldSpec]) -> str:
    """「登记编号→收文号，备注→（不导入）」 for messages and the command line."""
    titles = {f.key: f.title for f in fields}
    return "，".join(
        f"{h}→{titles.get(k, '（不导入）') if k else '（不导入）'}" for h, k in mapping.items()
    )
