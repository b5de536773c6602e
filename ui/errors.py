"""Errors reach the user as a clear dialog; the traceback goes to the log file."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from db.errors import FubanError, StaleRecordError

log = logging.getLogger("fuban.ui")


def message_for(exc: BaseException) -> str:
    if isinstance(exc, FubanError):
        return exc.message
    log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    return ("发生了意外错误，操作未完成，数据没有改动。详细信息已写入日志文件，"
            "请联系系统管理员。\n\n" + f"{type(exc).__name__}: {exc}")


def show_error(parent: QWidget | None, exc: BaseException, title: str = "无法完成") -> QMessageBox:
    """Open (not exec) a modal message box: the caller's window, with the clerk's input, stays."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, message_for(exc), parent=parent)
    box.setObjectName("errorDialog")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if isinstance(exc, StaleRecordError):
        box.setWindowTitle("记录已被修改")
    box.open()
    return box
