"""Benchmark: what each register's list costs on a database — rows, statements, time.

    python -m tests.bench.register_reads --db FILE_OR_URL [--rounds 5]

FILE_OR_URL is an SQLite file (as `tests.bench.lived_in` writes it: years of absences and seal
use beside a year of every register) or a database URL; it is read, never changed. For each
list a clerk opens (the registers of absences, seal applications, agenda items, decisions,
meetings, 督办, 收文 and 发文, and the directory's appointments) one call warms the statements,
then the median wall time of `--rounds` calls is printed with the rows listed and the statements
one call sent. A list whose statements grow with its rows reads per row: on the shared server
each statement is a round trip.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import date

from tests.bench import machine

TODAY = date(2026, 12, 6)


def lists(db) -> dict[str, Callable[[], list]]:
    from desktop_app.services.absences import queries as absences
    from desktop_app.services.directory import listing
    from desktop_app.services.documents import incoming, outgoing
    from desktop_app.services.meetings import agenda, decisions, planning
    from desktop_app.services.seals import queries as seals
    from desktop_app.services.supervision import queries as supervision
    from desktop_app.services.system.common import CurrentUser

    admin = CurrentUser("admin", "管理员", "admin")
    return {
        "外出报备, every year": lambda: absences.list_absences(db, today=TODAY),
        "外出报备, first page": lambda: absences.list_absences(db, today=TODAY, limit=201),
        # 已销假 as the 外出报备 pane read it before it was paged (every year, decided after)
        "外出报备, 已销假, every year": lambda: absences.list_absences(
            db, today=TODAY, status="reported"
        ),
        "外出报备, 已销假, first page": lambda: absences.list_absences(
            db, today=TODAY, status="reported", limit=201
        ),
        "用印审批单, every year": lambda: seals.list_applications(db, user=admin),
        # what the 用印 pane reads for its first page (ui.widgets.pager.PAGE_SIZE + 1)
        "用印审批单, first page": lambda: seals.list_applications(db, user=admin, limit=201),
        "议题": lambda: agenda.list_items(db, user=admin, today=TODAY),
        "决定事项": lambda: decisions.list_decisions(db, user=admin),
        "会议": lambda: planning.list_meetings(db),
        "督办": lambda: supervision.list_items(db, TODAY, user=admin),
        "收文, first page": lambda: incoming.list_documents(db, admin, limit=50),
        "发文, first page": lambda: outgoing.list_outgoing(db, admin, limit=50),
        "任职": lambda: listing.list_periods(db, "appointment"),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True, help="an SQLite file or a database URL")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    machine.start("each register's list: rows, statements, time")
    from db.engine import Database
    from desktop_app.services import areas
    from tests import statements

    areas.compose()
    url = args.db if "://" in args.db else f"sqlite:///{args.db}"
    db = Database(url)
    machine.report("the calls' start")
    print(f"  {'rows':>6} {'statements':>11} {'ms (median)':>12}  list")
    for name, call in lists(db).items():
        call()  # statements compiled, caches warm
        with statements.recorded(db) as seen:
            rows = call()
        times = []
        for _ in range(args.rounds):
            started = time.perf_counter()
            call()
            times.append((time.perf_counter() - started) * 1000)
        print(f"  {len(rows):>6} {len(seen):>11} {statistics.median(times):>12.1f}  {name}")
    machine.report("end")
    db.dispose()


if __name__ == "__main__":
    main()
