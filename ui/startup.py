"""What the clerk sees when the start goes wrong: a Chinese message naming the file or folder and
what to do, with the way out offered as buttons — never a traceback (that goes to the log file).

- any start-up failure: 「府办台账无法启动」 with the message and where the log is;
- a database file that is damaged or read-only: 「从最新备份恢复（日期）」 or 「选择其他数据库…」;
- any other database that cannot be opened (server down, newer version): 「修改数据库设置…」;
- an unreadable settings.json: named, kept aside, and the defaults used this time;
- cancelling the database settings or the first administrator: the app says it will close.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QMessageBox

from db.errors import FubanError
from desktop_app import config, failures
from desktop_app.bootstrap import log_file
from desktop_app.failures import DatabaseFileError

log = logging.getLogger("fuban.ui")

RESTORE, OTHER_DATABASE, SETTINGS, QUIT = "restore", "other", "settings", "quit"


def ask(box: QMessageBox) -> QAbstractButton | None:
    """Run a start-up message box; the button clicked (tests answer in its place)."""
    box.exec()
    return box.clickedButton()


def describe(exc: BaseException, url: str | None = None) -> str:
    """The message for a failure at start: a known one in its own words, anything else as an
    unexpected error naming the log file (which holds its traceback)."""
    known = failures.explain(exc, url)
    if known is not None:
        return known
    return failures.unexpected_message(log_file()) + "。请联系系统管理员。"


def show_startup_failure(exc: BaseException) -> None:
    """The window cannot start: say why and what to do; the traceback is in the log."""
    log.error("start-up failed", exc_info=(type(exc), exc, exc.__traceback__))
    QApplication.instance() or QApplication([])
    text = describe(exc)
    where = log_file()
    if where is not None and str(where) not in text:
        text += f"\n\n详细信息已写入日志文件：{where}"
    box = QMessageBox(QMessageBox.Icon.Critical, "府办台账无法启动", text)
    box.setObjectName("startupFailure")
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)
    ask(box)


def ask_after_open_failure(exc: BaseException, url: str | None) -> str:
    """The configured database cannot be opened: RESTORE, OTHER_DATABASE, SETTINGS or QUIT."""
    text = describe(exc, url)
    box = QMessageBox(QMessageBox.Icon.Critical, "无法打开数据库", text)
    box.setObjectName("databaseFailure")
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    choices: dict[QAbstractButton, str] = {}
    from desktop_app.services.system import recovery

    if isinstance(exc, DatabaseFileError) and exc.problem != DatabaseFileError.FULL:
        backup = recovery.newest_backup(recovery.backup_folders(exc.path))
        if backup is not None:
            restore = box.addButton(
                f"从最新备份恢复（{backup.label}）", QMessageBox.ButtonRole.AcceptRole
            )
            restore.setObjectName("restoreNewestBackup")
            choices[restore] = RESTORE
            box.setInformativeText(
                f"最新备份：{backup.path}（{backup.label}）。恢复后，备份之后录入的内容需要重新录入；"
                "无法使用的文件改名保留在原文件夹中。"
            )
        else:
            box.setInformativeText("本机没有找到这个数据库的备份。")
        other = box.addButton("选择其他数据库…", QMessageBox.ButtonRole.ActionRole)
        other.setObjectName("chooseOtherDatabase")
        choices[other] = OTHER_DATABASE
    else:
        change = box.addButton("修改数据库设置…", QMessageBox.ButtonRole.ActionRole)
        change.setObjectName("changeDatabaseSettings")
        choices[change] = SETTINGS
    choices[box.addButton("退出", QMessageBox.ButtonRole.RejectRole)] = QUIT
    clicked = ask(box)
    return choices.get(clicked, QUIT) if clicked is not None else QUIT


def restore_newest_backup(path: Path) -> bool:
    """Put the newest backup in place of the unusable file at `path`; say what was done (True)
    or why it could not be (False: the file is as it was)."""
    from desktop_app.services.system import recovery

    backup = recovery.newest_backup(recovery.backup_folders(path))
    if backup is None:
        return False
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        kept = recovery.restore_file(path, backup)
    except Exception as exc:
        log.exception("restoring %s from %s failed", path, backup.path)
        QApplication.restoreOverrideCursor()
        text = exc.message if isinstance(exc, FubanError) else describe(exc)
        box = QMessageBox(
            QMessageBox.Icon.Warning, "未能恢复", f"未能从备份 {backup.path} 恢复：{text}"
        )
        box.setObjectName("restoreFailed")
        box.addButton("确定", QMessageBox.ButtonRole.AcceptRole)
        ask(box)
        return False
    QApplication.restoreOverrideCursor()
    log.info("restored %s from %s; the unusable file kept as %s", path, backup.path, kept)
    text = f"已从 {backup.label} 的备份恢复数据库 {path}。\n备份之后录入的内容需要重新录入。"
    if kept is not None:
        text += f"\n无法使用的原文件已改名保存为 {kept}。"
    box = QMessageBox(QMessageBox.Icon.Information, "已从备份恢复", text)
    box.setObjectName("restoreDone")
    box.addButton("确定", QMessageBox.ButtonRole.AcceptRole)
    ask(box)
    return True


def change_database_settings() -> bool:
    """The database settings dialog; cancelling it says the app will close (False) unless the
    clerk goes back to it. True: new settings were saved."""
    from ui.panes.settings_database import DatabaseSettingsDialog

    while True:
        if DatabaseSettingsDialog().exec() == QDialog.DialogCode.Accepted:
            return True
        if confirm_close("未保存数据库设置，府办台账无法打开数据库，将关闭。", "返回数据库设置"):
            return False


def confirm_close(text: str, back: str) -> bool:
    """「府办台账将关闭」: True when the clerk closes, False when he goes back."""
    box = QMessageBox(QMessageBox.Icon.Information, "府办台账将关闭", text)
    box.setObjectName("confirmClose")
    close = box.addButton("关闭府办台账", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(back, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(close)
    return ask(box) is close


def tell_settings_problem() -> bool:
    """An unreadable settings.json was kept aside (config.load): say so, offer the database
    settings. False when the clerk cancelled them and chose to close."""
    problem = config.settings_problem()
    if problem is None:
        return True
    box = QMessageBox(QMessageBox.Icon.Warning, "设置文件无法读取", problem.message)
    box.setObjectName("settingsProblem")
    change = box.addButton("修改数据库设置…", QMessageBox.ButtonRole.ActionRole)
    box.addButton("按默认设置继续", QMessageBox.ButtonRole.AcceptRole)
    if ask(box) is change:
        return change_database_settings()
    return True
