"""Benchmark, run on demand: `fuban check` on a register written through the app.

    python -m tests.bench.check_integrity [--docs 20000] [--pg URL_OF_EMPTY_DB]

`check` replays every audited table against its audit entries, checks the number counters and
the search index. This builds a database of N 收文 (each with one reading) through the app's unit
of work — so every row has its audit entries, as in an office's database — and times `check`;
a second run measures the peak of Python allocations (tracemalloc slows Python several times, so
it is not timed).
"""

from __future__ import annotations

import argparse
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

from db import migrate
from db.engine import Database
from db.models import IncomingDocument, IncomingReading, Person
from db.sequences import allocate
from desktop_app.services.system import maintenance
from tests.bench import machine

BATCH = 500


def fill(d: Database, docs: int) -> None:
    start = datetime(2016, 1, 4, 1, 0, tzinfo=UTC)
    with d.uow("wenmi") as s:
        leader = Person(name="孙立新")
        s.add(leader)
        s.flush()
        leader_id = leader.id
    for first in range(0, docs, BATCH):
        with d.uow("wenmi") as s:
            rows = []
            for i in range(first, min(docs, first + BATCH)):
                at = start + timedelta(hours=3 * i)
                rows.append(
                    IncomingDocument(
                        year=at.year,
                        seq=allocate(s, f"incoming:{at.year}"),
                        received_at=at,
                        sender="佳木斯市人民政府办公室",
                        title=f"关于做好第{i}项防汛工作的通知",
                        doc_type="通知",
                        nature="action",
                        sender_number=f"佳政办发〔{at.year}〕{i}号",
                    )
                )
            s.add_all(rows)
            s.flush()
            s.add_all(
                IncomingReading(
                    document_id=r.id,
                    person_id=leader_id,
                    read_on=r.received_at.date(),
                    kind="opinion",
                    opinion="请水务局抓好落实。",
                )
                for r in rows
            )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=20000)
    ap.add_argument("--pg", default="")
    args = ap.parse_args(argv)
    machine.start(f"`fuban check` over {args.docs:,} 收文 with one reading each")
    with tempfile.TemporaryDirectory() as tmp:
        d = Database(args.pg or f"sqlite:///{Path(tmp) / 'bench.db'}")
        migrate.upgrade(d)
        t0 = time.perf_counter()
        fill(d, args.docs)
        built = time.perf_counter() - t0
        t0 = time.perf_counter()
        result = maintenance.check(d)
        took = time.perf_counter() - t0
        tracemalloc.start()
        maintenance.check(d)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        print(
            f"{d.dialect}: {args.docs} 收文 + {args.docs} readings "
            f"({result.audit_entries} audit entries), built in {built:.0f} s"
        )
        print(
            f"check: {took:.2f} s, peak Python allocations {peak:.0f} MB, "
            f"{'ok' if result.ok else result.problems[:3]}"
        )
        d.dispose()
    machine.report("end")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
