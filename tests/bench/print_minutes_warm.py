"""Benchmark: warm builds of a 10-page 纪要, the same document again and another one each time,
in wall and CPU time.

Run on demand:  python -m tests.bench.print_minutes_warm [--runs 30]
- the same 纪要 again: its lines and font subsets are kept between builds (printing.layout_cache,
  printing.subset_cache), as when a clerk previews a document again or the settings pane redraws
  the specimen;
- another 纪要 each time: every build a different document of the same length (every paragraph
  tagged anew), nothing of it kept from before — a first preview once the fonts are loaded.
CPU time (time.process_time) is what the build itself costs when other work shares the machine;
wall time is what the clerk waits.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from datetime import datetime

from desktop_app.printing.minutes import Minutes, MinutesItem
from tests.bench.print_minutes import ten_page_minutes

CYCLIC = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"


def another_minutes(k: int) -> Minutes:
    """ten_page_minutes with every paragraph made different (a tag per build)."""
    m = ten_page_minutes()
    tag = CYCLIC[k % len(CYCLIC)] + CYCLIC[k // len(CYCLIC) % len(CYCLIC)]
    m.opening = f"（{tag}）{m.opening}"
    m.items = [MinutesItem(f"{tag}{it.heading}", [f"{tag}{b}" for b in it.body]) for it in m.items]
    return m


def _timed(build) -> tuple[float, float]:
    t, c = time.perf_counter(), time.process_time()
    build()
    return time.perf_counter() - t, time.process_time() - c


def _ms(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1000:.1f} ms (min {min(values) * 1000:.1f})"


def _load() -> str:
    if hasattr(os, "getloadavg"):
        return " / ".join(f"{v:.2f}" for v in os.getloadavg())
    return "n/a"


def main() -> None:
    from desktop_app.printing.fonts import load_fonts
    from desktop_app.printing.minutes import build_minutes_pdf

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    print(f"{datetime.now():%Y-%m-%d %H:%M}, {platform.platform()}, {os.cpu_count()} CPUs")
    print(f"load average at start: {_load()}")
    fonts = load_fonts()
    m = ten_page_minutes()
    pages = build_minutes_pdf(m, fonts).pages
    same = [_timed(lambda: build_minutes_pdf(m, fonts)) for _ in range(args.runs)]
    others = [another_minutes(k) for k in range(args.runs)]
    fresh = [_timed(lambda d=d: build_minutes_pdf(d, fonts)) for d in others]
    print(f"{pages}-page 纪要, {args.runs} builds each")
    print(
        f"  the same 纪要 again:   wall {_ms([w for w, _ in same])}; CPU {_ms([c for _, c in same])}"
    )
    print(
        f"  another 纪要 each time: wall {_ms([w for w, _ in fresh])}; CPU {_ms([c for _, c in fresh])}"
    )
    print(f"load average at end: {_load()}")


if __name__ == "__main__":
    main()
