"""「查看条文」: every refusal under a rule opens the article it cites (ui.errors.show_error, used by
FormDialog.try_save, act() and the panes' own refusals)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPlainTextEdit, QPushButton

from desktop_app.rules import article_text, violation
from desktop_app.rules.articles import source_line
from desktop_app.services.system.common import ValidationError
from tests.ui.conftest import close_errors, finish, open_errors


@pytest.fixture(autouse=True)
def _close_dialogs():
    yield
    for w in QApplication.topLevelWidgets():
        if w.objectName() == "articleDialog":
            w.close()
    close_errors()


def error_box() -> QMessageBox:
    boxes = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.objectName() == "errorDialog" and w.isVisible()
    ]
    assert len(boxes) == 1, open_errors()
    return boxes[0]


def article_window(qtbot, box: QMessageBox):
    button = box.findChild(QPushButton, "showArticle")
    assert button is not None and button.text() == "查看条文"
    button.click()
    dialog = getattr(box, "article_dialog", None)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    assert box.isVisible()  # the refusal stays: the clerk reads both
    return dialog


def parts(dialog) -> tuple[str, str, str, str]:
    return (
        dialog.findChild(QLabel, "articleTitle").text(),
        dialog.findChild(QLabel, "articleSummary").text(),
        dialog.findChild(QPlainTextEdit, "articleText").toPlainText(),
        dialog.findChild(QLabel, "articleSource").text(),
    )


def test_R45_1_refused_form_shows_the_button_and_the_article(qtbot):
    from ui.widgets.form import FormDialog
    from ui.widgets.form_fields import FieldSpec

    def save(_values):
        raise violation("R45.1", "该发文的签批程序尚未完成，不能加盖政府印章。")

    dialog = FormDialog("用印申请", [FieldSpec("title", "事由")], save)
    qtbot.addWidget(dialog)
    dialog.show()
    assert finish(dialog.try_save()) is False
    box = error_box()
    assert box.text().startswith("依据《工作规则》第四十五条（R45.1）")
    ok = box.findChild(QPushButton, "errorOk")
    assert ok is not None and box.defaultButton() is ok
    article = article_window(qtbot, box)
    assert article.windowTitle() == "第四十五条"
    title, summary, text, source = parts(article)
    assert "第四十五条" in title
    assert summary.startswith("R45.1　")
    assert text == article_text("第四十五条")
    assert article.findChild(QPlainTextEdit, "articleText").isReadOnly()
    assert source == source_line()
    assert dialog.isVisible()  # and the form with what the clerk typed


def test_LOG_refusal_through_act_names_the_register_rule_in_words(qtbot):
    from PySide6.QtWidgets import QWidget

    from ui.widgets.actions import act

    parent = QWidget()
    qtbot.addWidget(parent)

    def refuse():
        raise violation("LOG", "该用印登记已作废，不能再次作废。")

    assert finish(act(parent, refuse, lambda _r: None)) is False
    box = error_box()
    assert box.text().startswith("依据用印登记簿规则（LOG）：")
    article = article_window(qtbot, box)
    assert article.windowTitle() == "用印登记簿规则"
    _title, summary, text, source = parts(article)
    assert summary.startswith("LOG　用印逐次登记")
    assert text.startswith("「用印登记簿规则」不是《同江市人民政府工作规则》的条文")
    assert source == ""


def test_a_plain_input_error_has_no_article_button(qtbot):
    from ui.errors import show_error

    box = show_error(None, ValidationError("请填写标题。"), "未保存")
    assert box.findChild(QPushButton, "showArticle") is None


def test_R4_refusal_from_a_pane_opens_article_four(qtbot, demo_ctx):
    """End to end: the directory pane refuses a second mayor (R4); 「查看条文」 shows 第四条."""
    from tests.ui.test_directory_pane import click, person_id, pick, show_tab
    from ui.panes.directory import DirectoryPane

    pane = DirectoryPane(demo_ctx)
    qtbot.addWidget(pane)
    show_tab(qtbot, pane, "appointments")
    dialog = click(pane, "appointments_add")
    pick(dialog.widgets["person_id"], person_id(demo_ctx, "陈立"))
    pick(dialog.widgets["post_code"], "mayor")
    pick(dialog.widgets["unit_id"], None)
    assert finish(dialog.try_save()) is False
    article = article_window(qtbot, error_box())
    assert article.windowTitle() == "第四条"
    assert parts(article)[2] == article_text("第四条")
