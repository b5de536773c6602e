"""Build a long printout (a register of hundreds of pages) on the operation runner with a progress
dialog that moves page by page and a 「取消」 button that stops the build.

    build_with_progress(pane, lambda progress, cancelled: seal_register_pdf(
        db, start, end, progress=progress, cancelled=cancelled), "用印登记簿", on_result)

`build(progress, cancelled)` runs off the GUI thread; it calls `progress(done, total)` after each
page and asks `cancelled()` before each one, stopping with printing.register.BuildCancelled (the
services write their audit entries only after the PDF is built, so a cancelled build leaves
nothing behind: no preview, no file, no audit entry). `on_result(result)` runs on the GUI thread
with what `build` returned. The dialog opens only when the build takes more than a moment.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

from desktop_app.printing.register import BuildCancelled
from ui import operations
from ui.errors import show_error

log = logging.getLogger("fuban.ui.build_progress")

SHOW_AFTER_MS = 400  # a short build finishes before the dialog would flash up

Build = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]


class _Relay(QObject):
    """Lives in the GUI thread: the worker emits, the slot runs in the GUI thread."""

    changed = Signal(int, int)

    def __init__(self, on_progress: Callable[[int, int], None]):
        super().__init__()
        self._on_progress = on_progress
        self.changed.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @Slot(int, int)
    def _deliver(self, done: int, total: int) -> None:
        self._on_progress(done, total)


class BuildJob:
    """One build in progress: its dialog, its cancel flag and how it ended (`state`: running,
    done, cancelled or failed) — tests and the pane read it."""

    def __init__(self, parent: QWidget, title: str, verb: str = "生成", unit: str = "页"):
        self.title, self.verb, self.unit = title, verb, unit
        self.state = "running"
        self.pages_seen: list[tuple[int, int]] = []
        self._cancel = threading.Event()
        self.dialog = QProgressDialog(f"正在{verb}{title}…", "取消", 0, 0, parent)
        self.dialog.setObjectName("buildProgress")
        self.dialog.setWindowTitle(f"{verb}{title}")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(SHOW_AFTER_MS)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.cancel_button = QPushButton("取消", self.dialog)
        self.cancel_button.setObjectName("buildCancel")
        self.dialog.setCancelButton(self.cancel_button)
        self.dialog.canceled.connect(self.cancel)
        self.dialog.setValue(0)  # starts the minimum-duration timer
        self.relay = _Relay(self._progress)

    def cancel(self) -> None:
        """Ask the build to stop before its next page (the 「取消」 button)."""
        if self.state == "running":
            self._cancel.set()
            self.dialog.setLabelText("正在取消…")

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, done: int, total: int) -> None:
        self.pages_seen.append((done, total))
        if self.state != "running" or self._cancel.is_set():
            return
        self.dialog.setMaximum(max(1, total))
        self.dialog.setValue(min(done, total))
        self.dialog.setLabelText(f"正在{self.verb}{self.title}：第 {done}/{total} {self.unit}")

    def close(self, state: str) -> None:
        self.state = state
        self.dialog.canceled.disconnect(self.cancel)
        self.dialog.close()
        self.dialog.deleteLater()
        self.relay.deleteLater()


def build_with_progress(
    parent: QWidget,
    build: Build,
    title: str,
    on_result: Callable[[Any], None],
    on_cancelled: Callable[[], None] | None = None,
    on_failed: Callable[[BaseException], None] | None = None,
    verb: str = "生成",
    unit: str = "页",
) -> BuildJob:
    """Run `build(progress, cancelled)` on the operation runner with a progress dialog; see the
    module docstring. A failure other than the clerk's cancel goes to `on_failed`, or is shown
    as an error."""
    job = BuildJob(parent, title, verb, unit)

    def succeeded(result: Any) -> None:
        job.close("done")
        on_result(result)

    def failed(exc: BaseException) -> None:
        if isinstance(exc, BuildCancelled):
            job.close("cancelled")
            log.info("%s: build cancelled by the clerk", title)
            if on_cancelled is not None:
                on_cancelled()
            return
        job.close("failed")
        if on_failed is not None:
            on_failed(exc)
        else:
            show_error(parent, exc, f"无法生成{title}")

    emit = job.relay.changed.emit
    operations.run(
        lambda: build(emit, job.cancelled),
        succeeded,
        failed,
        parent=parent,
    )
    # The runner disables the busy parent's push buttons; 取消 must stay usable.
    job.cancel_button.setEnabled(True)
    return job
