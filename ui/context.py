"""What every pane needs: the database, the signed-in user, and a signal when data changed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Signal

from db.engine import Database
from desktop_app.services.system.common import CurrentUser


class AppContext(QObject):
    data_changed = Signal(str)  # area name, e.g. "人员与分管"; the dashboard refreshes on it

    def __init__(
        self, db: Database, user: CurrentUser, today: Callable[[], date] = date.today, parent=None
    ):
        super().__init__(parent)
        self.db = db
        self.user = user
        self._today = today
        self.auto_backup: Any = None  # the window's ui.auto_backup.AutoBackup (MainWindow sets it)

    def today(self) -> date:
        return self._today()

    @property
    def database_label(self) -> str:
        url = self.db.engine.url
        if url.get_backend_name() == "sqlite":
            return f"本机数据库：{url.database}"
        return f"共享数据库：{url.host}:{url.port or 5432}/{url.database}"
