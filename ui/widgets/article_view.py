"""The words of the article a rule comes from: a read-only text view (设置 → 规则, beside the
selected rule) and a small window (the 「查看条文」 button of a refusal)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.rules.articles import source_line
from desktop_app.rules.registry import RuleInfo, article_of, rule_info

PLACEHOLDER = "选择一条规则，在此查看其依据条文的全文。"


def heading(info: RuleInfo) -> str:
    """「R45.1　正式公文须在签批程序…」: which rule, in one line."""
    return f"{info.rule_id}　{info.summary}"


def source_for(info: RuleInfo) -> str:
    """The source line under an article; a rule named in words has no article to source."""
    return source_line() if info.article_labels else ""


def text_view(object_name: str) -> QPlainTextEdit:
    view = QPlainTextEdit(objectName=object_name)
    view.setReadOnly(True)
    view.setPlaceholderText(PLACEHOLDER)
    view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
    return view


class ArticlePanel(QWidget):
    """Heading, full text and source line of one rule's article; `show_rule(None)` clears it."""

    def __init__(self, prefix: str, parent=None):
        super().__init__(parent)
        self.title = QLabel(objectName=f"{prefix}Title")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary = QLabel(objectName=f"{prefix}Summary", wordWrap=True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text = text_view(f"{prefix}Text")
        self.source = QLabel(objectName=f"{prefix}Source", wordWrap=True)
        self.source.setStyleSheet("color: #666;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.source)
        self.show_rule(None)

    def show_rule(self, info: RuleInfo | None) -> None:
        if info is None:
            self.title.setText("条文")
            self.summary.setText("")
            self.text.setPlainText("")
            self.source.setText("")
            return
        self.title.setText(f"<b>{info.article}</b>")
        self.summary.setText(heading(info))
        self.text.setPlainText(info.article_text())
        self.source.setText(source_for(info))


class ArticleDialog(QDialog):
    """「查看条文」: the article a refusal cites — title 第X条, the rule, its full text, the source."""

    def __init__(self, info: RuleInfo, parent=None):
        super().__init__(parent)
        self.setObjectName("articleDialog")
        self.setWindowTitle(info.article)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.panel = ArticlePanel("article", self)
        self.panel.show_rule(info)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        layout.addWidget(buttons)
        self.resize(560, 360)


def rule_for(rule_id: str) -> RuleInfo:
    """The registered rule; for an ID no module declares, what its citation says."""
    info = rule_info(rule_id)
    if info is not None:
        return info
    return RuleInfo(rule_id, article_of(rule_id), "rule", "")


def show_article(parent: QWidget | None, rule_id: str) -> ArticleDialog:
    """Open (not exec) the article window of rule `rule_id` over `parent`."""
    dialog = ArticleDialog(rule_for(rule_id), parent)
    dialog.open()
    return dialog
