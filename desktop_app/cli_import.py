"""`fuban import KIND FILE [--dry-run] [--sheet NAME] [--map 字段=表头 …] [--mapping FILE]` and
`fuban import-template KIND FILE`: the office's own ledgers brought into a register
(services.system.ledger_import). The dry run prints every row that would be imported and every
problem by row and column; without --dry-run the sheet is checked again and written in one
transaction, or nothing is written. Columns whose headers differ are mapped by hand with --map
or a mapping file (services.system.ledger_mapping); the mapping an import used is remembered."""

from __future__ import annotations

import argparse
from pathlib import Path

KINDS = {
    "incoming": "收文",
    "outgoing": "发文",
    "seals": "用印",
    "absences": "外出报备",
    "supervision": "督办",
    "meetings": "会议",
    "decisions": "会议决定事项",
}
# kind → the module (services/<area>/…) whose SPEC imports that register
_MODULES = {
    "incoming": "desktop_app.services.documents.import_incoming",
    "outgoing": "desktop_app.services.documents.import_outgoing",
    "seals": "desktop_app.services.seals.import_register",
    "absences": "desktop_app.services.absences.import_register",
    "supervision": "desktop_app.services.supervision.import_register",
    "meetings": "desktop_app.services.meetings.import_meetings",
    "decisions": "desktop_app.services.meetings.import_decisions",
}


def spec_of(kind: str):
    from importlib import import_module

    return import_module(_MODULES[kind]).SPEC


def cmd_import(args, open_db, sign_in) -> int:
    from desktop_app.services.system import ledger_import as li

    spec = spec_of(args.kind)
    d = open_db()
    user = sign_in(d)
    mapping = _mapping(d, spec, args)
    if args.dry_run:
        preview = li.dry_run(d, user, spec, Path(args.file), mapping, sheet=args.sheet)
        print(f"{spec.title}：工作表「{preview.sheet}」，表头在第{preview.header_row}行。")
        print("列对应：" + "，".join(f"{h}→{_title(spec, k)}" for h, k in preview.mapping.items()))
        print(f"可导入 {len(preview.rows)} 行：")
        for row, cells in preview.rows:
            print(f"  第{row}行  " + "  ".join(c for c in cells if c))
        if preview.problems:
            print(f"发现 {len(preview.problems)} 处问题（有问题时不会导入任何记录）：")
            for line in preview.problem_lines():
                print(f"  - {line}")
            return 1
        print("预检通过。去掉 --dry-run 再运行即导入。")
        return 0
    result = li.import_file(d, user, spec, Path(args.file), mapping, sheet=args.sheet)
    print(
        f"已导入{spec.title} {result.count} 条（「{result.file_name}」工作表「{result.sheet}」）。"
    )
    return 0


def cmd_template(args) -> int:
    from desktop_app.services.system.ledger_template import write_template

    spec = spec_of(args.kind)
    path = write_template(spec, Path(args.file))
    print(f"已保存{spec.title}导入模板：{path}")
    return 0


def _mapping(d, spec, args) -> dict[str, str] | None:
    """The clerk's column mapping (--map 字段=表头, --mapping FILE; --map wins for a field both
    name) over the suggestion; None: the suggestion (the register's remembered mapping first)."""
    if not args.map and not args.mapping:
        return None
    from desktop_app.services.system import ledger_mapping as lm

    chosen = lm.read_mapping_file(Path(args.mapping), spec.fields) if args.mapping else {}
    chosen |= lm.parse_pairs(args.map or [], spec.fields)
    return lm.mapping_for(d, spec, Path(args.file), chosen, args.sheet)


def _title(spec, key: str) -> str:
    return next((f.title for f in spec.fields if f.key == key), "（不导入）")


def add_commands(sub, command) -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    kinds = "、".join(f"{k}（{v}）" for k, v in KINDS.items())
    imp = command(sub, "import", "导入本单位原有的 Excel/WPS 台账（先预检，全部无误才写入）")
    imp.add_argument("kind", choices=list(KINDS), metavar="登记簿", help=kinds)
    imp.add_argument(
        "file", metavar="文件", help=".xlsx、.xls 或 .ods 文件（WPS .et 请先另存为 .xlsx）"
    )
    imp.add_argument(
        "--dry-run", action="store_true", help="只预检：列出将导入的行和全部问题，不写入"
    )
    imp.add_argument("--sheet", metavar="工作表", help="工作表名称（默认第一个）")
    imp.add_argument(
        "--map",
        action="append",
        metavar="字段=表头",
        help="手工指定列对应，可重复：如 --map 收文号=登记编号；「字段=」表示表中没有该项"
        "（其余各项按列名相似程度和上次导入的选择对应）",
    )
    imp.add_argument(
        "--mapping",
        metavar="文件",
        help='列对应文件：每行一项「字段=表头」（UTF-8，# 开头为注释），或 JSON {"字段": "表头"}',
    )
    tpl = command(sub, "import-template", "保存某登记簿的导入模板（.xlsx）")
    tpl.add_argument("kind", choices=list(KINDS), metavar="登记簿", help=kinds)
    tpl.add_argument("file", metavar="文件", help="模板文件名（.xlsx）")
    return imp, tpl
