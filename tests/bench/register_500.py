"""Benchmark: a 500-row 用印登记簿 (issue 15 target: ≤ 1.0 s warm).

Run on demand:  python -m tests.bench.register_500 [--runs 10] [--profile]
- first: a new process builds its first register, font resolution and registration included;
- warm: further builds in the same process (fonts registered);
- --profile: cProfile of one warm build, the 15 costliest calls by cumulative time.
Entries are realistic and long: titles of 25–45 characters, every seventh entry voided.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import subprocess
import sys
import time
from datetime import date

from desktop_app.printing.seal_register import RegisterEntry, build_seal_register_pdf
from tests.bench import machine

FIRST = r"""
import time
t = time.perf_counter()
from tests.bench.register_500 import entries, build
r = build(entries(500))
print(time.perf_counter() - t, r.pages)
"""
UNITS = ["同江市发展和改革局", "同江市财政局", "同江市住房和城乡建设局", "同江市人民政府办公室"]
TITLES = [
    "关于申请拨付{n}批城市基础设施建设专项资金的请示",
    "同江市人民政府与黑龙江省农业投资集团有限公司战略合作框架协议（第{n}号）",
    "关于报送《同江市2026年国民经济和社会发展计划执行情况及2027年计划草案》的报告",
    "授权委托书",
]


def entries(n: int) -> list[RegisterEntry]:
    return [
        RegisterEntry(
            i,
            2026,
            f"2026年{i % 12 + 1}月{i % 28 + 1}日 10:30",
            f"用印〔2026〕{i}号",
            UNITS[i % len(UNITS)],
            TITLES[i % len(TITLES)].format(n=i),
            "报送市财政局审批使用",
            "市政府印章" if i % 3 else "市政府办公室印章",
            i % 5 + 1,
            "王晓明",
            "副市长李明远",
            "张红",
            "作废：重复登记" if i % 7 == 0 else "",
            i % 7 == 0,
        )
        for i in range(1, n + 1)
    ]


def build(rows: list[RegisterEntry], fonts=None):
    return build_seal_register_pdf(
        rows,
        org="同江市人民政府办公室",
        filter_text="全部",
        printed_on=date(2026, 12, 6),
        fonts=fonts,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    machine.start("用印登记簿 of 500 rows (target ≤ 1.0 s warm)")
    firsts = []
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", FIRST], capture_output=True, text=True, check=True
        ).stdout.split()
        firsts.append(float(out[0]))
        pages = int(out[1])
    from desktop_app.printing.fonts import load_fonts

    fonts = load_fonts()
    rows = entries(500)
    build(rows, fonts)
    warm, cpu = [], []
    for _ in range(args.runs):
        t, c = time.perf_counter(), time.process_time()
        build(rows, fonts)
        warm.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    machine.report("end")
    print(f"500 rows, {pages} pages")
    print(f"first (new process): median {statistics.median(firsts):.2f} s, max {max(firsts):.2f} s")
    print(
        f"warm ({args.runs} runs): median {statistics.median(warm):.3f} s, max {max(warm):.3f} s; "
        f"CPU time of this process median {statistics.median(cpu):.3f} s (what a loaded machine "
        "does not stretch)"
    )
    if args.profile:
        prof = cProfile.Profile()
        prof.runcall(build, rows, fonts)
        pstats.Stats(prof).sort_stats("cumulative").print_stats(15)


if __name__ == "__main__":
    main()
