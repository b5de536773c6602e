"""Draw the program's icon: resources/icons/fuban.png (256 px) and fuban.ico (16–256 px).

    QT_QPA_PLATFORM=offscreen python installers/make_icon.py

The files are committed; run this again only to change the drawing. A red seal-like square with
「府」 in white, in the bundled WenQuanYi Micro Hei, so the result is the same on every machine.
The .ico holds one PNG per size (the format Windows has read since Vista)."""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QImage, QPainter

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)
RED = QColor("#c8102e")


def draw(size: int, family: str) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    margin = size * 0.04
    box = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(RED)
    p.drawRoundedRect(box, size * 0.16, size * 0.16)
    if size >= 32:  # an inner line, like a seal's rim; lost in the smallest sizes
        p.setPen(QColor("white"))
        pen = p.pen()
        pen.setWidthF(max(1.0, size * 0.03))
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        inner = box.adjusted(size * 0.08, size * 0.08, -size * 0.08, -size * 0.08)
        p.drawRoundedRect(inner, size * 0.1, size * 0.1)
    font = QFont(family)
    font.setPixelSize(round(size * (0.62 if size >= 32 else 0.78)))
    font.setBold(True)
    p.setFont(font)
    p.setPen(QColor("white"))
    p.drawText(box, Qt.AlignmentFlag.AlignCenter, "府")
    p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    return bytes(data.data())


def ico(images: list[tuple[int, bytes]]) -> bytes:
    """ICONDIR + one ICONDIRENTRY per image + the PNG data (a size of 256 is written as 0)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries, blobs = b"", b""
    for size, png in images:
        edge = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", edge, edge, 0, 0, 1, 32, len(png), offset)
        offset += len(png)
        blobs += png
    return header + entries + blobs


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    font_id = QFontDatabase.addApplicationFont(
        str(ROOT / "resources" / "fonts" / "wqy-microhei.ttc")
    )
    family = QFontDatabase.applicationFontFamilies(font_id)[0]
    OUT.mkdir(parents=True, exist_ok=True)
    images = [(size, png_bytes(draw(size, family))) for size in SIZES]
    (OUT / "fuban.png").write_bytes(images[-1][1])
    (OUT / "fuban.ico").write_bytes(ico(images))
    print(f"{OUT / 'fuban.ico'}: {len(images)} sizes; {OUT / 'fuban.png'}")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
