"""The window's automatic daily backup (services/system/backups.py): shortly after the window
opens, and every hour while it stays open, the operation runner makes the day's backup of the
local database if it is not made yet, and removes the old ones. Nothing is shown unless it fails
(the status bar says so and 设置 → 维护 shows why); 维护 shows the last backup.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from db.engine import Database
from ui import operations
from ui.errors import message_for

if TYPE_CHECKING:
    from desktop_app.services.system.backups import DailyResult

log = logging.getLogger("fuban.ui.backup")

FIRST_DELAY_MS = 20_000  # after the window's first reads, not in the clerk's way at start
CHECK_EVERY_MS = 60 * 60 * 1000  # one backup a day: an hourly look finds a new day soon enough


class AutoBackup(QObject):
    """One per window. `finished` is emitted after each run that made a backup or failed."""

    finished = Signal()

    def __init__(self, db: Database, parent: QObject | None = None):
        super().__init__(parent)
        self.db = db
        self.running = False
        self.stopped = False  # the window signed out: no further backup from it
        self.last_result: DailyResult | None = None
        self.error = ""  # the last run's failure, in Chinese ("" when it went well)
        self.timer = QTimer(self)
        self.timer.setObjectName("autoBackupTimer")
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)

    @property
    def enabled(self) -> bool:
        return self.db.dialect == "sqlite"  # a shared server is backed up by its administrator

    def start(self, first_delay_ms: int = FIRST_DELAY_MS) -> None:
        if not self.enabled:
            return
        QTimer.singleShot(first_delay_ms, self, self.check)
        self.timer.start()

    def stop(self) -> None:
        self.stopped = True
        self.timer.stop()

    def check(self) -> operations.Operation | None:
        """Make today's backup if it is due (on the runner); None when one is already on its way."""
        if self.running or self.stopped or not self.enabled:
            return None
        from desktop_app.services.system import backups  # not on the start-up's path

        self.running = True
        db = self.db
        # A window closed while its backup runs (signed out, another database opened): the
        # backup still completes, its result is not delivered to the object gone with it.
        return operations.run(
            lambda: backups.run_daily(db),
            self._done,
            self._failed,
            title="自动备份",
            still_wanted=lambda: shiboken6.isValid(self),
        )

    def _done(self, result: DailyResult) -> None:
        self.running = False
        self.last_result = result
        self.error = ""
        if result.made:
            self.finished.emit()

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        self.error = message_for(exc)  # logs the traceback of an unexpected one
        log.warning("automatic backup failed: %s", exc)
        self.finished.emit()
