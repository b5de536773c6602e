"""The sign-in dialog first, the database modules meanwhile.

SQLAlchemy, the models and the services take about half of a start's CPU time (issue 17): the
window shows the sign-in dialog before any of them is imported, and while the clerk types

- the operation runner's worker (ui.operations) imports them, opens the configured database
  (upgrading it if needed, desktop_app.bootstrap) and asks whether it has any account;
- then a thread of its own imports the main window's modules and every area's dashboard
  provider (`Preload`; imports only: no database, no widget).

登录 runs the password check on the same worker, so it waits for the database to be open. The
check (Argon2id) releases the GIL: on a PC of two or more cores it runs beside whatever the GUI
thread does meanwhile.

The sign-in dialog is what nearly every start shows first. It is shown first only when a cheap
look says it is the right one (`likely_sign_in`): somebody has signed in on this PC before and the
configured database file exists. Where the opening disagrees — the database cannot be opened, or
it has no account yet — the dialog closes and the start goes on as it would have without it: the
failure's dialog with its way out (ui.startup), or the first administrator's account.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QWidget

from db.errors import FubanError
from ui import operations, preferences

if TYPE_CHECKING:
    from db.engine import Database
    from desktop_app.config import MachineSettings
    from desktop_app.services.system.common import CurrentUser

log = logging.getLogger("fuban.ui")

CORRECTED = 2  # the dialog's result when the opening found it was not the right first dialog


def preload_main_window() -> None:
    """Import what the main window needs (its first modules, every area's dashboard provider)
    before the clerk has signed in."""
    from desktop_app.services import areas

    areas.compose()
    import ui.main_window  # noqa: F401


class Preload:
    """`preload_main_window` once, while the first dialog waits: in a thread of its own (`start`,
    once the database modules have loaded on the worker, so that the two threads never import
    the same modules at once) or as a job on the runner's worker (`queue`, where the sign-in
    itself loads them there). The window's code waits for it (`wait`) before using what it
    imports. A failure is only logged: the same import made again on the GUI thread raises
    where the start reports it."""

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._queued = False

    def start(self) -> None:
        if self._thread is None and not self._queued:
            self._thread = threading.Thread(target=self._run, name="fuban-preload", daemon=True)
            self._thread.start()

    def queue(self) -> None:
        if self._thread is None and not self._queued:
            self._queued = True
            operations.run(preload_main_window, on_failure=lambda exc: self._failed(exc))

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()
        if self._queued:
            operations.runner().wait_idle()

    @staticmethod
    def _run() -> None:
        try:
            preload_main_window()
        except Exception as exc:
            Preload._failed(exc)

    @staticmethod
    def _failed(exc: BaseException) -> None:
        log.warning(
            "preloading the main window's modules failed",
            exc_info=(type(exc), exc, exc.__traceback__),
        )


def likely_sign_in(settings: MachineSettings) -> str | None:
    """The database URL when the sign-in dialog is almost surely the first dialog of this start:
    somebody has signed in on this PC before (so the database had an account) and, for a
    database file, the file is there and not empty. None: the database is opened first and the
    right dialog then shown, as on a first start."""
    if not preferences.last_username():
        return None
    try:
        url = settings.database_url()
    except Exception:  # a bad path: opening it names the problem (ui.app)
        return None
    if url.startswith("sqlite"):
        path = _sqlite_file(url)
        try:
            if path is None or not path.is_file() or path.stat().st_size == 0:
                return None
        except OSError:
            return None
    return url


def _sqlite_file(url: str) -> Path | None:
    """The file of a plain sqlite:///path URL (None for anything else: it is opened first)."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or "?" in url or len(url) == len(prefix):
        return None
    return Path(url[len(prefix) :])


class NotOpened(FubanError):
    """登录 was clicked while the database could not be used: the dialog has been closed and the
    start goes on with what the opening found (this error is never shown)."""


class Opening:
    """The configured database opened on the runner's worker while the sign-in dialog shows."""

    def __init__(self, url: str):
        self.url = url
        self.database: Database | None = None
        self.has_accounts = False
        self.error: BaseException | None = None
        # The active accounts as a sign-in would give them, by name: the window is built for
        # the name typed while its password is checked (nothing of it shown unless it is right).
        self.accounts: dict[str, CurrentUser] = {}

    def open(self) -> Opening:  # on the runner's worker
        from desktop_app.bootstrap import open_database
        from desktop_app.services.system import accounts
        from desktop_app.services.system.common import CurrentUser

        self.database = open_database(self.url)
        self.has_accounts = accounts.has_accounts(self.database)
        self.accounts = {
            a.username: CurrentUser(a.username, a.display_name, a.role)
            for a in accounts.list_accounts(self.database)
            if a.active
        }
        return self

    def for_sign_in(self) -> Database:  # on the runner's worker, after `open`
        if self.database is None or not self.has_accounts:
            raise NotOpened("数据库尚未打开。")
        return self.database


@dataclass
class Outcome:
    """How the sign-in shown first ended: `user` signed in to `database`; or the opening found
    it was not the dialog to show (`error`: the database could not be opened; else `database`
    has no account yet); or the clerk cancelled (`cancelled`)."""

    database: Database | None = None
    user: CurrentUser | None = None
    error: BaseException | None = None
    cancelled: bool = False
    window: Any = None  # the main window built while the password was checked, not shown


class _Checking(QObject):
    """Tells the GUI thread, from the runner's worker, that a password check has started."""

    started = Signal(str)


class Prebuilt:
    """The main window built on the GUI thread for the account whose name was typed, while the
    runner's worker checks the password (Argon2id releases the GIL: on two or more cores the two
    run at once). Nothing of it is shown until the check has passed for that same account;
    otherwise it is thrown away (its 工作台's first read, queued behind the check, is dropped)."""

    def __init__(self, build: Callable[[Database, CurrentUser], QWidget]):
        self.build = build
        self.window: QWidget | None = None
        self.user: CurrentUser | None = None
        self.check_started = 0.0
        self.built_in = 0.0  # seconds the build took

    def make(self, database: Database, user: CurrentUser) -> None:
        self.discard()
        self.check_started = time.perf_counter()
        self.window = self.build(database, user)
        self.user = user
        self.built_in = time.perf_counter() - self.check_started

    def take(self, user: CurrentUser) -> QWidget | None:
        """The window, if it was built for `user` (the account as the check found it)."""
        window, self.window = (self.window, None) if self.user == user else (None, self.window)
        self.discard()
        if window is not None:
            log.info(
                "main window built in %.0f ms while the password was checked (%.0f ms)",
                self.built_in * 1000,
                (time.perf_counter() - self.check_started) * 1000,
            )
        return window

    def discard(self) -> None:
        if self.window is not None:
            self.window.deleteLater()
        self.window = self.user = None


def sign_in_first(
    url: str,
    preload: Preload,
    build: Callable[[Database, CurrentUser], QWidget] | None = None,
) -> Outcome:
    """Show the sign-in dialog at once and open the database at `url` behind it; with `build`,
    the main window is built while the password is checked (`Prebuilt`)."""
    from ui.dialogs.sign_in import sign_in_dialog_opening

    opening = Opening(url)
    prebuilt = Prebuilt(build) if build is not None else None

    def opened(_result: Opening) -> None:
        if opening.has_accounts:
            preload.start()  # the window's modules, while the clerk types
        else:
            log.info("the database has no account yet: the first administrator's dialog instead")
            dialog.done(CORRECTED)

    def not_opened(exc: BaseException) -> None:
        log.info("the database could not be opened: its failure's dialog instead")
        opening.error = exc
        dialog.done(CORRECTED)

    # Started first (the worker's first job), its result delivered by the dialog's event loop:
    # the dialog's own reads and any 登录 are queued behind it on the same worker.
    operations.run(opening.open, opened, not_opened)
    checking = _Checking()

    def check_started(name: str) -> None:  # on the GUI thread, while the worker checks
        user = opening.accounts.get(name.strip())
        if prebuilt is None or user is None or opening.database is None:
            return
        if dialog.property("closed"):
            return
        preload.wait()  # the window's modules: loaded by now, or in a moment
        prebuilt.make(opening.database, user)

    checking.started.connect(check_started, Qt.ConnectionType.QueuedConnection)
    dialog = sign_in_dialog_opening(
        opening.for_sign_in,
        username=preferences.last_username(),
        checking=checking.started.emit,
    )
    result = dialog.exec()
    if result == QDialog.DialogCode.Accepted:
        user = dialog.result_value
        preferences.remember_username(user.username)
        window = prebuilt.take(user) if prebuilt is not None else None
        return Outcome(opening.database, user, window=window)
    if prebuilt is not None:
        prebuilt.discard()
    if result == CORRECTED:
        return Outcome(opening.database, error=opening.error)
    operations.runner().wait_idle()  # an upgrade on its way finishes before the process ends
    return Outcome(opening.database, cancelled=True)
