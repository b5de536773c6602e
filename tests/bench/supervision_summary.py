"""Benchmark: the 督办 pane's 按单位汇总 and the R72 yearly summary on 20 years of items (50,000
items, 150,000 written reports, built as in tests.bench.supervision_register).

Run on demand:  python -m tests.bench.supervision_summary [--pg URL_OF_EMPTY_DB]
"""

from __future__ import annotations

import argparse
import tempfile

from db import migrate
from db.engine import Database
from desktop_app.services.supervision import printouts, queries, summaries
from tests.bench import machine
from tests.bench.supervision_register import TODAY, build, timed


def run(db: Database) -> None:
    migrate.upgrade(db)
    build(db)
    if db.dialect == "postgresql":  # as autovacuum would have done on a real server
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE")
    units = summaries.unit_summary(db, TODAY)
    print(f"  {len(units)} units, {sum(u.items for u in units):,} items")
    print(f"  register first screen:        {timed(lambda: queries.list_items(db, TODAY)):.0f} ms")
    print(
        f"  按单位汇总 (every unit, item): {timed(lambda: summaries.unit_summary(db, TODAY)):.0f} ms"
    )
    pdf = timed(lambda: printouts.proposal_summary_pdf(db, 2025, TODAY), runs=5)
    print(f"  R72 yearly summary PDF:       {pdf:.0f} ms")
    machine.report("after the timings")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pg", help="URL of an empty PostgreSQL database")
    args = ap.parse_args()
    machine.start("督办 按单位汇总 and R72 yearly summary: 50,000 items, 150,000 reports")
    with tempfile.TemporaryDirectory() as tmp:
        machine.on_each_engine(tmp, args.pg, run)
    machine.report("end")


if __name__ == "__main__":
    main()
