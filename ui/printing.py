"""Print a PDF on a QPrinter exactly as it was laid out: PDFium (QtPdf) renders every page at the
printer's resolution and the image is painted full-page — Qt lays nothing out again, so a page
prints like its preview, GB/T 9704 margins included.

A page is rendered and painted in horizontal bands of a few megabytes: memory stays bounded at
any resolution (an A4 page at 1200 dpi is 9921 × 14031 pixels, 557 MB in one piece), and each
QPainter.drawImage call — which holds Python's GIL while the print engine compresses the image —
stays short, so the GUI thread's Python code keeps running. QPdfDocument and QPainter on a
QPrinter work in any thread; `print_pdf_async` runs the job through `ui.worker.run`, with
progress delivered to the GUI thread by a signal.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QMarginsF,
    QObject,
    QRect,
    QSize,
    QSizeF,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QImage, QImageWriter, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPrintSupport import QPrinter

from db.errors import FubanError
from ui import worker

log = logging.getLogger("fuban.ui.printing")

BAND_BYTES = 4 * 1024 * 1024  # one rendered band at most (32-bit pixels): ~10 ms to paint


FONT_NOTE_PREFIX = "字体替代："


def font_notes(fonts) -> list[str]:
    """Status-bar notes for a desktop_app.printing.fonts.FontSet: one per role that fell back."""
    return [FONT_NOTE_PREFIX + f.note for f in fonts.fallbacks]


def notes_line(notes: Iterable[str]) -> str:
    """Each distinct note once; font notes share one 「字体替代：」 prefix."""
    unique = list(dict.fromkeys(n.strip() for n in notes if n.strip()))
    fonts = [n.removeprefix(FONT_NOTE_PREFIX) for n in unique if n.startswith(FONT_NOTE_PREFIX)]
    others = [n for n in unique if not n.startswith(FONT_NOTE_PREFIX)]
    parts = ([FONT_NOTE_PREFIX + "；".join(fonts)] if fonts else []) + others
    return "　　".join(parts)


class PrintCancelled(FubanError):
    """The clerk cancelled; the job was aborted and nothing (more) reaches the printer."""

    def __init__(self, printed: int):
        super().__init__(f"打印已取消（已处理 {printed} 页）。")
        self.printed = printed


def printer_label(printer: QPrinter) -> str:
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
        return printer.outputFileName() or "PDF 文件"
    return printer.printerName() or "默认打印机"


def load_document(pdf: bytes) -> tuple[QPdfDocument, QBuffer]:
    """Load PDF bytes into a QPdfDocument owned by the calling thread. Keep the returned buffer
    alive as long as the document: PDFium reads from it lazily."""
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    doc = QPdfDocument()
    doc.load(buffer)  # synchronous for a device that holds all the data
    if doc.status() != QPdfDocument.Status.Ready or doc.pageCount() < 1:
        raise FubanError(f"无法读取要打印的 PDF（{doc.error().name}），请重新生成后再试。")
    return doc, buffer


def page_sequence(printer: QPrinter, page_count: int) -> list[int]:
    """0-based page indices in print order: the printer's from/to range (if set), copies the
    printer does not make itself, collation and last-page-first."""
    first, last = 1, page_count
    if printer.fromPage() > 0:
        first = max(1, printer.fromPage())
        last = min(page_count, printer.toPage() or page_count)
    pages = list(range(first - 1, last))
    if printer.pageOrder() == QPrinter.PageOrder.LastPageFirst:
        pages.reverse()
    copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
    if printer.collateCopies():
        return pages * copies
    return [p for p in pages for _ in range(copies)]


def apply_page_layout(printer: QPrinter, size_pt: QSizeF) -> None:
    """Paper and orientation of the PDF page, no margins: the PDF carries its own."""
    portrait = QSizeF(
        min(size_pt.width(), size_pt.height()), max(size_pt.width(), size_pt.height())
    )
    orientation = (
        QPageLayout.Orientation.Landscape
        if size_pt.width() > size_pt.height()
        else QPageLayout.Orientation.Portrait
    )
    size = QPageSize(portrait, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    layout = QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
    layout.setMode(QPageLayout.Mode.FullPageMode)
    if not printer.setPageLayout(layout):
        log.warning("printer %s refused page layout %s", printer_label(printer), size.name())


def render_band(doc: QPdfDocument, page: int, scaled: QSize, top: int, height: int) -> QImage:
    """Rows [top, top + height) of the page rendered at `scaled` size, composed on white."""
    options = QPdfDocumentRenderOptions()
    options.setScaledSize(scaled)
    # QtPdf maps the clip with right()/bottom(), which are one less than left + width: a clip one
    # pixel larger keeps the scale exact, so bands join without a seam (tested).
    options.setScaledClipRect(QRect(0, top, scaled.width() + 1, height + 1))
    rendered = doc.render(page, QSize(scaled.width(), height), options)
    if rendered.isNull():
        raise FubanError(f"第 {page + 1} 页无法渲染（内存不足？），请降低打印分辨率后重试。")
    band = QImage(rendered.size(), QImage.Format.Format_RGB32)
    band.fill(Qt.GlobalColor.white)  # PDFium leaves the paper transparent
    painter = QPainter(band)
    painter.drawImage(0, 0, rendered)
    painter.end()
    return band


def _paint_page(
    painter: QPainter,
    printer: QPrinter,
    doc: QPdfDocument,
    page: int,
    cancelled: Callable[[], bool],
) -> bool:
    full = printer.pageLayout().fullRectPixels(printer.resolution())
    scaled = full.size()
    band_rows = max(1, BAND_BYTES // (4 * max(1, scaled.width())))
    for top in range(0, scaled.height(), band_rows):
        if cancelled():
            return False
        height = min(band_rows, scaled.height() - top)
        painter.drawImage(
            QRect(0, top, scaled.width(), height), render_band(doc, page, scaled, top, height)
        )
    return True


def print_pdf(
    pdf: bytes,
    printer: QPrinter,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Print every page (or the printer's from/to range); return the number of pages sent.

    Raises FubanError (Chinese) when the PDF cannot be read or the printer fails, and
    PrintCancelled when `cancelled()` turns true (the job is aborted, not half-printed)."""
    is_cancelled = cancelled or (lambda: False)
    doc, _buffer = load_document(pdf)
    pages = page_sequence(printer, doc.pageCount())
    if not pages:
        raise FubanError(f"所选页码范围内没有可打印的页（文件共 {doc.pageCount()} 页）。")
    printer.setFullPage(True)  # the painter's origin is the paper's corner
    apply_page_layout(printer, doc.pagePointSize(pages[0]))
    painter = QPainter()
    if not painter.begin(printer):
        raise FubanError(
            f"打印机无法开始打印：{printer_label(printer)}。请检查打印机是否已连接、"
            "已开机，或在打印对话框中换一台打印机。"
        )
    # Text as JPEG blurs; on PDF-based print paths (CUPS, PDF file) keep pages lossless (Flate).
    painter.setRenderHint(QPainter.RenderHint.LosslessImageRendering)
    printed = 0
    try:
        if progress:
            progress(0, len(pages))
        for i, page in enumerate(pages):
            if i > 0:
                size = doc.pagePointSize(page)
                if size != doc.pagePointSize(pages[i - 1]):
                    apply_page_layout(printer, size)  # takes effect on the new page
                if not printer.newPage():
                    raise FubanError(
                        f"打印机在第 {printed + 1} 页处停止：{printer_label(printer)}。"
                    )
            if not _paint_page(painter, printer, doc, page, is_cancelled):
                printer.abort()
                raise PrintCancelled(printed)
            printed += 1
            if progress:
                progress(printed, len(pages))
    except BaseException:
        if painter.isActive():
            painter.end()
        raise
    if not painter.end() or printer.printerState() == QPrinter.PrinterState.Error:
        raise FubanError(f"打印作业未能交给打印机：{printer_label(printer)}。")
    log.info(
        "printed %d page(s) on %s at %d dpi", printed, printer_label(printer), printer.resolution()
    )
    return printed


class _Progress(QObject):
    """Lives in the GUI thread; the worker emits, the slot runs in the GUI thread."""

    changed = Signal(int, int)

    def __init__(self, on_progress: Callable[[int, int], None]):
        super().__init__()
        self._on_progress = on_progress
        self.changed.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @Slot(int, int)
    def _deliver(self, done: int, total: int) -> None:
        self._on_progress(done, total)


def load_image_plugins() -> None:
    """Load Qt's image-format plugins in the GUI thread, before a print job starts.

    The PDF print engine (PDF files, and CUPS, which is fed PDF) lists the image writers for
    every image. Loaded from a worker — which holds Python's GIL inside QPainter.drawImage —
    each plugin object is moved to the GUI thread under a Qt lock that the GUI thread may hold
    while it waits for the GIL: a deadlock (seen in the tests). Loaded here, the worker finds the
    plugins in place and takes no such lock; the first job also starts a second sooner."""
    QImageWriter.supportedImageFormats()


def print_pdf_async(
    pdf: bytes,
    printer: QPrinter,
    on_progress: Callable[[int, int], None],
    on_done: Callable[[int], None],
    on_error: Callable[[BaseException], None],
    cancelled: Callable[[], bool] | None = None,
) -> None:
    """Run print_pdf off the GUI thread. Callbacks run in the GUI thread; progress arrives before
    on_done. Do not touch `printer` until on_done or on_error has been called."""
    load_image_plugins()
    relay = _Progress(on_progress)

    def job() -> int:
        return print_pdf(pdf, printer, relay.changed.emit, cancelled)

    def done(pages: int) -> None:
        relay.deleteLater()
        on_done(pages)

    def failed(exc: BaseException) -> None:
        relay.deleteLater()
        on_error(exc)

    worker.run(job, done, failed)
