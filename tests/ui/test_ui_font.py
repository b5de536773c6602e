"""The window's text is drawn in a font that holds Chinese: the style sheet names the usual
Chinese UI fonts (微软雅黑 on Windows first). Left to Qt, Linux (and an English Windows) gives a
Latin font and every Chinese character is drawn through a fallback font, looked up per run of
text (the registers painted about a tenth slower, docs/PERFORMANCE.md)."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QFontInfo
from PySide6.QtWidgets import QLabel, QTableView

from ui.app import RESOURCES


def test_the_style_sheet_draws_text_in_a_chinese_font(qtbot):
    sheet = (RESOURCES / "style.qss").read_text(encoding="utf-8")
    for widget in (QLabel("关于做好防汛工作的通知"), QTableView()):
        qtbot.addWidget(widget)
        widget.setStyleSheet(sheet)
        widget.show()
        qtbot.waitExposed(widget)
        family = QFontInfo(widget.font()).family()
        systems = QFontDatabase.writingSystems(family)
        assert QFontDatabase.WritingSystem.SimplifiedChinese in systems, family
        assert widget.font().pointSizeF() == 10.5  # the size the sheet has always set


def test_microsoft_yahei_is_asked_for_first(qtbot):
    # On the office's Windows PCs the first family present is 微软雅黑 (its UI cut first).
    label = QLabel("府办台账")
    qtbot.addWidget(label)
    label.setStyleSheet((RESOURCES / "style.qss").read_text(encoding="utf-8"))
    label.ensurePolished()
    assert label.font().families()[:2] == ["Microsoft YaHei UI", "Microsoft YaHei"]
