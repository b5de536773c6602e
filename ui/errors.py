"""Errors reach the user as a clear dialog; the traceback goes to the log file. A refusal under a
rule (RuleViolation) carries 「查看条文」, which shows the article it cites."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from db.errors import FubanError, StaleRecordError
from desktop_app import failures

log = logging.getLogger("fuban.ui")


def _rule_id(exc: BaseException) -> str | None:
    """The rule a refusal cites (desktop_app.rules.registry.RuleViolation), else None. Asked
    without importing the rules (every rule module, ~40 ms of a start before the sign-in
    dialog): a refusal under a rule can only come from code that has imported them."""
    registry = sys.modules.get("desktop_app.rules.registry")
    if registry is not None and isinstance(exc, registry.RuleViolation):
        return str(exc.rule_id)
    return None


def message_for(exc: BaseException) -> str:
    if isinstance(exc, FubanError):
        return exc.message
    known = failures.explain(exc)  # a file or folder that cannot be written, a full disk …
    if known is not None:
        log.warning("operation failed: %s", exc, exc_info=(type(exc), exc, exc.__traceback__))
        return known + "\n\n操作未完成。"
    log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    return (
        "发生了意外错误，操作未完成，数据没有改动。详细信息已写入日志文件，"
        "请联系系统管理员。\n\n" + f"{type(exc).__name__}: {exc}"
    )


def show_error(parent: QWidget | None, exc: BaseException, title: str = "无法完成") -> QMessageBox:
    """Open (not exec) a modal message box: the caller's window, with the clerk's input, stays."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, message_for(exc), parent=parent)
    box.setObjectName("errorDialog")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if isinstance(exc, StaleRecordError):
        box.setWindowTitle("记录已被修改")
    rule_id = _rule_id(exc)
    if rule_id is not None:
        add_article_button(box, rule_id)
    box.open()
    return box


def add_article_button(box: QMessageBox, rule_id: str) -> QPushButton:
    """「查看条文」 on a refusal: opens the article it cites over the message, which stays open."""
    from ui.widgets.article_view import show_article

    ok = box.addButton("确定", QMessageBox.ButtonRole.AcceptRole)
    ok.setObjectName("errorOk")
    box.setDefaultButton(ok)
    box.setEscapeButton(ok)
    button = box.addButton("查看条文", QMessageBox.ButtonRole.ActionRole)
    button.setObjectName("showArticle")
    button.clicked.disconnect()  # a message box closes on any of its buttons; this one must not
    button.clicked.connect(lambda: setattr(box, "article_dialog", show_article(box, rule_id)))
    return button
