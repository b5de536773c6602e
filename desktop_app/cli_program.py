"""Commands about the program itself rather than the office's records: `fuban rules` (the rules
it enforces, with their articles), `fuban print sample` (a check of fonts and printer) and
`fuban --self-test` (the technician's check of this PC)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from db.errors import FubanError


def cmd_rules(args) -> int:
    """List the enforced rules; with --text (or when rule IDs are named) each with the full text
    of its article, from the rules text shipped with the program."""
    from desktop_app.rules import all_rules
    from desktop_app.rules.articles import source_line

    rules = all_rules()
    if args.ids:
        known = {r.rule_id: r for r in rules}
        unknown = [i for i in args.ids if i not in known]
        if unknown:
            raise FubanError(
                f"没有这些规则：{'、'.join(unknown)}。用 fuban rules 列出全部规则编号。"
            )
        rules = [known[i] for i in args.ids]
    with_text = args.text or bool(args.ids)
    if args.json:
        rows = [
            asdict(r) | ({"article_text": r.article_text()} if with_text else {}) for r in rules
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for r in rules:
        print(f"{r.rule_id:<8} {r.article:<8} [{r.severity}] {r.summary}")
        if with_text:
            for line in r.article_text().splitlines():
                print(f"    {line}")
            print()
    if with_text:
        print(source_line())
    return 0


def cmd_print(args) -> int:
    from desktop_app.printing.sample import write_sample

    written, notes = write_sample(Path(args.out))
    for path, pages in written:
        print(f"已生成 {path}（{pages} 页）")
    for note in notes:
        print(note)
    return 0


def cmd_self_test(args) -> int:
    """The technician's check of this PC (desktop_app.selftest): prints the report, which also
    goes to the log; exit code 1 when something failed."""
    from desktop_app import selftest

    print("正在自检，请稍候……", flush=True)
    report = selftest.run()
    print(report.text())
    return 0 if report.ok else 1
