"""The window re-checks its account: the CurrentUser it holds is a copy made at sign-in, and the
lists and searches (read-only sessions) do not ask the database who is reading (saves, opening,
printing and exporting do: common._account_still_allows). So every minute, and whenever the clerk
switches pane, one small read on the runner's worker asks whether the account was deactivated or
its role changed since; if so the window signs out with the reason (MainWindow.sign_out) and the
sign-in dialog follows (ui.account_session). A switch's check is queued before the new pane's
reads, so a demoted window never shows that pane's list again."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, QTimer

from desktop_app.services.system import own_account
from ui import operations

if TYPE_CHECKING:
    from ui.main_window import MainWindow

log = logging.getLogger("fuban.ui.account")

CHECK_EVERY_MS = 60_000


class AccountWatch(QObject):
    """One per main window; `check` is what the timer and each switch of pane call."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.checking: operations.Operation | None = None
        self.timer = QTimer(self)
        self.timer.setObjectName("accountCheckTimer")
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _wanted(self) -> bool:
        window = self.window
        return shiboken6.isValid(window) and not window.property("closed")

    def check(self) -> operations.Operation | None:
        """Start the check; None when the window is closed. A check still on its way serves (it
        is queued before anything asked since, and the worker runs them in order)."""
        if not self._wanted():
            return None
        if self.checking is not None and not self.checking.done:
            return self.checking
        db, user = self.window.ctx.db, self.window.ctx.user
        self.checking = operations.run(
            lambda: own_account.change_since_sign_in(db, user),
            self._checked,
            self._failed,
            still_wanted=self._wanted,
        )
        return self.checking

    def _checked(self, reason: str | None) -> None:
        if reason:
            log.info("account %s changed since sign-in: signing out", self.window.ctx.user.username)
            self.window.sign_out(reason)

    def _failed(self, exc: BaseException) -> None:
        # The server may be out of reach for a moment: the next check (or the clerk's next save,
        # which says why) tries again. Nothing is shown for a check the clerk did not ask for.
        log.warning("the account check failed: %s", exc)
