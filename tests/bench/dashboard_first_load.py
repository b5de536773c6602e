"""Benchmark: the 工作台's read (`dashboard.collect`) on a large database, the first call in a
process (statements compiled) and the later ones, per provider, optionally beside an earlier
checkout in the same rounds.

Run on demand:  python -m tests.bench.dashboard_first_load --db FILE [--rounds 5] [--baseline DIR]
                python -m tests.bench.dashboard_first_load --url DATABASE_URL [--rounds 5]

FILE is an SQLite database of documents, as `python -m tests.bench.documents_200k --sqlite FILE
--prepare-only` writes it (or of years of every register, as `tests.bench.lived_in` writes it);
it is copied (once per checkout: the copy is upgraded to that code's schema) and never changed.
Each round starts one new process per checkout, alternating, that opens its copy, calls
`dashboard.collect` for an administrator six times and prints the CPU time
(`time.process_time()`) and the wall time (on the shared server it includes the server's work)
of the first call and the median of the other five, and the slowest providers of a last call
(wall time). Medians over the rounds are printed with the load average. --url reads a database
in place instead (a PostgreSQL database that documents_200k --pg prepared; upgraded to this
code's schema if needed, and not compared with a baseline).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.bench import machine

CHILD = r"""
import json, statistics, sys, time
from datetime import date
from desktop_app.services import areas
areas.compose()
from db import migrate
from db.engine import Database
from desktop_app.services.system import dashboard
from desktop_app.services.system.common import CurrentUser

db = Database(sys.argv[1] if "://" in sys.argv[1] else f"sqlite:///{sys.argv[1]}")
if migrate.needs_upgrade(db):
    migrate.upgrade(db)
viewer = CurrentUser("admin", "管理员", "admin")
today = date(2026, 12, 6)
cpu, wall = [], []
for _ in range(6):
    c, w = time.process_time(), time.perf_counter()
    dashboard.collect(db, today, viewer)
    cpu.append(time.process_time() - c)
    wall.append(time.perf_counter() - w)
providers = {}
for fn in dashboard._PROVIDERS:
    w = time.perf_counter()
    fn(db, today)
    providers[fn.__module__.rsplit(".", 1)[-1] + "." + fn.__name__] = time.perf_counter() - w
print(json.dumps({
    "first": cpu[0], "later": statistics.median(cpu[1:]),
    "first_wall": wall[0], "later_wall": statistics.median(wall[1:]), "providers": providers,
}))
"""


def run(cwd: str, path: Path | str) -> dict:
    folder = Path(path).parent if isinstance(path, Path) else Path(tempfile.gettempdir())
    env = dict(  # nothing written to the user's own folders
        os.environ, FUBAN_DATA_DIR=str(folder / "data"), FUBAN_CONFIG_DIR=str(folder)
    )
    env.pop("FUBAN_DB_URL", None)
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)], cwd=cwd, env=env, capture_output=True, text=True
    )
    if out.returncode:
        raise RuntimeError(out.stderr)
    return json.loads(out.stdout.splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="", help="prepared SQLite file of documents")
    parser.add_argument("--url", default="", help="a prepared database, read in place")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--baseline", default="", help="an earlier checkout (git archive)")
    args = parser.parse_args()
    machine.start("the 工作台's read on a large database, first and later calls")
    if args.url:
        run(".", args.url)  # upgrades it to this code's schema if needed; not timed
        machine.report("the rounds' start")
        _report({"this checkout": [run(".", args.url) for _ in range(args.rounds)]}, args.rounds)
        machine.report("the rounds' end")
        return
    if not args.db:
        parser.error("--db FILE or --url URL")
    with tempfile.TemporaryDirectory() as tmp:
        sides = {"this checkout": "."}
        if args.baseline:
            sides["baseline checkout"] = args.baseline
        copies = {}
        for i, name in enumerate(sides):
            copies[name] = Path(tmp) / f"copy{i}.db"
            shutil.copyfile(args.db, copies[name])
            run(sides[name], copies[name])  # upgrades the copy to that code's schema; not timed
        machine.report("the rounds' start")
        results: dict[str, list[dict]] = {name: [] for name in sides}
        for _ in range(args.rounds):
            for name, cwd in sides.items():
                results[name].append(run(cwd, copies[name]))
        machine.report("the rounds' end")
    _report(results, args.rounds)


def _report(results: dict[str, list[dict]], rounds_run: int) -> None:
    print(f"{rounds_run} rounds, one process per checkout and round (medians):")
    for name, rounds in results.items():
        first = statistics.median(r["first"] for r in rounds)
        later = statistics.median(r["later"] for r in rounds)
        first_wall = statistics.median(r["first_wall"] for r in rounds)
        later_wall = statistics.median(r["later_wall"] for r in rounds)
        print(
            f"  {name}: first call {first * 1000:.0f} ms CPU ({first_wall * 1000:.0f} ms wall), "
            f"later calls {later * 1000:.0f} ms CPU ({later_wall * 1000:.0f} ms wall)"
        )
        slowest = sorted(
            (
                (statistics.median(r["providers"][p] for r in rounds), p)
                for p in rounds[0]["providers"]
            ),
            reverse=True,
        )[:6]
        for seconds, provider in slowest:
            print(f"    {provider}: {seconds * 1000:.1f} ms")


if __name__ == "__main__":
    main()
