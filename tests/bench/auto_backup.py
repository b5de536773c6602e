"""Benchmark, run on demand: the automatic daily backup (设置 → 维护) of an office's database.

    python -m tests.bench.auto_backup [--docs 20000]

Builds N 收文 with one reading each through the app's unit of work (every row audited, as in an
office's database; tests/bench/check_integrity.py), then times `backups.run_daily` — the signed
ZIP of every table the window makes once a day on its operation runner, where it holds up the
clerk's next action for as long as it takes — and reports the file's size.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from db import migrate
from db.engine import Database
from desktop_app.services.system import backups
from tests.bench import machine
from tests.bench.check_integrity import fill


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=20000)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    machine.start(f"automatic daily backup over {args.docs:,} 收文 with one reading each")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "backups"
        d = Database(f"sqlite:///{Path(tmp) / 'bench.db'}")
        migrate.upgrade(d)
        fill(d, args.docs)
        size_db = (Path(tmp) / "bench.db").stat().st_size / 2**20
        times = []
        day = datetime(2026, 3, 2, 9, 0)
        for n in range(args.rounds):
            t0 = time.perf_counter()
            result = backups.run_daily(d, folder, keep_days=30, now=day + timedelta(days=n))
            times.append(time.perf_counter() - t0)
            assert result.made
        size_zip = result.path.stat().st_size / 2**20
        d.dispose()
    print(f"database {size_db:.1f} MB; backup {size_zip:.1f} MB")
    print("run_daily: " + ", ".join(f"{t:.2f} s" for t in times) + f" (best {min(times):.2f} s)")
    machine.report("end")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
