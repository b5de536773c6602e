"""ReportLab drawing of the 用印审批单 (seal_form_model.SealForm): one portrait A4 page, everything inside
the GB/T 9704 text block (156 × 225 mm from 28 mm left, 37 mm top). The opinion boxes (each at least
25 mm) share the height left over by the facts, so the page is full whatever the number of boxes.
The ruled table, its cells and the page are form_tables'; this module holds the form's rows, its
heading (「作废」 and the number) and its blank signature line. Text too long for one page
continues on a second sheet at the same size — never shrunk (FORMS.md: never below 五号); each box
is a table of its own, so it is never split across sheets."""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from desktop_app.formatting import format_date, signer_label
from desktop_app.printing.fonts import FontSet
from desktop_app.printing.form_tables import (
    PAGE,
    RED,
    FormTables,
    Ruling,
    build_pdf,
    fill_page,
    height,
)
from desktop_app.printing.geometry import MM, SIZES
from desktop_app.printing.glyph_fallback import GlyphFallback
from desktop_app.printing.seal_form_model import COPIES_NOTE, OpinionBox, SealForm

RULING = Ruling((32 * MM, 48 * MM, 32 * MM, 44 * MM))  # label | value | label | value = 156 mm
BOX_MIN, BOX_MAX = 25 * MM, 40 * MM  # FORMS.md: each opinion box ≥ 25 mm


class _Styles(FormTables):
    def __init__(self, fonts: FontSet, glyphs: GlyphFallback):
        super().__init__(fonts, glyphs, RULING)
        self.number = self.make("number", "fangsong", SIZES["四号"], TA_RIGHT, 20)
        self.void = self.make("void", "heiti", SIZES["四号"], TA_CENTER, 20, RED)


def _facts(f: SealForm) -> list[tuple[tuple[str, str], ...]]:
    return [
        (("用印单位", f.unit), ("经办人", f.handler)),
        (("联系电话", f.contact), ("申请日期", format_date(f.applied_on))),
        (("文件名称", f.document_title), ("份数", f"{f.copies}份")),
        (("印章", f.seal_line()),),
        (("用印事由", f.purpose),),
        (("是否重要用印", f.important_text), ("是否合同协议", f.contract_text)),
    ]


def _footer(f: SealForm) -> list[tuple[tuple[str, str], ...]]:
    remarks = "；".join(x for x in (f"作废：{f.void_reason}" if f.voided else "", f.remarks) if x)
    return [
        (("监印人", f.supervisor), ("用印时间", f.used_at_text)),
        (("实际用印份数", f.copies_text()), ("未在空白文件上用印", f.blank_paper_text())),
        (("备注", remarks),),
    ]


def _signature(box: OpinionBox, st: _Styles) -> Table:
    """The recorded name and date, or 「签字：____　　年　月　日」 with real gaps for the pen."""
    blank = [
        st.text("签字：", st.value),
        "",
        "",
        st.text("年", st.value),
        "",
        st.text("月", st.value),
        "",
        st.text("日", st.value),
    ]
    widths = [14 * MM, 34 * MM, 12 * MM, 6 * MM, 9 * MM, 6 * MM, 9 * MM, 6 * MM]
    who = signer_label(box.signer, box.b_role)
    return st.signature(box, who, 34 * MM, None if box.signed else st.cells(blank, widths))


def _box(box: OpinionBox, st: _Styles, h: float) -> Table:
    """The box's label; its opinion at the top, signature and date at the bottom right."""
    width = RULING.wide - 2 * RULING.pad
    inside = st.box_inside(
        st.para(box.opinion, st.value, width),
        _signature(box, st),
        width,
        [h - 2 * RULING.pad - RULING.signature_row, RULING.signature_row],
    )
    return st.box(box.label, inside, h)


def _tables(f: SealForm, st: _Styles, box_height: float) -> list[Table]:
    """The facts, each opinion box, the footer — one table each; a row of facts longer than
    what is left of the page continues on the next sheet (splitInRow)."""
    facts, spans = st.pairs(_facts(f))
    heights: list[float | None] = [None] * len(facts)
    # 用印事由: room for three lines at least
    purpose_lines = len(st.lines(f.purpose, st.value, RULING.wide))
    heights[4] = max(3, purpose_lines) * RULING.leading + 2 * RULING.pad
    first = st.ruled(facts, spans, heights)
    first.setStyle(TableStyle([("VALIGN", (1, 4), (3, 4), "TOP")]))
    boxes = [_box(b, st, max(box_height, st.box_need([(b.opinion, st.value)]))) for b in f.boxes]
    return st.stack([first, *boxes, st.ruled(*st.pairs(_footer(f)))])


def _heading(f: SealForm, st: _Styles) -> list:
    """Title, then one line: 「作废」 in a red box on the left when void, the number on the right."""
    mark_w = 22 * MM
    mark = Paragraph("作废", st.void) if f.voided else ""
    line = Table(
        [[mark, st.text(f"编号：{f.number}", st.number)]],
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
    return [st.text(f.title, st.title), Spacer(1, 2 * MM), line, Spacer(1, 2 * MM)]


def render(f: SealForm, fonts: FontSet, glyphs: GlyphFallback | None = None) -> tuple[bytes, int]:
    """PDF bytes and the page count (1 unless the texts are far too long for one page);
    `glyphs` collects the characters taken from other faces or missing from all."""
    st = _Styles(fonts, glyphs or GlyphFallback(fonts))
    heading = _heading(f, st)
    note = st.text(COPIES_NOTE, st.note)
    used = height(heading) + height([note]) + 3 * MM
    # Measure with the smallest boxes, then share out what is left of the text block.
    tables = fill_page(
        lambda extra: _tables(f, st, min(BOX_MAX, BOX_MIN + extra)), used, len(f.boxes)
    )
    # Far too long texts continue on a second sheet at full size (FORMS.md: never below 五号).
    return build_pdf(
        [*heading, *tables, Spacer(1, 3 * MM), note],
        fonts,
        st.glyphs,
        title=f"{f.title} {f.number}",
        author=f.org or f.title,
    )
