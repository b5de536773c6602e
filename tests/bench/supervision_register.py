"""Benchmark: the 督办 register with 20 years of items (50,000 items, 150,000 written reports).

Run on demand:  python -m tests.bench.supervision_register [--pg URL_OF_EMPTY_DB]
Times the register's first screen (the 500 most urgent items, all states), the 工作台's overdue
list (the dashboard provider), a search, and a yearly 督查通报 built to PDF. The rows are written
with plain INSERTs (what is measured is reading them; the audit chain is not part of it).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import date, timedelta

from sqlalchemy import insert

from db import migrate
from db.base import utcnow
from db.engine import Database
from db.models import Person, Unit
from db.models.supervision import SupervisionItem, SupervisionReport
from desktop_app.services.supervision import dashboard, printouts, queries, summaries
from tests.bench import machine

TODAY = date(2026, 11, 26)
ITEMS, REPORTS_PER_ITEM = 50_000, 3
KINDS = ["decision", "document", "instruction", "major", "npc", "cppcc"]


def _stamp() -> dict:
    now = utcnow()
    return {
        "created_at": now,
        "updated_at": now,
        "created_by": "bench",
        "updated_by": "bench",
        "version": 1,
    }


def build(db: Database) -> None:
    rnd = random.Random(16)
    with db.uow("bench") as s:
        units = [Unit(name=f"单位{n:02d}", kind="department") for n in range(40)]
        persons = [Person(name=f"副市长{n}") for n in range(8)]
        s.add_all(units + persons)
        s.flush()
        unit_ids, person_ids = [u.id for u in units], [p.id for p in persons]
    first = TODAY - timedelta(days=365 * 20)
    items, reports = [], []
    for n in range(1, ITEMS + 1):
        assigned = first + timedelta(days=int(n * 365 * 20 / ITEMS))
        deadline = assigned + timedelta(days=rnd.randint(5, 60))
        open_ = deadline > TODAY - timedelta(days=90) and rnd.random() < 0.5
        closed = None if open_ else deadline + timedelta(days=rnd.choice([-3, -1, 0, 2, 10]))
        items.append(
            {
                **_stamp(),
                "id": n,
                "source_kind": rnd.choice(KINDS),
                "title": f"第{n}项督办事项",
                "content": "按要求落实",
                "instruction_on_what": "",
                "unit_id": rnd.choice(unit_ids),
                "responsible_person": "张三",
                "assisting_units": "",
                "vice_mayor_id": rnd.choice(person_ids),
                "quality": "",
                "assigned_on": assigned,
                "deadline": deadline,
                "secrecy": "",
                "status": "open" if open_ else "done",
                "closed_on": closed,
                "evidence": "",
                "escalation_reason": "",
                "request_form": "",
                "request_from": "",
                "received_by": "",
                "from_grassroots": False,
                "several_portfolios": False,
                "major_category": "",
                "route": "",
                "note": "",
            }
        )
        for k in range(REPORTS_PER_ITEM):
            reports.append(
                {
                    **_stamp(),
                    "item_id": n,
                    "direction": "unit" if k < 2 else "office",
                    "received_on": assigned + timedelta(days=3 + k * 5),
                    "text": "已按要求落实",
                    "attachment_name": "",
                    "attachment_sha256": "",
                }
            )
    with db.engine.begin() as conn:
        for i in range(0, len(items), 5000):
            conn.execute(insert(SupervisionItem), items[i : i + 5000])
        for i in range(0, len(reports), 10000):
            conn.execute(insert(SupervisionReport), reports[i : i + 10000])


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
        f"  {ITEMS:,} items / {ITEMS * REPORTS_PER_ITEM:,} reports written in "
        f"{time.perf_counter() - t:.1f} s"
    )
    if db.dialect == "postgresql":  # as autovacuum would have done on a real server
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE")
    first = queries.list_items(db, TODAY)
    overdue = dashboard.supervision_items(db, TODAY)
    print(f"  first screen {len(first)} rows; 工作台 {len(overdue)} entries")
    print(
        f"  register first screen (500 rows): {timed(lambda: queries.list_items(db, TODAY)):.0f} ms"
    )
    print(
        f"  工作台 overdue + due soon:        {timed(lambda: dashboard.supervision_items(db, TODAY)):.0f} ms"
    )
    print(
        f"  search 「第4999」:                 {timed(lambda: queries.list_items(db, TODAY, search='第4999')):.0f} ms"
    )
    year = (date(2025, 1, 1), date(2025, 12, 31))
    print(
        f"  yearly unit lines (R73):          {timed(lambda: summaries.unit_lines(db, *year)):.0f} ms"
    )
    print(
        f"  yearly 督查通报 PDF:              {timed(lambda: printouts.circular_pdf(db, *year, TODAY), runs=5):.0f} ms"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pg", help="URL of an empty PostgreSQL database")
    args = ap.parse_args()
    machine.start("督办 register: 50,000 items, 150,000 reports")
    with tempfile.TemporaryDirectory() as tmp:
        machine.on_each_engine(tmp, args.pg, run)
    machine.report("end")


if __name__ == "__main__":
    main()
