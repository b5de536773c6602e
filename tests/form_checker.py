"""The form checker: opens a PDF the app made and asserts what an exacting 文秘 checks with a ruler
on a GB/T 9704 official-format page (FORMS.md; issue 15):

- every font is embedded (a TrueType subset: FontFile2 in its descriptor);
- every expected name and title is in the text layer;
- a full unindented body line holds 28 characters (156 mm / 28 pitch);
- no line starts with closing punctuation (禁则);
- nothing is outside the text block (156 × 225 mm at 28/37 mm) but the 「— N —」 page numbers;
- the 版记 (the 「…印发」 line) is on the last page, an even one, which has no page number when
  it holds nothing else;
- nothing is smaller than 五号 (10.5 pt);
- `check_signature`: a signed page's 署名, 成文日期 and room for the seal as GB/T 9704 7.3.5.1
  places them (右空四字, 署名 centred on the date, the seal's top within one line of the text).

One explicit allowance, asked for by `code="督办12"`: a sheet's code block (the 督办通知单's QR
code with the record's number and 「扫码登记」 beside it, printing.sheet_code_mark) sits in the
top margin (天头) of the first page. Only those two lines, at 五号, right-aligned 3 mm left of
the 20 mm code at the text block's right edge, within the margin, pass there — and they must be
there; anything else above the text block still fails.

`check_official(pdf, expect=[...], images=tmp_path / "name")` returns the measured `Report` and
saves one PNG per page under `images` for a person to look at.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
from pdfminer.pdftypes import resolve1

from desktop_app.printing.typeset import CANNOT_START

MM = 72 / 25.4
LEFT, TOP, WIDTH, HEIGHT = 28.0, 37.0, 156.0, 225.0
TOLERANCE = 1.0  # mm
BODY_SIZE = 16.0
PAGE_NUMBER = re.compile(r"^—\d+—$")  # white space is left out of a line's text
FULL_WIDTH_FROM = 0x2000  # CJK, full-width forms and dashes: one grid cell each


@dataclass
class Report:
    pages: int
    text: str  # all pages' text layer, white space removed
    full_lines: list[str] = field(default_factory=list)  # full unindented body lines
    closing_page: int | None = None
    fonts: set[str] = field(default_factory=set)


def _mm(v: float) -> float:
    return v / MM


def _lines(chars: list[dict]) -> list[list[dict]]:
    """Chars grouped into visual lines by baseline, left to right."""
    rows: dict[int, list[dict]] = defaultdict(list)
    for c in chars:
        if c["text"].strip():
            rows[round(c["matrix"][5])].append(c)  # by baseline: faces differ in descent
    return [sorted(r, key=lambda c: c["x0"]) for _k, r in sorted(rows.items())]


def _embedded(pdf) -> tuple[set[str], list[str]]:
    names, bare = set(), []
    for page in pdf.pages:
        fonts = resolve1(resolve1(page.page_obj.resources).get("Font", {})) or {}
        for ref in fonts.values():
            font = resolve1(ref)
            name = str(resolve1(font.get("BaseFont")))
            names.add(name)
            desc = font
            if "DescendantFonts" in font:
                desc = resolve1(resolve1(font["DescendantFonts"])[0])
            descriptor = resolve1(desc.get("FontDescriptor")) or {}
            if not any(k in descriptor for k in ("FontFile", "FontFile2", "FontFile3")):
                bare.append(name)
    return names, bare


def save_images(pdf: bytes, folder: Path, scale: float = 1.0) -> list[Path]:
    import pypdfium2

    folder.mkdir(parents=True, exist_ok=True)
    doc = pypdfium2.PdfDocument(pdf)
    out = []
    for n in range(len(doc)):
        path = folder / f"page-{n + 1:02d}.png"
        doc[n].render(scale=scale).to_pil().save(path)
        out.append(path)
    doc.close()
    return out


def check_official(
    pdf: bytes,
    expect: list[str] = (),  # type: ignore[assignment]
    *,
    images: Path | None = None,
    closing: bool | None = None,  # True: must have a 版记; False: must not; None: either
    code: str | None = None,  # the record's number in a code block in the top margin (天头)
) -> Report:
    code_lines: list[tuple[float, str]] = []  # (top in mm, text)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        fonts, bare = _embedded(doc)
        assert not bare, f"fonts not embedded: {bare}"
        texts, full, closing_page = [], [], None
        pages = list(doc.pages)
        for n, page in enumerate(pages, start=1):
            chars = page.chars
            small = [c for c in chars if c["size"] < 10.5 - 0.01]
            assert not small, f"p{n}: text below 五号: {''.join(c['text'] for c in small)[:40]}"
            numbered = False
            for line in _lines(chars):
                text = "".join(c["text"] for c in line)
                top = min(_mm(c["top"]) for c in line)
                if top > TOP + HEIGHT and PAGE_NUMBER.match(text):
                    assert text == f"—{n}—", f"p{n}: page number {text}"
                    numbered = True
                    continue
                x0, x1 = _mm(line[0]["x0"]), _mm(line[-1]["x1"])
                bottom = max(_mm(c["bottom"]) for c in line)
                if code is not None and n == 1 and _in_code_block(line, text, code, x1, bottom):
                    code_lines.append((top, text))
                    continue
                assert LEFT - TOLERANCE <= x0 and x1 <= LEFT + WIDTH + TOLERANCE, (
                    f"p{n}: line outside the text block sideways: {text}"
                )
                assert TOP - TOLERANCE <= top and bottom <= TOP + HEIGHT + TOLERANCE, (
                    f"p{n}: line above or below the text block: {text}"
                )
                assert text[0] not in CANNOT_START, f"p{n}: line starts with 「{text[0]}」: {text}"
                body = all(abs(c["size"] - BODY_SIZE) < 0.01 for c in line)
                if body and abs(x0 - LEFT) < 0.5 and abs(x1 - (LEFT + WIDTH)) < 0.5:
                    full.append(text)
                # the 印发 line: the 版记's last line, or above 「（共印N份）」
                if text.endswith("印发") and bottom > TOP + HEIGHT - 2 * 225 / 22:
                    closing_page = n
            if closing_page == n:
                others = [
                    ln
                    for ln in _lines(chars)
                    if max(_mm(c["bottom"]) for c in ln) < TOP + HEIGHT - 225 / 22 * 4
                ]
                if not others:  # the 版记 alone: no page number (GB/T 9704 §8)
                    assert not numbered, f"p{n}: the 版记 page alone carries a page number"
            # the text layer in drawing order, page numbers left out (a name may run on)
            texts.append("".join(c["text"] for c in chars if _mm(c["top"]) < TOP + HEIGHT))
    report = Report(len(pages), re.sub(r"\s+", "", "".join(texts)), full, closing_page, fonts)
    if code is not None:
        found = [text for _top, text in sorted(code_lines)]  # top to bottom
        assert found == [code, CODE_HINT], f"p1: the code block's text: {found}"
    for line in full:
        cells = sum(1.0 if ord(ch) >= FULL_WIDTH_FROM else 0.5 for ch in line)
        if line[-1] in CANNOT_START and cells > 28.5:
            cells -= 1  # a closing mark squeezed in at the line's end (挤进) takes no cell
            line = line[:-1]
        if all(ord(ch) >= FULL_WIDTH_FROM for ch in line):
            assert len(line) == 28, f"full body line of {len(line)} characters: {line}"
        else:  # half-width digits take about half a cell each
            assert 27 <= cells <= 29.5, f"full body line of {cells} cells: {line}"
    for want in expect:
        assert re.sub(r"\s+", "", want) in report.text, f"missing from the text layer: {want}"
    if closing is not None:
        assert (closing_page is not None) == closing, f"版记 expected: {closing}"
    if closing_page is not None:
        assert closing_page == report.pages, "the 版记 is not on the last page"
        assert closing_page % 2 == 0, f"the 版记 is on odd page {closing_page}"
    if images is not None:
        save_images(pdf, images)
    return report


CODE_SIZE, CODE_GAP, CODE_HINT = 20.0, 3.0, "扫码登记"  # mm (printing.sheet_code_mark)


def _in_code_block(line: list[dict], text: str, code: str, x1: float, bottom: float) -> bool:
    """A line of the code block: its number or 「扫码登记」, at 五号, right-aligned beside the
    code (whose right edge is the text block's), entirely within the top margin."""
    right = LEFT + WIDTH - CODE_SIZE - CODE_GAP
    return (
        text in (code, CODE_HINT)
        and all(abs(c["size"] - 10.5) < 0.01 for c in line)
        and abs(x1 - right) < 0.5
        and bottom <= TOP - TOLERANCE
    )


# --- 发文机关署名、成文日期和印章 (GB/T 9704-2012 7.3.5.1) -----------------------------------------
LINE = HEIGHT / 22  # mm, the grid's line pitch
CHAR = WIDTH / 28  # mm, the grid's character pitch
SEAL = 45.0  # mm: room for a 市 government's seal (a county's 4.2 cm fits the same room)


@dataclass
class SignatureReport:
    page: int
    date_right_space: float  # mm from the date's right end to the text block's right edge
    office_offset: float  # mm between the 署名's centre and the date's centre
    lines_after_text: float  # grid lines from the last text line's baseline to the 署名's
    seal_top_gap: float  # mm from the last text line's bottom to the seal room's top
    seal_bottom: float  # mm from the page top to the seal room's bottom


def check_signature(pdf: bytes, office: str, date_text: str) -> SignatureReport:
    """The signed page's signature block as GB/T 9704 7.3.5.1 places it, measured: the 成文日期
    right-aligned with four characters of space (右空四字); the 署名 on the line above, centred
    on the date (unless too long, then ending at the text block's edge); two blank lines between
    the text and the 署名; and room for a 45 mm seal centred on the date, the 署名 and date a
    little below its centre, its top within one line below the text (上距正文一行之内), nothing
    else inside it, and inside the text block. Tolerance ±1 mm."""
    office, date_text = re.sub(r"\s+", "", office), re.sub(r"\s+", "", date_text)
    found = None
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for number, page in reversed(list(enumerate(doc.pages, start=1))):
            lines = [ln for ln in _lines(page.chars) if _mm(ln[0]["top"]) < TOP + HEIGHT]
            lines.sort(key=lambda ln: ln[0]["top"])  # top to bottom
            texts = ["".join(c["text"] for c in ln) for ln in lines]
            if date_text in texts:
                found = number, page.height, lines, texts
                break
    assert found is not None, f"no line holds the date {date_text}"
    n, height, lines, texts = found
    k = texts.index(date_text)
    assert k >= 2 and texts[k - 1] == office, f"p{n}: the 署名 is not above the date: {texts}"
    date, sign, body = lines[k], lines[k - 1], lines[k - 2]
    assert texts[k + 1 :] == [], f"p{n}: text after the date: {texts[k + 1 :]}"

    def span(ln: list[dict]) -> tuple[float, float]:
        return _mm(ln[0]["x0"]), _mm(ln[-1]["x1"])

    def baseline(ln: list[dict]) -> float:
        return _mm(height - ln[0]["matrix"][5])  # from the page top

    (d0, d1), (o0, o1) = span(date), span(sign)
    right_space = LEFT + WIDTH - d1
    assert abs(right_space - 4 * CHAR) <= TOLERANCE, f"p{n}: date right space {right_space:.1f} mm"
    offset = (o0 + o1) / 2 - (d0 + d1) / 2
    if o1 < LEFT + WIDTH - TOLERANCE:  # a 署名 that fits is centred on the date
        assert abs(offset) <= TOLERANCE, f"p{n}: 署名 off the date's centre by {offset:.1f} mm"
    assert abs(baseline(date) - baseline(sign) - LINE) <= TOLERANCE / 2, (
        f"p{n}: date not under 署名"
    )
    gap_lines = (baseline(sign) - baseline(body)) / LINE
    assert abs(gap_lines - 3) < 0.05, f"p{n}: {gap_lines:.2f} lines from the text to the 署名"
    # The seal: centred on the date; the 署名/date pair's middle 0.3 line below its centre.
    cx = (d0 + d1) / 2
    middle = (baseline(sign) + baseline(date)) / 2 - BODY_SIZE / MM * 0.38  # glyph centres
    cy = middle - 0.3 * LINE
    top, bottom = cy - SEAL / 2, cy + SEAL / 2
    text_bottom = max(_mm(c["bottom"]) for c in body)
    gap = top - text_bottom
    assert 0 <= gap <= LINE, f"p{n}: the seal's top is {gap:.1f} mm below the text"
    assert LEFT - TOLERANCE <= cx - SEAL / 2 and cx + SEAL / 2 <= LEFT + WIDTH + TOLERANCE, (
        f"p{n}: no room for the seal sideways"
    )
    assert bottom <= TOP + HEIGHT + TOLERANCE, f"p{n}: the seal would pass the text block"
    inside = [
        c["text"]
        for ln in lines[: k - 1]
        for c in ln
        if ((_mm(c["x0"] + c["x1"]) / 2 - cx) ** 2 + (_mm(c["top"] + c["bottom"]) / 2 - cy) ** 2)
        < (SEAL / 2) ** 2
    ]
    assert not inside, f"p{n}: text inside the seal's room: {''.join(inside)}"
    return SignatureReport(n, right_space, offset, gap_lines, gap, bottom)
