"""Benchmark: building a 10-page 纪要, against converting the same text with LibreOffice.

Run on demand:  python -m tests.bench.print_minutes [--runs 20]
- first: a new process builds its first 纪要, font resolution and registration included;
- warm: further builds in the same process (fonts registered);
- LibreOffice: `soffice --headless --convert-to pdf` of an equivalent .fodt (flat ODF text)
  document, when soffice is installed (skipped otherwise), in the same rounds as the warm
  builds so that both meet the same load;
- a 12-item 纪要 built warm from its DTO (the figure PERFORMANCE.md quotes for 12 items).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

from desktop_app.printing.minutes import Minutes, MinutesItem
from desktop_app.printing.sample import sample_minutes
from tests.bench import machine

FIRST = r"""
import time, sys
t = time.perf_counter()
from tests.bench.print_minutes import ten_page_minutes
from desktop_app.printing.minutes import build_minutes_pdf
r = build_minutes_pdf(ten_page_minutes())
print(time.perf_counter() - t, r.pages)
"""


def ten_page_minutes() -> Minutes:
    """The specimen's items repeated until the document runs to 10 pages."""
    m = sample_minutes()
    items = [MinutesItem(f"{it.heading}（续{k}）", it.body) for k in range(6) for it in m.items]
    m.items = items[:19]
    return m


def _fodt(m: Minutes) -> str:
    paras = [m.mark, m.issue_number, f"{m.office}  {m.date_text}", m.opening]
    for it in m.items:
        paras.append(it.heading)
        paras.extend(it.body)
    paras += ["出席：" + "、".join(m.present), "列席：" + "、".join(m.attending), "抄送：" + m.cc]
    body = "".join(f"<text:p>{escape(p)}</text:p>" for p in paras)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2" '
        'office:mimetype="application/vnd.oasis.opendocument.text">'
        f"<office:body><office:text>{body}</office:text></office:body></office:document>"
    )


def twelve_item_minutes() -> Minutes:
    """A 纪要 of 12 items (the specimen's items repeated): the size PERFORMANCE.md quotes."""
    m = sample_minutes()
    m.items = [MinutesItem(f"{it.heading}（{k}）", it.body) for k in range(6) for it in m.items][
        :12
    ]
    return m


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--lo-runs", type=int, default=5, help="LibreOffice conversions")
    args = parser.parse_args()
    machine.start("纪要 PDF: warm builds against LibreOffice converting the same text")
    firsts = []
    for _ in range(5):
        out = subprocess.run(
            [sys.executable, "-c", FIRST], capture_output=True, text=True, check=True
        ).stdout.split()
        firsts.append(float(out[0]))
        pages = int(out[1])
    from desktop_app.printing.fonts import load_fonts
    from desktop_app.printing.minutes import build_minutes_pdf

    fonts = load_fonts()
    m = ten_page_minutes()
    twelve = twelve_item_minutes()
    build_minutes_pdf(m, fonts)
    twelve_pages = build_minutes_pdf(twelve, fonts).pages
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    warm, warm12, lo, cpu, cpu12 = [], [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "纪要.fodt"
        src.write_text(_fodt(m), encoding="utf-8")
        # One round: a warm build of each, then (in the first --lo-runs rounds) LibreOffice:
        # both meet the same load.
        for n in range(args.runs):
            t, c = time.perf_counter(), time.process_time()
            build_minutes_pdf(m, fonts)
            warm.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
            t, c = time.perf_counter(), time.process_time()
            build_minutes_pdf(twelve, fonts)
            warm12.append(time.perf_counter() - t)
            cpu12.append(time.process_time() - c)
            if soffice and n < args.lo_runs:
                t = time.perf_counter()
                subprocess.run(
                    [soffice, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(src)],
                    capture_output=True,
                    check=True,
                )
                lo.append(time.perf_counter() - t)
    machine.report("end")
    print(
        f"{pages}-page 纪要: first in a process (fonts included) median "
        f"{statistics.median(firsts) * 1000:.0f} ms; warm median "
        f"{statistics.median(warm) * 1000:.1f} ms (min {min(warm) * 1000:.1f}), CPU time "
        f"{statistics.median(cpu) * 1000:.1f} ms"
    )
    print(
        f"12-item 纪要 ({twelve_pages} pages, built from its DTO: no database read): warm median "
        f"{statistics.median(warm12) * 1000:.1f} ms (min {min(warm12) * 1000:.1f}), CPU time "
        f"{statistics.median(cpu12) * 1000:.1f} ms"
    )
    if not lo:
        print("LibreOffice not installed: comparison skipped")
        return
    ratio = statistics.median(lo) / statistics.median(warm)
    print(
        f"LibreOffice --convert-to pdf (interleaved with the warm builds): median "
        f"{statistics.median(lo) * 1000:.0f} ms → fuban warm is {ratio:.0f}× faster, "
        f"first-in-process {statistics.median(lo) / statistics.median(firsts):.0f}× faster"
    )


if __name__ == "__main__":
    main()
