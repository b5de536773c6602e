"""ReportLab drawing of a sheet leaders sign (sign_sheet_model.SignSheet): A4 portrait inside the
GB/T 9704 text block, 份号/密级/紧急程度 top left (黑体), the title in 小标宋, the facts in a ruled
table, one box per signature (a leader's at least 35 mm high, others at least 25 mm; the page's
spare height shared among them), the rows below the boxes, and the code block in the top margin
(sheet_code_mark). Each box is a table of its own, so it is never split across sheets; what does
not fit continues on a second sheet at the same size, never shrunk."""

from __future__ import annotations

from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Frame, PageTemplate, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.doctemplate import BaseDocTemplate

from desktop_app.formatting import format_date
from desktop_app.printing import form_cells
from desktop_app.printing.fonts import FontSet
from desktop_app.printing.geometry import MM, PORTRAIT, SIZES
from desktop_app.printing.glyph_fallback import GlyphFallback
from desktop_app.printing.sheet_code_mark import draw_code_block
from desktop_app.printing.sign_sheet_model import B_ROLE, SheetBox, SignSheet

PAGE = PORTRAIT
CELL = SIZES["小四"]
LEADING = 16.0
PAD = 2.5
GRID = 0.75
RED = colors.Color(0.9, 0.0, 0.07)
WIDTHS = [30 * MM, 48 * MM, 30 * MM, 48 * MM]  # label | value | label | value = 156 mm
BOX_MAX = 60 * MM
SIGNATURE_ROW = LEADING + 2
_PADDINGS = ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")


class _Styles:
    def __init__(self, fonts: FontSet, glyphs: GlyphFallback):
        def style(name, role, size, align, leading=LEADING, color=colors.black):
            return ParagraphStyle(
                name,
                fontName=fonts.name(role),
                fontSize=size,
                leading=leading,
                alignment=align,
                wordWrap="CJK",
                textColor=color,
                role=role,
                glyphs=glyphs,
            )

        self.title = style("title", "xiaobiaosong", SIZES["二号"], TA_CENTER, 30)
        self.mark = style("mark", "heiti", SIZES["三号"], TA_LEFT, 22)
        self.void = style("void", "heiti", SIZES["四号"], TA_CENTER, 20, RED)
        self.label = style("label", "heiti", CELL, TA_CENTER)
        self.value = style("value", "fangsong", CELL, TA_LEFT)
        self.who = style("who", "kaiti", CELL, TA_LEFT)
        self.sign = style("sign", "fangsong", CELL, TA_RIGHT)
        self.note = style("note", "fangsong", SIZES["五号"], TA_LEFT, 14)
        self.fangsong = fonts.name("fangsong")
        self.glyphs = glyphs


def _para(text: str, style: ParagraphStyle, width: float) -> Paragraph:
    if style.name == "label":
        return form_cells.label(text, style, width - 2 * PAD)
    return form_cells.para(text, style, width - 2 * PAD)


def _rows(rows, st: _Styles) -> tuple[list[list], list[int]]:
    """Table rows of (label, value) pairs: two pairs side by side, one pair spanning the row."""
    w = WIDTHS
    out: list[list] = []
    spans: list[int] = []
    for pairs in rows:
        if len(pairs) == 1:
            (label, value) = pairs[0]
            spans.append(len(out))
            out.append([_para(label, st.label, w[0]), _para(value, st.value, sum(w[1:])), "", ""])
        else:
            (l1, v1), (l2, v2) = pairs[:2]
            out.append(
                [
                    _para(l1, st.label, w[0]),
                    _para(v1, st.value, w[1]),
                    _para(l2, st.label, w[2]),
                    _para(v2, st.value, w[3]),
                ]
            )
    return out, spans


def _signature(box: SheetBox, st: _Styles):
    def cell(text, style=st.value):
        return Paragraph(form_cells.markup(text, style), style)

    if not box.signed:
        return form_cells.blank_signature(st.value, st.fangsong)
    who = box.signer + (f"（{B_ROLE}）" if box.b_role else "")
    row = [cell("签字："), cell(who), cell(format_date(box.signed_on), st.sign)]
    widths = [14 * MM, stringWidth(who, st.value.fontName, CELL) + 6 * MM, 36 * MM]
    table = Table([row], colWidths=widths, hAlign="RIGHT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), st.fangsong),
                *((k, (0, 0), (-1, -1), 0) for k in _PADDINGS),
            ]
        )
    )
    return table


def _box_text(box: SheetBox) -> tuple[str, str]:
    head = "　".join(x for x in (box.who, box.note) if x)
    return head, box.opinion


def _box_need(box: SheetBox, st: _Styles) -> float:
    width = sum(WIDTHS[1:]) - 2 * PAD
    head, opinion = _box_text(box)
    n = len(form_cells.lines(head, st.who, width - 2 * PAD)) if head else 0
    n += len(form_cells.lines(opinion, st.value, width - 2 * PAD)) if opinion else 0
    return n * LEADING + SIGNATURE_ROW + 2 * PAD + 4


def _box_table(box: SheetBox, st: _Styles, height: float) -> Table:
    width = sum(WIDTHS[1:]) - 2 * PAD
    head, opinion = _box_text(box)
    top = []
    if head:
        top.append(_para(head, st.who, width))
    if opinion:
        top.append(_para(opinion, st.value, width))
    inner = Table(
        [[top or ""], [_signature(box, st)]],
        colWidths=[width],
        rowHeights=[height - 2 * PAD - SIGNATURE_ROW, SIGNATURE_ROW],
    )
    inner.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), st.fangsong),
                ("VALIGN", (0, 0), (-1, 0), "TOP"),
                ("VALIGN", (0, 1), (-1, 1), "BOTTOM"),
                ("ALIGN", (0, 1), (-1, 1), "RIGHT"),
                *((k, (0, 0), (-1, -1), 0) for k in _PADDINGS),
            ]
        )
    )
    row = [[_para(box.label, st.label, WIDTHS[0]), inner, "", ""]]
    table = Table(row, colWidths=WIDTHS, rowHeights=[height])
    table.setStyle(_grid([0], st.fangsong, False, False))
    return table


def _grid(spans: list[int], font: str, top: bool, bottom: bool) -> TableStyle:
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("GRID", (0, 0), (-1, -1), GRID, colors.black),
        ("LINEBEFORE", (0, 0), (0, -1), 1.5 * GRID, colors.black),
        ("LINEAFTER", (-1, 0), (-1, -1), 1.5 * GRID, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        *((k, (0, 0), (-1, -1), PAD) for k in _PADDINGS),
        *(("SPAN", (1, r), (3, r)) for r in spans),
    ]
    if top:
        commands.append(("LINEABOVE", (0, 0), (-1, 0), 1.5 * GRID, colors.black))
    if bottom:
        commands.append(("LINEBELOW", (0, -1), (-1, -1), 1.5 * GRID, colors.black))
    return TableStyle(commands)


def _tables(f: SignSheet, st: _Styles, extra: float) -> list[Table]:
    """The facts, each box (its minimum height plus `extra`, up to BOX_MAX), the rows after."""
    out = []
    rows, spans = _rows(f.facts, st)
    if rows:
        first = Table(rows, colWidths=WIDTHS, splitInRow=1)
        first.setStyle(_grid(spans, st.fangsong, True, not f.boxes and not f.after))
        out.append(first)
    for i, b in enumerate(f.boxes):
        least = b.min_height_mm * MM
        h = max(min(BOX_MAX, least + extra), least, _box_need(b, st))
        box = _box_table(b, st, h)
        if not rows and i == 0:
            box.setStyle(TableStyle([("LINEABOVE", (0, 0), (-1, 0), 1.5 * GRID, colors.black)]))
        out.append(box)
    after, spans = _rows(f.after, st)
    if after:
        last = Table(after, colWidths=WIDTHS, splitInRow=1)
        last.setStyle(_grid(spans, st.fangsong, False, True))
        out.append(last)
    elif out:
        out[-1].setStyle(TableStyle([("LINEBELOW", (0, -1), (-1, -1), 1.5 * GRID, colors.black)]))
    return out


def _heading(f: SignSheet, st: _Styles) -> list:
    """份号 / 密级 / 紧急程度 top left (黑体), the title, 「作废」 when void."""
    out: list = []
    marks = [x for x in (f.copy_number, f.secrecy, f.urgency) if x]
    for m in marks:
        out.append(Paragraph(form_cells.markup(m, st.mark), st.mark))
    out.append(Spacer(1, 2 * MM))
    out.append(Paragraph(form_cells.markup(f.title, st.title), st.title))
    if f.void_reason is not None:
        out.append(Paragraph(form_cells.markup(f"作废：{f.void_reason}", st.void), st.void))
    out.append(Spacer(1, 3 * MM))
    return out


def render(f: SignSheet, fonts: FontSet, glyphs: GlyphFallback | None = None) -> tuple[bytes, int]:
    st = _Styles(fonts, glyphs or GlyphFallback(fonts))
    heading = _heading(f, st)
    note = Paragraph(form_cells.markup(f.note, st.note), st.note) if f.note else None
    width, avail = PAGE.block_width, PAGE.block_height
    used = sum(x.wrap(width, avail)[1] for x in heading) + 3 * MM
    if note is not None:
        used += note.wrap(width, avail)[1]
    tables = _tables(f, st, 0)
    spare = avail - used - sum(x.wrap(width, 100_000)[1] for x in tables) - 2
    if f.boxes and spare > 0:
        tables = _tables(f, st, spare / len(f.boxes))
    glyphs = st.glyphs
    buf = BytesIO()
    frame = Frame(
        PAGE.left,
        PAGE.block_bottom,
        width,
        avail,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="sheet",
    )
    subject = "字体：" + fonts.summary()
    code_font = fonts.name("fangsong")

    def first_page(canvas, _doc) -> None:
        if not f.token:
            return

        def draw(x: float, y: float, text: str, size: float) -> None:
            canvas.setFont(code_font, size)
            canvas.drawString(x, y, text)

        lines = [f.number, "扫码登记"] if f.number else ["扫码登记"]
        draw_code_block(
            canvas, PAGE, f.token, lines, draw, lambda t, s: stringWidth(t, code_font, s)
        )

    def page_end(canvas, _doc) -> None:
        canvas.setSubject(glyphs.subject(subject))

    doc = BaseDocTemplate(
        buf,
        pagesize=(PAGE.width, PAGE.height),
        pageTemplates=[PageTemplate("sheet", [frame], onPage=first_page, onPageEnd=page_end)],
        title=f"{f.title} {f.number}".strip(),
        author=f.org or f.title,
        creator="府办台账",
        subject=subject,
        lang="zh-CN",
        initialFontName=fonts.name("fangsong"),
        initialFontSize=CELL,
    )
    story = [*heading, *tables]
    if note is not None:
        story += [Spacer(1, 3 * MM), note]
    doc.build(story)
    return buf.getvalue(), doc.page
