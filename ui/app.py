"""Start the window: Chinese Qt dialogs, the style, the database (upgraded), sign-in, main window."""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication

from db.engine import Database
from desktop_app import config, failures
from desktop_app.bootstrap import open_database, setup_logging
from desktop_app.failures import DatabaseFileError
from desktop_app.services.system.common import CurrentUser
from ui.qt_guard import make_none_immortal

if TYPE_CHECKING:
    from ui.main_window import MainWindow

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


def preload_main_window() -> None:
    """Import what the main window needs (its panes' first modules, every area's dashboard
    provider) before the clerk has signed in: started while the sign-in dialog waits for the
    password, it costs the clerk nothing; after 登录 only the password check (scrypt, on the
    operation runner's worker) and building the window remain."""
    from desktop_app.services import areas

    areas.compose()
    import ui.main_window  # noqa: F401


def build_main_window(db: Database, user: CurrentUser) -> MainWindow:
    from desktop_app.services import areas
    from ui.context import AppContext
    from ui.main_window import MainWindow

    areas.compose()  # already done by preload_main_window or make_app: then a no-op
    return MainWindow(AppContext(db, user))


def _open_database_interactively() -> Database | None:
    """Open the configured database; on failure say why in Chinese, naming the file, and let the
    clerk restore the newest backup, choose another database or fix the settings (ui.startup)."""
    while True:
        url = None
        try:
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


def main(argv: list[str] | None = None) -> int:
    """The window. Any failure before it shows is a Chinese dialog naming the file or folder and
    what to do (ui.startup); its traceback goes to the log file."""
    started = time.perf_counter()
    setup_logging()
    try:
        app = make_app(argv, compose=False)
        sys.excepthook = _excepthook
        return _run(app, started)
    except Exception as exc:
        from ui import startup

        startup.show_startup_failure(exc)
        return 1


def _run(app: QApplication, started: float) -> int:
    failures.check_writable_folder(config.data_dir(), "数据文件夹")
    settings = config.load()
    if config.settings_problem() is not None:  # kept aside as settings.json.bad: say so
        from ui import startup

        if not startup.tell_settings_problem():
            return 1
        settings = config.load()
    # Once the first dialog is up (the sign-in, or a question about the database), the rest of
    # the window's modules load while the clerk reads and types; 30 ms lets the dialog paint first.
    QTimer.singleShot(30, preload_main_window)
    if settings.uses_own_logins():  # sign in first: the sign-in opens the database
        from ui.dialogs.sign_in import sign_in_to_server

        signed_in = sign_in_to_server(settings.database_url(), settings.database.role_prefix)
        if signed_in is None:
            return 0
        db, user = signed_in
    else:
        opened = _open_database_interactively()
        if opened is None:
            return 1
        db, signed = opened, _sign_in(opened)
        if signed is None:
            return 0
        user = signed
    window = build_main_window(db, user)
    window.show()
    log.info("main window shown %.3f s after start", time.perf_counter() - started)
    code = app.exec()
    from ui import operations

    operations.runner().wait_idle()  # a save on its way finishes before the process ends
    return code
