"""ReportLab drawing of the 用印审批单 (seal_form_model.SealForm): one portrait A4 page, everything inside
the GB/T 9704 text block (156 × 225 mm from 28 mm left, 37 mm top). The opinion boxes (each at least
25 mm) share the height left over by the facts, so the page is full whatever the number of boxes.
Labels break between words and cells by our own rules (form_cells). Text too long for one page
continues on a second sheet at the same size — never shrunk (FORMS.md: never below 五号); each box
is a table of its own, so it is never split across sheets."""

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
from desktop_app.printing.seal_form_model import B_ROLE, COPIES_NOTE, SealForm

PAGE = PORTRAIT
CELL = SIZES["小四"]
LEADING = 16.0
PAD = 2.5
GRID = 0.75
RED = colors.Color(0.9, 0.0, 0.07)
WIDTHS = [32 * MM, 48 * MM, 32 * MM, 44 * MM]  # label | value | label | value = 156 mm
BOX_MIN, BOX_MAX = 25 * MM, 40 * MM  # FORMS.md: each opinion box ≥ 25 mm
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
                role=role,  # per-character fallback: form_cells.markup
                glyphs=glyphs,
            )

        self.title = style("title", "xiaobiaosong", SIZES["二号"], TA_CENTER, 30)
        self.number = style("number", "fangsong", SIZES["四号"], TA_RIGHT, 20)
        self.void = style("void", "heiti", SIZES["四号"], TA_CENTER, 20, RED)
        self.label = style("label", "heiti", CELL, TA_CENTER)
        self.value = style("value", "fangsong", CELL, TA_LEFT)
        self.sign = style("sign", "fangsong", CELL, TA_RIGHT)
        self.note = style("note", "fangsong", SIZES["五号"], TA_LEFT, 14)
        self.fangsong = fonts.name("fangsong")
        self.glyphs = glyphs


def _lines(text: str, style: ParagraphStyle, width: float) -> list[str]:
    """Cell text broken by form_cells (dates and numbers whole, 禁则, no one-character widow)."""
    return form_cells.lines(text, style, width - 2 * PAD)


def _para(text: str, style: ParagraphStyle, width: float) -> Paragraph:
    if style.name == "label":  # labels break between words (「承办单位负责人」「意见」)
        return form_cells.label(text, style, width - 2 * PAD)
    return form_cells.para(text, style, width - 2 * PAD)


def _facts(f: SealForm, st: _Styles) -> list[list]:
    w = WIDTHS
    wide = sum(w[1:])

    def row(l1, v1, l2, v2):
        return [
            _para(l1, st.label, w[0]),
            _para(v1, st.value, w[1]),
            _para(l2, st.label, w[2]),
            _para(v2, st.value, w[3]),
        ]

    def spanned(label, value):
        return [_para(label, st.label, w[0]), _para(value, st.value, wide), "", ""]

    return [
        row("用印单位", f.unit, "经办人", f.handler),
        row("联系电话", f.contact, "申请日期", format_date(f.applied_on)),
        row("文件名称", f.document_title, "份数", f"{f.copies}份"),
        spanned("印章", f.seal_line()),
        spanned("用印事由", f.purpose),
        row("是否重要用印", f.important_text, "是否合同协议", f.contract_text),
    ]


def _footer(f: SealForm, st: _Styles) -> list[list]:
    w = WIDTHS
    remarks = "；".join(x for x in (f"作废：{f.void_reason}" if f.voided else "", f.remarks) if x)
    return [
        [
            _para("监印人", st.label, w[0]),
            _para(f.supervisor, st.value, w[1]),
            _para("用印时间", st.label, w[2]),
            _para(f.used_at_text, st.value, w[3]),
        ],
        [
            _para("实际用印份数", st.label, w[0]),
            _para(f.copies_text(), st.value, w[1]),
            _para("未在空白文件上用印", st.label, w[2]),
            _para(f.blank_paper_text(), st.value, w[3]),
        ],
        [_para("备注", st.label, w[0]), _para(remarks, st.value, sum(w[1:])), "", ""],
    ]


def _signature(box, st: _Styles) -> Table:
    """「签字：____　　年　月　日」 with real gaps for the pen (a paragraph would collapse the
    spaces), or the recorded name and date."""

    def cell(text, style=st.value):
        return Paragraph(form_cells.markup(text, style), style)

    if box.signed:
        who = box.signer + (f"（{B_ROLE}）" if box.b_role else "")
        row = [cell("签字："), cell(who), cell(format_date(box.signed_on), st.sign)]
        widths = [14 * MM, stringWidth(who, st.value.fontName, CELL) + 6 * MM, 34 * MM]
    else:
        row = [cell("签字："), "", "", cell("年"), "", cell("月"), "", cell("日")]
        widths = [14 * MM, 34 * MM, 12 * MM, 6 * MM, 9 * MM, 6 * MM, 9 * MM, 6 * MM]
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


def _box_content(box, st: _Styles, height: float) -> Table:
    """Opinion at the top, signature and date at the bottom right of a box `height` tall."""
    width = sum(WIDTHS[1:]) - 2 * PAD
    inner = Table(
        [[_para(box.opinion, st.value, width)], [_signature(box, st)]],
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
    return inner


def _box_need(box, st: _Styles) -> float:
    lines = _lines(box.opinion, st.value, sum(WIDTHS[1:]) - 2 * PAD) if box.opinion else []
    return len(lines) * LEADING + SIGNATURE_ROW + 2 * PAD + 4


def _grid(spans: list[int], font: str, top: bool, bottom: bool) -> TableStyle:
    """Thin grid, thick frame: the form is several tables stacked (a box never breaks across
    sheets), each drawing the frame's sides and, first and last, its top or bottom edge."""
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


def _tables(f: SealForm, st: _Styles, box_height: float) -> list[Table]:
    """The facts, each opinion box, the footer — one table each; a row of facts longer than
    what is left of the page continues on the next sheet (splitInRow)."""
    facts, footer = _facts(f, st), _footer(f, st)
    heights: list[float | None] = [None] * len(facts)
    # 用印事由: room for three lines at least
    purpose_lines = len(_lines(f.purpose, st.value, sum(WIDTHS[1:])))
    heights[4] = max(3, purpose_lines) * LEADING + 2 * PAD
    first = Table(facts, colWidths=WIDTHS, rowHeights=heights, splitInRow=1)
    first.setStyle(_grid([3, 4], st.fangsong, True, False))
    first.setStyle(TableStyle([("VALIGN", (1, 4), (3, 4), "TOP")]))
    out = [first]
    for b in f.boxes:
        h = max(box_height, _box_need(b, st))
        row = [[_para(b.label, st.label, WIDTHS[0]), _box_content(b, st, h), "", ""]]
        box = Table(row, colWidths=WIDTHS, rowHeights=[h])
        box.setStyle(_grid([0], st.fangsong, False, False))
        out.append(box)
    last = Table(footer, colWidths=WIDTHS, splitInRow=1)
    last.setStyle(_grid([len(footer) - 1], st.fangsong, False, True))
    return [*out, last]


def _heading(f: SealForm, st: _Styles) -> list:
    """Title, then one line: 「作废」 in a red box on the left when void, the number on the right."""
    mark_w = 22 * MM
    mark = Paragraph("作废", st.void) if f.voided else ""
    line = Table(
        [[mark, Paragraph(form_cells.markup(f"编号：{f.number}", st.number), st.number)]],
        colWidths=[mark_w, PAGE.block_width - mark_w],
    )
    commands: list[tuple] = [  # ReportLab style commands: (name, from, to, *values)
        ("FONTNAME", (0, 0), (-1, -1), st.fangsong),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    if f.voided:
        commands.append(("BOX", (0, 0), (0, 0), 1.5, RED))
    line.setStyle(TableStyle(commands))
    title = Paragraph(form_cells.markup(f.title, st.title), st.title)
    return [title, Spacer(1, 2 * MM), line, Spacer(1, 2 * MM)]


def render(f: SealForm, fonts: FontSet, glyphs: GlyphFallback | None = None) -> tuple[bytes, int]:
    """PDF bytes and the page count (1 unless the texts are far too long for one page);
    `glyphs` collects the characters taken from other faces or missing from all."""
    st = _Styles(fonts, glyphs or GlyphFallback(fonts))
    heading = _heading(f, st)
    note = Paragraph(form_cells.markup(COPIES_NOTE, st.note), st.note)
    width, avail = PAGE.block_width, PAGE.block_height
    used = sum(x.wrap(width, avail)[1] for x in heading) + note.wrap(width, avail)[1] + 3 * MM
    # Measure with the smallest boxes, then share out what is left of the text block.
    tables = _tables(f, st, BOX_MIN)
    spare = avail - used - sum(x.wrap(width, 100_000)[1] for x in tables) - 2
    if f.boxes and spare > 0:
        tables = _tables(f, st, min(BOX_MAX, BOX_MIN + spare / len(f.boxes)))
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
        id="form",
    )
    subject = "字体：" + fonts.summary()

    def missing_in_subject(canvas, _doc) -> None:
        # The characters no face has are known once drawn: the last page's call has them all.
        canvas.setSubject(glyphs.subject(subject))

    doc = BaseDocTemplate(
        buf,
        pagesize=(PAGE.width, PAGE.height),
        pageTemplates=[PageTemplate("form", [frame], onPageEnd=missing_in_subject)],
        title=f"{f.title} {f.number}",
        author=f.org or f.title,
        creator="府办台账",
        subject=subject,
        lang="zh-CN",
        initialFontName=fonts.name("fangsong"),
        initialFontSize=CELL,
    )
    # Far too long texts continue on a second sheet at full size (FORMS.md: never below 五号).
    doc.build([*heading, *tables, Spacer(1, 3 * MM), note])
    return buf.getvalue(), doc.page
