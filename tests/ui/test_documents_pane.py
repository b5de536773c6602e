"""The 公文 pane driven like a clerk would: register an incoming 请示 through the dialog, propose
and route it to the vice mayor in charge, see an empty opinion refused (R36) with the dialog and
its input kept, record a real one, chase and close it, and print the 收文登记簿."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtWidgets import QLabel

from tests.pdf_text import pdftotext
from tests.ui.conftest import choose, close_errors, finish, open_errors, wait_loaded, wait_ops

TITLE = "关于申请2027年农田水利建设资金的请示"


def pick(dialog, key: str, value) -> None:
    wait_ops()  # the form's pick lists are read through the runner
    combo = dialog.widgets[key]
    index = combo.findData(value)
    assert index >= 0, (key, value)
    combo.setCurrentIndex(index)


def set_date(dialog, key: str, day: date) -> None:
    from PySide6.QtCore import QDate

    dialog.widgets[key].setDate(QDate(day.year, day.month, day.day))


def select(qtbot, tab, predicate) -> None:
    tab.view.reload()
    wait_loaded(qtbot, tab.view)
    assert tab.view.select_where(predicate)
    # the detail reloads after a saved action: wait for that load, not the record shown before
    qtbot.waitUntil(
        lambda: (
            not tab.detail.loading
            and tab.detail.document is not None
            and bool(predicate(tab.detail.document))
        ),
        timeout=5000,
    )


def enabled(tab) -> set[str]:
    return {name for name, b in tab.buttons.items() if b.isEnabled()}


@pytest.fixture
def window(qtbot, demo_ctx):
    from ui.main_window import MainWindow

    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    return win


def register(tab, title: str = TITLE, nature: str = "request", doc_type: str = "请示"):
    dialog = tab.forms.register()
    dialog.widgets["received_at"].setDateTime(datetime(2026, 11, 26, 9, 30))
    dialog.widgets["sender"].setText("同江市农业农村局")
    dialog.widgets["sender_number"].setText("同农发〔2026〕12号")
    dialog.widgets["title"].setText(title)
    pick(dialog, "doc_type", doc_type)
    pick(dialog, "nature", nature)
    return dialog


def test_R32_R36_incoming_request_registered_routed_read_closed_and_printed(qtbot, window):
    pane = window.show_pane("公文")
    tab = pane.incoming
    # 1. register: the nature must be chosen, then it saves
    dialog = register(tab)
    dialog.widgets["nature"].setCurrentIndex(0)
    assert not finish(dialog.try_save())
    assert any("文件性质" in e for e in open_errors()), open_errors()
    close_errors()
    pick(dialog, "nature", "request")
    assert finish(dialog.try_save()), open_errors()
    select(qtbot, tab, lambda d: d.title == TITLE)
    doc = tab.current()
    assert (doc.number, doc.status_name) == ("收文〔2026〕1号", "待拟办")
    # R32: 作为信息处理 is offered from registration on (the way out besides 退文)
    assert enabled(tab) == {
        "returnIncoming",
        "proposeIncoming",
        "fileIncomingAsInformation",
        "voidIncoming",
    }
    assert "同农发〔2026〕12号" in tab.detail.text.toPlainText()

    # 2. the office's proposed handling, then routing to the vice mayor in charge
    dialog = tab.forms.propose()
    dialog.widgets["proposal"].setPlainText("呈孙立新副市长阅示。")
    assert finish(dialog.try_save()), open_errors()
    select(qtbot, tab, lambda d: d.title == TITLE and d.status == "proposed")
    assert "routeIncoming" in enabled(tab) and "readIncoming" not in enabled(tab)
    dialog = tab.forms.route()
    choose(dialog, "unit_id", "农业农村局")
    wait_ops()  # the suggestion is read through the runner
    text = dialog.findChild(QLabel, "routeHint").text()
    assert "分管副市长：孙立新" in text and "AB岗：赵文华" in text and "市长：李明远" in text
    assert dialog.widgets["leader_id"].currentText().startswith("孙立新")
    assert finish(dialog.try_save()), open_errors()
    select(qtbot, tab, lambda d: d.title == TITLE and d.status == "routed")
    assert tab.current().leader_name == "孙立新"
    assert enabled(tab) == {
        "routeIncoming",
        "readIncoming",
        "chaseIncoming",
        "closeIncoming",
        "voidIncoming",
    }

    # 3. R36: a 请示 needs an explicit opinion; the refusal keeps the dialog and its input
    dialog = tab.forms.record_reading()
    assert any("须明确签署意见" in w.text() for w in dialog.findChildren(QLabel))
    wait_ops()  # the form's pick list is read through the runner
    assert dialog.widgets["who"].currentText().startswith("孙立新")
    assert not finish(dialog.try_save())
    errors = open_errors()
    assert any("（R36）" in e and "第三十六条" in e and "须明确签署意见" in e for e in errors), (
        errors
    )
    close_errors()
    assert dialog.isVisible() and dialog.widgets["who"].currentText().startswith("孙立新")
    dialog.widgets["opinion"].setPlainText("同意，请财政局统筹安排。")
    assert finish(dialog.try_save()), open_errors()
    assert not dialog.isVisible()

    # 4. chase, then close with the archive reference
    select(qtbot, tab, lambda d: d.title == TITLE)
    dialog = tab.forms.chase()
    dialog.widgets["note"].setPlainText("电话催办")
    dialog.widgets["response"].setPlainText("本周内报送落实情况")
    assert finish(dialog.try_save()), open_errors()
    select(qtbot, tab, lambda d: d.title == TITLE)
    qtbot.waitUntil(lambda: tab.detail.chases.rowCount() == 1, timeout=5000)
    assert tab.detail.readings.rows == [("孙立新", date(2026, 11, 26), "同意，请财政局统筹安排。")]
    dialog = tab.forms.close()
    assert not finish(dialog.try_save())  # the result is required
    close_errors()
    dialog.widgets["result"].setPlainText("资金已列入2027年预算。")
    dialog.widgets["archive_ref"].setText("2026-永久-8")
    assert finish(dialog.try_save()), open_errors()
    select(qtbot, tab, lambda d: d.title == TITLE and d.status == "closed")
    assert enabled(tab) == {"voidIncoming"}
    detail = tab.detail.text.toPlainText()
    assert "资金已列入2027年预算。" in detail and "2026-永久-8" in detail

    # 5. the status filter finds it under 已办结 only
    tab.status.setCurrentIndex(tab.status.findData("closed"))
    wait_loaded(qtbot, tab.view)
    assert [d.title for d in tab.view.model.rows] == [TITLE]
    tab.status.setCurrentIndex(tab.status.findData("registered"))
    wait_loaded(qtbot, tab.view)
    assert tab.view.model.rows == []

    # 6. the 收文登记簿 for November, printed through the preview: the document is in it
    tab.status.setCurrentIndex(0)
    dialog = tab.output.print_register()
    set_date(dialog, "start", date(2026, 11, 1))
    set_date(dialog, "end", date(2026, 10, 31))
    assert not finish(dialog.try_save())  # the end before the start is refused, the dialog kept
    assert any("截止日期" in e for e in open_errors())
    close_errors()
    set_date(dialog, "end", date(2026, 11, 30))
    assert finish(dialog.try_save()), open_errors()
    qtbot.waitUntil(lambda: bool(tab.output.previews), timeout=30000)
    preview = tab.output.previews[-1]
    # -raw keeps the content order: a wrapped cell's lines follow each other
    text = pdftotext(preview.pdf, "-raw")
    flat = "".join(text.split())
    assert "收文登记簿" in flat and "收文〔2026〕1号" in flat
    assert "同江市农业农村局" in flat and "同农发〔2026〕12号" in flat
    assert "农田水利建设资金" in flat and "2026-永久-8" in flat
    assert "同意，请财政局统筹安排。" in flat  # the vice mayor's instruction
    preview.close()
