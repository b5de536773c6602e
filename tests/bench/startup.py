"""Benchmark: cold start to a signed-in main window, against a bare Qt window in the same run.

Run on demand:  python -m tests.bench.startup [--runs 11] [--docs 200000] [--keep DIR] [--memory]
                [--baseline DIR] [--typing SECONDS]

Each run is a new process running the window's own start (ui.app.main): interpreter start,
imports (from bytecode written before the timed runs, as an installed copy has it), database
open (no upgrade needed), the sign-in dialog answered (the real password check), main window
built and shown, the dashboard's first load finished. The parent times it from just before
spawning until the child reports READY, less the clerk's typing; it also reports when the
sign-in dialog showed, and the child's CPU time (POSIX): to its exit, and per phase (to the
dialog, while the clerk types, from 登录 to the window — all threads, and the GUI thread alone).

The floor is a new process that imports PySide6 and shows an empty QMainWindow: what any Qt
window costs on this machine at this moment. Floor and app runs alternate (floor, demo, 200k,
floor, demo, 200k …) so that both meet the same load; the ratio app/floor is what compares
across runs on a shared machine. The password check alone (Argon2id at the production cost) is
timed in each round too.

--docs N   also a database with N documents (170:30 incoming:outgoing, tests/bench/documents_data,
           about 100 s to write 200,000); --keep DIR keeps (or reuses) the databases in DIR.
--docs-from FILE  the --docs database is a copy of FILE (an SQLite file of documents without
           accounts, as `python -m tests.bench.documents_200k --sqlite FILE --prepare-only`
           writes it; FILE itself is not changed) instead of being written anew.
--baseline DIR  also start the window of an earlier checkout in DIR in the same rounds, on a demo
           database its own code made (a newer schema would be refused), and on its own copy of
           the --docs documents (which both must be able to open) whose administrator its own
           code made: an earlier release may not read a later one's password hash, and a later
           one rewrites an earlier one's at the first sign-in.
--memory   after the timed runs, one more start per database in which the clerk then opens every
           pane and waits for its first screen; prints the window process's resident memory and
           its peak at the signed-in window and after the tour.
--typing S the clerk types the password for S seconds before 登录 (not counted in the times): the
           modules the window loads while the dialog waits then show as saved after 登录.

The scripts the child processes run (FLOOR, APP, KDF) are in tests.bench.startup_child.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from tests.bench import machine
from tests.bench.startup_child import APP, FLOOR, KDF

TIMEOUT = 120  # seconds a start may take before the child is killed


def environment(folder: Path) -> dict[str, str]:
    env = dict(
        os.environ,
        FUBAN_DATA_DIR=str(folder / "data"),
        FUBAN_CONFIG_DIR=str(folder / "cfg"),
        QT_QPA_PLATFORM="offscreen",
        BENCH_MACHINE=str(Path(machine.__file__).resolve()),
    )
    env.pop("FUBAN_DB_URL", None)
    # An installed copy starts from bytecode (pip writes it at install, the Windows bundle holds
    # it): a shell that forbids writing it would time compiling ~80 modules from source.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def compile_ahead(checkout: str | None) -> None:
    """Write the checkout's bytecode before the timed runs, as an installation has it."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "-j", "0", "desktop_app", "db", "ui"],
        cwd=checkout or Path(__file__).resolve().parents[2],
        env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
        check=True,
    )


def prepare(
    folder: Path, docs: int = 0, cwd: str | None = None, source: Path | None = None
) -> dict[str, str]:
    """The demo government (docs == 0) or `docs` generated documents (or a copy of `source`'s),
    and an administrator, made by the code in `cwd`."""
    env = environment(folder)
    if (folder / "ready").exists():
        return env
    fill = (
        "from desktop_app.services import demo\ndemo.fill(db, SYSTEM_USER)\n"
        if not docs
        else "from tests.bench import documents_data\n"
        f"documents_data.load(db, {docs * 17 // 20}, {docs - docs * 17 // 20})\n"
    )
    if source is not None:
        (folder / "data").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, folder / "data" / "fuban.db")  # where open_database looks
        fill = ""
    setup = (
        "from desktop_app.bootstrap import open_database\n"
        "from desktop_app.services.system import accounts\n"
        "from desktop_app.services.system.common import SYSTEM_USER\n"
        "db = open_database()\n"
        + fill
        + "accounts.create_first_admin(db, 'admin', '管理员', 'bench-password')\n"
    )
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", setup], env=env, check=True, cwd=cwd)
    (folder / "ready").write_text("ok", encoding="utf-8")
    print(f"  prepared {folder.name} in {time.perf_counter() - started:.0f} s", flush=True)
    return env


def one_run(
    code: str, env: dict[str, str], *args: str, cwd: str | None = None
) -> tuple[float, float, list[str]]:
    """Seconds from spawning until the sign-in dialog showed (DIALOG; 0 if none) and until READY
    less the clerk's typing (from DIALOG to CLICK), and the lines the child printed after READY."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args], env=env, stdout=subprocess.PIPE, text=True, cwd=cwd
    )
    assert proc.stdout is not None
    watchdog = threading.Timer(TIMEOUT, proc.kill)  # an error box would wait for ever
    watchdog.start()
    dialog = typing = 0.0
    line = proc.stdout.readline()
    if line.strip() == "DIALOG":
        dialog = time.perf_counter() - started
        line = proc.stdout.readline()
        if line.strip() == "CLICK":
            typing = time.perf_counter() - started - dialog
            line = proc.stdout.readline()
    elapsed = time.perf_counter() - started - typing
    rest = proc.stdout.read().splitlines()
    watchdog.cancel()
    if hasattr(os, "wait4"):  # the child's CPU time (user + system), which load does not stretch
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        rest.append(f"CPU {usage.ru_utime + usage.ru_stime:.3f}")
    else:
        proc.wait()
    if line.strip() != "READY" or proc.returncode:
        raise RuntimeError(f"child did not start: {line!r} (exit {proc.returncode})")
    return dialog, elapsed, rest


def kdf_seconds() -> float:
    out = subprocess.run([sys.executable, "-c", KDF], capture_output=True, text=True, check=True)
    return float(out.stdout.split()[-1])


def _value(lines: list[str], key: str) -> float:
    """The number the child printed after `key` (nan where it printed none)."""
    found = [float(line.split()[1]) for line in lines if line.startswith(key + " ")]
    return found[0] if found else float("nan")


def _pair(lines: list[str], key: str) -> tuple[float, float]:
    """The two numbers the child printed after `key` (nan, nan where it printed none)."""
    for line in lines:
        if line.startswith(key + " "):
            a, b = line.split()[1:3]
            return float(a), float(b)
    return float("nan"), float("nan")


def _phases(lines: list[str]) -> dict[str, float]:
    """CPU seconds of one start (the child's process_time, all threads, and the GUI thread's
    thread_time): to the sign-in dialog, while the clerk typed, from 登录 to the window, and in
    all to the signed-in window."""
    p_dialog, _ = _pair(lines, "CPU_DIALOG")
    p_click, g_click = _pair(lines, "CPU_CLICK")
    p_ready, g_ready = _pair(lines, "CPU_READY")
    return {
        "dialog": p_dialog,
        "typing": p_click - p_dialog,
        "after": p_ready - p_click,
        "after_gui": g_ready - g_click,
        "ready": p_ready,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--docs", type=int, default=0, help="also a database of N documents")
    parser.add_argument("--keep", default="", help="folder to keep (and reuse) the databases in")
    parser.add_argument(
        "--docs-from", default="", help="copy the --docs database from this prepared file"
    )
    parser.add_argument("--memory", action="store_true", help="peak RSS after a tour of panes")
    parser.add_argument(
        "--typing",
        type=float,
        default=0.0,
        help="seconds the clerk takes to type the password (excluded from the times)",
    )
    parser.add_argument(
        "--baseline",
        default="",
        help="a checkout of an earlier commit (git archive REV | tar -x -C DIR): its window is "
        "started on the same databases in the same rounds",
    )
    args = parser.parse_args()
    machine.start("cold start to a signed-in main window, bare Qt window as the floor")
    os.environ["BENCH_TYPING_MS"] = str(int(args.typing * 1000))
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(args.keep) if args.keep else Path(tmp)
        source = Path(args.docs_from) if args.docs_from else None
        envs = {"demo database": prepare(base / "demo")}
        # A copied database is named by its file: it may hold more than documents (years of
        # every register, for example).
        docs_name = (
            f"{source.name} ({args.docs:,} documents)" if source else f"{args.docs:,} documents"
        )
        if args.docs:
            envs[docs_name] = prepare(base / f"docs{args.docs}", args.docs, None, source)
        compile_ahead(None)
        if args.baseline:
            compile_ahead(args.baseline)
        machine.report("the timed runs' start")
        floor: list[float] = []
        floor_cpu: list[float] = []
        kdf: list[float] = []
        runs: list[tuple[str, dict[str, str], str | None]] = [
            (name, env, None) for name, env in envs.items()
        ]
        if args.baseline:  # its own demo database, made by its own code (its own schema)
            env = prepare(base / "demo-baseline", cwd=args.baseline)
            runs.append(("demo database, baseline checkout", env, args.baseline))
            if args.docs:  # the same documents, its own administrator
                env = prepare(base / f"docs{args.docs}-baseline", args.docs, args.baseline, source)
                runs.append((f"{docs_name}, baseline checkout", env, args.baseline))
        times: dict[str, list[float]] = {name: [] for name, _, _ in runs}
        dialogs: dict[str, list[float]] = {name: [] for name in times}
        rss: dict[str, list[float]] = {name: [] for name in times}
        cpu: dict[str, list[float]] = {name: [] for name in times}
        phases: dict[str, list[dict[str, float]]] = {name: [] for name in times}
        floor_env = environment(base / "demo")
        for _ in range(args.runs):
            _, elapsed, rest = one_run(FLOOR, floor_env)
            floor.append(elapsed)
            floor_cpu.append(_value(rest, "CPU"))
            kdf.append(kdf_seconds())
            for name, env, cwd in runs:
                dialog, elapsed, rest = one_run(APP, env, cwd=cwd)
                dialogs[name].append(dialog)
                times[name].append(elapsed)
                rss[name].append(_value(rest, "RSS"))
                cpu[name].append(_value(rest, "CPU"))
                phases[name].append(_phases(rest))
        machine.report("the timed runs' end")
        f = statistics.median(floor)
        k = statistics.median(kdf)
        print(
            f"{args.runs} rounds, interleaved (floor, password check, then each database); the "
            f"clerk types for {args.typing:.1f} s, not counted:"
        )
        print(
            f"  bare Qt window (floor): median {f:.3f} s (min {min(floor):.3f}, "
            f"max {max(floor):.3f}); CPU time {statistics.median(floor_cpu):.3f} s"
        )
        print(f"  sign-in password check alone (Argon2id, production cost): median {k:.3f} s")
        for name, samples in times.items():
            m = statistics.median(samples)
            d = statistics.median(dialogs[name])
            print(
                f"  fuban, {name}: signed-in window median {m:.3f} s (min {min(samples):.3f}, "
                f"max {max(samples):.3f}, first {samples[0]:.3f}) = {m / f:.1f}× the floor; "
                f"sign-in dialog shown at {d:.3f} s ({d / f:.1f}× the floor), "
                f"登录 → window {m - d:.3f} s; process CPU time (to exit) "
                f"{statistics.median(cpu[name]):.3f} s; window's peak RSS "
                f"{statistics.median(rss[name]):.0f} MB"
            )
            fc = statistics.median(floor_cpu)

            def med(key: str, name: str = name) -> float:
                return statistics.median(p[key] for p in phases[name])

            print(
                f"    CPU time (all threads) to the signed-in window {med('ready'):.3f} s = "
                f"{med('ready') / fc:.1f}× the floor's CPU; to the sign-in dialog "
                f"{med('dialog'):.3f} s; while the clerk typed {med('typing'):.3f} s; 登录 → "
                f"window {med('after'):.3f} s, of it the GUI thread {med('after_gui'):.3f} s"
            )
        if args.memory:
            for name, env in envs.items():
                _, _, rest = one_run(APP, env, "--tour")
                print(
                    f"  window's memory, {name}: signed in {_value(rest, 'NOW'):.0f} MB resident "
                    f"(peak {_value(rest, 'RSS'):.0f} MB); after opening all {_value(rest, 'PANES'):.0f} panes "
                    f"{_value(rest, 'TOURNOW'):.0f} MB resident (peak {_value(rest, 'TOUR'):.0f} MB)"
                )
        machine.report("end")


if __name__ == "__main__":
    main()
