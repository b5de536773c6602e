"""The print preview (ui.print_preview): pages, zoom, saving, notes, printing from it (to a
PDF-file QPrinter, cancelled, through the print dialog, failing), a screenshot of the window, and
the previews the panes keep open. The print path without the window (ui.printing):
test_print_pdf.py."""

from __future__ import annotations

import pytest

from tests.ui.conftest import close_errors, open_errors
from tests.ui.print_preview_support import (
    gray_pixels,
    make_pdf,
    page_difference,  # noqa: F401 - test_real_printer.py imports it from here
    pdf_printer,
    render_page,  # noqa: F401 - test_real_printer.py imports it from here
)

FONT_NOTE = "字体替代：仿宋：gbsn00lp.ttf（随软件附带），替代字体"


@pytest.fixture
def preview(qtbot):
    from ui.print_preview import PrintPreview

    def make(pages: int = 5, notes=(), **kw):
        win = PrintPreview(make_pdf(pages, **kw), "收文登记簿", "收文登记簿.pdf", list(notes))
        qtbot.addWidget(win)
        win.show()
        qtbot.waitExposed(win)
        return win

    return make


def test_page_label_and_navigation(preview, qtbot):
    win = preview(5)
    assert win.page_count() == 5
    assert win.page_label.text() == "第 1 页 共 5 页"
    assert not win.prev_action.isEnabled() and win.next_action.isEnabled()
    win.next_action.trigger()
    qtbot.waitUntil(lambda: win.current_page() == 1)
    assert win.page_label.text() == "第 2 页 共 5 页" and win.page_spin.value() == 2
    win.prev_action.trigger()
    qtbot.waitUntil(lambda: win.current_page() == 0)
    win.page_spin.setValue(5)
    qtbot.waitUntil(lambda: win.current_page() == 4)
    assert win.page_label.text() == "第 5 页 共 5 页"
    assert win.prev_action.isEnabled() and not win.next_action.isEnabled()


def test_zoom_in_out_and_fit(preview):
    from PySide6.QtPdfWidgets import QPdfView

    win = preview(2)
    assert win.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    fitted = win.effective_zoom()
    win.findChild(type(win.print_action), "zoomIn").trigger()
    assert win.view.zoomMode() == QPdfView.ZoomMode.Custom
    assert win.view.zoomFactor() == pytest.approx(fitted * 1.25)
    win.zoom_out()
    win.zoom_out()
    assert win.view.zoomFactor() == pytest.approx(fitted / 1.25)
    assert win.zoom_label.text() == f"{round(fitted / 1.25 * 100)}%"
    win.fit_page()
    assert win.view.zoomMode() == QPdfView.ZoomMode.FitInView
    assert win.effective_zoom() < fitted  # a whole A4 page in a 900 × 1000 window is smaller


def test_save_to_writes_identical_bytes(preview, tmp_path):
    win = preview(3)
    target = tmp_path / "另存" / "收文登记簿.pdf"
    target.parent.mkdir()
    assert win.save_to(target) is True
    assert target.read_bytes() == win.pdf
    assert not list(target.parent.glob("*.part"))
    assert win.default_save_path().endswith("收文登记簿.pdf")


def test_save_to_bad_path_shows_error(preview, tmp_path):
    win = preview(1)
    assert win.save_to(tmp_path / "没有这个文件夹" / "x.pdf") is False
    errors = open_errors()
    assert len(errors) == 1 and "无法保存 PDF 文件" in errors[0]
    close_errors()
    assert win.isVisible() and win.page_count() == 1


def test_notes_shown_once_in_status_bar(preview):
    other = "字体替代：黑体：wqy-microhei.ttc（随软件附带），替代字体"
    win = preview(1, notes=[FONT_NOTE, FONT_NOTE, other])
    text = win.notes_label.text()
    assert text.count("仿宋：gbsn00lp.ttf（随软件附带），替代字体") == 1
    assert "黑体：wqy-microhei.ttc" in text and text.count("字体替代：") == 1
    assert win.notes_label.toolTip().splitlines() == [FONT_NOTE, other]
    assert win.notes_label.isVisible()


def test_preview_print_to_and_cancel(preview, qtbot, tmp_path):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QProgressDialog, QPushButton

    from ui.printing import PrintCancelled

    win = preview(3)
    with qtbot.waitSignal(win.printed, timeout=60_000) as done:
        win.print_to(pdf_printer(tmp_path / "p.pdf", 150))
        assert win.is_printing and not win.print_action.isEnabled()
        assert win.findChild(QProgressDialog, "printProgress").isVisible()
    assert done.args == [3] and "共 3 页" in win.job_label.text()
    assert win.print_action.isEnabled() and not win.is_printing
    assert not any(d.isVisible() for d in win.findChildren(QProgressDialog))

    win = preview(20)
    with qtbot.waitSignal(win.print_failed, timeout=60_000) as failed:
        win.print_to(pdf_printer(tmp_path / "c.pdf", 300))
        progress = win.findChild(QProgressDialog, "printProgress")
        assert progress.labelText().startswith("正在")
        qtbot.mouseClick(progress.findChild(QPushButton), Qt.MouseButton.LeftButton)
    assert isinstance(failed.args[0], PrintCancelled)
    assert win.job_label.text() == "打印已取消" and open_errors() == []


def test_print_button_opens_chinese_print_dialog(preview, qtbot, monkeypatch):
    """「打印…」 opens Qt's print dialog (Chinese with the app's zh_CN translator) without blocking;
    accepting it hands the dialog's printer to print_to — the path the other tests call."""
    from PySide6.QtCore import QLibraryInfo, QTranslator
    from PySide6.QtPrintSupport import QPrintDialog
    from PySide6.QtWidgets import QApplication, QPushButton

    translator = QTranslator()
    assert translator.load(
        "qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    )
    QApplication.installTranslator(translator)
    try:
        win = preview(2)
        sent = []
        monkeypatch.setattr(win, "print_to", sent.append)
        win.print_action.trigger()  # returns at once: the dialog is window-modal, not exec()'d
        dialog = win.findChild(QPrintDialog, "printDialog")
        qtbot.waitUntil(dialog.isVisible)
        assert dialog.windowTitle() == "打印"
        assert {"打印(&P)", "取消"} <= {b.text() for b in dialog.findChildren(QPushButton)}
        dialog.accept()
        assert sent == [win.printer]
    finally:
        QApplication.removeTranslator(translator)


def test_preview_print_error_shows_dialog(preview, qtbot, tmp_path):
    win = preview(1)
    with qtbot.waitSignal(win.print_failed, timeout=30_000):
        win.print_to(pdf_printer(tmp_path / "没有这个文件夹" / "p.pdf"))
    errors = open_errors()
    assert len(errors) == 1 and "打印机无法开始打印" in errors[0]
    close_errors()
    assert win.print_action.isEnabled()


def test_screenshot_of_preview(preview, qtbot, tmp_path):
    """Saved as an artefact (tmp_path/preview.png): toolbar, a rendered page, the status line."""
    win = preview(3, notes=[FONT_NOTE, "字体替代：黑体：wqy-microhei.ttc（随软件附带），替代字体"])
    win.resize(900, 1000)
    win.next_page()

    def page_drawn() -> bool:
        img = win.view.viewport().grab().toImage()
        return gray_pixels(img, 200, 200).min() < 100  # dark pixels: text has been rendered

    qtbot.waitUntil(page_drawn, timeout=10_000)
    shot = win.grab()
    path = tmp_path / "preview.png"
    assert shot.save(str(path))
    print(f"\npreview screenshot: {path}")
    assert shot.width() >= 900 and path.stat().st_size > 10_000


def test_a_closed_preview_is_let_go_and_an_open_one_kept(qtbot):
    """Previews opened from the panes stay open after the call that opened them, and a preview
    the clerk closes is dropped with its PDF (a day of printing must not pile up in memory)."""
    from types import SimpleNamespace

    from PySide6.QtWidgets import QWidget

    from tests.ui.conftest import new_previews, open_previews
    from ui.panes import meeting_print

    parent = QWidget()
    qtbot.addWidget(parent)
    before = open_previews()
    result = SimpleNamespace(pdf=make_pdf(1), notes=[])
    first = meeting_print.show_preview(parent, result, "收文登记簿")
    second = meeting_print.show_preview(parent, result, "发文登记簿")
    assert new_previews(before) == [first, second]
    first.close()
    qtbot.waitUntil(lambda: new_previews(before) == [second], timeout=5000)
    second.close()
    qtbot.waitUntil(lambda: new_previews(before) == [], timeout=5000)
