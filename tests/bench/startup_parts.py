"""Benchmark: what a start costs in CPU, part by part, one part after the other in one thread.

Run on demand:  python -m tests.bench.startup_parts [--runs 7] [--db FILE]

tests.bench.startup times the real start (its threads overlap); this one says where its CPU time
goes. Each run is a new process that, with Python's collector off (as the start has it, ui.heap)
and from bytecode, takes each step of a start in turn and prints the CPU time
(`time.process_time()`) of each: PySide6's widgets, the Qt namespace, SQLAlchemy, the models,
the mappers' configuration, the sign-in's modules, every area's 工作台 provider (with the sheet
codes), the main window's modules, the QApplication, the database opened, and the 工作台's first
and second read. The time spent creating dataclasses (in all the imports above) is counted
apart. FILE is an SQLite database with an account (`tests.bench.startup --keep DIR` leaves one
in DIR/demo/data/fuban.db); without --db the demo government is written to a temporary folder
first, as tests.bench.startup writes it. Medians over the runs are printed with the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.bench import machine, startup

CHILD = r"""
import gc, json, sys, time
gc.disable()  # as the start has it until its window has settled (ui.heap)
parts = {}
mark = [time.process_time()]


def lap(name):
    now = time.process_time()
    parts[name] = (now - mark[0]) * 1000
    mark[0] = now


import dataclasses

made = [0.0]
_process_class = dataclasses._process_class


def timed(*args, **kwargs):  # every @dataclass goes through here
    started = time.process_time()
    try:
        return _process_class(*args, **kwargs)
    finally:
        made[0] += time.process_time() - started


dataclasses._process_class = timed
lap("interpreter (after its own start)")
from PySide6.QtWidgets import QApplication
lap("PySide6 widgets")
from PySide6.QtCore import Qt
lap("the Qt namespace (its enums)")
import sqlalchemy.orm, sqlalchemy.dialects.sqlite
lap("SQLAlchemy (ORM, SQLite dialect)")
import db.models
lap("db.models")
from sqlalchemy.orm import configure_mappers
configure_mappers()
lap("mappers configured")
import db.audit, db.engine, desktop_app.services.system.accounts, ui.app, ui.dialogs.sign_in
lap("sign-in, engine and account modules")
from desktop_app.services import areas
areas.compose()
lap("工作台 providers and sheet codes (areas.compose)")
import ui.main_window
lap("main window modules")
parts["of all the imports: creating dataclasses"] = made[0] * 1000
from datetime import date
from db.engine import Database
from desktop_app.services.system import dashboard
from desktop_app.services.system.common import CurrentUser
app = QApplication([])
lap("QApplication")
database = Database(f"sqlite:///{sys.argv[1]}")
database.engine.connect().close()
lap("database opened")
viewer = CurrentUser("admin", "管理员", "admin")
dashboard.collect(database, date.today(), viewer)
lap("工作台 first read (statements compiled)")
dashboard.collect(database, date.today(), viewer)
lap("工作台 second read")
print(json.dumps(parts))
"""


def one_run(path: Path) -> dict[str, float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed copy starts from bytecode
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--db", default="", help="an SQLite database with an account")
    args = parser.parse_args()
    machine.start("A start's CPU time, part by part (one thread, one part after the other)")
    startup.compile_ahead(None)  # bytecode first, as an installation has it
    with tempfile.TemporaryDirectory() as tmp:
        if not args.db:  # the demo government and its administrator, as the start's benchmark
            startup.prepare(Path(tmp))
        path = Path(args.db) if args.db else Path(tmp) / "data" / "fuban.db"
        runs = [one_run(path) for _ in range(args.runs)]
    machine.report("the runs' end")
    # The machine's speed drifts between runs (a shared VM): each part's share of its own run's
    # sum compares across runs better than its milliseconds.
    sums = [sum(v for k, v in r.items() if not k.startswith("of all")) for r in runs]
    print(f"{args.runs} runs, CPU ms: median (min, max), and the median share of the run's sum")
    for name in runs[0]:
        values = [r[name] for r in runs]
        share = statistics.median(r[name] / s for r, s in zip(runs, sums, strict=True))
        print(
            f"  {statistics.median(values):7.1f} ({min(values):.1f}, {max(values):.1f})"
            f"  {share:6.1%}  {name}"
        )
    print(f"  {statistics.median(sums):7.1f}  in all (the parts' sum; dataclasses are inside it)")
    machine.report("end")


if __name__ == "__main__":
    main()
