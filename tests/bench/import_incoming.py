"""Benchmark: importing a 20,000-row 收文 sheet (issue 20) — the dry run (read, map, check every
row against the directory and the register) and the import itself (one transaction, with the
audit entries, the search index and the provenance of every row), and the process's peak
resident memory meanwhile. Targets: dry run ≤ 10 s, import ≤ 30 s, memory < 300 MB. Beside
each wall-clock time, the CPU time of this process (the database server's is not in it): on a
shared machine the wall-clock time follows the load, the CPU time much less.

Run on demand:  python -m tests.bench.import_incoming [--pg URL_OF_EMPTY_DB] [--rows N] [--check]
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from pathlib import Path

import psutil
from openpyxl import Workbook

from db import migrate
from db.engine import Database
from desktop_app.services.directory import commands as directory
from desktop_app.services.documents.import_incoming import SPEC
from desktop_app.services.system import ledger_import as li
from desktop_app.services.system.common import CurrentUser
from tests.bench import machine

ADMIN = CurrentUser("admin", "管理员", "admin")
UNITS = ["同江市水务局", "同江市应急管理局", "同江市教育局", "同江市财政局", "同江市农业农村局"]
LEADERS = ["李明远", "孙立新", "王海"]


def write_sheet(path: Path, rows: int) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("收文登记簿")
    ws.append(
        [
            "收文号",
            "收文日期",
            "来文机关",
            "来文字号",
            "标题",
            "密级",
            "紧急程度",
            "份数",
            "拟办意见",
            "领导批示",
            "承办单位",
            "办理时限",
            "办结日期",
            "归档号",
        ]
    )
    for n in range(1, rows + 1):
        month, day = 1 + n % 12, 1 + n % 28
        ws.append(
            [
                f"收文〔2026〕{n}号",
                f"2026-{month}-{day} 09:30",
                "黑龙江省人民政府办公厅",
                f"黑政办发〔2026〕{n}号",
                f"关于做好第{n}项重点工作的通知（防汛抗旱、安全生产、森林防火）",
                "",
                "加急" if n % 7 == 0 else "",
                1 + n % 3,
                "拟请分管副市长阅示，转相关部门办理。",
                f"{LEADERS[n % 3]}：请抓紧办理。（2026年{month}月{day}日）" if n % 2 else "",
                f"{UNITS[n % 5]}（协办：{UNITS[(n + 1) % 5]}）" if n % 3 else "",
                f"2026年{month}月{min(28, day + 10) if day < 28 else 28}日" if n % 3 else "",
                f"2026/{month}/{min(28, day + 5) if day < 28 else 28}" if n % 4 == 0 else "",
                f"2026-WS-{n:05d}" if n % 4 == 0 else "",
            ]
        )
    wb.save(path)


class Peak:
    """The process's peak resident memory, sampled every 20 ms."""

    def __init__(self):
        self.proc, self.peak, self._stop = psutil.Process(), 0, threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self.proc.memory_info().rss)
            time.sleep(0.02)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self.thread.join()


def run(db: Database, sheet: Path, check: bool = False) -> None:
    migrate.upgrade(db)
    for name in UNITS:
        directory.save_unit(db, ADMIN, name=name, kind="department")
    for name in LEADERS:
        directory.save_person(db, ADMIN, name=name)
    with Peak() as peak:
        t0, c0 = time.perf_counter(), time.process_time()
        preview = li.dry_run(db, ADMIN, SPEC, sheet)
        t1, c1 = time.perf_counter(), time.process_time()
        assert preview.ok, preview.problem_lines(5)
        moves: list[tuple[int, int]] = []
        result = li.import_file(
            db,
            ADMIN,
            SPEC,
            sheet,
            preview.mapping,
            expected_hash=preview.file_hash,
            progress=lambda done, total: moves.append((done, total)),
        )
        t2, c2 = time.perf_counter(), time.process_time()
    print(
        f"  dry run ({len(preview.rows):,} rows, no problem): {t1 - t0:6.1f} s"
        f"  (CPU of this process {c1 - c0:5.1f} s)"
    )
    print(
        f"  import ({result.count:,} records in one transaction): {t2 - t1:6.1f} s"
        f"  (CPU of this process {c2 - c1:5.1f} s)"
    )
    print(f"  progress reports during the import: {len(moves)}")
    print(f"  peak resident memory of the process: {peak.peak / 2**20:6.0f} MB")
    machine.report("after the timings")
    if check:
        from desktop_app.services.system import maintenance

        t3 = time.perf_counter()
        found = maintenance.check(db)
        t4 = time.perf_counter()
        verdict = "passes" if found.ok else f"{len(found.problems)} problems: {found.problems[:3]}"
        print(f"  fuban check ({found.audit_entries:,} audit entries): {verdict}, {t4 - t3:.1f} s")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pg", help="URL of an empty PostgreSQL database")
    ap.add_argument("--rows", type=int, default=20000)
    ap.add_argument("--check", action="store_true", help="run fuban check on the result too")
    args = ap.parse_args()
    machine.start(f"收文 import: a {args.rows:,}-row sheet, dry run and import")
    with tempfile.TemporaryDirectory() as tmp:
        sheet = Path(tmp) / "收文登记簿.xlsx"
        write_sheet(sheet, args.rows)
        print(f"sheet: {sheet.stat().st_size / 2**20:.1f} MB")
        machine.on_each_engine(tmp, args.pg, lambda db: run(db, sheet, args.check))
    machine.report("end")


if __name__ == "__main__":
    main()
