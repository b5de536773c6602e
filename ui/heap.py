"""Python's garbage collection in the window: only on the GUI thread, and not over what the
window is made of.

**On the GUI thread only** (`collect_on_gui_thread`). Python collects whenever allocations pass
a threshold, in whichever thread allocates — most often the operation runner's worker, reading
rows. A Qt object whose last reference was in a cycle (a dialog made without a parent and its
connected lambdas) is destroyed by the collection that frees it; from the worker thread that
brings the process down (a test run crashed so: "Fatal Python error: Segmentation fault …
Garbage-collecting" in the worker). Automatic collection is turned off and a timer on the GUI
thread collects each generation when its count passes the same thresholds.

**Not during the start.** Nearly every object the start makes (modules, SQLAlchemy's metadata,
the window's widgets) lives as long as the process, so collecting during it only walks them:
the first collection on the GUI thread, half a second in, walked the ~300,000 objects the
imports had made (13.7 % of the start's samples in a profile of five starts). The collector
begins once the window has settled and its objects are frozen (below), or START_LATEST_MS
after it was installed if that never happens (a start that stops at a dialog).

**Not over the window** (`freeze_when_settled`).

Python's cyclic collector walks every object of its oldest generation at each full collection.
With the app's modules, SQLAlchemy's metadata and the window's widgets loaded, one full
collection stopped the GUI thread for 17–80 ms (the 200,000-document search benchmark: five in
one run; the one that fell into a search made it take 102 ms instead of 19). Nearly everything
that exists once the window is up and has read its first screen lives as long as the process.
`gc.freeze()` moves it to a generation the collector never walks, so that later collections
walk only what the clerk's work has made since.
"""

from __future__ import annotations

import gc
import logging
import time

from PySide6.QtCore import QObject, QTimer

from ui import operations

log = logging.getLogger("fuban.ui")

SETTLE_MS = 2000  # after the window shows: its first reads (the 工作台) are done by then
COLLECT_CHECK_MS = 500  # how often the GUI thread looks whether a collection is due
RETRY_MS = 500  # an operation still running: its rows are not kept, wait for it
START_LATEST_MS = 30_000  # collecting begins by then even if the window never settled


def freeze_now() -> None:
    """Free what is garbage already (the sign-in dialog …), then keep every object there is now
    out of later full collections."""
    started = time.perf_counter()
    gc.collect()
    gc.freeze()
    log.info(
        "%d objects kept out of garbage collection (%.0f ms)",
        gc.get_freeze_count(),
        (time.perf_counter() - started) * 1000,
    )


def freeze_when_settled(collector: GuiThreadCollector | None = None) -> None:
    """freeze_now() once the window has settled: SETTLE_MS after it shows, when no operation
    is running; then `collector` begins collecting."""
    QTimer.singleShot(SETTLE_MS, lambda: _freeze_if_idle(collector))


def _freeze_if_idle(collector: GuiThreadCollector | None) -> None:
    if not operations.runner().is_idle():
        QTimer.singleShot(RETRY_MS, lambda: _freeze_if_idle(collector))
        return
    freeze_now()
    if collector is not None:
        collector.start()


class GuiThreadCollector(QObject):
    """Python's automatic collection, done by the GUI thread: `gc.disable()`, then, once
    started, every COLLECT_CHECK_MS the generation counts are compared with gc's own thresholds
    and the oldest generation due is collected, as the interpreter would have."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self, interval=COLLECT_CHECK_MS)
        self.timer.timeout.connect(self.collect_if_due)
        QTimer.singleShot(START_LATEST_MS, self, self.start)

    def start(self) -> None:
        if not self.timer.isActive():
            self.timer.start()

    def collect_if_due(self) -> int | None:
        """The generation collected, or None when none was due."""
        due = None
        for generation, (count, threshold) in enumerate(
            zip(gc.get_count(), self.thresholds, strict=True)
        ):
            if threshold and count > threshold:
                due = generation
            else:
                break  # an older generation is due only after the younger ones
        if due is not None:
            gc.collect(due)
        return due


def collect_on_gui_thread(app: QObject) -> GuiThreadCollector:
    """Turn Python's automatic collection over to the GUI thread for the life of `app`."""
    return GuiThreadCollector(app)
