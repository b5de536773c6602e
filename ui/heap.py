"""What the window is made of is kept out of Python's full garbage collections.

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

from PySide6.QtCore import QTimer

from ui import operations

log = logging.getLogger("fuban.ui")

SETTLE_MS = 2000  # after the window shows: its first reads (the 工作台) are done by then
RETRY_MS = 500  # an operation still running: its rows are not kept, wait for it


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


def freeze_when_settled() -> None:
    """freeze_now() once the window has settled: SETTLE_MS after it shows, when no operation
    is running."""
    QTimer.singleShot(SETTLE_MS, _freeze_if_idle)


def _freeze_if_idle() -> None:
    if not operations.runner().is_idle():
        QTimer.singleShot(RETRY_MS, _freeze_if_idle)
        return
    freeze_now()
