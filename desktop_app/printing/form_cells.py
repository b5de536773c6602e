"""Cells shared by the one-page forms (用印审批单, 外出请示报备表, the sheets leaders sign; their
tables are form_tables'): texts broken by our own rules rather than ReportLab's CJK wrap, labels
broken between words, and the blank signature line with real room for the pen.

- Cell text is broken by register_layout.break_cell: dates, numbers and Latin runs whole, no line
  starting with closing punctuation or holding a lone bracket, no last line of one character.
- A label too long for its column breaks before its last word (「承办单位负责人」「意见」,
  「市委主要负责同志」「意见」), never inside one (「承办单位负责｜人意见」).
- The blank 「签字：　　　　年　月　日」 is a row of table cells (spaces would collapse inside a
  paragraph), at least SIGN_LINE wide (FORMS.md: ≥ 60 mm).
- No character is lost: a style made with `role` and `glyphs` (glyph_fallback.GlyphFallback)
  draws each character its face lacks (堃, 㑇, 𠮷) from the first face that has it (`markup`).
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table, TableStyle

from desktop_app.printing.geometry import MM
from desktop_app.printing.register_layout import break_cell

SIGN_LINE = 64 * MM  # the blank signature line's width: FORMS.md asks ≥ 60 mm
# Last words a label may be broken before, longest first.
LABEL_TAILS = (
    "审批意见",
    "审核意见",
    "负责同志",
    "负责人",
    "联系电话",
    "用印份数",
    "返回时间",
    "意见",
    "时间",
    "日期",
    "份数",
    "用印",
)
PADDINGS = ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")


def lines(text: str, style: ParagraphStyle, width: float) -> list[str]:
    """`text` broken into lines `width` points wide in `style`'s font and size."""
    return break_cell(text or "", width, lambda t: stringWidth(t, style.fontName, style.fontSize))


def markup(text: str, style: ParagraphStyle) -> str:
    """`text` as Paragraph markup: escaped, with per-character font fallback when the style
    carries its font role and the document's GlyphFallback."""
    glyphs = getattr(style, "glyphs", None)
    if glyphs is None:
        return escape(text)
    return glyphs.markup(text, style.role)


def para(text: str, style: ParagraphStyle, width: float) -> Paragraph:
    """A paragraph of the lines `lines` breaks `text` into (width: the text's, padding off)."""
    return Paragraph("<br/>".join(markup(x, style) for x in lines(text, style, width)), style)


def label_lines(label: str, style: ParagraphStyle, width: float) -> list[str]:
    """The label's lines: whole, or broken before its last word, or into balanced halves."""
    parts = [p for p in label.split("\n") if p]
    if len(parts) > 1:
        return parts
    fits = stringWidth(label, style.fontName, style.fontSize) <= width + 0.01

    def fit(t: str) -> bool:
        return stringWidth(t, style.fontName, style.fontSize) <= width + 0.01

    if fits:
        return [label]
    for tail in LABEL_TAILS:
        head = label[: -len(tail)]
        if label.endswith(tail) and head and fit(tail):
            # 「市委主要负责同志意见」 → 「市委主要」「负责同志」「意见」
            return [*label_lines(head, style, width), tail]
    half = (len(label) + 1) // 2
    if fit(label[:half]) and fit(label[half:]):
        return [label[:half], label[half:]]
    return lines(label, style, width)


def label(text: str, style: ParagraphStyle, width: float) -> Paragraph:
    return Paragraph("<br/>".join(markup(x, style) for x in label_lines(text, style, width)), style)


def blank_signature(style: ParagraphStyle, font: str) -> Table:
    """「签字：____　年　月　日」 as cells: the gaps are real room for the pen."""

    def cell(text: str) -> Paragraph:
        return Paragraph(markup(text, style), style)

    char = style.fontSize
    widths = [3.2 * char, 0, char, 2.2 * char, char, 2.2 * char, char]
    widths[1] = SIGN_LINE - sum(widths)
    row = [cell("签字："), "", cell("年"), "", cell("月"), "", cell("日")]
    table = Table([row], colWidths=widths, hAlign="RIGHT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), font),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                *((k, (0, 0), (-1, -1), 0) for k in PADDINGS),
            ]
        )
    )
    return table
