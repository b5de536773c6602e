"""The code block of the sheets leaders sign (发文稿纸, 收文处理笺, 议题审批表, 督办通知单): a small
QR code drawn by ReportLab in the top margin (天头), right-aligned with the text block, and the
record's number in text to its left — the clerk can scan the one or type the other.

The code holds only the opaque token the service gave (services.system.sheet_codes); nothing
about the record is in it."""

from __future__ import annotations

from collections.abc import Callable

from desktop_app.printing.geometry import MM, PortraitPage

CODE_SIZE = 20 * MM  # with its quiet zone (4 modules): a phone or a USB scanner reads it at 20 mm
TEXT_SIZE = 10.5  # 五号
GAP = 3 * MM
TOP = 8 * MM  # from the page's top edge to the code's top


def qr_drawing(token: str, size: float = CODE_SIZE):
    """The QR code (error correction M, quiet zone included) as a ReportLab Drawing."""
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    widget = QrCodeWidget(token, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


def _modules(token: str) -> tuple[list[tuple[float, float, float, float]], float]:
    """The dark modules of the code as rectangles in the widget's units, and its full size."""
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Group, Rect

    widget = QrCodeWidget(token, barLevel="M")
    x0, _y0, x1, _y1 = widget.getBounds()
    out: list[tuple[float, float, float, float]] = []

    def walk(node) -> None:
        if isinstance(node, Group):
            for child in node.contents:
                walk(child)
        elif isinstance(node, Rect):
            out.append((node.x, node.y, node.width, node.height))

    walk(widget.draw())
    return out, x1 - x0


def draw_qr(canvas, token: str, x: float, y: float, size: float = CODE_SIZE) -> None:
    """The code as filled rectangles straight on the canvas (no font, no XObject): a drawing
    rendered through renderPDF would leave an unembedded Helvetica in the page's resources."""
    rects, full = _modules(token)
    k = size / full
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    path = canvas.beginPath()
    for rx, ry, rw, rh in rects:
        path.rect(x + rx * k, y + ry * k, rw * k, rh * k)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


def code_box(page: PortraitPage) -> tuple[float, float, float, float]:
    """(x, y, width, height) of the code on the page, in points from the bottom left."""
    x = page.right - CODE_SIZE
    y = page.height - TOP - CODE_SIZE
    return x, y, CODE_SIZE, CODE_SIZE


def draw_code_block(
    canvas,
    page: PortraitPage,
    token: str,
    lines: list[str],
    draw_text: Callable[[float, float, str, float], None],
    measure: Callable[[str, float], float],
) -> None:
    """Draw the code and, right-aligned to its left, `lines` (「收文〔2026〕12号」「扫码登记」)."""
    x, y, _w, h = code_box(page)
    draw_qr(canvas, token, x, y)
    pitch = TEXT_SIZE * 1.35
    first = y + h / 2 + (len(lines) - 1) * pitch / 2 - TEXT_SIZE * 0.35
    for i, line in enumerate(lines):
        draw_text(x - GAP - measure(line, TEXT_SIZE), first - i * pitch, line, TEXT_SIZE)
