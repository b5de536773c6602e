"""ReportLab drawing for register.py: document, styles, the table and the page-numbering canvas."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, PageTemplate, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.doctemplate import BaseDocTemplate

from desktop_app.formatting import format_date
from desktop_app.printing.fonts import FontSet
from desktop_app.printing.geometry import LANDSCAPE, MM, SIZES
from desktop_app.printing.register_spec import RegisterSpec
from desktop_app.printing.typeset import plain_lines

PAGE = LANDSCAPE
CELL_SIZE = SIZES["五号"]
CELL_LEADING = 14.0
PAD_X = 3.0  # cell padding left/right, pt
PAD_Y = 2.5  # cell padding top/bottom, pt
GRID_WIDTH = 0.5
HEADER_GREY = colors.Color(0.87, 0.87, 0.87)
VOID_GREY = colors.Color(0.5, 0.5, 0.5)
FOOTER_BAND = 9 * MM  # bottom strip of the text block kept for the page number
FRAME_HEIGHT = PAGE.block_height - FOOTER_BAND
FOOTER_BASELINE = PAGE.bottom + 2.5 * MM
FOOTER_SIZE = CELL_SIZE  # 「第 N 页 共 M 页」, 宋体 五号
ANCHOR_SIZE = 9.0  # 小五: the audit anchor, smaller than the page number, never below 9 pt
ANCHOR_LEADING = 10.0  # two anchor lines still fit in the footer band
ANCHOR_GAP = 6 * MM  # least room between the anchor and the page number
WIDEST_NUMBER = "第 8888 页 共 8888 页"  # the anchor keeps clear of any page number
EMPTY_TEXT = "（无记录）"
VOID_MARK = "作废"
ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}


def render(spec: RegisterSpec, rows: list[list[str]], fonts: FontSet) -> bytes:
    buf = BytesIO()
    doc = _document(buf, spec, fonts)
    styles = _Styles(fonts)
    heading = _heading(spec, styles)
    above = sum(f.wrap(PAGE.block_width, FRAME_HEIGHT)[1] + f.getSpaceAfter() for f in heading)
    story = [*heading, _register_table(spec, rows, styles, above)]
    footer_font = fonts.name("songti")
    doc.build(
        story,
        canvasmaker=partial(
            _NumberedCanvas, footer_font=footer_font, anchor=anchor_lines(spec.anchor, footer_font)
        ),
    )
    return buf.getvalue()


def anchor_room(font: str) -> float:
    """Width left of the centred page number for the anchor: from the text block's left edge
    to ANCHOR_GAP before the widest page number could start."""
    number = stringWidth(WIDEST_NUMBER, font, FOOTER_SIZE)
    return PAGE.width / 2 - number / 2 - ANCHOR_GAP - PAGE.left


def anchor_lines(anchor: str, font: str) -> list[str]:
    """The anchor as printed: one line, or two when it is too long for the room left of the
    page number (both inside the footer band); longer is refused rather than overprinted."""
    anchor = anchor.strip()
    if not anchor:
        return []
    lines = plain_lines(anchor, anchor_room(font), lambda s: stringWidth(s, font, ANCHOR_SIZE))
    if len(lines) > 2:
        raise ValueError(f"the anchor does not fit the footer in two lines: {anchor!r}")
    return lines


def _document(buf: BytesIO, spec: RegisterSpec, fonts: FontSet) -> BaseDocTemplate:
    frame = Frame(
        PAGE.left,
        PAGE.bottom + FOOTER_BAND,
        PAGE.block_width,
        FRAME_HEIGHT,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="register",
    )
    # initialFontName: the canvas would otherwise open every page with Helvetica, which then
    # shows up in the PDF as a font that is not embedded.
    return BaseDocTemplate(
        buf,
        pagesize=(PAGE.width, PAGE.height),
        pageTemplates=[PageTemplate("register", [frame])],
        leftMargin=PAGE.left,
        rightMargin=PAGE.right_margin,
        topMargin=PAGE.top,
        bottomMargin=PAGE.bottom,
        title=spec.title,
        author=spec.org,
        creator="府办台账",
        subject=fonts.summary(),
        lang="zh-CN",
        initialFontName=fonts.name("fangsong"),
        initialFontSize=CELL_SIZE,
    )


class _Styles:
    """Paragraph styles by use."""

    def __init__(self, fonts: FontSet):
        self.fonts = fonts
        self.title = ParagraphStyle(
            "title",
            fontName=fonts.name("xiaobiaosong"),
            fontSize=SIZES["小二"],
            leading=26,
            alignment=TA_CENTER,
            wordWrap="CJK",
            spaceAfter=3 * MM,
        )
        self.info = {
            a: ParagraphStyle(
                f"info-{a}",
                fontName=fonts.name("fangsong"),
                fontSize=SIZES["小四"],
                leading=16,
                alignment=ALIGN[a],
                wordWrap="CJK",
            )
            for a in ALIGN
        }
        self.header = ParagraphStyle(
            "header",
            fontName=fonts.name("heiti"),
            fontSize=CELL_SIZE,
            leading=CELL_LEADING,
            alignment=TA_CENTER,
            wordWrap="CJK",
        )
        self.cell = {
            a: ParagraphStyle(
                f"cell-{a}",
                fontName=fonts.name("fangsong"),
                fontSize=CELL_SIZE,
                leading=CELL_LEADING,
                alignment=ALIGN[a],
                wordWrap="CJK",
            )
            for a in ALIGN
        }
        self.void = {
            a: ParagraphStyle(f"void-{a}", parent=s, textColor=VOID_GREY)
            for a, s in self.cell.items()
        }

    def cell_of(
        self,
        text: str | None,
        style: ParagraphStyle,
        width: float,
        strike: bool = False,
        mark: str = "",
    ) -> _Cell:
        lines = plain_lines(_as_text(text), width, lambda s: _text_width(s, style))
        return _Cell(lines, style, strike, mark and self.fonts.name("heiti"))

    def para(self, text: str | None, style: ParagraphStyle, width: float) -> Paragraph:
        return self.cell_of(text, style, width).para()


@dataclass
class _Cell:
    """A cell's lines, already broken (typeset.plain_lines), and how to draw them."""

    lines: list[str]
    style: ParagraphStyle
    strike: bool = False  # voided row: every line struck through
    mark_font: str = ""  # voided row's last cell: the leading 「作废」 in this font, black

    def para(self, start: int = 0, stop: int | None = None) -> Paragraph:
        lines = [escape(line) for line in self.lines[start:stop]]
        if self.strike:
            lines = [f"<strike>{line}</strike>" if line else line for line in lines]
        if self.mark_font and start == 0 and lines:
            mark = f'<font name="{self.mark_font}" color="black">{VOID_MARK}</font>'
            lines[0] = lines[0].replace(VOID_MARK, mark, 1)
        return Paragraph("<br/>".join(lines), self.style)


def _heading(spec: RegisterSpec, st: _Styles) -> list:
    """Title, then one line: organisation (left), filter (centre, wraps if long), print date
    (right). The side cells take their text's width, the filter gets the rest."""
    org, date_text = spec.org.strip(), f"打印日期：{format_date(spec.printed_on)}"
    side = [
        min(_text_width(t, st.info["left"]) + 4 * MM, PAGE.block_width * 0.3)
        for t in (org, date_text)
    ]
    widths = [side[0], PAGE.block_width - sum(side), side[1]]
    texts = [org, f"筛选：{spec.filter_text.strip() or '全部'}", date_text]
    cells = [
        st.para(t, st.info[a], w)
        for t, a, w in zip(texts, ("left", "center", "right"), widths, strict=True)
    ]
    line = Table([cells], colWidths=widths)
    line.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), st.fonts.name("fangsong")),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return [Paragraph(escape(spec.title), st.title), line, Spacer(1, 2 * MM)]


def _as_text(value: object) -> str:
    return "" if value is None else str(value)


def _text_width(text: str, style: ParagraphStyle) -> float:
    return stringWidth(text, style.fontName, style.fontSize)


def column_widths(spec: RegisterSpec) -> list[float]:
    total = sum(c.width_weight for c in spec.columns)
    return [PAGE.block_width * c.width_weight / total for c in spec.columns]


def _register_table(spec: RegisterSpec, rows: list[list[str]], st: _Styles, above: float) -> Table:
    """The table; `above`: height taken on page 1 by the heading."""
    widths = column_widths(spec)
    inner = [w - 2 * PAD_X for w in widths]
    header = [st.cell_of(c.title, st.header, w) for c, w in zip(spec.columns, inner, strict=True)]
    data = [[c.para() for c in header]]
    limit = _lines_per_row(header, above)
    voided = set(spec.voided_rows)
    for i, row in enumerate(rows):
        data.extend(_split_tall(_row(spec, row, inner, st, i in voided), limit))
    if not rows:
        data.append([st.para(EMPTY_TEXT, st.cell["center"], sum(inner))] + [""] * (len(widths) - 1))
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(_table_style(st.fonts.name("fangsong"), empty=not rows))
    return table


def _lines_per_row(header: list[_Cell], above: float) -> int:
    """Most lines a row may have and still fit under the header on any page (page 1 included)."""
    header_h = max(len(c.lines) for c in header) * CELL_LEADING + 2 * PAD_Y
    free = FRAME_HEIGHT - above - header_h - 2 * PAD_Y - 2  # 2 pt: grid lines, rounding
    return max(1, int(free // CELL_LEADING))


def _split_tall(cells: list[_Cell], limit: int) -> list[list[Paragraph]]:
    """A row taller than a page becomes consecutive rows of at most `limit` lines each; each
    fills a page, so the split falls on a page break (ReportLab's own splitInRow mangles the
    repeated header)."""
    height = max(len(c.lines) for c in cells)
    return [[c.para(k, k + limit) for c in cells] for k in range(0, max(height, 1), limit)]


def _row(
    spec: RegisterSpec, row: list[str], inner: list[float], st: _Styles, void: bool
) -> list[_Cell]:
    cells = []
    last = len(spec.columns) - 1
    for j, (col, text, width) in enumerate(zip(spec.columns, row, inner, strict=True)):
        if not void:
            cells.append(st.cell_of(text, st.cell[col.align], width))
        elif j == last:
            cells.append(st.cell_of(_void_text(text), st.void[col.align], width, mark=VOID_MARK))
        else:
            cells.append(st.cell_of(text, st.void[col.align], width, strike=True))
    return cells


def _void_text(text: str | None) -> str:
    """「作废」 before the reason (FORMS.md: voided entries stay, marked 作废 with the reason)."""
    text = _as_text(text).strip()
    if text.startswith(VOID_MARK):
        return text
    return f"{VOID_MARK}：{text}" if text else VOID_MARK


def _table_style(font: str, empty: bool) -> TableStyle:
    # FONTNAME: a Table sets its cell font (default Helvetica) even for Paragraph cells.
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("GRID", (0, 0), (-1, -1), GRID_WIDTH, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_GREY),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
        ("TOPPADDING", (0, 0), (-1, -1), PAD_Y),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_Y),
    ]
    if empty:
        commands.append(("SPAN", (0, 1), (-1, 1)))
    return TableStyle(commands)


class _NumberedCanvas(Canvas):
    """Holds every page until save(), then stamps 「第 N 页 共 M 页」 on each (two passes in one),
    and the audit anchor, if any, at the left of the same footer line."""

    def __init__(self, *args, footer_font: str, anchor: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self._footer_font = footer_font
        self._anchor = list(anchor)
        self._held: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        for state in self._held:
            self.__dict__.update(state)
            self.setFillColor(colors.black)
            self.setFont(self._footer_font, FOOTER_SIZE)
            self.drawCentredString(
                PAGE.width / 2, FOOTER_BASELINE, f"第 {self._pageNumber} 页 共 {total} 页"
            )
            self._draw_anchor()
            super().showPage()
        super().save()

    def _draw_anchor(self) -> None:
        """Bottom line on the page number's baseline; a second line, if any, above it."""
        self.setFont(self._footer_font, ANCHOR_SIZE)
        for k, line in enumerate(reversed(self._anchor)):
            self.drawString(PAGE.left, FOOTER_BASELINE + k * ANCHOR_LEADING, line)
