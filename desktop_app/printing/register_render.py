"""ReportLab drawing for register.py, straight onto the canvas.

The cells are broken and the columns sized first (register_layout), the rows are then cut into
pages here, and each page is drawn in one pass: the page count is known before the first page,
so 「第 N 页 共 M 页」 needs no second pass. (ReportLab's Table and Paragraph re-wrapped every cell
several times while splitting: 5–8 s for 500 rows; this takes a fraction of a second.)

Cells are 五号; when that leaves fewer than MIN_ROWS rows on a full page, or a date, number or
name could not stay whole on a line, the register is set in 小五 (9 pt, FORMS.md's least
legible size) instead.

Each cell character the 仿宋 (cells) or 黑体 (header) face lacks — 堃, 㑇, 𠮷 — is drawn from the
first face that has it (glyph_fallback, as on official-format pages); the caller reports the
borrowed and missing ones from the GlyphFallback it passed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from desktop_app.printing.fonts import FontSet
from desktop_app.printing.geometry import LANDSCAPE, MM, SIZES
from desktop_app.printing.glyph_fallback import GlyphFallback
from desktop_app.printing.register_layout import (
    Tokens,
    break_tokens,
    column_widths,
    header_lines,
    tokenize,
)
from desktop_app.printing.register_page import (
    ASCENT,
    FOOTER_SIZE,
    FRAME_TOP,
    Heading,
    anchor_lines,
    draw_footer,
)
from desktop_app.printing.register_spec import BuildCancelled, RegisterSpec

PAGE = LANDSCAPE
MIN_ROWS = 20  # FORMS.md: at least 20 rows on a page
GRID_WIDTH = 0.5
HEADER_GREY = colors.Color(0.87, 0.87, 0.87)
VOID_GREY = colors.Color(0.5, 0.5, 0.5)
STRIKE_INSET = 1.5  # pt
FOOTER_BAND = 9 * MM  # bottom strip of the text block kept for the page number
FRAME_BOTTOM = PAGE.bottom + FOOTER_BAND
EMPTY_TEXT = "（无记录）"
VOID_MARK = "作废"


@dataclass(frozen=True)
class CellType:
    """Size, leading and paddings of the table's text."""

    size: float
    leading: float
    pad_x: float
    pad_y: float


TYPES = (CellType(SIZES["五号"], 13.0, 3.0, 2.0), CellType(9.0, 11.0, 2.5, 1.5))
Progress = Callable[[int, int], None]


@dataclass
class _Piece:
    """The part of a row on one page: lines start:stop of each of its cells."""

    row: int
    start: int
    stop: int
    height: float


@dataclass
class _Layout:
    kind: CellType
    widths: list[float]
    header: list[list[str]]
    header_h: float
    cells: list[list[list[str]]]
    pages: list[list[_Piece]]
    fits: bool  # every date, number and name whole on a line


def render(
    spec: RegisterSpec,
    rows: list[list[str]],
    fonts: FontSet,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    glyphs: GlyphFallback | None = None,
) -> bytes:
    body, head = fonts.name("fangsong"), fonts.name("heiti")
    glyphs = glyphs or GlyphFallback(fonts)
    heading = Heading(spec, fonts, glyphs)
    texts = [["" if t is None else str(t) for t in row] for row in rows]
    for i in spec.voided_rows:
        if 0 <= i < len(texts):
            texts[i][-1] = _void_text(texts[i][-1])
    keep = [c.keep for c in spec.columns]
    tokens = [[tokenize(t, k) for t, k in zip(row, keep, strict=True)] for row in texts]
    for kind in TYPES:
        _check(cancelled)
        layout = _layout(spec, tokens, kind, body, head, heading.height)
        if layout.fits and _enough_rows(layout.pages):
            break
    buf = BytesIO()
    c = Canvas(
        buf,
        pagesize=(PAGE.width, PAGE.height),
        initialFontName=body,  # not Helvetica: every font in the file is embedded
        initialFontSize=FOOTER_SIZE,
        lang="zh-CN",
    )
    c.setTitle(spec.title)
    c.setAuthor(spec.org)
    c.setCreator("府办台账")
    anchor = anchor_lines(spec.anchor, fonts.name("songti"))
    total = len(layout.pages)
    for n, pieces in enumerate(layout.pages, start=1):
        _check(cancelled)
        top = FRAME_TOP
        if n == 1:
            top = heading.draw(c)
        ink = _Ink(c, layout.kind.size, glyphs, {body: "fangsong", head: "heiti"})
        _draw_table(c, ink, spec, layout, pieces, top, body, head, empty=not rows)
        draw_footer(c, fonts.name("songti"), n, total, anchor)
        c.showPage()
        if progress:
            progress(n, total)
    c.setSubject(glyphs.subject(fonts.summary()))
    c.save()
    return buf.getvalue()


def _check(cancelled: Callable[[], bool] | None) -> None:
    if cancelled is not None and cancelled():
        raise BuildCancelled("register build cancelled")


def _enough_rows(pages: list[list[_Piece]]) -> bool:
    """Every full page (neither the first, which has the heading, nor the last) holds MIN_ROWS
    rows; with only a first page, it holds MIN_ROWS less the heading's share."""
    full = pages[1:-1] or pages[:1] if len(pages) > 1 else []
    starts = [sum(p.start == 0 for p in page) for page in full]
    return all(k >= MIN_ROWS - (3 if len(pages) == 2 else 0) for k in starts)


def _layout(
    spec: RegisterSpec, rows: list[list[Tokens]], kind: CellType, body: str, head: str, above: float
) -> _Layout:
    cache: dict[str, float] = {}

    def measure(text: str) -> float:
        w = cache.get(text)
        if w is None:
            w = cache[text] = stringWidth(text, body, kind.size)
        return w

    def measure_head(text: str) -> float:
        return stringWidth(text, head, kind.size)

    cols = spec.columns
    widths, fits = column_widths(cols, rows, PAGE.block_width, kind.pad_x, measure, measure_head)
    inner = [w - 2 * kind.pad_x for w in widths]
    header = [header_lines(c.title, w, measure_head) for c, w in zip(cols, inner, strict=True)]
    header_h = max(len(h) for h in header) * kind.leading + 2 * kind.pad_y
    cells = [[break_tokens(t, w, measure) for t, w in zip(row, inner, strict=True)] for row in rows]
    if not rows:
        cells = [[[EMPTY_TEXT]]]
    pages = _paginate(cells, kind, header_h, above)
    return _Layout(kind, widths, header, header_h, cells, pages, fits)


def _paginate(
    cells: list[list[list[str]]], kind: CellType, header_h: float, above: float
) -> list[list[_Piece]]:
    """Rows onto pages under the repeated header; a row taller than a page continues on the
    next, cut between lines."""
    room_first = FRAME_TOP - FRAME_BOTTOM - above - header_h
    room = FRAME_TOP - FRAME_BOTTOM - header_h
    most = max(1, int((room - 2 * kind.pad_y) // kind.leading))
    pages: list[list[_Piece]] = [[]]
    free = room_first
    for i, row in enumerate(cells):
        lines = max(len(c) for c in row)
        start = 0
        while start < lines:
            fit = int((free - 2 * kind.pad_y) // kind.leading)
            take = min(lines - start, most)
            if fit < take and (pages[-1] or fit < 1):
                pages.append([])
                free = room
                continue
            take = min(take, fit)
            h = take * kind.leading + 2 * kind.pad_y
            pages[-1].append(_Piece(i, start, start + take, h))
            free -= h
            start += take
    return pages


def _void_text(text: str) -> str:
    """「作废」 before the reason (FORMS.md: voided entries stay, marked 作废 with the reason)."""
    text = text.strip()
    if text.startswith(VOID_MARK):
        return text
    return f"{VOID_MARK}：{text}" if text else VOID_MARK


def _baseline(top: float, k: int, kind: CellType) -> float:
    """Baseline of line k of a text block whose top is `top`."""
    return top - k * kind.leading - (kind.leading - kind.size) / 2 - ASCENT * kind.size


class _Ink:
    """The page's cell text in one PDF text object (one drawString per line costs a text object
    each) and its strike-through lines, drawn together at the end. Text is put in runs, each
    from the first face that has its characters (`roles`: the role of each font name)."""

    def __init__(self, c: Canvas, size: float, glyphs: GlyphFallback, roles: dict[str, str]):
        self.c, self.size = c, size
        self.glyphs, self.roles = glyphs, roles
        self.text = c.beginText()
        self.font, self.color = "", None
        self.strikes: list[tuple[float, float, float, float]] = []

    def runs(self, s: str, font: str) -> list[tuple[str, str]]:
        if s.isascii():  # every role face has ASCII: skip the per-character lookup
            return [(font, s)]
        return self.glyphs.runs(s, self.roles[font])

    def width(self, s: str, font: str) -> float:
        return sum(stringWidth(part, name, self.size) for name, part in self.runs(s, font))

    def put(self, x: float, y: float, s: str, font: str, color) -> None:
        if color is not self.color:
            self.text.setFillColor(color)
            self.color = color
        for name, part in self.runs(s, font):
            if name != self.font:
                self.text.setFont(name, self.size)
                self.font = name
            self.text.setTextOrigin(x, y)
            self.text.textOut(part)
            x += stringWidth(part, name, self.size)

    def flush(self) -> None:
        self.c.drawText(self.text)
        if self.strikes:
            self.c.setStrokeColor(VOID_GREY)
            self.c.lines(self.strikes)
            self.c.setStrokeColor(colors.black)


def _draw_lines(
    ink: _Ink, lines, left, width, top, height, align, kind, font, color, strike=False, mark=""
) -> None:
    """Lines of one cell, centred vertically in its box. `mark`: a leading 「作废」 is drawn in
    that font, in black (the voided row's last cell)."""
    first = top - (height - len(lines) * kind.leading) / 2
    for k, line in enumerate(lines):
        if not line:
            continue
        w = ink.width(line, font)
        if align == "left":
            x = left
        elif align == "right":
            x = left + width - w
        else:
            x = left + (width - w) / 2
        y = _baseline(first, k, kind)
        if mark and k == 0 and line.startswith(VOID_MARK):
            ink.put(x, y, VOID_MARK, mark, colors.black)
            x, line = x + ink.width(VOID_MARK, font), line[len(VOID_MARK) :]
        ink.put(x, y, line, font, color)
        if strike:
            # Kept STRIKE_INSET inside the text's ends, so that it stays clear of the grid
            # lines even in a full narrow cell (a table reader would take it for a rule).
            mid = y + 0.3 * kind.size
            ink.strikes.append((x + STRIKE_INSET, mid, x + w - STRIKE_INSET, mid))


def _draw_table(c, ink: _Ink, spec, layout: _Layout, pieces, top, body, head, empty) -> None:
    kind, widths = layout.kind, layout.widths
    xs = [PAGE.left]
    for w in widths:
        xs.append(xs[-1] + w)
    right = xs[-1]
    c.setFillColor(HEADER_GREY)
    c.rect(PAGE.left, top - layout.header_h, right - PAGE.left, layout.header_h, stroke=0, fill=1)
    black = colors.black
    for j, lines in enumerate(layout.header):
        inner = widths[j] - 2 * kind.pad_x
        box = layout.header_h - 2 * kind.pad_y
        left = xs[j] + kind.pad_x
        _draw_lines(ink, lines, left, inner, top - kind.pad_y, box, "center", kind, head, black)
    ys = [top, top - layout.header_h]
    voided = set(spec.voided_rows)
    y = ys[-1]
    for p in pieces:
        box = p.height - 2 * kind.pad_y
        row = layout.cells[p.row]
        void = p.row in voided and not empty
        color = VOID_GREY if void else black
        if empty:
            width = right - PAGE.left
            _draw_lines(
                ink, row[0], PAGE.left, width, y - kind.pad_y, box, "center", kind, body, black
            )
        for j, lines in enumerate(row if not empty else []):
            left, inner = xs[j] + kind.pad_x, widths[j] - 2 * kind.pad_x
            part = lines[p.start : p.stop]
            last = j == len(row) - 1
            _draw_lines(
                ink,
                part,
                left,
                inner,
                y - kind.pad_y,
                box,
                spec.columns[j].align,
                kind,
                body,
                color,
                strike=void and not last,
                mark=head if void and last and p.start == 0 else "",
            )
        y -= p.height
        ys.append(y)
    ink.flush()
    c.setFillColor(black)
    c.setStrokeColor(black)
    c.setLineWidth(GRID_WIDTH)
    c.lines([(PAGE.left, v, right, v) for v in ys])
    bottom = ys[-1]
    verticals = [xs[0], xs[-1]] if empty else xs
    c.lines([(x, top, x, bottom) for x in verticals])
    if empty:
        c.lines([(x, top, x, top - layout.header_h) for x in xs[1:-1]])
