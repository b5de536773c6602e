"""ReportLab drawing for absence_forms: the 外出请示报备表 as one ruled table inside the GB/T 9704
portrait text block (156 × 225 mm). Labels 黑体 (broken between words), entries 仿宋 小四 (broken by
our own rules, form_cells), title 小标宋; the opinion boxes, each at least 25 mm high with a
64 mm signature line of cells, share the height the other rows leave so a usual form fills one
page. The ruled table, its cells and the page are form_tables'; this module holds the form's rows
(at least ROW_MIN high, to write by hand), its boxes' sizing and the 「作废」 watermark. Text too
long for one page continues on a second sheet at the same size — never shrunk (FORMS.md: never
below 五号)."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.platypus import Paragraph, Spacer, Table

from desktop_app.printing import form_cells
from desktop_app.printing.absence_form_model import AbsenceForm, OpinionBox
from desktop_app.printing.fonts import FontSet
from desktop_app.printing.form_tables import PAGE, FormTables, Ruling, build_pdf, height
from desktop_app.printing.geometry import MM, SIZES
from desktop_app.printing.glyph_fallback import GlyphFallback

LABEL_W = 34 * MM
VALUE_W = (PAGE.block_width - 2 * LABEL_W) / 2
RULING = Ruling((LABEL_W, VALUE_W, LABEL_W, VALUE_W), leading=17.0, pad=3.0, frame=1.2)
PAD, LEADING = RULING.pad, RULING.leading
ROW_MIN = 8 * MM  # room to write a short entry by hand
BOX_MIN, BOX_MAX = 25 * MM, 42 * MM  # FORMS.md: each opinion box ≥ 25 mm
SIGN_ROW = 8 * MM
VOID_GREY = colors.Color(0.6, 0.6, 0.6)
BOX_TOP = (("VALIGN", (1, 0), (1, 0), "TOP"),)  # a box's inside from its top


class _Styles(FormTables):
    def __init__(self, fonts: FontSet, glyphs: GlyphFallback):
        super().__init__(fonts, glyphs, RULING)
        self.void = self.make("void", "heiti", SIZES["四号"], TA_CENTER, 20)
        self.center = self.make("center", "fangsong", align=TA_CENTER)

    def lab(self, text: str) -> Paragraph:
        return self.para(text, self.label, LABEL_W)

    def val(self, text: str, wide: bool = True) -> Paragraph:
        return self.para(text, self.value, PAGE.block_width - LABEL_W if wide else VALUE_W)

    def cen(self, text: str) -> Paragraph:
        return self.para(text, self.center, VALUE_W)


BOX_INNER = PAGE.block_width - LABEL_W - 2 * PAD  # a box's inside, padding off


def _opinion_lines(box: OpinionBox, st: _Styles) -> list[str]:
    return form_cells.lines(box.opinion, st.value, BOX_INNER)


def _box_height(box: OpinionBox, st: _Styles, box_h: float) -> float:
    """The box's height: the shared `box_h`, or more when its recorded opinion and the
    signature line need more (a box drawn lower than its text would overprint the boxes
    below it)."""
    return max(box_h, LEADING * len(_opinion_lines(box, st)) + SIGN_ROW + 2 * PAD + 1)


def _box_cell(box: OpinionBox, st: _Styles, box_h: float) -> Table:
    """Opinion text at the top, the signature line at the bottom of the box: before approval a
    row of cells with room to sign (form_cells.blank_signature), afterwards the recorded name
    and date."""
    width = BOX_INNER
    opinion = _opinion_lines(box, st)
    sign = (
        Paragraph(form_cells.markup(box.signature_text, st.sign), st.sign)  # one short line
        if box.signed
        else form_cells.blank_signature(st.value, st.value.fontName)
    )
    text = Paragraph("<br/>".join(form_cells.markup(x, st.value) for x in opinion), st.value)
    heights = [max(box_h - SIGN_ROW - 2 * PAD, LEADING * len(opinion)), SIGN_ROW]
    return st.box_inside(text, sign, width, heights)


def _rows(form: AbsenceForm, st: _Styles) -> tuple[list[list], list[int]]:
    """The table's rows (None cells are spanned over) and which of them span columns 1–3."""
    lab, val, cen = st.lab, st.val, st.cen
    rows = [
        [lab("姓名"), cen(form.name), lab("职务"), val(form.post, wide=False)],
        [lab("外出类别"), val(form.category_line()), None, None],
        [lab("事由"), val(form.reason), None, None],
        [lab("目的地"), val(form.destination), None, None],
        [
            lab("出发时间"),
            cen(form.when(form.start, form.start_half)),
            lab("返回时间"),
            cen(form.when(form.end, form.end_half)),
        ],
        [lab("外出天数"), cen(f"共{form.days}天"), lab("交通方式"), cen(form.transport)],
        [lab("外出期间\n联系电话"), val(form.contact), None, None],
        [lab("主持工作\n负责同志"), val(form.acting_text()), None, None],
    ]
    return rows, [1, 2, 3, 6, 7]


def _footer_rows(form: AbsenceForm, st: _Styles) -> list[list]:
    lab, val, cen = st.lab, st.val, st.cen
    rows = []
    if form.copy_to_party:
        rows.append([lab("抄报市委"), val(form.copy_text()), None, None])
    rows += [
        [lab("报备时间"), val(form.filed_text()), None, None],
        [
            lab("实际返回时间"),
            cen(form.returned_text()),
            lab("销假时间"),
            cen(form.reported_back_text()),
        ],
        [lab("备注"), val(form.remarks_text()), None, None],
    ]
    return rows


def _cells(rows: list[list]) -> list[list]:
    return [[c if c is not None else "" for c in r] for r in rows]


def _natural_heights(rows: list[list], spans: list[int], st: _Styles) -> list[float]:
    """Each row's natural height (spanned cells wrap at their full width), at least ROW_MIN so
    there is room to write by hand."""
    probe = Table(_cells(rows), colWidths=list(RULING.widths))
    probe.setStyle(st.grid(spans))
    probe.wrap(PAGE.block_width, 100_000)
    return [max(h, ROW_MIN) for h in probe._rowHeights]


def _tables(form: AbsenceForm, st: _Styles, available: float) -> list[Table]:
    """The facts, each opinion box, the footer — one table each. A row longer than what is left
    of the page (a very long 事由) continues on the next sheet instead of the form being shrunk;
    a box (its own table, never split) moves to the next sheet whole."""
    head, head_spans = _rows(form, st)
    foot = _footer_rows(form, st)
    foot_spans = [i for i, r in enumerate(foot) if r[2] is None]
    head_h = _natural_heights(head, head_spans, st)
    foot_h = _natural_heights(foot, foot_spans, st)
    n = max(1, len(form.boxes))
    box_h = min(BOX_MAX, max(BOX_MIN, (available - sum(head_h) - sum(foot_h) - 1) / n))
    boxes = []
    for b in form.boxes:
        h = _box_height(b, st, box_h)
        boxes.append(st.box(b.label, _box_cell(b, st, h), h, BOX_TOP))
    first = st.ruled(_cells(head), head_spans, head_h)
    return st.stack([first, *boxes, st.ruled(_cells(foot), foot_spans, foot_h)])


def render(
    form: AbsenceForm, fonts: FontSet, glyphs: GlyphFallback | None = None
) -> tuple[bytes, int]:
    """PDF bytes and the number of sheets (1 unless the texts are too long for one page);
    `glyphs` collects the characters taken from other faces or missing from all."""
    st = _Styles(fonts, glyphs or GlyphFallback(fonts))

    def watermark(canvas, _doc) -> None:
        if not form.voided:
            return
        canvas.saveState()
        canvas.setFillColor(VOID_GREY)
        canvas.setFillAlpha(0.35)  # the form stays legible under the mark
        canvas.setFont(fonts.name("heiti"), 110)
        canvas.translate(PAGE.width / 2, PAGE.height / 2)
        canvas.rotate(35)
        canvas.drawCentredString(0, -40, "作废")
        canvas.restoreState()

    head = [st.text(form.title, st.title), Spacer(1, 4 * MM)]
    if form.voided:
        reason = f"（作废：{form.void_reason}）" if form.void_reason else "（作废）"
        head += [st.text(reason, st.void), Spacer(1, 2 * MM)]
    tables = _tables(form, st, PAGE.block_height - height(head) - 2)
    return build_pdf(
        [*head, *tables],
        fonts,
        st.glyphs,
        title=form.title,
        author=form.org,
        on_page_end=watermark,
    )
