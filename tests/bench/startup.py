"""Benchmark: cold start to a signed-in main window on the demo database.

Run on demand:  python -m tests.bench.startup [--runs 9]
Each run is a new process: interpreter start, imports, database open (no upgrade needed), sign-in
(the real scrypt check), main window built and shown, the dashboard's first load finished.
The time is taken by the parent from just before spawning until the child reports READY.
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

CHILD = r"""
import os, sys
from ui.app import build_main_window, make_app
from desktop_app.bootstrap import open_database
from desktop_app.services import accounts
app = make_app([])
db = open_database()
user = accounts.authenticate(db, "admin", "bench-password")
win = build_main_window(db, user)
win.show()
view = win.panes["工作台"].view
while view.loading:
    app.processEvents()
app.processEvents()
print("READY", flush=True)
"""


def prepare(folder: Path) -> dict[str, str]:
    env = dict(
        os.environ,
        FUBAN_DATA_DIR=str(folder / "data"),
        FUBAN_CONFIG_DIR=str(folder / "cfg"),
        QT_QPA_PLATFORM="offscreen",
    )
    env.pop("FUBAN_DB_URL", None)
    setup = (
        "from desktop_app.bootstrap import open_database\n"
        "from desktop_app.services import accounts, demo\n"
        "from desktop_app.services.system.common import SYSTEM_USER\n"
        "db = open_database()\n"
        "demo.fill(db, SYSTEM_USER)\n"
        "accounts.create_first_admin(db, 'admin', '管理员', 'bench-password')\n"
    )
    subprocess.run([sys.executable, "-c", setup], env=env, check=True)
    return env


def one_run(env: dict[str, str]) -> float:
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD], env=env, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - started
    proc.wait()
    if line.strip() != "READY":
        raise RuntimeError(f"child did not start: {line!r}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = prepare(Path(tmp))
        times = [one_run(env) for _ in range(args.runs)]
    print(f"cold start to signed-in main window (demo database), {args.runs} runs:")
    print(
        f"  first {times[0]:.3f} s, median {statistics.median(times):.3f} s, "
        f"min {min(times):.3f} s, max {max(times):.3f} s"
    )


if __name__ == "__main__":
    main()
