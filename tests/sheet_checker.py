"""Checks of the sheets leaders sign (发文稿纸, 收文处理笺, 议题审批表, 督办通知单) as printed: fonts
embedded, nothing below 五号, the text layer, the height of each signature box measured from the
ruled lines around its label, and the QR code decoded from the rendered page (zxing-cpp)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pdfplumber

from tests.form_checker import _embedded

MM = 72 / 25.4


@dataclass
class SheetReport:
    pages: int
    text: str  # the text layer in drawing order (a cell's lines together), white space removed
    codes: list[str]  # what the QR codes on the first page hold


def decode_codes(pdf: bytes, page: int = 0, scale: float = 3.0) -> list[str]:
    """The QR codes found on a page rendered at `scale` (3 ≈ 216 dpi)."""
    import pypdfium2
    import zxingcpp

    doc = pypdfium2.PdfDocument(pdf)
    try:
        image = doc[page].render(scale=scale).to_pil()
    finally:
        doc.close()
    return [
        r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode
    ]


def check_sheet(pdf: bytes, expect: list[str] = ()) -> SheetReport:  # type: ignore[assignment]
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        _names, bare = _embedded(doc)
        assert not bare, f"fonts not embedded: {bare}"
        texts = []
        for n, page in enumerate(doc.pages, start=1):
            small = [c for c in page.chars if c["size"] < 10.5 - 0.01]
            assert not small, f"p{n}: text below 五号: {''.join(c['text'] for c in small)[:40]}"
            texts.append("".join(c["text"] for c in page.chars))  # in drawing order
        pages = len(doc.pages)
    text = re.sub(r"\s+", "", "".join(texts))
    for want in expect:
        assert re.sub(r"\s+", "", want) in text, f"missing from the text layer: {want}"
    return SheetReport(pages, text, decode_codes(pdf))


def box_heights(pdf: bytes, label: str) -> list[float]:
    """Height in mm of every left-column cell whose text is `label` (a box's label, on one line
    or broken over several), measured between the horizontal rules above and below it."""
    out = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            rules = sorted(
                {
                    round(e["top"], 2)
                    for e in page.edges
                    if e["orientation"] == "h" and e["width"] > 20 * MM
                }
            )
            words = [w for w in page.extract_words() if w["x1"] < (28 + 31) * MM]
            for top, bottom in zip(rules, rules[1:], strict=False):
                inside = [w for w in words if top <= w["top"] and w["bottom"] <= bottom]
                text = "".join(w["text"] for w in sorted(inside, key=lambda w: w["top"]))
                if text == label:
                    out.append((bottom - top) / MM)
    return out
