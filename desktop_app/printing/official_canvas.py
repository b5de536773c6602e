"""The drawing surface of a GB/T 9704 portrait page (official.py's renderer builds on it): the
ReportLab canvas, text drawn character by character from the first face that has it, widths
measured and paragraphs broken into lines (both kept between builds, layout_cache), rules, the
「— N —」 page numbers, the 份号/密级 marks and the code block in the top margin. It holds what
any page of the document needs, apart from the header, body and closing block layout rules."""

from __future__ import annotations

import io

from desktop_app.printing import glyph_fallback
from desktop_app.printing.fonts import BOLD_STROKE, FontSet
from desktop_app.printing.geometry import PortraitPage
from desktop_app.printing.glyph_fallback import CoverageSearch, GlyphFallback
from desktop_app.printing.layout_cache import CACHE, fonts_key
from desktop_app.printing.official_model import OfficialDocument
from desktop_app.printing.typeset import Line, Paragraph, break_lines

BLACK = (0, 0, 0)


class OfficialCanvas:
    """One document's canvas, fonts and measures; official._Renderer lays the pages out on it."""

    def __init__(
        self,
        doc: OfficialDocument,
        fonts: FontSet,
        page: PortraitPage,
        coverage: CoverageSearch | None = None,
    ):
        from reportlab.lib.rl_accel import fp_str
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfgen.canvas import Canvas

        self.doc, self.fonts, self.page = doc, fonts, page
        self.glyphs = GlyphFallback(fonts, coverage)
        # No real 小标宋 face: a thin stroke on the outline gives the 宋 stand-in its weight.
        self.embolden = {"xiaobiaosong"} if fonts.fonts["xiaobiaosong"].fallback else set()
        self.width_of = pdfmetrics.stringWidth
        self.get_font = pdfmetrics.getFont
        self.fp_str = fp_str
        self._fill: tuple = ()  # the fill colour set on the canvas (reset on each page)
        # Widths and lines are kept between builds with this PC's coverage faces (layout_cache).
        self._key = None
        if coverage is None:
            self._key = (fonts_key(fonts), tuple(glyph_fallback.default_paths()))
        self._widths = CACHE.widths(self._key) if self._key is not None else {}
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
        self.escape = self.c._escape
        self.page_no = 1

    def measure(self, text: str, role: str, size: float) -> float:
        # Most units are single characters that repeat a lot: cache their widths.
        key = (text, role, size)
        width = self._widths.get(key)
        if width is None:
            width = self._widths[key] = sum(
                self.width_of(part, name, size) for name, part in self.glyphs.runs(text, role)
            )
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
        """Draw text, each character from the first face that has it (glyph_fallback); each
        run of glyphs from one embedded subset (256 glyphs each) gets its own position, so
        every PDF reader places the glyphs exactly where they were laid out (some readers lose
        the character spacing when the subset changes mid-string).

        The operators are written here rather than through ReportLab's text object, which
        re-encodes and re-measures every run (a 10-page 纪要 has about 1,300 of them): one
        BT … ET per call, the font set only when the subset changes."""
        c, doc, fp = self.c, self.c._doc, self.fp_str
        if color != self._fill:
            c.setFillColorRGB(*color)
            self._fill = color
        bold = role in self.embolden
        if bold:
            c.setStrokeColorRGB(*color)
            c.setLineWidth(size * BOLD_STROKE)
        code = ["BT", f"{fp(char_space)} Tc"]
        if bold:
            code.append("2 Tr")  # fill, then stroke the outline
        current = ""
        for name, run in self.glyphs.runs(text, role):
            font = self.get_font(name)
            for subset, codes in font.splitString(run, doc):
                pdf_name = font.getSubsetInternalName(subset, doc)
                if pdf_name != current:
                    code.append(f"{pdf_name} {fp(size)} Tf")
                    current = pdf_name
                part, run = run[: len(codes)], run[len(codes) :]  # one byte per glyph
                code.append(f"1 0 0 1 {fp(x, y)} Tm ({self.escape(codes)}) Tj")
                x += self.width_of(part, name, size) + char_space * len(part)
        if bold:
            code.append("0 Tr")  # the mode outlives the text object: back to plain fill
        code.append("ET")
        c._code.append(" ".join(code))

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

    def code_block(self, token: str, number: str) -> None:
        from desktop_app.printing.sheet_code_mark import draw_code_block

        draw_code_block(
            self.c,
            self.page,
            token,
            [number, "扫码登记"],
            lambda x, y, text, size: self.draw_text(x, y, text, "fangsong", size),
            lambda text, size: self.measure(text, "fangsong", size),
        )

    def end_page(self, numbered: bool = True) -> None:
        if numbered:
            self.page_number()
        self.c.showPage()
        self._fill = ()  # a new page starts from the default (black) fill
        self.page_no += 1

    def pitch_for(self, par: Paragraph) -> float:
        """Body-size text and smaller sits on the grid's character pitch (156 mm / 28, so a
        full line holds 28 characters, headings too); larger text (titles) keeps its natural
        spacing — the grid's 15.8 pt would make 22 pt glyphs overlap."""
        return self.page.char_pitch if par.size <= self.page.body_size else par.size

    def lines_of(
        self, par: Paragraph, width: float | None = None, pitch: float | None = None
    ) -> list[Line]:
        """The paragraph broken into lines of the text block (or `width`), from the layout
        cache when it was broken before."""
        pitch = self.pitch_for(par) if pitch is None else pitch
        width = self.page.block_width if width is None else width

        def wrap() -> list[Line]:
            return break_lines(par, width, pitch, self.measure)

        if self._key is None:
            return wrap()
        return CACHE.lines(self._key, par, width, pitch, wrap)
