"""What every benchmark prints beside its figures: the machine, and its load average when the
figures were taken (at the start and at the end of a run).

The office machines are shared and so is the development machine; a figure without the load it
was taken under cannot be compared with another. Windows has no load average: it says so.
"""

from __future__ import annotations

import os
import platform
import sys


def load_average() -> str:
    """'1.23 / 0.98 / 0.75' (1, 5 and 15 minutes), or why there is none."""
    if not hasattr(os, "getloadavg"):
        return "n/a (this system keeps none)"
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def describe() -> str:
    cpu = platform.processor() or platform.machine()
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}"
    )


def report(when: str) -> None:
    """Print the load average now; `when` says where in the run ('start', 'end', a phase)."""
    print(f"[load average (1/5/15 min) at {when}: {load_average()}]", flush=True)


def start(title: str) -> None:
    """Open a benchmark's output: what it measures, the command, the machine and the load."""
    print(title)
    print(f"command: python -m {_command()}")
    print(f"machine: {describe()}")
    report("start")


def _command() -> str:
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    name = spec.name if spec is not None else os.path.basename(sys.argv[0])
    return " ".join([name, *sys.argv[1:]])


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (the working set's peak on Windows)."""
    if sys.platform == "win32":
        import ctypes
        from ctypes import wintypes

        class Counters(ctypes.Structure):
            _fields_ = [
                ("cb", wintypes.DWORD),
                ("PageFaultCount", wintypes.DWORD),
                ("PeakWorkingSetSize", ctypes.c_size_t),
                ("WorkingSetSize", ctypes.c_size_t),
                *((name, ctypes.c_size_t) for name in ("a", "b", "c", "d", "e", "f")),
            ]

        kernel32, psapi = ctypes.windll.kernel32, ctypes.windll.psapi  # type: ignore[attr-defined]
        kernel32.GetCurrentProcess.restype = wintypes.HANDLE
        psapi.GetProcessMemoryInfo.argtypes = [
            wintypes.HANDLE,
            ctypes.POINTER(Counters),
            wintypes.DWORD,
        ]
        c = Counters()
        c.cb = ctypes.sizeof(c)
        psapi.GetProcessMemoryInfo(kernel32.GetCurrentProcess(), ctypes.byref(c), c.cb)
        return c.PeakWorkingSetSize / 2**20
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return (peak if sys.platform == "darwin" else peak * 1024) / 2**20  # macOS bytes, Linux KiB


def rss_now_mb() -> float:
    """Resident memory of this process now, in MB (the working set on Windows); nan where the
    system does not tell. Unlike the peak, it does not count memory used for a moment and freed
    (the sign-in's Argon2id check takes 24 MiB while it runs)."""
    if sys.platform == "win32":
        import ctypes
        from ctypes import wintypes

        class Counters(ctypes.Structure):
            _fields_ = [
                ("cb", wintypes.DWORD),
                ("PageFaultCount", wintypes.DWORD),
                ("PeakWorkingSetSize", ctypes.c_size_t),
                ("WorkingSetSize", ctypes.c_size_t),
                *((name, ctypes.c_size_t) for name in ("a", "b", "c", "d", "e", "f")),
            ]

        kernel32, psapi = ctypes.windll.kernel32, ctypes.windll.psapi  # type: ignore[attr-defined]
        kernel32.GetCurrentProcess.restype = wintypes.HANDLE
        psapi.GetProcessMemoryInfo.argtypes = [
            wintypes.HANDLE,
            ctypes.POINTER(Counters),
            wintypes.DWORD,
        ]
        c = Counters()
        c.cb = ctypes.sizeof(c)
        psapi.GetProcessMemoryInfo(kernel32.GetCurrentProcess(), ctypes.byref(c), c.cb)
        return c.WorkingSetSize / 2**20
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def on_each_engine(folder, pg_url: str | None, run) -> None:
    """`run(database)` on a new SQLite file in `folder`, then on the PostgreSQL database at `pg_url`
    (an empty one the caller made) when given; each disposed after its run."""
    from pathlib import Path

    from db.engine import Database

    engines = [("SQLite", f"sqlite:///{Path(folder) / 'bench.db'}")]
    if pg_url:
        engines.append(("PostgreSQL", pg_url))
    for name, url in engines:
        print(f"{name}:")
        db = Database(url)
        try:
            run(db)
        finally:
            db.dispose()
