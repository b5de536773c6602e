"""The ruled table and the page the one-page forms share: 用印审批单 (seal_forms_render), 外出请示
报备表 (absence_forms_render), 发文稿纸/收文处理笺/议题审批表 (sign_sheets_render). Each form keeps
only its own: its rows, heading, box sizing and marks on the page.

- Four columns (label | value | label | value, 156 mm), a thin grid in a thick frame; `Ruling` holds
  what differs between forms: the widths, the line height, the cell padding, the frame's weight.
- Several tables stacked — the facts, one per opinion box, the rows after — so a box is never split
  across sheets; `stack` draws the frame's top and bottom edges. A ruled row longer than what is
  left of a page continues on the next (splitInRow). Cells break by form_cells' rules.
- `fill_page` shares the height the other rows leave among the boxes; what does not fit continues
  on a second sheet at the same size, never shrunk (FORMS.md: never below 五号). `build_pdf`: the
  page template, the metadata, and the fonts (and any character no face has) in the subject.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from typing import Any, Protocol

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Frame, PageTemplate, Paragraph, Table, TableStyle
from reportlab.platypus.doctemplate import BaseDocTemplate

from desktop_app.formatting import format_date
from desktop_app.printing import form_cells
from desktop_app.printing.fonts import BOLD_STROKE, FontSet
from desktop_app.printing.form_cells import PADDINGS
from desktop_app.printing.geometry import MM, PORTRAIT, SIZES
from desktop_app.printing.glyph_fallback import GlyphFallback
from desktop_app.printing.register_layout import break_cell
from desktop_app.printing.title_breaks import break_title

PAGE = PORTRAIT
CELL = SIZES["小四"]
RED = colors.Color(0.9, 0.0, 0.07)
PageHook = Callable[[Any, Any], None]  # (canvas, doc), as ReportLab calls a page template's hooks


@dataclass(frozen=True)
class Ruling:
    """What differs between the forms' tables."""

    widths: tuple[float, float, float, float]  # label | value | label | value
    leading: float = 16.0  # a line of cell text
    pad: float = 2.5  # every cell's padding
    grid: float = 0.75  # the thin grid
    frame: float = 1.5 * 0.75  # the thick frame around it

    @property
    def wide(self) -> float:
        """A value spanning columns 1–3 (and a box's inside)."""
        return sum(self.widths[1:])

    @property
    def signature_row(self) -> float:
        return self.leading + 2


class BoldParagraph(Paragraph):
    """A title in the 宋 face standing in for 小标宋 (FORMS.md → Font roles: 「宋体 bold look」):
    each glyph's outline is stroked as well as filled (text render mode 2), as official pages
    draw it (official_canvas)."""

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setStrokeColor(self.style.textColor)
        c.setLineWidth(self.style.fontSize * BOLD_STROKE)
        c._code.append("2 Tr")  # ReportLab's text objects leave the mode as they find it
        super().draw()
        c._code.append("0 Tr")
        c.restoreState()


class SignedBox(Protocol):
    @property
    def signed(self) -> bool: ...

    @property
    def signed_on(self) -> date | None: ...


class FormTables:
    """A form's paragraph styles and its ruling, and the cells and tables made with them. A form
    adds its own styles with `make`."""

    def __init__(self, fonts: FontSet, glyphs: GlyphFallback, ruling: Ruling):
        self.fonts, self.glyphs, self.ruling = fonts, glyphs, ruling
        self.embolden = fonts.fonts["xiaobiaosong"].fallback  # no 方正小标宋 on this PC
        self.fangsong = fonts.name("fangsong")
        self.title = self.make("title", "xiaobiaosong", SIZES["二号"], TA_CENTER, 30)
        self.label = self.make("label", "heiti", align=TA_CENTER)
        self.value = self.make("value", "fangsong")
        self.sign = self.make("sign", "fangsong", align=TA_RIGHT)
        self.note = self.make("note", "fangsong", SIZES["五号"], TA_LEFT, 14)

    def make(
        self,
        name: str,
        role: str,
        size: float = CELL,
        align: int = TA_LEFT,
        leading: float | None = None,
        color: colors.Color = colors.black,
    ) -> ParagraphStyle:
        return ParagraphStyle(
            name,
            fontName=self.fonts.name(role),
            fontSize=size,
            leading=self.ruling.leading if leading is None else leading,
            alignment=align,
            wordWrap="CJK",
            textColor=color,
            role=role,  # per-character fallback: form_cells.markup
            glyphs=self.glyphs,
        )

    # --- cells -------------------------------------------------------------------------------
    def lines(self, text: str, style: ParagraphStyle, width: float) -> list[str]:
        """`text` broken for a cell `width` wide (padding off) by form_cells' rules."""
        return form_cells.lines(text, style, width - 2 * self.ruling.pad)

    def para(self, text: str, style: ParagraphStyle, width: float) -> Paragraph:
        """A cell `width` wide; labels break between words (「承办单位负责人」「意见」)."""
        if style.name == "label":
            return form_cells.label(text, style, width - 2 * self.ruling.pad)
        return form_cells.para(text, style, width - 2 * self.ruling.pad)

    def text(self, text: str, style: ParagraphStyle, width: float = PAGE.block_width) -> Paragraph:
        """One paragraph `width` wide (the text block's by default) — titles, marks, notes, the
        texts of a signature line: a title broken between words into balanced lines
        (title_breaks), anything else by form_cells' rules (禁则). ReportLab's own CJK wrap let
        closing punctuation hang past the text block's edge, or open the next line alone. A
        title set in the 宋 face standing in for 小标宋 gets the bold look (BoldParagraph)."""

        def measure(t: str) -> float:
            return stringWidth(t, style.fontName, style.fontSize)

        title = style.name == "title"
        lines = break_title(text, width, measure) if title else break_cell(text, width, measure)
        markup = "<br/>".join(form_cells.markup(x, style) for x in lines)
        return BoldParagraph(markup, style) if title and self.embolden else Paragraph(markup, style)

    def pairs(self, rows: Sequence[Sequence[tuple[str, str]]]) -> tuple[list[list], list[int]]:
        """Rows of (label, value) pairs — two side by side, or one spanning the row — and which
        rows span columns 1–3."""
        w = self.ruling.widths
        out: list[list] = []
        spans: list[int] = []
        for pair in rows:
            if len(pair) == 1:
                (label, value) = pair[0]
                spans.append(len(out))
                head = self.para(label, self.label, w[0])
                out.append([head, self.para(value, self.value, self.ruling.wide), "", ""])
            else:
                (l1, v1), (l2, v2) = pair[:2]
                out.append(
                    [
                        self.para(l1, self.label, w[0]),
                        self.para(v1, self.value, w[1]),
                        self.para(l2, self.label, w[2]),
                        self.para(v2, self.value, w[3]),
                    ]
                )
        return out, spans

    # --- tables ------------------------------------------------------------------------------
    def grid(self, spans: Sequence[int], extra: Sequence[tuple] = ()) -> TableStyle:
        """Thin grid, the frame's sides, values spanning columns 1–3 on rows `spans`."""
        r = self.ruling
        return TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), self.fangsong),
                ("GRID", (0, 0), (-1, -1), r.grid, colors.black),
                ("LINEBEFORE", (0, 0), (0, -1), r.frame, colors.black),
                ("LINEAFTER", (-1, 0), (-1, -1), r.frame, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                *((k, (0, 0), (-1, -1), r.pad) for k in PADDINGS),
                *(("SPAN", (1, n), (3, n)) for n in spans),
                *extra,
            ]
        )

    def ruled(
        self, rows: list[list], spans: Sequence[int], heights: Sequence[float | None] | None = None
    ) -> Table:
        """Ruled rows; a row longer than what is left of the page continues on the next."""
        table = Table(rows, colWidths=list(self.ruling.widths), rowHeights=heights, splitInRow=1)
        table.setStyle(self.grid(spans))
        return table

    def box(self, label: str, inside: Table, height: float, extra: Sequence[tuple] = ()) -> Table:
        """One opinion box `height` tall: its label, then `inside` over columns 1–3 (a table of
        its own, so never split across sheets)."""
        row = [[self.para(label, self.label, self.ruling.widths[0]), inside, "", ""]]
        table = Table(row, colWidths=list(self.ruling.widths), rowHeights=[height])
        table.setStyle(self.grid([0], extra))
        return table

    def box_inside(self, top: Any, signature: Any, width: float, heights: list[float]) -> Table:
        """The opinion at the top of a box, the signature line at its bottom right."""
        inner = Table([[top], [signature]], colWidths=[width], rowHeights=heights)
        inner.setStyle(
            TableStyle(
                [
                    # a Table's cells default to Helvetica, which would sit in the PDF unembedded
                    ("FONTNAME", (0, 0), (-1, -1), self.fangsong),
                    ("VALIGN", (0, 0), (-1, 0), "TOP"),
                    ("VALIGN", (0, 1), (-1, 1), "BOTTOM"),
                    ("ALIGN", (0, 1), (-1, 1), "RIGHT"),
                    *((k, (0, 0), (-1, -1), 0) for k in PADDINGS),
                ]
            )
        )
        return inner

    def box_need(self, texts: Sequence[tuple[str, ParagraphStyle]]) -> float:
        """The least height of a box holding `texts` (each in its style) and the signature."""
        r = self.ruling
        width = r.wide - 2 * r.pad
        n = sum(len(self.lines(t, style, width)) for t, style in texts if t)
        return n * r.leading + r.signature_row + 2 * r.pad + 4

    def signature(
        self, box: SignedBox, who: str, date_width: float, blank: Table | None = None
    ) -> Table:
        """「签字：」 with the recorded name (`who`) and date; unsigned, the blank line of cells
        with real room for the pen (`blank`, by default form_cells.blank_signature)."""
        if not box.signed:
            return blank or form_cells.blank_signature(self.value, self.fangsong)
        row = [
            self.text("签字：", self.value),
            self.text(who, self.value),
            self.text(format_date(box.signed_on), self.sign),
        ]
        widths = [14 * MM, stringWidth(who, self.value.fontName, CELL) + 6 * MM, date_width]
        return self.cells(row, widths)

    def cells(self, row: list, widths: list[float]) -> Table:
        """One row of unpadded cells, right-aligned in its column (a signature line)."""
        table = Table([row], colWidths=widths, hAlign="RIGHT")
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), self.fangsong),
                    *((k, (0, 0), (-1, -1), 0) for k in PADDINGS),
                ]
            )
        )
        return table

    def stack(self, tables: list[Table]) -> list[Table]:
        """The frame's top edge on the first table, its bottom edge on the last."""
        if tables:
            frame = self.ruling.frame
            tables[0].setStyle(TableStyle([("LINEABOVE", (0, 0), (-1, 0), frame, colors.black)]))
            tables[-1].setStyle(TableStyle([("LINEBELOW", (0, -1), (-1, -1), frame, colors.black)]))
        return tables


# --- the page --------------------------------------------------------------------------------
def height(flowables: Sequence[Flowable]) -> float:
    """How much of the text block `flowables` take."""
    return sum(x.wrap(PAGE.block_width, PAGE.block_height)[1] for x in flowables)


def fill_page(make: Callable[[float], list[Table]], used: float, boxes: int) -> list[Table]:
    """The tables `make(extra)` lays out, each of `boxes` boxes `extra` taller than its least
    height so that the form, with `used` taken by what is around it, fills the text block."""
    tables = make(0)
    spare = PAGE.block_height - used - sum(x.wrap(PAGE.block_width, 100_000)[1] for x in tables)
    spare -= 2
    if boxes and spare > 0:
        tables = make(spare / boxes)
    return tables


def build_pdf(
    story: list[Flowable],
    fonts: FontSet,
    glyphs: GlyphFallback,
    *,
    title: str,
    author: str,
    on_page: PageHook | None = None,
    on_page_end: PageHook | None = None,
) -> tuple[bytes, int]:
    """PDF bytes and the number of sheets of `story` on A4 portrait, inside the text block."""
    buf = BytesIO()
    frame = Frame(
        PAGE.left,
        PAGE.block_bottom,
        PAGE.block_width,
        PAGE.block_height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="form",
    )
    subject = "字体：" + fonts.summary()

    def page_end(canvas, doc) -> None:
        # The characters no face has are known once drawn: the last page's call has them all.
        canvas.setSubject(glyphs.subject(subject))
        if on_page_end is not None:
            on_page_end(canvas, doc)

    hooks: dict[str, PageHook] = {"onPageEnd": page_end}
    if on_page is not None:
        hooks["onPage"] = on_page
    doc = BaseDocTemplate(
        buf,
        pagesize=(PAGE.width, PAGE.height),
        pageTemplates=[PageTemplate("form", [frame], **hooks)],
        title=title,
        author=author,
        creator="府办台账",
        subject=subject,
        lang="zh-CN",
        initialFontName=fonts.name("fangsong"),
        initialFontSize=CELL,
    )
    doc.build(story)
    return buf.getvalue(), doc.page
