"""Benchmark data: a lived-in database — a year of every register, and years of absences and seal
use before it. A register that grows with the years must not slow the 工作台 (or the start that
shows it): the 200,000-document databases only hold documents.

    python -m tests.bench.lived_in --sqlite FILE [--years 5]
    python -m tests.bench.lived_in --pg URL_OF_AN_EMPTY_DATABASE [--years 5]

Writes FILE (replacing it) or the empty PostgreSQL database: `fuban demo --year` through the
services (10–30 s), then for each of the `years` before it copies of that year's closed records,
their dates moved back, written through SQLAlchemy Core as history (not through the services: no
audit entries): every week five 外出请示报备 (approved, returned, 销假 recorded, with their
approvals) and every working day about three 用印审批单 (approved and used). At five years that
is 1,300 absences and 4,000 seal applications on top of the demo year, about what a city
government office files. Nothing is left open in those years, so the 工作台 must show the same
items as on the demo year alone; what grows is only what it must not read.

The file has no accounts (as `tests.bench.documents_200k --prepare-only` writes its file), so
`tests.bench.startup --docs-from FILE`, `tests.bench.dashboard_first_load --db FILE` (or --url)
and `tests.bench.register_reads --db FILE_OR_URL` take it.
"""

from __future__ import annotations

import argparse
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import Connection, Table, insert, select, text

from db import migrate
from db.engine import Database
from db.models.absences import Absence, AbsenceApproval
from db.models.seals import SealApplication, SealApproval, SealUse
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


def _moved(value, days: int):
    """A date or date-time `days` earlier (None stays None)."""
    return None if value is None else value - timedelta(days=days)


def _rows(conn: Connection, stmt) -> list[dict]:
    return [dict(r._mapping) for r in conn.execute(stmt)]


def _insert(conn: Connection, table: Table, row: dict) -> int:
    """`row` written as a new record (its id from the database); returns the new id."""
    values = {k: v for k, v in row.items() if k != "id"}
    return int(conn.execute(insert(table).returning(table.c.id), values).scalar_one())


def add_absences(conn: Connection, years: int) -> int:
    """Five closed requests a week for `years` years before the demo year's first."""
    a, ap = Absence.__table__, AbsenceApproval.__table__
    closed = _rows(
        conn,
        select(a)
        .where(a.c.amends_id.is_(None), a.c.voided_at.is_(None), a.c.reported_back_on.is_not(None))
        .order_by(a.c.id),
    )
    approvals = {x["id"]: _rows(conn, select(ap).where(ap.c.absence_id == x["id"])) for x in closed}
    first = min(x["start_date"] for x in closed)
    n = 0
    for week in range(52 * years):
        for k in range(5):
            template = closed[(week * 5 + k) % len(closed)]
            back = (template["start_date"] - first).days + 7 * (week + 1)
            row = dict(template, **{f: _moved(template[f], back) for f in ABSENCE_DATES})
            new_id = _insert(conn, a, row)
            for x in approvals[template["id"]]:
                moved = dict(x, absence_id=new_id, signed_on=_moved(x["signed_on"], back))
                _insert(conn, ap, moved)
            n += 1
    return n


def add_seal_applications(conn: Connection, years: int, per_year: int = 800) -> int:
    """`per_year` approved and used applications in each of `years` years before the demo's."""
    app_t, use_t, appr_t = (m.__table__ for m in (SealApplication, SealUse, SealApproval))
    used = _rows(
        conn,
        select(app_t)
        .join(use_t, use_t.c.application_id == app_t.c.id)
        .where(
            app_t.c.outgoing_id.is_(None), app_t.c.voided_at.is_(None), use_t.c.voided_at.is_(None)
        )
        .order_by(app_t.c.id),
    )
    children = {
        x["id"]: [
            (
                t,
                _rows(
                    conn, select(t).where(t.c.application_id == x["id"], t.c.voided_at.is_(None))
                ),
            )
            for t in (use_t, appr_t)
        ]
        for x in used
    }
    first_year = min(x["year"] for x in used)
    n = 0
    for year in range(first_year - years, first_year):
        for k in range(per_year):
            template = used[k % len(used)]
            day = date(year, 1, 1) + timedelta(days=k * 365 // per_year)
            back = (template["applied_on"] - day).days
            app_id = _insert(conn, app_t, dict(template, year=year, seq=k + 1, applied_on=day))
            for table, rows in children[template["id"]]:
                for r in rows:
                    row = dict(r, application_id=app_id)
                    if table is use_t:
                        row.update(year=year, seq=k + 1, used_at=_moved(r["used_at"], back))
                    else:
                        row.update(
                            signed_on=_moved(r["signed_on"], back),
                            done_at=_moved(r["done_at"], back),
                        )
                    _insert(conn, table, row)
            n += 1
    return n


def prepare(url: str, years: int) -> None:
    """`url`: an SQLite file's (replaced) or an empty PostgreSQL database's."""
    started = time.perf_counter()
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    db = Database(url)
    migrate.upgrade(db)
    areas.compose()
    counts = demo_year.fill_year(db, USER, TODAY)
    print(f"  demo --year: {'，'.join(demo_year.summary(counts))}", flush=True)
    with db.engine.begin() as conn:  # written as history, outside the services and the audit
        absences = add_absences(conn, years)
        applications = add_seal_applications(conn, years)
        if conn.dialect.name == "postgresql":
            conn.execute(text("ANALYZE"))
    db.dispose()
    print(
        f"  {years} years before it: {absences:,} absences and {applications:,} seal applications "
        f"(closed); written in {time.perf_counter() - started:.0f} s",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sqlite", default="", help="the database file to write")
    parser.add_argument("--pg", default="", help="an empty PostgreSQL database to write")
    parser.add_argument("--years", type=int, default=5)
    args = parser.parse_args()
    machine.start("a lived-in database: the demo year and years of closed records before it")
    if not (args.sqlite or args.pg):
        parser.error("--sqlite FILE or --pg URL")
    prepare(args.pg or f"sqlite:///{args.sqlite}", args.years)
    machine.report("end")


if __name__ == "__main__":
    main()
