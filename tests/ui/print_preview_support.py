"""Shared set-up of the print preview and print path tests (no tests here): a register-like PDF
(`make_pdf`), a PDF-file QPrinter, and pages rendered and compared as gray pixels. The
real-printer and dialog-size tests use them too (through test_print_preview.py)."""

from __future__ import annotations

import io

TITLES = [
    "关于做好防汛工作的通知",
    "关于印发2018年工作要点的通知",
    "市政府常务会议纪要",
    "关于调整领导分工的决定",
    "关于加强公文处理工作的意见",
]


def make_pdf(pages: int, sizes: list[tuple[float, float]] | None = None) -> bytes:
    """A register-like PDF: a Chinese page label, ruled lines of Chinese text, a red mark."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from desktop_app.printing.fonts import load_fonts

    font = load_fonts().name("fangsong")
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    for i in range(pages):
        w, h = sizes[i] if sizes else A4
        c.setPageSize((w, h))
        c.setFont(font, 26)
        c.drawCentredString(w / 2, h - 110, f"收文登记簿 第 {i + 1} 页")
        c.setFont(font, 14)
        for row in range(24):
            y = h - 170 - row * 24
            c.line(60, y - 6, w - 60, y - 6)
            title = TITLES[(i + row) % len(TITLES)]  # each page's rows differ from the next's
            c.drawString(70, y, f"{row + 1:02d}　同政发〔2018〕{i * 24 + row + 1}号　{title}")
        c.setFillColorRGB(0.75, 0.1, 0.1)  # a red mark, like a seal line: colour must survive
        c.rect(w - 160, 50, 90, 30, fill=1, stroke=0)
        c.setFillColorRGB(0, 0, 0)
        c.showPage()
    c.save()
    return out.getvalue()


def pdf_printer(path, dpi: int = 300):
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setResolution(dpi)
    return printer


def gray_pixels(image, width: int = 150, height: int = 212):
    """An image scaled to width × height, as a 2-D numpy array of gray levels (0 black)."""
    import numpy as np
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    small = image.scaled(
        width,
        height,
        Qt.AspectRatioMode.IgnoreAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )
    small = small.convertToFormat(QImage.Format.Format_Grayscale8)
    bits = np.frombuffer(small.constBits(), np.uint8)
    return bits.reshape(small.height(), small.bytesPerLine())[:, : small.width()].astype(float)


def render_page(pdf: bytes, page: int, dpi: int = 150):
    """One page rendered on white (what a sheet of paper shows)."""
    from ui.printing import load_document, render_band

    doc, _buffer = load_document(pdf)
    size = (doc.pagePointSize(page) * dpi / 72).toSize()
    return render_band(doc, page, size, 0, size.height())


def page_difference(pdf_a: bytes, page_a: int, pdf_b: bytes, page_b: int) -> float:
    """Mean absolute gray difference (0–255) of two pages, rendered at 150 dpi and compared at
    150 × 212 pixels — coarse enough to ignore resampling, fine enough to see a page number."""
    return float(
        abs(
            gray_pixels(render_page(pdf_a, page_a)) - gray_pixels(render_page(pdf_b, page_b))
        ).mean()
    )
