"""Start the window: Chinese Qt dialogs, the style, the database (upgraded), sign-in, main window."""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from db.engine import Database
from db.errors import FubanError
from desktop_app import config
from desktop_app.bootstrap import open_database, setup_logging
from desktop_app.services.system.common import CurrentUser
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.qt_guard import make_none_immortal

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
log = logging.getLogger("fuban.ui")


def make_app(argv: list[str] | None = None) -> QApplication:
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
    return MainWindow(AppContext(db, user))


def _open_database_interactively() -> Database | None:
    """Open the configured database; on failure explain, and let the clerk fix the settings."""
    while True:
        try:
            return open_database()
        except Exception as exc:  # connection refused, network share, newer schema …
            log.exception("cannot open database")
            text = exc.message if isinstance(exc, FubanError) else f"无法打开数据库：{exc}"
            box = QMessageBox(QMessageBox.Icon.Critical, "无法打开数据库", text)
            change = box.addButton("修改数据库设置…", QMessageBox.ButtonRole.AcceptRole)
            box.addButton("退出", QMessageBox.ButtonRole.RejectRole)
            box.exec()
            if box.clickedButton() is not change:
                return None
            from ui.panes.settings_database import DatabaseSettingsDialog

            if DatabaseSettingsDialog().exec() != QDialog.DialogCode.Accepted:
                return None


def main(argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    setup_logging()
    app = make_app(argv)
    sys.excepthook = _excepthook
    settings = config.load()
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
        from ui.dialogs.sign_in import sign_in

        db, signed = opened, sign_in(opened)
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
