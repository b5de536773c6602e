"""The technician's self-test (`fuban-cli --self-test`, 设置 → 维护 → 自检): does this PC run the
program as installed? A fresh database in a temporary folder, migrated and filled with the demo
office, every printed form drawn, the print fonts found per role (which file), ReportLab's C
accelerators loaded or not, the printers this PC knows, and the shared database server when one is
configured. Nothing is written to the clerk's own database or settings.

`run()` returns a `SelfTestReport`; its `text()` is the Chinese report the command prints and
the window shows; the report is also written to the log."""

from __future__ import annotations

import logging
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

log = logging.getLogger("fuban.selftest")

OK, WARN, FAIL = "ok", "warn", "fail"
LABEL = {OK: "通过", WARN: "注意", FAIL: "失败"}


@dataclass(frozen=True)
class Check:
    """One line of the report: what was checked, how it went, and the details (Chinese)."""

    name: str
    status: str  # ok | warn (works, but the technician should look) | fail
    summary: str
    details: tuple[str, ...] = ()
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status != FAIL


@dataclass
class SelfTestReport:
    version: str
    frozen: bool
    started: datetime
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def failures(self) -> list[Check]:
        return [c for c in self.checks if not c.ok]

    def check(self, name: str) -> Check | None:
        return next((c for c in self.checks if c.name == name), None)

    @property
    def rl_accel(self) -> bool:
        found = self.check("_rl_accel")
        return found is not None and found.status == OK

    def text(self) -> str:
        kind = "安装版" if self.frozen else "源代码运行"
        lines = [f"府办台账自检报告　版本 {self.version}（{kind}）　{self.started:%Y-%m-%d %H:%M}"]
        for c in self.checks:
            lines.append(f"[{LABEL[c.status]}] {c.name}：{c.summary}")
            lines.extend(f"        {d}" for d in c.details)
        if self.ok:
            warned = [c.name for c in self.checks if c.status == WARN]
            tail = f"（请留意：{'、'.join(warned)}）" if warned else ""
            lines.append(f"结论：自检通过{tail}。")
        else:
            names = "、".join(c.name for c in self.failures)
            lines.append(
                f"结论：有 {len(self.failures)} 项未通过：{names}。请把本报告交给技术人员。"
            )
        return "\n".join(lines)


Step = Callable[[], Check]


def _timed(name: str, step: Callable[[], Check]) -> Check:
    """Run one check; an exception is that check's failure, never the end of the self-test."""
    start = time.perf_counter()
    try:
        result = step()
    except Exception as exc:  # each failure is reported, with its traceback in the log
        log.warning("self-test step %s failed", name, exc_info=True)
        from desktop_app import failures

        result = Check(name, FAIL, failures.one_line(_describe(exc)))
    seconds = time.perf_counter() - start
    return Check(result.name, result.status, result.summary, result.details, round(seconds, 2))


def _describe(exc: BaseException) -> str:
    """The Chinese message of a known failure; else the error itself (the log has the rest)."""
    from desktop_app import failures

    known = failures.explain(exc)
    if known:
        return known
    if isinstance(exc, OSError):
        return failures.os_error_message(exc)
    return f"意外错误 {type(exc).__name__}：{exc}"


def run(
    *,
    printers: Callable[[], list[str]] | None = None,
    progress: Callable[[str], None] | None = None,
) -> SelfTestReport:
    """Run every check and return the report (also written to the log). `printers` lists this
    PC's printers (the window passes Qt's list; by default the system is asked directly);
    `progress(name)` is called before each check, for a window to show what runs."""
    from desktop_app import version
    from desktop_app.selftest import machine, specimens

    report = SelfTestReport(version(), bool(getattr(sys, "frozen", False)), datetime.now())
    with tempfile.TemporaryDirectory(prefix="fuban-selftest-", ignore_cleanup_errors=True) as tmp:
        folder = Path(tmp)
        database = None

        def program() -> Check:
            where = Path(sys.executable).parent if report.frozen else Path(__file__).parents[2]
            return Check(
                "程序",
                OK,
                f"版本 {report.version}，Python {platform.python_version()}，{platform.platform()}",
                (f"位置：{where}",),
            )

        def fresh_database() -> Check:
            nonlocal database
            database, summary = specimens.fresh_database(folder)
            return Check("临时数据库", OK, summary, (f"位置：{folder}",))

        def demo_data() -> Check:
            if database is None:
                return Check("演示数据", FAIL, "临时数据库未能建立，无法写入。")
            return Check("演示数据", OK, specimens.fill_demo(database))

        def dashboard() -> Check:
            if database is None:
                return Check("工作台", FAIL, "临时数据库未能建立，无法汇总。")
            return Check("工作台", OK, specimens.collect_dashboard(database))

        def excel() -> Check:
            if database is None:
                return Check("Excel", FAIL, "临时数据库未能建立，无法导出。")
            return Check("Excel", OK, specimens.excel_round_trip(database, folder))

        def forms() -> Check:
            if database is None:
                return Check("打印表单", FAIL, "临时数据库未能建立，登记簿无法生成。")
            drawn, failed = specimens.render_all(database, folder)
            details = tuple(drawn + failed)
            if failed:
                return Check("打印表单", FAIL, f"{len(failed)} 种未能生成", details)
            return Check("打印表单", OK, f"{len(drawn)} 种全部生成", details)

        steps: list[tuple[str, Step]] = [
            ("程序", program),
            ("数据文件夹", machine.data_folder),
            ("临时数据库", fresh_database),
            ("演示数据", demo_data),
            ("工作台", dashboard),
            ("打印字体", machine.fonts),
            ("_rl_accel", machine.rl_accel),
            ("打印表单", forms),
            ("Excel", excel),
            ("打印机", lambda: machine.printer_check(printers)),
            ("共享数据库", machine.shared_database),
        ]
        try:
            for name, step in steps:
                if progress is not None:
                    progress(name)
                report.checks.append(_timed(name, step))
        finally:
            if database is not None:
                database.dispose()  # Windows cannot delete a database file still open
    for line in report.text().splitlines():
        log.info("self-test: %s", line)
    return report
