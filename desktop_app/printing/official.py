"""GB/T 9704 portrait pages: the red header mark of 纪要-style documents, body paragraphs on the
22 × 28 grid, the closing block (版记) on the last page's bottom edge, and 「— N —」 page numbers.

A document is data (`OfficialDocument`); `render` lays it out and returns PDF bytes. Forms for
minutes and other documents build an OfficialDocument and call `render`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from desktop_app.printing.fonts import FontSet, load_fonts
from desktop_app.printing.geometry import MM, PORTRAIT, SIZES, PortraitPage
from desktop_app.printing.typeset import Line, Paragraph, Run, break_lines

RED = (0.9, 0.0, 0.07)
BLACK = (0, 0, 0)
THICK_RULE = 0.35 * MM
THIN_RULE = 0.25 * MM


@dataclass
class RedHeader:
    """纪要 mark: 「同江市人民政府常务会议纪要」 in red 小标宋, its top edge 35 mm below the text
    block's top; the issue number; the issuing office and date; a full-width red rule."""

    mark: str
    issue_number: str
    office: str
    date_text: str
    mark_size: float = 0.0  # 0 = as large as fits, at most 36 pt


@dataclass
class ClosingBlock:
    """版记: 「抄送：……。」 and 「<office>　　<date>印发」 between rules, on the last page's bottom."""

    cc: str
    office: str
    date_text: str


@dataclass
class OfficialDocument:
    title: str  # PDF metadata title
    author: str
    paragraphs: list[Paragraph]
    header: RedHeader | None = None
    closing: ClosingBlock | None = None
    copy_number: str = ""  # 份号, confidential documents
    secrecy: str = ""  # 密级★保密期限
    extra_notes: list[str] = field(default_factory=list)


@dataclass
class RenderResult:
    pdf: bytes
    pages: int
    notes: list[str]  # font substitutions etc., for the preview's status bar


def attendance(label: str, names: list[str], size: float = SIZES["三号"]) -> Paragraph:
    """「出席：」 (黑体) + names (仿宋), indented two characters; wrapped lines align after the colon."""
    return Paragraph(
        [Run(f"{label}：", "heiti"), Run("、".join(names), "fangsong", True)],
        first_indent=2,
        hang=2 + len(label) + 1,
        align="left",
        size=size,
    )


def blank() -> Paragraph:
    return Paragraph([], first_indent=0)


class _Renderer:
    def __init__(self, doc: OfficialDocument, fonts: FontSet, page: PortraitPage):
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfgen.canvas import Canvas

        self.doc, self.fonts, self.page = doc, fonts, page
        self.width_of = pdfmetrics.stringWidth
        self.get_font = pdfmetrics.getFont
        self._widths: dict[tuple[str, str, float], float] = {}
        self.buf = io.BytesIO()
        self.c = Canvas(
            self.buf,
            pagesize=(page.width, page.height),
            initialFontName=fonts.name("fangsong"),
            initialFontSize=16,
        )
        self.c.setTitle(doc.title)
        self.c.setAuthor(doc.author)
        self.c.setCreator("府办台账")
        self.c.setSubject("字体：" + fonts.summary())
        self.page_no = 1

    def measure(self, text: str, role: str, size: float) -> float:
        # Most units are single characters that repeat a lot: cache their widths.
        key = (text, role, size)
        width = self._widths.get(key)
        if width is None:
            width = self._widths[key] = self.width_of(text, self.fonts.name(role), size)
        return width

    # --- page furniture ------------------------------------------------------------------
    def draw_text(
        self,
        x: float,
        y: float,
        text: str,
        role: str,
        size: float,
        color=BLACK,
        char_space: float = 0.0,
    ) -> None:
        """Draw text; each run of glyphs from one embedded subset (256 glyphs each) gets its
        own position, so every PDF reader places the glyphs exactly where they were laid out
        (some readers lose the character spacing when the subset changes mid-string)."""
        name = self.fonts.name(role)
        self.c.setFillColorRGB(*color)
        t = self.c.beginText()
        t.setFont(name, size)
        t.setCharSpace(char_space)
        for _subset, codes in self.get_font(name).splitString(text, self.c._doc):
            part, text = text[: len(codes)], text[len(codes) :]  # one byte per glyph
            t.setTextOrigin(x, y)
            t.textOut(part)
            x += self.width_of(part, name, size) + char_space * len(part)
        self.c.drawText(t)

    def rule(self, y: float, width: float, color=BLACK) -> None:
        self.c.setStrokeColorRGB(*color)
        self.c.setLineWidth(width)
        self.c.line(self.page.left, y, self.page.right, y)

    def page_number(self) -> None:
        """「— N —」 in 4号 宋体, 7 mm below the text block; odd right, even left, one char in."""
        p, size = self.page, self.page.page_number_size
        text = f"— {self.page_no} —"
        width = self.measure(text, "songti", size)
        y = p.block_bottom - p.page_number_gap - size * 0.88
        x = p.right - size - width if self.page_no % 2 else p.left + size
        self.draw_text(x, y, text, "songti", size)

    def confidential_marks(self) -> None:
        p = self.page
        if self.doc.copy_number:
            self.draw_text(p.left, p.baseline(0), self.doc.copy_number, "heiti", p.body_size)
        if self.doc.secrecy:
            self.draw_text(p.left, p.baseline(1), self.doc.secrecy, "heiti", p.body_size)

    def red_header(self, h: RedHeader) -> int:
        """Draw the 纪要 header; returns the first grid line free for the body."""
        p = self.page
        size = h.mark_size or min(36.0, p.block_width / max(len(h.mark), 1))
        mark_top = p.block_top - 35 * MM
        width = self.measure(h.mark, "xiaobiaosong", size)
        self.draw_text(
            p.left + (p.block_width - width) / 2,
            mark_top - size * 0.88,
            h.mark,
            "xiaobiaosong",
            size,
            RED,
        )
        below = mark_top - size - 0.5 * p.line_pitch  # the issue number's line
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
        """The 抄送 text wrapped in 4号, continuation lines aligned after 「抄送：」."""
        size = SIZES["四号"]
        cc = c.cc if c.cc.endswith("。") else c.cc + "。"
        par = Paragraph(
            [Run(f"抄送：{cc}", "fangsong")], first_indent=1, hang=4, align="justify", size=size
        )
        return break_lines(par, self.page.block_width - size, size, self.measure)

    def closing_block(self, c: ClosingBlock, cc_lines: list[Line]) -> None:
        """抄送 lines and the 印发 line between rules; the bottom thick rule sits on the text
        block's bottom edge of the last page."""
        p, size = self.page, SIZES["四号"]
        pitch = p.line_pitch
        bottom = p.block_bottom
        base = (pitch - size) / 2 + size * 0.12
        self.rule(bottom, THICK_RULE)
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
        for piece in line.pieces:
            self.draw_text(
                self.page.left + line.indent + piece.x,
                y,
                piece.text,
                piece.role,
                par.size,
                par.color,
                line.char_space,
            )

    def new_page(self) -> None:
        self.page_number()
        self.c.showPage()
        self.page_no += 1

    def render(self) -> RenderResult:
        p = self.page
        # Text larger than the body (titles) keeps its natural spacing: the grid's 15.8 pt
        # pitch would make 22 pt glyphs overlap.
        laid = [
            (
                par,
                break_lines(par, p.block_width, max(p.char_pitch, par.size), self.measure)
                or [None],
            )
            for par in self.doc.paragraphs
        ]
        self.confidential_marks()
        row = self.red_header(self.doc.header) if self.doc.header else 0
        for index, (par, lines) in enumerate(laid):
            need = len(lines)
            if par.keep_with_next and index + 1 < len(laid):
                need += 1  # a heading never ends a page alone
            if row + min(need, 2) > p.lines and row > 0:
                self.new_page()
                row = 0
            for line in lines:
                if row >= p.lines:
                    self.new_page()
                    row = 0
                if line is not None:
                    self.draw_line(line, row, par)
                row += 1
        if self.doc.closing:
            cc_lines = self.closing_lines(self.doc.closing)
            if row > p.lines - 1 - len(cc_lines):  # the 版记 takes the last lines of the page
                self.new_page()
            self.closing_block(self.doc.closing, cc_lines)
        self.page_number()
        self.c.showPage()
        self.c.save()
        notes = [f"字体替代：{f.note}" for f in self.fonts.fallbacks] + self.doc.extra_notes
        return RenderResult(self.buf.getvalue(), self.page_no, notes)


def render(
    doc: OfficialDocument, fonts: FontSet | None = None, page: PortraitPage = PORTRAIT
) -> RenderResult:
    return _Renderer(doc, fonts or load_fonts(), page).render()
