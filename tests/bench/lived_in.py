"""Benchmark data: a lived-in database — a year of every register, and years of absences and seal
use before it. A register that grows with the years must not slow the 工作台 (or the start that
shows it): the 200,000-document databases only hold documents.

    python -m tests.bench.lived_in --sqlite FILE [--years 5]

Writes FILE (replacing it): `fuban demo --year` through the services (about 30 s), then for each
of the `years` before it copies of that year's closed records, written directly in SQL with
their dates moved back: every week five 外出请示报备 (approved, returned, 销假 recorded, with
their approvals) and every working day about three 用印审批单 (approved and used). At five
years that is 1,300 absences and 4,000 seal applications on top of the demo year, about what a
city government office files. Nothing is left open in those years, so the 工作台 must show the
same items as on the demo year alone; what grows is only what it must not read.

The file has no accounts (as `tests.bench.documents_200k --prepare-only` writes its file), so
`tests.bench.startup --docs-from FILE` and `tests.bench.dashboard_first_load --db FILE` take it.
"""

from __future__ import annotations

import argparse
import sqlite3
import time
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

from db import migrate
from db.engine import Database
from desktop_app.services import areas, demo_year
from tests.bench import machine
from tests.bench.demo_year import USER

TODAY = date(2026, 12, 6)
ABSENCE_DATES = (
    "start_date",
    "end_date",
    "filed_on",
    "approved_on",
    "returned_on",
    "return_due",
    "reported_back_on",
    "report_received_on",
    "trip_report_received_on",
)


def _columns(c: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in c.execute(f"PRAGMA table_info({table})")]


def _insert(c: sqlite3.Connection, table: str, cols: list[str], row: dict) -> int:
    cur = c.execute(
        f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
        [row[k] for k in cols],
    )
    return int(cur.lastrowid or 0)


def _moved(value: str | None, days: int) -> str | None:
    """An ISO date (or a date-time's date part kept with its time) `days` earlier."""
    if value is None:
        return None
    day = date.fromisoformat(value[:10]) - timedelta(days=days)
    return day.isoformat() + value[10:]


def _next_id(c: sqlite3.Connection, table: str) -> int:
    return int(c.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}").fetchone()[0])


def add_absences(c: sqlite3.Connection, years: int) -> int:
    """Five closed requests a week for `years` years before the demo year's first."""
    cols, acols = _columns(c, "absence"), _columns(c, "absence_approval")
    closed = [
        dict(zip(cols, r, strict=True))
        for r in c.execute(
            "SELECT * FROM absence WHERE amends_id IS NULL AND voided_at IS NULL "
            "AND reported_back_on IS NOT NULL ORDER BY id"
        )
    ]
    approvals = {
        a["id"]: [
            dict(zip(acols, r, strict=True))
            for r in c.execute("SELECT * FROM absence_approval WHERE absence_id = ?", (a["id"],))
        ]
        for a in closed
    }
    first = min(date.fromisoformat(a["start_date"]) for a in closed)
    new_id, n = _next_id(c, "absence"), 0
    for week in range(52 * years):
        for k in range(5):
            template = closed[(week * 5 + k) % len(closed)]
            back = (date.fromisoformat(template["start_date"]) - first).days + 7 * (week + 1)
            row = dict(template, id=new_id)
            row.update({f: _moved(template[f], back) for f in ABSENCE_DATES})
            _insert(c, "absence", cols, row)
            for a in approvals[template["id"]]:
                moved = dict(a, id=None, absence_id=new_id, signed_on=_moved(a["signed_on"], back))
                _insert(c, "absence_approval", acols, moved)
            new_id, n = new_id + 1, n + 1
    return n


def add_seal_applications(c: sqlite3.Connection, years: int, per_year: int = 800) -> int:
    """`per_year` approved and used applications in each of `years` years before the demo's."""
    acols, ucols, pcols = (
        _columns(c, t) for t in ("seal_application", "seal_use", "seal_approval")
    )
    used = [
        dict(zip(acols, r, strict=True))
        for r in c.execute(
            "SELECT a.* FROM seal_application a JOIN seal_use u ON u.application_id = a.id "
            "WHERE a.outgoing_id IS NULL AND a.voided_at IS NULL AND u.voided_at IS NULL "
            "ORDER BY a.id"
        )
    ]
    demo_year_ = min(a["year"] for a in used)
    n = 0
    for year in range(demo_year_ - years, demo_year_):
        for k in range(per_year):
            template = used[k % len(used)]
            day = date(year, 1, 1) + timedelta(days=k * 365 // per_year)
            back = (date.fromisoformat(template["applied_on"]) - day).days
            app = dict(template, id=None, year=year, seq=k + 1, applied_on=day.isoformat())
            app_id = _insert(c, "seal_application", acols, app)
            for table, cols in (("seal_use", ucols), ("seal_approval", pcols)):
                for r in c.execute(
                    f"SELECT * FROM {table} WHERE application_id = ? AND voided_at IS NULL",
                    (template["id"],),
                ).fetchall():
                    row = dict(zip(cols, r, strict=True), id=None, application_id=app_id)
                    if table == "seal_use":
                        row.update(year=year, seq=k + 1, used_at=_moved(row["used_at"], back))
                    else:
                        row["signed_on"] = _moved(row["signed_on"], back)
                        row["done_at"] = _moved(row["done_at"], back)
                    _insert(c, table, cols, row)
            n += 1
    return n


def prepare(path: Path, years: int) -> None:
    path.unlink(missing_ok=True)
    started = time.perf_counter()
    db = Database(f"sqlite:///{path}")
    migrate.upgrade(db)
    areas.compose()
    counts = demo_year.fill_year(db, USER, TODAY)
    db.dispose()
    print(f"  demo --year: {'，'.join(demo_year.summary(counts))}", flush=True)
    with closing(sqlite3.connect(path)) as c, c:
        absences = add_absences(c, years)
        applications = add_seal_applications(c, years)
    print(
        f"  {years} years before it: {absences:,} absences and {applications:,} seal applications "
        f"(closed); written in {time.perf_counter() - started:.0f} s",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sqlite", required=True, help="the database file to write")
    parser.add_argument("--years", type=int, default=5)
    args = parser.parse_args()
    machine.start("a lived-in database: the demo year and years of closed records before it")
    prepare(Path(args.sqlite), args.years)
    machine.report("end")


if __name__ == "__main__":
    main()
