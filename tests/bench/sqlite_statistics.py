"""SQLite planner statistics on a large register: what the sampled ANALYZE costs and what the
工作台 costs with no statistics, with the sampled ones fuban keeps (analysis_limit, as
db.engine.refresh_statistics and PRAGMA optimize on close), and with a full ANALYZE.

    python -m tests.bench.sqlite_statistics PATH_TO_A_COPY.db [--day 2027-01-02]

PATH is changed (statistics written and deleted): use a copy, e.g. of the documents_200k file
(upgraded to head first). Medians of 7 `dashboard.collect` calls, CPU time, per account."""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import time
from datetime import date

from db import engine as db_engine
from db.engine import ANALYSIS_LIMIT, Database
from desktop_app.services import areas
from desktop_app.services.system import dashboard
from desktop_app.services.system.common import CurrentUser
from tests.bench import machine

USERS = (CurrentUser("wenmi", "文秘", "clerk"), CurrentUser("jiyao", "机要", "confidential"))


def _statistics(path: str, limit: int | None) -> float:
    """Delete them (None) or ANALYZE with `limit` (0 = every row); ms taken."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        start = time.perf_counter()
        if limit is None:
            conn.execute("DROP TABLE IF EXISTS sqlite_stat1")
        else:
            conn.execute(f"PRAGMA analysis_limit={limit}")
            conn.execute("ANALYZE")
        return (time.perf_counter() - start) * 1000
    finally:
        conn.close()


def _collect(path: str, day: date) -> list[float]:
    d = Database(f"sqlite:///{path}")
    try:
        out = []
        for user in USERS:
            dashboard.collect(d, day, user)  # warm: the file's pages in the cache
            cpu = []
            for _ in range(7):
                start = time.process_time()
                dashboard.collect(d, day, user)
                cpu.append(time.process_time() - start)
            out.append(statistics.median(cpu))
        return out
    finally:
        d.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--day", default="2027-01-02")
    args = parser.parse_args()
    machine.start("SQLite statistics and the 工作台")
    db_engine.optimize_before_close = lambda _conn: None  # each variant exactly as set up
    areas.compose()
    day = date.fromisoformat(args.day)
    print(f"SQLite {sqlite3.sqlite_version}")
    for label, limit in (
        ("none", None),
        (f"sampled ({ANALYSIS_LIMIT})", ANALYSIS_LIMIT),
        ("full ANALYZE", 0),
        ("none", None),
        (f"sampled ({ANALYSIS_LIMIT})", ANALYSIS_LIMIT),
    ):
        ms = _statistics(args.path, limit)
        clerk, jiyao = _collect(args.path, day)
        print(
            f"  {label:<16} statistics {ms:7.1f} ms   dashboard.collect "
            f"clerk {clerk:.3f} s CPU, 机要 {jiyao:.3f} s CPU"
        )
    machine.report("end")


if __name__ == "__main__":
    main()
