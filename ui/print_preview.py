"""The print preview: a PDF shown with QtPdf, printed through Qt's print dialog (ui.printing, off
the GUI thread), saved as a file. Dialogs stay in the button handlers; `print_to` and `save_to`
are what they call, so tests take the same path without a dialog. Usage, with font_notes from
ui.printing: `PrintPreview(pdf, "收文登记簿", "收文登记簿.pdf", font_notes(fonts), parent=w).show()`"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QPointF,
    QSize,
    QStandardPaths,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QMainWindow,
    QProgressDialog,
    QSizePolicy,
    QSpinBox,
    QToolBar,
    QWidget,
)

from db.errors import FubanError
from ui.errors import show_error
from ui.printing import PrintCancelled, notes_line, print_pdf_async, printer_label
from ui.widgets import screen_fit

log = logging.getLogger("fuban.ui.preview")

ZOOM_STEP = 1.25
ZOOM_MIN, ZOOM_MAX = 0.1, 8.0


class PrintPreview(QMainWindow):
    printed = Signal(int)  # pages sent to the printer
    print_failed = Signal(object)  # the exception (PrintCancelled when the clerk cancelled)

    def __init__(
        self,
        pdf: bytes,
        title: str,
        suggested_name: str,
        notes: Sequence[str] = (),
        parent: QWidget | None = None,
        copy_numbers: Sequence[str] = (),
    ):
        """`copy_numbers`: the 份号 of the copies the PDF holds (R44) — the printer is then not
        allowed to make copies of its own: each sheet must carry a number of its own."""
        super().__init__(parent)
        self.setObjectName("printPreview")
        self.setWindowTitle(f"打印预览 — {title}")
        # A page and a half at a readable size, but never past the screen's available area
        # (a 1366×768 laptop leaves about 728 px).
        self.resize(screen_fit.fitted(self, QSize(900, 1000)))
        self.pdf = bytes(pdf)
        self.title = title
        self.suggested_name = suggested_name
        self.notes = list(dict.fromkeys(notes))
        self.copy_numbers = list(copy_numbers)
        self._printer: QPrinter | None = None  # made on first use: it asks CUPS/Windows
        self.is_printing = False
        self._cancel = threading.Event()
        self._progress: QProgressDialog | None = None

        self._buffer = QBuffer(self)  # QtPdf reads from it lazily: keep it as long as the view
        self._buffer.setData(QByteArray(self.pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setDocument(self.document)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.setCentralWidget(self.view)
        self._build_toolbar()
        self._build_status_bar()
        self.view.pageNavigator().currentPageChanged.connect(self._page_changed)
        # The fitted zoom is known once the view has laid the pages out; the scroll range follows.
        for signal in (
            self.view.zoomFactorChanged,
            self.view.zoomModeChanged,
            self.view.verticalScrollBar().rangeChanged,
            self.view.horizontalScrollBar().rangeChanged,
        ):
            signal.connect(self._update_zoom_label)
        self._page_changed(self.current_page())
        if self.document.status() != QPdfDocument.Status.Ready:
            self.print_action.setEnabled(False)
            self.job_label.setText("无法显示此 PDF，仍可另存为文件。")

    # ---- building -------------------------------------------------------------------------
    def _action(self, bar: QToolBar, name: str, text: str, slot, keys=None) -> QAction:
        action = bar.addAction(text)
        action.setObjectName(name)
        if keys is not None:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        return action

    def _label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setContentsMargins(6, 0, 6, 0)
        return label

    def _build_toolbar(self) -> None:
        bar = self.addToolBar("打印预览")
        bar.setObjectName("previewToolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        key = QKeySequence.StandardKey
        self.print_action = self._action(
            bar, "printAction", "打印…", self._print_clicked, key.Print
        )
        self.save_action = self._action(
            bar, "saveAction", "另存为 PDF…", self._save_clicked, key.Save
        )
        bar.addSeparator()
        self.prev_action = self._action(
            bar, "prevPage", "上一页", self.previous_page, Qt.Key.Key_PageUp
        )
        self.next_action = self._action(
            bar, "nextPage", "下一页", self.next_page, Qt.Key.Key_PageDown
        )
        self.page_spin = QSpinBox(self)
        self.page_spin.setObjectName("pageSpin")
        self.page_spin.setRange(1, max(1, self.page_count()))
        self.page_spin.setAccessibleName("页码")
        self.page_spin.valueChanged.connect(lambda v: self.go_to_page(v - 1))
        bar.addWidget(self.page_spin)
        self.page_label = self._label("pageLabel")
        bar.addWidget(self.page_label)
        bar.addSeparator()
        self._action(bar, "zoomOut", "缩小", self.zoom_out, key.ZoomOut)
        self._action(bar, "zoomIn", "放大", self.zoom_in, key.ZoomIn)
        self._action(bar, "fitWidth", "适合宽度", self.fit_width)
        self._action(bar, "fitPage", "整页", self.fit_page)
        self.zoom_label = self._label("zoomLabel")
        bar.addWidget(self.zoom_label)

    def _build_status_bar(self) -> None:
        self.notes_label = self._label("previewNotes")
        self.notes_label.setText(notes_line(self.notes))
        self.notes_label.setToolTip("\n".join(self.notes))
        # A long line is clipped instead of forcing the window wider.
        self.notes_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.statusBar().addWidget(self.notes_label, 1)
        self.job_label = self._label("printStatus")
        self.statusBar().addPermanentWidget(self.job_label)

    # ---- pages and zoom ---------------------------------------------------------------------
    def page_count(self) -> int:
        return self.document.pageCount()

    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def go_to_page(self, page: int) -> None:
        if 0 <= page < self.page_count() and page != self.current_page():
            self.view.pageNavigator().jump(page, QPointF(), self.view.zoomFactor())

    def next_page(self) -> None:
        self.go_to_page(self.current_page() + 1)

    def previous_page(self) -> None:
        self.go_to_page(self.current_page() - 1)

    def _page_changed(self, page: int) -> None:
        count = self.page_count()
        self.page_label.setText(f"第 {page + 1} 页 共 {count} 页")
        self.page_spin.blockSignals(True)
        self.page_spin.setValue(page + 1)
        self.page_spin.blockSignals(False)
        self.prev_action.setEnabled(page > 0)
        self.next_action.setEnabled(page < count - 1)

    def effective_zoom(self) -> float:
        """The zoom on screen; QPdfView keeps zoomFactor at its last custom value in fit modes."""
        mode = self.view.zoomMode()
        if mode == QPdfView.ZoomMode.Custom or self.page_count() == 0:
            return self.view.zoomFactor()
        page = self.document.pagePointSize(max(0, self.current_page()))
        scale = self.view.logicalDpiX() / 72
        margins = self.view.documentMargins()
        viewport = self.view.viewport().size()
        width = (viewport.width() - margins.left() - margins.right()) / (page.width() * scale)
        if mode == QPdfView.ZoomMode.FitToWidth:
            return max(ZOOM_MIN, width)
        height = (viewport.height() - margins.top() - margins.bottom()) / (page.height() * scale)
        return max(ZOOM_MIN, min(width, height))

    def set_zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(min(ZOOM_MAX, max(ZOOM_MIN, factor)))

    def zoom_in(self) -> None:
        self.set_zoom(self.effective_zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.effective_zoom() / ZOOM_STEP)

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def fit_page(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)

    def _update_zoom_label(self, *_args) -> None:
        self.zoom_label.setText(f"{round(self.effective_zoom() * 100)}%")

    # ---- printing ---------------------------------------------------------------------------
    @property
    def printer(self) -> QPrinter:
        """The printer the 「打印…」 dialog edits; kept, so the next print starts from it."""
        if self._printer is None:
            self._printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            self._printer.setDocName(self.title)
        return self._printer

    def _print_clicked(self) -> None:
        if self.is_printing:
            return
        if self.copy_numbers:
            self.printer.setCopyCount(1)  # the PDF holds the copies, each with its 份号
        dialog = QPrintDialog(self.printer, self)
        dialog.setObjectName("printDialog")
        dialog.setWindowTitle("打印")
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setMinMax(1, max(1, self.page_count()))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda *_: self.print_to(self.printer))
        QDialog.open(dialog)  # window-modal, not blocking; PySide's QPrintDialog.open wants a slot

    def print_to(self, printer: QPrinter) -> None:
        """Print the PDF on `printer` off the GUI thread; `printed` or `print_failed` follows."""
        if self.is_printing:
            return
        if self.copy_numbers and printer.copyCount() > 1:
            self._refuse_copies(printer.copyCount())
            return
        self.is_printing = True
        self._cancel.clear()
        self.print_action.setEnabled(False)
        self._printer_name = printer_label(printer)
        self._progress = progress = QProgressDialog("正在准备打印…", "取消", 0, 1, self)
        progress.setObjectName("printProgress")
        progress.setWindowTitle("打印")
        progress.setWindowModality(Qt.WindowModality.NonModal)  # the preview stays usable
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.canceled.connect(self._cancel.set)
        progress.show()
        self.job_label.setText(f"正在打印到「{self._printer_name}」…")
        print_pdf_async(
            self.pdf,
            printer,
            self._on_progress,
            self._on_printed,
            self._on_print_error,
            self._cancel.is_set,
        )

    def _refuse_copies(self, asked: int) -> None:
        """R44: N sheets of a numbered PDF from the printer would all carry the same 份号."""
        first, last = self.copy_numbers[0], self.copy_numbers[-1]
        numbers = first if first == last else f"{first}—{last}"
        exc = FubanError(
            f"此文件共{len(self.copy_numbers)}份，每份印有自己的份号（{numbers}），打印机不能再"
            f"复印{asked}份（同一份号会出现在几份上）。请在打印对话框中把份数改为 1 后再打印；"
            "需要更多份时，请关闭预览，重新打印并填写份数，份号接着往后编。"
        )
        self.job_label.setText("未打印：打印份数须为 1")
        show_error(self, exc, "无法打印")
        self.print_failed.emit(exc)

    def _on_progress(self, done: int, total: int) -> None:
        if self._progress is not None:
            self._progress.setMaximum(total)
            self._progress.setValue(done)
            self._progress.setLabelText(
                f"正在打印 第 {done + 1}/{total} 页" if done < total else "正在交给打印机…"
            )

    def _finish_job(self) -> None:
        self.is_printing = False
        self.print_action.setEnabled(self.document.status() == QPdfDocument.Status.Ready)
        if self._progress is not None:
            self._progress.close()
            self._progress.deleteLater()
            self._progress = None

    def _on_printed(self, pages: int) -> None:
        self._finish_job()
        self.job_label.setText(f"已发送到「{self._printer_name}」：共 {pages} 页")
        self.printed.emit(pages)

    def _on_print_error(self, exc: BaseException) -> None:
        self._finish_job()
        if isinstance(exc, PrintCancelled):
            self.job_label.setText("打印已取消")
        else:
            self.job_label.setText("打印未完成")
            show_error(self, exc, "无法打印")
        self.print_failed.emit(exc)

    # ---- saving -----------------------------------------------------------------------------
    def default_save_path(self) -> str:
        documents = QStandardPaths.StandardLocation.DocumentsLocation
        folder = QStandardPaths.writableLocation(documents) or str(Path.home())
        name = self.suggested_name.removesuffix(".pdf").removesuffix(".PDF") + ".pdf"
        return str(Path(folder) / name)

    def _save_clicked(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, "另存为 PDF", self.default_save_path(), "PDF 文件 (*.pdf)"
        )
        if path:
            self.save_to(path)

    def save_to(self, path: str | os.PathLike[str]) -> bool:
        """Write the PDF bytes (all or nothing: a temporary file, then a rename)."""
        target = Path(path)
        partial = target.with_name(target.name + ".part")
        try:
            partial.write_bytes(self.pdf)
            os.replace(partial, target)
        except OSError as exc:
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)
            log.warning("cannot save PDF to %s: %s", target, exc)
            show_error(
                self,
                FubanError(
                    f"无法保存 PDF 文件：{target}\n{exc.strerror or exc}。"
                    "请换一个文件夹或文件名再试。"
                ),
                "无法保存",
            )
            return False
        self.job_label.setText(f"已保存：{target}")
        return True
