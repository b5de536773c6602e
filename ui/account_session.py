"""退出登录 without quitting: the main window closes (MainWindow.sign_out), the start's sign-in
dialog shows again on the same database (ui.app.sign_in_again), and the account signed in next
gets a window of its own, built as at start (ui.app.build_main_window). Cancelling the sign-in
closes the app, as at start.

Created by ui.app once the first window shows (nothing of it on the start's path)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from ui import operations

if TYPE_CHECKING:
    from db.engine import Database
    from ui.main_window import MainWindow

log = logging.getLogger("fuban.ui.account")


class AccountSession(QObject):
    """Who is signed in to this process's database, one window at a time. `server`: (base URL,
    role prefix) where each account signs in to the shared server as its own login (the next
    account then opens the server as itself); None where the window's database is kept."""

    def __init__(self, window: MainWindow, server: tuple[str, str] | None = None):
        super().__init__(QApplication.instance())
        self.db: Database = window.ctx.db
        self.server = server
        self.window: MainWindow | None = None
        self.notices: list[str] = []  # the reasons told, for the log and tests
        self.adopt(window)

    def adopt(self, window: MainWindow) -> None:
        self.window = window
        window.signed_out.connect(self._signed_out)

    def _signed_out(self, reason: str) -> None:
        """Emitted by the window just before it closes: the app must not quit as its last
        window goes; the sign-in follows once the window's own code has returned."""
        QApplication.setQuitOnLastWindowClosed(False)
        old, self.window = self.window, None
        if old is not None and shiboken6.isValid(old):
            old.deleteLater()
        QTimer.singleShot(0, self, lambda: self._sign_in_again(reason))

    def _sign_in_again(self, reason: str) -> None:
        from ui.app import build_main_window, sign_in_again

        try:
            if reason:
                self._tell(reason)
            signed = sign_in_again(self.db, self.server)
            if signed is None:
                log.info("the sign-in after signing out was cancelled: closing")
                QApplication.quit()
                return
            db, user = signed
            if db is not self.db:  # a server login of the account signed out: closed behind
                self._retire(self.db)
                self.db = db
            window = build_main_window(db, user)
            self.adopt(window)
            window.show()
        except Exception:
            # Whatever went wrong was shown by the excepthook's dialog (ui.app); without a window
            # the process must not linger.
            log.exception("signing in again failed")
            QApplication.quit()
            raise
        finally:
            QApplication.setQuitOnLastWindowClosed(True)

    def _tell(self, reason: str) -> None:
        self.notices.append(reason)
        box = QMessageBox(QMessageBox.Icon.Warning, "请重新登录", reason)
        box.setObjectName("signedOutNotice")
        box.exec()

    @staticmethod
    def _retire(db: Database) -> None:
        # After whatever the window queued for it (a save on its way completes first).
        operations.run(db.dispose, on_failure=lambda exc: log.warning("dispose failed: %s", exc))
