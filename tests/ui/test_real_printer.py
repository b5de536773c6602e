"""A real printer: the CUPS virtual printer "FubanPDF" (cups-pdf, added by .ci/cups-setup) gets a
3-page Chinese register through PrintPreview.print_to — the code behind 「打印…」 once the print
dialog is accepted — and the file the printer writes is checked.

What is verified, and what is not: the app prints pages as images rendered at the printer's
resolution, so the printed file has no extractable text (asserted below, so a change to vector
printing is noticed). The test checks that
  1. CUPS accepts the job and cups-pdf writes a PDF with exactly 3 A4 pages;
  2. each printed page, rendered at 150 dpi, matches its own source page (mean gray difference at
     150 × 212 px below 4 of 255) and is clearly closer to it than to another page — so page
     numbers and lines came out in the right order;
  3. where the source page has its Chinese heading 「收文登记簿 第 N 页」 (glyph boxes from
     pdfplumber), the printed page has ink of the same amount and shape: same ink coverage within
     30 %, mean gray difference below 15, ink correlation above 0.85 (measured 0.95; a region with
     other Chinese text scores about 0); a blank region of the source stays blank.
It does not read the glyphs back (no OCR): "the Chinese text is there" means these pixels match.

Without the printer the test is skipped with the reason; FUBAN_REQUIRE_PRINTER=1 makes that a
failure (CI sets it after running .ci/cups-setup).
"""

from __future__ import annotations

import getpass
import os
import re
import time
import uuid
from pathlib import Path

import pytest

from tests.ui.test_print_preview import make_pdf, page_difference, render_page

PRINTER = "FubanPDF"
CUPS_PDF_CONF = Path("/etc/cups/cups-pdf.conf")
WAIT_SECONDS = 90  # measured here: ~20 s for 3 pages at the printer's 1200 dpi


def printer_or_skip() -> None:
    from PySide6.QtPrintSupport import QPrinterInfo

    if PRINTER in QPrinterInfo.availablePrinterNames():
        return
    reason = (
        f"printer {PRINTER!r} is not set up (found: {QPrinterInfo.availablePrinterNames()});"
        " run .ci/cups-setup as root to add the cups-pdf virtual printer"
    )
    if os.environ.get("FUBAN_REQUIRE_PRINTER") == "1":
        pytest.fail(f"FUBAN_REQUIRE_PRINTER=1 but {reason}")
    pytest.skip(reason)


def cups_pdf_folder() -> Path:
    """Where cups-pdf writes this user's jobs: $FUBAN_CUPS_PDF_OUT, else the `Out` setting."""
    if os.environ.get("FUBAN_CUPS_PDF_OUT"):
        return Path(os.environ["FUBAN_CUPS_PDF_OUT"])
    user = getpass.getuser()
    out = "/var/spool/cups-pdf/${USER}"  # .ci/cups-setup's value, also cups-pdf's documented one
    if CUPS_PDF_CONF.is_file():
        for line in CUPS_PDF_CONF.read_text(encoding="utf-8", errors="replace").splitlines():
            match = re.match(r"\s*Out\s+(\S+)", line)
            if match:
                out = match.group(1)
    return Path(out.replace("${USER}", user).replace("${HOME}", str(Path.home())))


def wait_for_printed_file(folder: Path, token: str, before: set[Path]) -> Path:
    """The new PDF whose name carries the job title, once cups-pdf has finished writing it."""
    import pdfplumber

    deadline = time.monotonic() + WAIT_SECONDS
    last_size = -1
    while time.monotonic() < deadline:
        new = [p for p in folder.glob("*.pdf") if p not in before] if folder.is_dir() else []
        mine = [p for p in new if token in p.name] or new
        if mine:
            path = max(mine, key=lambda p: p.stat().st_mtime)
            size = path.stat().st_size
            if size > 0 and size == last_size:  # unchanged for a poll interval: written
                try:
                    with pdfplumber.open(path) as pdf:
                        if pdf.pages:
                            return path
                except Exception:  # still being written
                    pass
            last_size = size
        time.sleep(1)
    pytest.fail(
        f"cups-pdf wrote no PDF for job {token!r} into {folder} within {WAIT_SECONDS} s "
        "(see /var/log/cups/cups-pdf-FubanPDF_log)"
    )


def heading_boxes(pdf: bytes) -> list[tuple[float, float, float, float]]:
    """Per page, the box (points, top-left origin) around the heading, the topmost text line."""
    import io

    import pdfplumber

    boxes = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            first = min(c["top"] for c in page.chars)
            chars = [c for c in page.chars if abs(c["top"] - first) < 3 and c["text"].strip()]
            assert "".join(c["text"] for c in chars).startswith("收文登记簿第")
            boxes.append(
                (
                    min(c["x0"] for c in chars),
                    min(c["top"] for c in chars),
                    max(c["x1"] for c in chars),
                    max(c["bottom"] for c in chars),
                )
            )
    return boxes


def region(image, box, dpi: int = 150):
    """Gray levels (0 black) of a box given in points, in an image rendered at `dpi`."""
    import numpy as np
    from PySide6.QtGui import QImage

    x0, top, x1, bottom = (round(v * dpi / 72) for v in box)
    crop = image.copy(x0 - 4, top - 4, x1 - x0 + 8, bottom - top + 8)
    crop = crop.convertToFormat(QImage.Format.Format_Grayscale8)
    bits = np.frombuffer(crop.constBits(), np.uint8)
    return bits.reshape(crop.height(), crop.bytesPerLine())[:, : crop.width()].astype(float)


def correlation(a, b) -> float:
    """Pearson correlation of the ink (255 − gray) of two equally sized regions."""
    a, b = 255 - a, 255 - b
    a, b = a - a.mean(), b - b.mean()
    return float((a * b).sum() / ((a * a).sum() * (b * b).sum()) ** 0.5)


def test_print_to_cups_pdf_printer(qtbot):
    printer_or_skip()
    import pdfplumber
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

    from ui.print_preview import PrintPreview

    folder = cups_pdf_folder()
    before = set(folder.glob("*.pdf")) if folder.is_dir() else set()
    pdf = make_pdf(3)
    token = f"fubantest{uuid.uuid4().hex[:10]}"
    printer = QPrinter(QPrinterInfo.printerInfo(PRINTER), QPrinter.PrinterMode.HighResolution)
    printer.setDocName(token)  # cups-pdf names the file after the job title
    preview = PrintPreview(pdf, "收文登记簿", "收文登记簿.pdf")
    qtbot.addWidget(preview)

    started = time.monotonic()
    with qtbot.waitSignal(preview.printed, timeout=WAIT_SECONDS * 1000) as sent:
        preview.print_to(printer)
    assert sent.args == [3] and PRINTER in preview.job_label.text()
    path = wait_for_printed_file(folder, token, before)
    print(
        f"\ncups-pdf wrote {path} ({path.stat().st_size // 1024} KB) "
        f"{time.monotonic() - started:.1f} s after 「打印」 at {printer.resolution()} dpi"
    )

    printed = path.read_bytes()
    with pdfplumber.open(path) as doc:
        assert len(doc.pages) == 3
        assert all(abs(p.width - 595) < 2 and abs(p.height - 842) < 2 for p in doc.pages)
        assert not "".join(p.extract_text() or "" for p in doc.pages).strip()  # images, see above

    for page in range(3):
        same = page_difference(pdf, page, printed, page)
        other = page_difference(pdf, page, printed, (page + 1) % 3)
        assert same < 4 and same < other / 2, (page, same, other)

    for page, box in enumerate(heading_boxes(pdf)):
        source = region(render_page(pdf, page), box)
        sheet = render_page(printed, page)
        paper = region(sheet, box)
        source_ink, paper_ink = (source < 128).mean(), (paper < 128).mean()
        assert source_ink > 0.05 and paper.min() < 80, "the heading was printed"
        assert abs(paper_ink - source_ink) < 0.3 * source_ink, (page, source_ink, paper_ink)
        assert abs(source - paper).mean() < 15
        assert correlation(source, paper) > 0.85  # measured 0.95: the same glyph shapes …
        row = (box[0], box[1] + 100, box[2], box[3] + 100)  # … while other Chinese text: ~0.0
        assert correlation(source, region(sheet, row)) < 0.5
        blank = (60, 20, 300, 60)  # above the heading: nothing there in the source
        assert region(sheet, blank).min() > 200
    path.unlink()  # kept when an assertion fails, for a look
