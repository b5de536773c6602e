"""GB/T 9704 portrait pages: the red header mark of 纪要-style documents, body paragraphs on the
22 × 28 grid, the closing block (版记) on the last page's bottom edge, and 「— N —」 page numbers.

A document is data (official_model.OfficialDocument); `render` lays it out and returns PDF bytes.
Forms for minutes and other documents build an OfficialDocument and call `render`. This module
holds the layout rules of the page (the mark's size and lines, where the header, body and 版记
go, which pages are numbered); the drawing primitives they use are official_canvas's.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace

from desktop_app.printing.fonts import FontSet, load_fonts
from desktop_app.printing.geometry import MM, PORTRAIT, SIZES, PortraitPage
from desktop_app.printing.glyph_fallback import CoverageSearch
from desktop_app.printing.official_canvas import BLACK, OfficialCanvas
from desktop_app.printing.official_model import (
    ClosingBlock,
    OfficialDocument,
    RedHeader,
    RenderResult,
)
from desktop_app.printing.paging import paginate, slots
from desktop_app.printing.signature import signature_x
from desktop_app.printing.title_breaks import break_title
from desktop_app.printing.typeset import Line, Paragraph, Run

log = logging.getLogger(__name__)

RED = (0.9, 0.0, 0.07)
THICK_RULE = 0.35 * MM
THIN_RULE = 0.25 * MM
MARK_MAX = 36.0  # the 纪要 mark: as large as fits on one line, at most this
MARK_MIN = SIZES["二号"]  # and never smaller: a longer mark goes onto more lines
MARK_LEADING = 1.25  # line distance of a mark on several lines, in its size


def mark_layout(mark: str, width: float, measure) -> tuple[float, list[str]]:
    """Size and lines of the 纪要 mark: one line as large as fits (at most 36 pt); a mark too
    long for one line at 二号 (22 pt) stays at 二号 and breaks between words into balanced,
    centred lines (a 文秘 would not accept a red mark shrunk to a few points to hold one line).
    `measure(text, size)` is the mark's width in its face."""
    n = max(len(mark), 1)
    size = min(MARK_MAX, max(MARK_MIN, width / n))
    while size > MARK_MIN and measure(mark, size) > width + 0.01:
        size = max(MARK_MIN, size - 0.5)  # wider glyphs than 1 em (Latin, punctuation)
    if measure(mark, size) <= width + 0.01:
        return size, [mark]
    return size, break_title(mark, width, lambda t: measure(t, size))


class _Renderer(OfficialCanvas):
    def red_header(self, h: RedHeader) -> int:
        """Draw the 纪要 header; returns the first grid line free for the body."""
        p = self.page

        def mark_width(text: str, size: float) -> float:
            return self.measure(text, "xiaobiaosong", size)

        size, lines = mark_layout(h.mark, p.block_width, mark_width)
        if h.mark_size:
            size, lines = h.mark_size, [h.mark]
        mark_top = p.block_top - 35 * MM
        for k, line in enumerate(lines):
            self.draw_text(
                p.left + (p.block_width - mark_width(line, size)) / 2,
                mark_top - k * size * MARK_LEADING - size * 0.88,
                line,
                "xiaobiaosong",
                size,
                RED,
            )
        mark_bottom = mark_top - (len(lines) - 1) * size * MARK_LEADING - size
        below = mark_bottom - 0.5 * p.line_pitch  # the issue number's line
        num_w = self.measure(h.issue_number, "fangsong", p.body_size)
        self.draw_text(
            p.left + (p.block_width - num_w) / 2,
            below - p.body_size * 0.88,
            h.issue_number,
            "fangsong",
            p.body_size,
        )
        info_y = below - p.line_pitch - p.body_size * 0.88
        self.draw_text(p.left + p.body_size, info_y, h.office, "fangsong", p.body_size)
        date_w = self.measure(h.date_text, "fangsong", p.body_size)
        self.draw_text(p.right - p.body_size - date_w, info_y, h.date_text, "fangsong", p.body_size)
        rule_y = info_y - 4 * MM
        self.rule(rule_y, 0.5 * MM, RED)
        used = p.block_top - rule_y + 2 * MM
        return int(used // p.line_pitch) + 1

    def closing_lines(self, c: ClosingBlock) -> list[Line]:
        """The 抄送 text wrapped in 4号, continuation lines aligned after 「抄送：」; none when
        there is nothing to 抄送."""
        if not c.cc.strip():
            return []
        size = SIZES["四号"]
        cc = c.cc if c.cc.endswith("。") else c.cc + "。"
        par = Paragraph(
            [Run(f"{c.label}：{cc}", "fangsong")],
            first_indent=1,
            hang=1 + len(c.label) + 1,
            align="justify",
            size=size,
        )
        return self.lines_of(par, self.page.block_width - size, size)

    def closing_rows(self, c: ClosingBlock, cc_lines: list[Line]) -> int:
        return len(cc_lines) + 1 + (1 if c.copies > 0 else 0)

    def closing_block(self, c: ClosingBlock, cc_lines: list[Line]) -> None:
        """抄送 lines, the 印发 line and 「（共印N份）」 between rules; the bottom thick rule sits
        on the text block's bottom edge."""
        p, size = self.page, SIZES["四号"]
        pitch = p.line_pitch
        base = (pitch - size) / 2 + size * 0.12
        bottom = p.block_bottom
        if c.copies > 0:
            copies = f"（共印{c.copies}份）"
            x = p.right - size - self.measure(copies, "fangsong", size)
            self.draw_text(x, bottom + base, copies, "fangsong", size)
            bottom += pitch
        self.rule(p.block_bottom, THICK_RULE)
        if cc_lines:
            self.rule(bottom + pitch, THIN_RULE)
        self.rule(bottom + (1 + len(cc_lines)) * pitch, THICK_RULE)
        for k, line in enumerate(cc_lines):
            y = bottom + (len(cc_lines) - k) * pitch + base
            for piece in line.pieces:
                self.draw_text(
                    p.left + line.indent + piece.x,
                    y,
                    piece.text,
                    piece.role,
                    size,
                    BLACK,
                    line.char_space,
                )
        right = f"{c.date_text}印发"
        self.draw_text(p.left + size, bottom + base, c.office, "fangsong", size)
        self.draw_text(
            p.right - size - self.measure(right, "fangsong", size),
            bottom + base,
            right,
            "fangsong",
            size,
        )

    # --- body ----------------------------------------------------------------------------
    def draw_line(self, line: Line, grid_line: int, par: Paragraph) -> None:
        y = self.page.baseline(grid_line)
        left = self.page.left + line.indent
        kind = par.extra.get("signature")
        if kind:  # 署名 and 成文日期 (signature.py, GB/T 9704 7.3.5.1)
            date_width = line.width
            if kind == "office":
                date = par.extra["date_text"]
                space = line.char_space
                date_width = self.measure(date, "fangsong", par.size) + space * (len(date) - 1)
            left = signature_x(kind, line.width, date_width, self.page)
        for piece in line.pieces:
            self.draw_text(
                left + piece.x,
                y,
                piece.text,
                piece.role,
                par.size,
                par.color,
                line.char_space,
            )

    def render(self) -> RenderResult:
        self.draw()
        return self.finish()

    def marks_rows(self) -> int:
        """Grid lines the 份号 and 密级 take above a document without a red header (a 议程, a
        督办通知单 of classified content): their two lines and a blank one before the title."""
        return 3 if self.doc.copy_number or self.doc.secrecy else 0

    def draw(self) -> None:
        """Draw the document's pages, from a new page on (its numbers from 「— 1 —」)."""
        p = self.page
        laid = [(par, self.lines_of(par)) for par in self.doc.paragraphs]
        self.confidential_marks()
        if self.doc.code is not None:
            self.code_block(*self.doc.code)
        top = self.red_header(self.doc.header) if self.doc.header else self.marks_rows()
        pages = paginate(slots(laid), p.lines - top, p.lines)
        for n, page in enumerate(pages):
            if n:
                self.end_page()
            row = top if n == 0 else 0
            for slot in page:
                if slot.line is not None:
                    self.draw_line(slot.line, row, slot.par)
                row += 1
        closing = self.doc.closing
        if closing is None:
            self.end_page()
        else:
            self.place_closing(closing, row)

    def place_closing(self, closing: ClosingBlock, row: int) -> None:
        """GB/T 9704 7.5, 8: the 版记 is on the last page, an even one, its last rule on the
        text block's bottom edge. It shares the text's last page when that page is even and
        has room; otherwise it goes on the next even page, alone, with any blank page before
        it, and neither the blank page nor the 版记 page carries a page number."""
        cc_lines = self.closing_lines(closing)
        fits = row + self.closing_rows(closing, cc_lines) <= self.page.lines
        if fits and self.page_no % 2 == 0:
            self.closing_block(closing, cc_lines)
            self.end_page()
            return
        self.end_page()
        if self.page_no % 2:  # an odd page would be next: it stays blank
            self.end_page(numbered=False)
        self.closing_block(closing, cc_lines)
        self.end_page(numbered=False)

    def finish(self) -> RenderResult:
        glyph_notes = self.glyphs.notes()
        subject = "字体：" + self.fonts.summary()
        if self.glyphs.missing:
            subject += "；缺字：" + "".join(self.glyphs.missing)
            log.warning(
                "%s: characters printed as empty boxes: %s",
                self.doc.title,
                "".join(self.glyphs.missing),
            )
        self.c.setSubject(subject)
        if self.embolden:
            glyph_notes.append("小标宋：未安装方正小标宋，以宋体加粗代替")
        self.c.save()
        notes = [f"字体替代：{f.note}" for f in self.fonts.fallbacks]
        notes += glyph_notes + self.doc.extra_notes
        pages = self.c.getPageNumber() - 1  # every copy's pages (page_no restarts per copy)
        return RenderResult(self.buf.getvalue(), pages, notes, list(self.glyphs.missing))


def render(
    doc: OfficialDocument,
    fonts: FontSet | None = None,
    page: PortraitPage = PORTRAIT,
    coverage: CoverageSearch | None = None,
) -> RenderResult:
    return _Renderer(doc, fonts or load_fonts(), page, coverage).render()


def render_copies(
    doc: OfficialDocument,
    copy_numbers: Sequence[str],
    fonts: FontSet | None = None,
    page: PortraitPage = PORTRAIT,
    coverage: CoverageSearch | None = None,
) -> RenderResult:
    """One PDF holding one copy of `doc` per 份号 in `copy_numbers`, in order (R44): each copy
    is the document as `render` draws it, with its own 份号 top left and its pages numbered
    from 「— 1 —」. A copy that ends on an odd page is followed by a blank, unnumbered page, so
    that printed on both sides (GB/T 9704) each copy starts on a sheet of its own and can be
    handed out — and later recovered — by its number. No numbers: `render(doc)`."""
    if not copy_numbers:
        return render(doc, fonts, page, coverage)
    renderer = _Renderer(
        replace(doc, copy_number=copy_numbers[0]), fonts or load_fonts(), page, coverage
    )
    for k, number in enumerate(copy_numbers):
        if k:
            if renderer.page_no % 2 == 0:  # the copy before ended on an odd page
                renderer.end_page(numbered=False)
            renderer.doc = replace(doc, copy_number=number)
            renderer.page_no = 1
        renderer.draw()
    result = renderer.finish()
    result.copy_numbers = list(copy_numbers)
    return result
