"""Start the window: Chinese Qt dialogs, the style, the database (upgraded), sign-in, main window.

Nothing here imports SQLAlchemy or the models at module level: the sign-in dialog is shown while
they load (ui.start_sign_in)."""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication

from desktop_app import config, failures
from desktop_app.bootstrap import open_database, setup_logging
from desktop_app.failures import DatabaseFileError
from ui import heap
from ui.qt_guard import make_none_immortal
from ui.qt_imports import skip_reading_core_sources
from ui.start_sign_in import Preload, likely_sign_in, preload_main_window, sign_in_first

if TYPE_CHECKING:
    from db.engine import Database
    from desktop_app.services.system.common import CurrentUser
    from ui.main_window import MainWindow

__all__ = ["build_main_window", "main", "make_app", "preload_main_window", "sign_in_again"]

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
log = logging.getLogger("fuban.ui")


def make_app(argv: list[str] | None = None, compose: bool = True) -> QApplication:
    """The application object; with `compose`, every area's dashboard provider registered
    (the start-up leaves that to `preload_main_window`, while the sign-in dialog waits)."""
    if compose:
        from desktop_app.services import areas

        areas.compose()
    make_none_immortal()
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName("府办台账")
    app.setOrganizationName("fuban")
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load("qtbase_zh_CN", folder):
        app.installTranslator(translator)
    style = RESOURCES / "style.qss"
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    return app


def _excepthook(exc_type, exc, tb) -> None:
    log.error("unhandled error", exc_info=(exc_type, exc, tb))
    from ui.errors import show_error

    show_error(None, exc)


def build_main_window(db: Database, user: CurrentUser) -> MainWindow:
    from desktop_app.services import areas
    from ui.context import AppContext
    from ui.main_window import MainWindow

    areas.compose()  # already done by preload_main_window or make_app: then a no-op
    return MainWindow(AppContext(db, user))


def _open_database_interactively(
    first_failure: tuple[BaseException, str] | None = None,
) -> Database | None:
    """Open the configured database; on failure say why in Chinese, naming the file, and let the
    clerk restore the newest backup, choose another database or fix the settings (ui.startup).
    `first_failure`: the first attempt, already made (the exception and the URL it tried)."""
    while True:
        url = None
        try:
            if first_failure is not None:
                failed, url = first_failure
                first_failure = None
                raise failed
            url = config.load().database_url()
            return open_database(url)
        except Exception as exc:  # damaged file, read-only, server down, newer schema …
            from ui import startup

            log.warning("cannot open database", exc_info=True)
            choice = startup.ask_after_open_failure(exc, url)
            if choice == startup.RESTORE and isinstance(exc, DatabaseFileError):
                startup.restore_newest_backup(exc.path)
            elif choice in (startup.OTHER_DATABASE, startup.SETTINGS):
                if not startup.change_database_settings():
                    return None
            else:
                return None


def _sign_in(db: Database) -> CurrentUser | None:
    """Sign in; cancelling the first administrator's account says the app will close (the
    database cannot be used without one), and lets the clerk go back to it."""
    from desktop_app.services.system import accounts
    from ui.dialogs.sign_in import sign_in

    while True:
        first_start = not accounts.has_accounts(db)
        user = sign_in(db)
        if user is not None or not first_start or accounts.has_accounts(db):
            return user
        from ui import startup

        if startup.confirm_close(
            "尚未创建管理员账户，府办台账无法使用，将关闭。下次启动时仍可创建。",
            "返回创建管理员账户",
        ):
            return None


def sign_in_again(
    db: Database, server: tuple[str, str] | None = None
) -> tuple[Database, CurrentUser] | None:
    """After 退出登录 (ui.account_session): the start's sign-in again, on the same database; on
    a server where each account signs in as its own login (`server`: base URL, role prefix), the
    same server as the next account's login. None: cancelled."""
    if server is not None:
        from ui.dialogs.sign_in import sign_in_to_server

        return sign_in_to_server(*server)
    user = _sign_in(db)
    return None if user is None else (db, user)


def main(argv: list[str] | None = None) -> int:
    """The window. Any failure before it shows is a Chinese dialog naming the file or folder and
    what to do (ui.startup); its traceback goes to the log file."""
    started = time.perf_counter()
    setup_logging()
    skip_reading_core_sources()  # the core loads after PySide6 here (ui.qt_imports)
    try:
        app = make_app(argv, compose=False)
        app.fuban_collector = heap.collect_on_gui_thread(app)  # never on the worker (ui.heap)
        sys.excepthook = _excepthook
        return _run(app, started)
    except Exception as exc:
        from ui import startup

        startup.show_startup_failure(exc)
        return 1


def _signed_in(settings: config.MachineSettings, preload: Preload) -> tuple | int:
    """The local database, or the shared one with one login: (database, user, the main window
    if it was built while the password was checked), or the exit code when the clerk closed (1:
    the database could not be opened; 0: the sign-in cancelled).

    Where the sign-in is almost surely the first dialog it shows at once, the database opened
    behind it (ui.start_sign_in); otherwise — or where the opening disagrees — the database is
    opened first and the right dialog shown then."""
    url = likely_sign_in(settings)
    first_failure = None
    opened: Database | None = None
    if url is not None:
        early = sign_in_first(url, preload, build_main_window)
        if early.cancelled:
            return 0
        if early.user is not None and early.database is not None:
            return early.database, early.user, early.window
        if early.error is not None:
            first_failure = (early.error, url)
        opened = early.database  # opened, but without an account yet
    # The database is opened here, on the GUI thread, before any dialog (as the guard of
    # tests/ui/db_thread_guard.py allows): the window's modules load on it too, once a dialog
    # waits, so that no two threads import at once.
    QTimer.singleShot(30, preload_main_window)
    if opened is None:
        opened = (
            _open_database_interactively(first_failure)
            if first_failure is not None
            else _open_database_interactively()
        )
        if opened is None:
            return 1
    signed = _sign_in(opened)
    return 0 if signed is None else (opened, signed, None)


def _run(app: QApplication, started: float) -> int:
    failures.check_writable_folder(config.data_dir(), "数据文件夹")
    settings = config.load()
    if config.settings_problem() is not None:  # kept aside as settings.json.bad: say so
        from ui import startup

        if not startup.tell_settings_problem():
            return 1
        settings = config.load()
    # The rest of the window's modules load while the clerk reads and types, behind the first
    # dialog (ui.start_sign_in.Preload); 30 ms lets it paint first.
    preload = Preload()
    signed_in: tuple | int | None
    if settings.uses_own_logins():  # sign in first: the sign-in opens the database
        from ui.dialogs.sign_in import sign_in_to_server

        QTimer.singleShot(30, preload.queue)
        server = sign_in_to_server(settings.database_url(), settings.database.role_prefix)
        signed_in = None if server is None else (*server, None)
    else:
        signed_in = _signed_in(settings, preload)
    preload.wait()  # its imports complete before the window uses them (or the process ends)
    if signed_in is None or isinstance(signed_in, int):
        return signed_in or 0
    db, user, window = signed_in
    if window is None:
        window = build_main_window(db, user)
    window.show()
    log.info("main window shown %.3f s after start", time.perf_counter() - started)
    from ui.account_session import AccountSession  # 退出登录: once the window is up

    own_logins = settings.uses_own_logins()
    login_server = (settings.database_url(), settings.database.role_prefix) if own_logins else None
    app.fuban_session = AccountSession(window, login_server)
    heap.freeze_when_settled(getattr(app, "fuban_collector", None))
    code = app.exec()
    from ui import operations

    operations.runner().wait_idle()  # a save on its way finishes before the process ends
    return code
