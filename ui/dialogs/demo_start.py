"""First start: 「写入示例数据（演示用）」 — the demo office written off the GUI thread behind a progress
dialog that moves step by step, then one line saying what was written. Offered by the first
administrator's dialog only on an empty database (desktop_app.services.demo_start)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QMessageBox, QWidget

from ui.build_progress import BuildJob, build_with_progress
from ui.errors import show_error

if TYPE_CHECKING:
    from db.engine import Database
    from desktop_app.services.system.common import CurrentUser

DEMO_LABEL = "写入示例数据（演示用）"
DEMO_HELP = (
    "勾选后，在新数据库中写入一个演示用的市政府及其一年的台账（会议、收文、发文、用印、外出报备、"
    "督办），便于熟悉各项功能；正式使用请不要勾选。"
)


_shown: list[QMessageBox] = []


class DemoFill:
    """One fill: its progress job, how it ended (`state`: running, done or failed) and what it
    wrote (`lines`) — the dialog flow waits on it, tests read it."""

    def __init__(self) -> None:
        self.job: BuildJob | None = None
        self.state = "running"
        self.lines: list[str] = []
        self.error: BaseException | None = None
        self.box: QMessageBox | None = None  # 「已写入示例数据：…」


def fill_demo(
    parent: QWidget | None, db: Database, user: CurrentUser, wait: bool = True
) -> DemoFill:
    """Write the demo office with a progress dialog; with `wait`, return when it has ended
    (the first start's dialogs go on only then)."""
    from desktop_app.services import demo_start

    fill = DemoFill()
    loop = QEventLoop()

    def done(lines: Any) -> None:
        fill.state, fill.lines = "done", list(lines)
        loop.quit()
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "示例数据",
            "已写入示例数据：" + "，".join(fill.lines) + "。",
            parent=parent,
        )
        box.setObjectName("demoFilled")
        fill.box = box
        _shown.append(box)  # kept while it shows over the sign-in that follows
        box.finished.connect(lambda _r: _shown.remove(box))
        box.open()

    def failed(exc: BaseException) -> None:
        fill.state, fill.error = "failed", exc
        loop.quit()
        show_error(parent, exc, "无法写入示例数据")

    host = parent or QWidget()
    fill.job = build_with_progress(
        host,
        lambda progress, _cancelled: demo_start.fill_demo(db, user, progress),
        "示例数据",
        done,
        on_failed=failed,
        verb="写入",
        unit="步",
    )
    # Stopped halfway it would leave half a demo office: it runs to its end (seconds).
    fill.job.cancel_button.hide()
    fill.job.dialog.setLabelText("正在写入示例数据，请稍候…")
    if wait and fill.state == "running":
        loop.exec()
    return fill
