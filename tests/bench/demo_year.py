"""Benchmark, run on demand: `fuban demo --year` — the demo government and a year of records
entered through the services (every record its own unit of work, as a clerk's action is).

    python -m tests.bench.demo_year [--pg URL_OF_EMPTY_DB]

Prints the time of each part (directory, meetings, 公文, 用印/外出/督办), the records written and
the audit entries they left, then the time of `fuban check` on the result.
"""

from __future__ import annotations

import argparse
import importlib
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from db import migrate
from db.engine import Database
from db.models import AuditEntry
from desktop_app.services import areas, demo, demo_year
from desktop_app.services.system import maintenance
from desktop_app.services.system.common import CurrentUser
from tests.bench import machine

USER = CurrentUser("admin", "管理员", "admin")
PARTS = ("meetings", "documents", "office")


def run(db: Database, today: date) -> None:
    migrate.upgrade(db)
    areas.compose()
    total = time.perf_counter()
    t = time.perf_counter()
    demo.fill(db, USER, today=today)
    print(f"  directory (demo.fill): {time.perf_counter() - t:.1f} s")
    o = demo_year._office(db, USER, today)
    demo_year._staff(o)
    for part in PARTS:
        t = time.perf_counter()
        importlib.import_module(f"desktop_app.services.demo_year_{part}").fill(o)
        print(f"  {part}: {time.perf_counter() - t:.1f} s")
    print(f"  whole demo --year: {time.perf_counter() - total:.1f} s")
    print("  records: " + "，".join(demo_year.summary(o.counts)))
    with db.read() as s:
        print(f"  audit entries: {s.scalar(select(func.count()).select_from(AuditEntry))}")
    t = time.perf_counter()
    result = maintenance.check(db)
    print(
        f"  fuban check: {time.perf_counter() - t:.1f} s, {'ok' if result.ok else result.problems}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg", default="")
    args = parser.parse_args()
    machine.start("fuban demo --year: a year of records through the services")
    today = date.today()
    with tempfile.TemporaryDirectory() as tmp:
        print("SQLite:")
        d = Database(f"sqlite:///{Path(tmp) / 'demo.db'}")
        run(d, today)
        d.dispose()
    machine.report("after SQLite")
    if args.pg:
        print("PostgreSQL:")
        d = Database(args.pg)
        run(d, today)
        d.dispose()
    machine.report("end")


if __name__ == "__main__":
    main()
