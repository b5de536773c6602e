"""规则: the rules the product enforces, with their articles — the same list `fuban rules`
prints. This is the in-app rule help; it is read-only. Below the list, the full text of the
selected rule's article (as `fuban rules --text` prints it)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from desktop_app.rules.registry import RuleInfo, all_rules
from ui.panes.settings_common import keep_service_order
from ui.widgets.article_view import ArticlePanel
from ui.widgets.table import Column, RegisterView

SEVERITY_NAMES = {
    "block": "阻止",
    "warn": "提醒",
    "track": "跟踪",
    "rule": "规则",
    "data": "登记",
}


def severity_name(rule: RuleInfo) -> str:
    return SEVERITY_NAMES.get(rule.severity, rule.severity)


class RulesWidget(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("rulesHelp")
        columns = [
            Column("编号", lambda r: r.rule_id, 70),
            Column("条款", lambda r: r.article, 90),
            Column("类别", severity_name, 80),
            Column("内容", lambda r: r.summary),
        ]
        self.view = RegisterView("rules", columns, lambda _v: all_rules(), voidable=False)
        keep_service_order(self.view)
        self.view.table.setWordWrap(True)
        self.view.loaded.connect(self.view.table.resizeRowsToContents)
        intro = QLabel(
            "府办台账依据《市政府工作规则》检查每一步。下表列出本程序执行的全部规则"
            "（与命令 fuban rules 的输出相同）。「阻止」：操作不能完成；「提醒」：可以继续，"
            "但提醒留在记录和工作台上直到处理；「跟踪」：程序跟踪的期限或状态。"
            "选中一条规则，下方显示其依据条文的全文。",
            wordWrap=True,
        )
        self.article = ArticlePanel("rulesArticle")
        self.view.selection_changed.connect(self._show_article)
        split = QSplitter(Qt.Orientation.Vertical, objectName="rulesSplit")
        split.addWidget(self.view)
        split.addWidget(self.article)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(split, 1)

    def _show_article(self) -> None:
        self.article.show_rule(self.view.current())

    def reload(self) -> None:
        self.view.reload()
