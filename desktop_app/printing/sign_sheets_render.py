"""ReportLab drawing of a sheet leaders sign (sign_sheet_model.SignSheet): A4 portrait inside the
GB/T 9704 text block, 份号/密级/紧急程度 top left (黑体), the title in 小标宋, the facts in a ruled
table, one box per signature (a leader's at least 35 mm high, others at least 25 mm; the page's
spare height shared among them), the rows below the boxes, and the code block in the top margin
(sheet_code_mark). The ruled table, its cells and the page are form_tables'. Each box is a table
of its own, so it is never split across sheets; what does not fit continues on a second sheet at
the same size, never shrunk."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import PageBreak, Spacer, Table

from desktop_app.formatting import signer_label
from desktop_app.printing.fonts import FontSet
from desktop_app.printing.form_tables import (
    CELL,
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
from desktop_app.printing.sheet_code_mark import draw_code_block
from desktop_app.printing.sign_sheet_model import SheetBox, SignSheet

RULING = Ruling((30 * MM, 48 * MM, 30 * MM, 48 * MM))  # label | value | label | value = 156 mm
BOX_MAX = 60 * MM


class _Styles(FormTables):
    def __init__(self, fonts: FontSet, glyphs: GlyphFallback):
        super().__init__(fonts, glyphs, RULING)
        self.mark = self.make("mark", "heiti", SIZES["三号"], TA_LEFT, 22)
        self.void = self.make("void", "heiti", SIZES["四号"], TA_CENTER, 20, RED)
        self.who = self.make("who", "kaiti", CELL, TA_LEFT)


def _box_text(box: SheetBox) -> tuple[str, str]:
    head = "　".join(x for x in (box.who, box.note) if x)
    return head, box.opinion


def _box(box: SheetBox, st: _Styles, h: float) -> Table:
    """Who is to sign and the opinion at the top, the signature line at the bottom right."""
    width = RULING.wide - 2 * RULING.pad
    head, opinion = _box_text(box)
    top = []
    if head:
        top.append(st.para(head, st.who, width))
    if opinion:
        top.append(st.para(opinion, st.value, width))
    who = signer_label(box.signer, box.b_role)
    inside = st.box_inside(
        top or "",
        st.signature(box, who, 36 * MM),
        width,
        [h - 2 * RULING.pad - RULING.signature_row, RULING.signature_row],
    )
    return st.box(box.label, inside, h)


def _tables(f: SignSheet, st: _Styles, extra: float) -> list[Table]:
    """The facts, each box (its minimum height plus `extra`, up to BOX_MAX), the rows after."""
    out = []
    rows, spans = st.pairs(f.facts)
    if rows:
        out.append(st.ruled(rows, spans))
    for b in f.boxes:
        least = b.min_height_mm * MM
        head, opinion = _box_text(b)
        need = st.box_need([(head, st.who), (opinion, st.value)])
        out.append(_box(b, st, max(min(BOX_MAX, least + extra), least, need)))
    after, spans = st.pairs(f.after)
    if after:
        out.append(st.ruled(after, spans))
    return st.stack(out)


def _heading(f: SignSheet, st: _Styles) -> list:
    """份号 / 密级 / 紧急程度 top left (黑体), the title, 「作废」 when void."""
    out: list = []
    marks = [x for x in (f.copy_number, f.secrecy, f.urgency) if x]
    for m in marks:
        out.append(st.text(m, st.mark))
    out.append(Spacer(1, 2 * MM))
    out.append(st.text(f.title, st.title))
    if f.void_reason is not None:
        out.append(st.text(f"作废：{f.void_reason}", st.void))
    out.append(Spacer(1, 3 * MM))
    return out


def _story(f: SignSheet, st: _Styles) -> list:
    """One sheet: the marks and title, the tables filling the page, the note under them."""
    heading = _heading(f, st)
    note = st.text(f.note, st.note) if f.note else None
    used = height(heading) + 3 * MM
    if note is not None:
        used += height([note])
    tables = fill_page(lambda extra: _tables(f, st, extra), used, len(f.boxes))
    story = [*heading, *tables]
    if note is not None:
        story += [Spacer(1, 3 * MM), note]
    return story


def render(f: SignSheet, fonts: FontSet, glyphs: GlyphFallback | None = None) -> tuple[bytes, int]:
    return render_copies([f], fonts, glyphs)


def render_copies(
    sheets: Sequence[SignSheet], fonts: FontSet, glyphs: GlyphFallback | None = None
) -> tuple[bytes, int]:
    """Several copies of one record's sheet (each with its own 份号, R44) in one PDF, each
    starting on a new page; the code block is the record's, the same on every copy."""
    f = sheets[0]
    st = _Styles(fonts, glyphs or GlyphFallback(fonts))
    story: list = []
    for k, sheet in enumerate(sheets):
        if k:
            story.append(PageBreak())
        story += _story(sheet, st)
    code_font = fonts.name("fangsong")

    def code_block(canvas, _doc) -> None:
        if not f.token:
            return

        def draw(x: float, y: float, text: str, size: float) -> None:
            canvas.setFont(code_font, size)
            canvas.drawString(x, y, text)

        lines = [f.number, "扫码登记"] if f.number else ["扫码登记"]
        draw_code_block(
            canvas, PAGE, f.token, lines, draw, lambda t, s: stringWidth(t, code_font, s)
        )

    return build_pdf(
        story,
        fonts,
        st.glyphs,
        title=f"{f.title} {f.number}".strip(),
        author=f.org or f.title,
        on_page=code_block,
    )
