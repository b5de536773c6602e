"""Benchmark: the frozen program (the one-folder bundle of installers/fuban.spec) started as the
clerk starts it, to the sign-in dialog and to the main window, on a real X server.

    python installers/build.py --bundle-only            # makes dist/fuban/
    python -m tests.bench.frozen_startup [--bundle dist/fuban] [--runs 7]

Linux only. Needs Xvfb, xdotool and the X libraries Qt's xcb platform plug-in loads (Debian:
apt-get install xvfb xdotool libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
libxcb-render-util0 libxcb-shape0 libxkbcommon-x11-0); the project's development machine has
them. The benchmark checks for them first and names what is missing (without the libraries Qt
aborts with a message that blames libxcb-cursor0 whichever one is missing). A display of its own
is started unless DISPLAY is set.

The demo office is made by the source tree's code: build the bundle from the same tree (a
database of a newer schema is refused). Each run is a new process of `fuban` on the demo office with an administrator whose name is
remembered (the sign-in dialog has the focus on the password). The parent polls for the visible
window 「登录府办台账」 (dialog), types the password and Return at once, and polls for the main
window 「府办台账 — …」 (main). `main` is from spawning to the main window shown, the clerk's
typing included (xdotool, some tens of ms); the Argon2id password check (deliberately about
50 ms, desktop_app.services.system.passwords) is part of it, as at every real sign-in.

Typed at once, the password check waits for the database modules, which the program loads
behind the dialog while a clerk types (ui/start_sign_in.py). `--typing S` waits S seconds after
the dialog shows before typing, as a clerk would, and reports the start without those seconds
(`main − S`): what the clerk waits for. Both figures are worth printing side by side.
"""

from __future__ import annotations

import argparse
import ctypes.util
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench import machine

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60.0
PASSWORD = "bench-password"


TOOLS = {"Xvfb": "xvfb", "xdotool": "xdotool"}  # program: Debian package
XCB_LIBRARIES = {  # library (as ctypes.util.find_library names it): Debian package
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-image": "libxcb-image0",
    "xcb-render-util": "libxcb-render-util0",
    "xcb-shape": "libxcb-shape0",
    "xkbcommon-x11": "libxkbcommon-x11-0",
}


def missing_packages() -> list[str]:
    """The Debian packages of the tools and X libraries that are not installed."""
    missing = [pkg for tool, pkg in TOOLS.items() if shutil.which(tool) is None]
    missing += [pkg for lib, pkg in XCB_LIBRARIES.items() if ctypes.util.find_library(lib) is None]
    return missing


def prepare(folder: Path) -> dict[str, str]:
    """The demo office with an administrator, made by the source tree's code (same schema)."""
    env = dict(
        os.environ, FUBAN_DATA_DIR=str(folder / "data"), FUBAN_CONFIG_DIR=str(folder / "cfg")
    )
    env.pop("FUBAN_DB_URL", None)
    env.pop("QT_QPA_PLATFORM", None)
    setup = (
        "from desktop_app.bootstrap import open_database\n"
        "from desktop_app.services import demo\n"
        "from desktop_app.services.system import accounts\n"
        "from desktop_app.services.system.common import SYSTEM_USER\n"
        "db = open_database()\n"
        "demo.fill(db, SYSTEM_USER)\n"
        f"accounts.create_first_admin(db, 'admin', '管理员', {PASSWORD!r})\n"
    )
    subprocess.run([sys.executable, "-c", setup], env=env, check=True, cwd=ROOT)
    (folder / "cfg").mkdir(parents=True, exist_ok=True)
    (folder / "cfg" / "ui.ini").write_text("[sign_in]\nlast_username=admin\n", encoding="utf-8")
    return env


def find_window(env: dict[str, str], pattern: str) -> str | None:
    out = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", pattern],
        env=env,
        capture_output=True,
        text=True,
    ).stdout.split()
    return out[0] if out else None


def wait_for(env: dict[str, str], pattern: str, started: float, proc) -> tuple[str, float]:
    while time.perf_counter() - started < TIMEOUT:
        found = find_window(env, pattern)
        if found:
            return found, time.perf_counter() - started
        if proc.poll() is not None:
            raise RuntimeError(f"fuban exited with {proc.returncode} before {pattern!r} showed")
        time.sleep(0.01)
    raise TimeoutError(pattern)


def one_run(
    command: list[str], env: dict[str, str], typing: float = 0.0
) -> tuple[float, float, float, float]:
    """(dialog, typed, main, cpu): seconds from spawning to the sign-in dialog, to the password
    typed and to the main window, and the CPU time (user + system) of the started process; with
    `typing`, the clerk's seconds between the dialog and the keys are taken out of typed and main."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    errors = tempfile.TemporaryFile()
    proc = subprocess.Popen(command, env=env, cwd=str(ROOT), stderr=errors)
    try:
        dialog_id, dialog = wait_for(env, "^登录府办台账$", started, proc)
        # Real key events to the focused window (events sent to a window are ignored by Qt).
        subprocess.run(["xdotool", "windowfocus", "--sync", dialog_id], env=env)
        time.sleep(typing)  # the clerk typing (not counted)
        subprocess.run(["xdotool", "type", "--delay", "0", PASSWORD], env=env)
        subprocess.run(["xdotool", "key", "Return"], env=env)
        typed = time.perf_counter() - started - typing
        _, main = wait_for(env, "^府办台账 — ", started, proc)
        main -= typing
    except (RuntimeError, TimeoutError):
        errors.seek(0)
        print(errors.read().decode("utf-8", "replace")[-3000:], file=sys.stderr)
        log = Path(env["FUBAN_DATA_DIR"]) / "logs" / "fuban.log"
        if log.exists():
            print(log.read_text(encoding="utf-8")[-3000:], file=sys.stderr)
        raise
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        errors.close()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return dialog, typed, main, cpu


def start_display(env: dict[str, str]) -> subprocess.Popen | None:
    """An X server of its own on a free display (Xvfb picks it: -displayfd), unless DISPLAY is
    set; returns once the server answers."""
    if env.get("DISPLAY"):
        return None
    read_end, write_end = os.pipe()
    xvfb = subprocess.Popen(
        # -noreset: the server would reset whenever its last client left, refusing the next one
        [
            "Xvfb",
            "-displayfd",
            str(write_end),
            "-noreset",
            "-screen",
            "0",
            "1920x1080x24",
            "-nolisten",
            "tcp",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        pass_fds=(write_end,),
    )
    os.close(write_end)
    with os.fdopen(read_end) as chosen:
        number = chosen.readline().strip()
    if not number:
        xvfb.terminate()
        raise RuntimeError("Xvfb did not start")
    env["DISPLAY"] = f":{number}"
    deadline = time.perf_counter() + 20
    while time.perf_counter() < deadline:  # until the server answers (slow on a loaded machine)
        probe = subprocess.run(["xdotool", "getmouselocation"], env=env, capture_output=True)
        if probe.returncode == 0:
            return xvfb
        time.sleep(0.2)
    xvfb.terminate()
    raise RuntimeError(f"Xvfb :{number} did not answer")


def summary(label: str, runs: list[tuple[float, float, float, float]]) -> None:
    med = statistics.median
    print(
        f"{label:>8}: dialog {med(r[0] for r in runs):.3f} s, main window "
        f"{med(r[2] for r in runs):.3f} s (min {min(r[2] for r in runs):.3f}, max "
        f"{max(r[2] for r in runs):.3f}), typed → main {med(r[2] - r[1] for r in runs):.3f} s, "
        f"CPU {med(r[3] for r in runs):.3f} s — medians of {len(runs)}"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "fuban")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--no-source", action="store_true", help="do not also start `python -m desktop_app`"
    )
    parser.add_argument(
        "--typing",
        type=float,
        default=0.0,
        help="seconds the clerk takes to type the password (taken out of the times)",
    )
    args = parser.parse_args()
    program = args.bundle / ("fuban.exe" if sys.platform == "win32" else "fuban")
    if not program.is_file():
        raise SystemExit(f"no {program}: build it first (python installers/build.py --bundle-only)")
    missing = missing_packages()
    if missing:
        raise SystemExit(
            "the frozen start is measured on an X server of its own (Xvfb, xdotool) with Qt's "
            f"xcb libraries; missing here: apt-get install {' '.join(missing)}"
        )
    machine.start("Frozen program: start to the sign-in dialog and to the main window")
    files = [f for f in args.bundle.rglob("*") if f.is_file() and not f.is_symlink()]
    print(f"bundle: {args.bundle} ({sum(f.stat().st_size for f in files) / 2**20:.0f} MB)")
    commands = {"frozen": [str(program)]}
    if not args.no_source:  # the same start from the source tree, in the same rounds
        commands["source"] = [sys.executable, "-m", "desktop_app"]
    results: dict[str, list] = {name: [] for name in commands}
    with tempfile.TemporaryDirectory() as tmp:
        env = prepare(Path(tmp))
        xvfb = start_display(env)
        try:
            for command in commands.values():  # a first start warms the disk cache
                one_run(command, env)
            for _ in range(args.runs):
                for name, command in commands.items():
                    results[name].append(one_run(command, env, args.typing))
        finally:
            if xvfb is not None:
                xvfb.terminate()
                xvfb.wait()
    if args.typing:
        print(f"the clerk types for {args.typing:g} s after the dialog shows (not counted)")
    for name, runs in results.items():
        summary(name, runs)
    machine.report("end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
