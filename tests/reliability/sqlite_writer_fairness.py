"""Trial, run on demand: how long the unluckiest save waits when several processes write one
SQLite file at once.

    python -m tests.reliability.sqlite_writer_fairness [--processes 4] [--saves 250]
        [--designs queue,retry]

Each process numbers 收文 through the audited unit of work as fast as it can (the allocator and
the audit chain make every save a writer); each save's time from asking to commit is recorded.
Each process saves once, untimed, before the start (a running app has its mappers configured and
its statements compiled: the first save of a fresh interpreter took 1–2 s on a loaded machine and
counted as a wait). Prints the saves per second of all processes together, the median, the 99th
percentile and the worst wait, the machine's load average, and checks the numbers run 1..N.

`--designs` runs the trial once per design, in the order given, on a fresh file each: `queue` —
writers first come, first served (db.writer_queue, the app's way); `retry` — the retry loop alone
(db.engine.QUEUE_WRITERS off), as before the queue. Give both, alternating their order between
runs, to compare them under the same load.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from db import migrate
from db.engine import Database
from db.models import IncomingDocument
from tests.bench import machine

WORKER = """
import sys, time
from datetime import datetime
from db import engine
from db.engine import Database
from db.models import IncomingDocument
from db.sequences import allocate
from desktop_app.formatting import CHINA

engine.QUEUE_WRITERS = sys.argv[4] == "queue"
db = Database(sys.argv[1])
start_at = float(sys.argv[3])


def save(n):
    with db.uow("wenmi") as s:
        s.add(IncomingDocument(year=2026, seq=allocate(s, "incoming:2026"),
                               received_at=datetime(2026, 3, 2, 9, tzinfo=CHINA),
                               sender="来文单位", title=f"第{n}件", doc_type="通知", nature="info"))


save(-1)  # untimed: a running app has its mappers configured and statements compiled already
while time.time() < start_at:
    time.sleep(0.001)
waits = []
for n in range(int(sys.argv[2])):
    t0 = time.perf_counter()
    save(n)
    waits.append(time.perf_counter() - t0)
print(f"{time.time():.4f}", " ".join(f"{w:.4f}" for w in waits))  # when it finished, waits
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--processes", type=int, default=4)
    ap.add_argument("--saves", type=int, default=250)
    ap.add_argument("--designs", default="queue", help="comma-separated: queue, retry")
    args = ap.parse_args(argv)
    designs = args.designs.split(",")
    if not set(designs) <= {"queue", "retry"}:
        ap.error("designs: queue, retry")
    machine.start("SQLite: several processes numbering 收文 at once, each save's wait")
    ok = True
    for design in designs:
        ok = _trial(design, args.processes, args.saves) and ok
        machine.report(f"end of {design}")
    return 0 if ok else 1


def _trial(design: str, processes: int, saves: int) -> bool:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["FUBAN_CONFIG_DIR"] = str(Path(tmp) / "config")
        os.environ["FUBAN_DATA_DIR"] = str(Path(tmp) / "data")
        url = f"sqlite:///{Path(tmp) / 'fair.db'}"
        db = Database(url)
        migrate.upgrade(db)
        db.dispose()
        start_at = time.time() + 8  # every process imported, connected and warm before the start
        workers = [
            subprocess.Popen(
                [sys.executable, "-c", WORKER, url, str(saves), str(start_at), design],
                stdout=subprocess.PIPE,
                text=True,
            )
            for _ in range(processes)
        ]
        outputs = [[float(w) for w in p.communicate()[0].split()] for p in workers]
        waits = [w for out in outputs for w in out[1:]]
        took = max((out[0] for out in outputs if out), default=start_at) - start_at
        if any(p.returncode for p in workers):
            print(f"{design}: a writer failed")
            return False
        db = Database(url)
        with db.read() as s:
            seqs = sorted(s.scalars(select(IncomingDocument.seq)).all())
        db.dispose()
    waits.sort()
    total = processes * (saves + 1)  # each process's untimed first save too
    print(
        f"{design}: {processes} processes × {saves} saves: "
        f"{processes * saves / took:.0f} saves/s, median {statistics.median(waits) * 1000:.0f} ms, "
        f"p99 {waits[int(len(waits) * 0.99) - 1] * 1000:.0f} ms, worst {waits[-1] * 1000:.0f} ms; "
        f"numbers 1..{total} {'exactly' if seqs == list(range(1, total + 1)) else 'NOT contiguous'}",
        flush=True,
    )
    return seqs == list(range(1, total + 1))


if __name__ == "__main__":
    sys.exit(main())
