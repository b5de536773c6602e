"""Benchmark: the meetings register with 20 years of meetings (~1,500 meetings, 15,000 items).

Run on demand:  python -m tests.bench.meetings_register [--pg URL_OF_EMPTY_DB]
Times opening the register (all meetings), filtering by kind and by year, and searching the loaded
rows the way the table's filter does. (A 12-item 纪要 is timed by tests/bench/print_minutes.py.)
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from db import migrate
from db.engine import Database
from db.models import AgendaItem, Attendance, Meeting
from desktop_app.rules.meetings import KINDS
from desktop_app.services.meetings import planning as meetings
from tests.bench import machine

CHINA = ZoneInfo("Asia/Shanghai")


def build(db: Database) -> None:
    rnd = random.Random(3)
    kinds = list(KINDS)
    with db.uow("bench") as s:
        start = datetime(2006, 1, 1, 9, tzinfo=CHINA)
        for n in range(1500):
            kind = rnd.choices(kinds, weights=[1, 1, 6, 4, 8, 1, 1])[0]
            m = Meeting(
                kind=kind,
                number=n + 1,
                title=f"市政府第{n + 1}次{KINDS[kind]}",
                starts_at=start + timedelta(days=n * 4.87),
                room="501",
                status="held",
            )
            s.add(m)
            s.flush()
            for k in range(10):
                s.add(
                    AgendaItem(
                        title=f"关于第{n}次会议第{k}项工作的议题",
                        meeting_id=m.id,
                        position=k,
                        status="placed",
                        category="report",
                    )
                )
            for _ in range(6):
                s.add(Attendance(meeting_id=m.id, role="member", status="present"))


def timed(fn, runs: int = 7) -> float:
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples)


def run(db: Database) -> None:
    migrate.upgrade(db)
    t = time.perf_counter()
    build(db)
    print(
        f"  1,500 meetings / 15,000 items / 9,000 attendance rows written in "
        f"{time.perf_counter() - t:.1f} s"
    )
    if db.dialect == "postgresql":  # as autovacuum would have done on a real server
        with db.engine.connect() as conn:
            conn.exec_driver_sql("COMMIT")
            conn.exec_driver_sql("ANALYZE")
    rows = meetings.list_meetings(db)
    print(
        f"  open the register (all {len(rows)}): {timed(lambda: meetings.list_meetings(db)):.1f} ms"
    )
    print(
        f"  filter kind=常务会议: {timed(lambda: meetings.list_meetings(db, kind='executive')):.1f} ms"
    )
    print(f"  filter year=2016: {timed(lambda: meetings.list_meetings(db, year=2016)):.1f} ms")
    needle = "第1234次"
    print(
        f"  search loaded rows for {needle}: "
        f"{timed(lambda: [m for m in rows if needle in m.title]):.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg", default="")
    args = parser.parse_args()
    machine.start("meetings register: 1,500 meetings, 15,000 agenda items")
    with tempfile.TemporaryDirectory() as tmp:
        print("SQLite:")
        d = Database(f"sqlite:///{Path(tmp) / 'bench.db'}")
        run(d)
        d.dispose()
    if args.pg:
        print("PostgreSQL:")
        d = Database(args.pg)
        run(d)
        d.dispose()
    machine.report("end")


if __name__ == "__main__":
    main()
