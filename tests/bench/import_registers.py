"""Benchmark: importing the other registers' ledgers (issue 20) — a 用印登记簿, a 外出请示报备
register, a 会议登记簿 with its 会议决定事项 and a 督办台账 of N rows each (the meetings N/10, ten
decisions each), into the demo office: the dry run and the import of each, timed apart.

Run on demand:  python -m tests.bench.import_registers [--pg URL_OF_EMPTY_DB] [--rows N]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook

from db import migrate
from db.engine import Database
from desktop_app.services import seals
from desktop_app.services.absences.import_register import SPEC as ABSENCES
from desktop_app.services.meetings.import_decisions import SPEC as DECISIONS
from desktop_app.services.meetings.import_meetings import SPEC as MEETINGS
from desktop_app.services.seals.import_register import SPEC as SEALS
from desktop_app.services.supervision.import_register import SPEC as SUPERVISION
from desktop_app.services.system import ledger_import as li
from desktop_app.services.system.common import CurrentUser
from tests.bench import machine
from tests.demo_db import fill_demo

ADMIN = CurrentUser("admin", "管理员", "admin")
START = date(2019, 1, 1)  # before the demo office's own records


def _sheet(path: Path, headers: list[str], rows) -> Path:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("台账")
    ws.append(headers)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def sheets(folder: Path, n: int) -> list[tuple[object, Path]]:
    day = [START + timedelta(days=i % 1400) for i in range(n + 1)]
    meetings = max(1, n // 10)
    return [
        (
            SEALS,
            _sheet(
                folder / "用印.xlsx",
                ["序号", "用印日期", "时间", "编号", "用印单位", "文件名称", "印章", "用印份数"]
                + ["批准人", "监印人"],
                (
                    [i, day[i], "10:30", f"用印〔{day[i].year}〕{i}号", "农业农村局"]
                    + [f"第{i}份材料", "同江市人民政府印", 2, "孙立新（副市长）", "赵红"]
                    for i in range(1, n + 1)
                ),
            ),
        ),
        (
            ABSENCES,
            _sheet(
                folder / "外出.xlsx",
                ["姓名", "外出类别", "事由", "目的地", "出发日期", "返回日期", "报备日期"]
                + ["已登记审批", "实际返回日期", "销假日期"],
                (
                    ["邓磊", "出差", "赴省汇报工作", "哈尔滨", START + timedelta(days=i)]
                    + [START + timedelta(days=i), START + timedelta(days=i - 5)]
                    + [f"分管副市长同意：孙立新 {START + timedelta(days=i - 4)}"]
                    + [START + timedelta(days=i), START + timedelta(days=i + 1)]
                    for i in range(1, n + 1)
                ),
            ),
        ),
        (
            MEETINGS,
            _sheet(
                folder / "会议.xlsx",
                ["会议名称", "类别", "日期", "主持人", "议题数", "纪要状态"],
                (
                    [
                        f"市政府第{i}次市长办公会议",
                        "市长办公会议",
                        day[i * 3],
                        "李明远",
                        10,
                        "未起草",
                    ]
                    for i in range(1, meetings + 1)
                ),
            ),
        ),
        (
            DECISIONS,
            _sheet(
                folder / "决定.xlsx",
                ["会议", "会议日期", "议题", "决定事项", "责任单位", "完成时限", "状态"],
                (
                    [f"市政府第{1 + i // 10}次市长办公会议", day[(1 + i // 10) * 3]]
                    + [f"议题{i % 10}", f"第{i}项决定事项", "财政局", None, "未完成"]
                    for i in range(meetings * 10)
                ),
            ),
        ),
        (
            SUPERVISION,
            _sheet(
                folder / "督办.xlsx",
                ["来源", "督办事项", "责任单位", "交办日期", "完成时限", "书面反馈", "最近反馈"]
                + ["状态", "办结日期"],
                (
                    ["领导批示", f"第{i}项督办事项", "财政局", day[i], day[i] + timedelta(days=30)]
                    + [1, day[i] + timedelta(days=20), "按时办结", day[i] + timedelta(days=25)]
                    for i in range(1, n + 1)
                ),
            ),
        ),
    ]


def run(db: Database, files: list[tuple[object, Path]]) -> None:
    migrate.upgrade(db)
    fill_demo(db, ADMIN, date(2026, 11, 26))
    seals.add_seal(db, ADMIN, name="同江市人民政府印", kind="gov", made_on=date(2015, 1, 2))
    for spec, path in files:
        t0 = time.perf_counter()
        preview = li.dry_run(db, ADMIN, spec, path)  # type: ignore[arg-type]
        t1 = time.perf_counter()
        assert preview.ok, preview.problem_lines(5)
        result = li.import_file(db, ADMIN, spec, path, expected_hash=preview.file_hash)  # type: ignore[arg-type]
        t2 = time.perf_counter()
        title = spec.title  # type: ignore[attr-defined]
        print(f"  {title} {result.count:,} rows: dry run {t1 - t0:5.1f} s, import {t2 - t1:5.1f} s")
    machine.report("after the timings")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pg", help="URL of an empty PostgreSQL database")
    ap.add_argument("--rows", type=int, default=2000)
    args = ap.parse_args()
    machine.start(f"Import of the other registers: {args.rows:,} rows each, dry run and import")
    with tempfile.TemporaryDirectory() as tmp:
        files = sheets(Path(tmp), args.rows)
        machine.on_each_engine(tmp, args.pg, lambda db: run(db, files))
    machine.report("end")


if __name__ == "__main__":
    main()
