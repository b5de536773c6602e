"""Benchmark: the 工作台's read (`dashboard.collect`) on a large SQLite database, the first call in
a process (statements compiled) and the later ones, per provider, optionally beside an earlier
checkout in the same rounds.

Run on demand:  python -m tests.bench.dashboard_first_load --db FILE [--rounds 5] [--baseline DIR]

FILE is an SQLite database of documents, as `python -m tests.bench.documents_200k --sqlite FILE
--prepare-only` writes it; it is copied (once per checkout: the copy is upgraded to that code's
schema) and never changed. Each round starts one new process per checkout, alternating, that
opens its copy, calls `dashboard.collect` for an administrator six times and prints the CPU time
(`time.process_time()`) of the first call, the median of the other five and the slowest
providers of a last call. Medians over the rounds are printed with the load average.
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

db = Database(f"sqlite:///{sys.argv[1]}")
if migrate.needs_upgrade(db):
    migrate.upgrade(db)
viewer = CurrentUser("admin", "管理员", "admin")
today = date(2026, 12, 6)
cpu = []
for _ in range(6):
    c = time.process_time()
    dashboard.collect(db, today, viewer)
    cpu.append(time.process_time() - c)
providers = {}
for fn in dashboard._PROVIDERS:
    c = time.process_time()
    fn(db, today)
    providers[fn.__module__.rsplit(".", 1)[-1] + "." + fn.__name__] = time.process_time() - c
print(json.dumps({"first": cpu[0], "later": statistics.median(cpu[1:]), "providers": providers}))
"""


def run(cwd: str, path: Path) -> dict:
    env = dict(  # nothing written to the user's own folders
        os.environ, FUBAN_DATA_DIR=str(path.parent / "data"), FUBAN_CONFIG_DIR=str(path.parent)
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
    parser.add_argument("--db", required=True, help="prepared SQLite file of documents")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--baseline", default="", help="an earlier checkout (git archive)")
    args = parser.parse_args()
    machine.start("the 工作台's read on a large database, first and later calls")
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
    print(f"{args.rounds} rounds, one process per checkout and round, CPU time (medians):")
    for name, rounds in results.items():
        first = statistics.median(r["first"] for r in rounds)
        later = statistics.median(r["later"] for r in rounds)
        print(f"  {name}: first call {first * 1000:.0f} ms, later calls {later * 1000:.0f} ms")
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
