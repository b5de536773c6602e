"""The page around a register's table (register_render): the heading on page 1 — title, the
organisation, the filter used and the print date — and the footer on every page — 「第 N 页 共 M
页」 and the audit anchor at its left. Heading texts (a unit's name in the filter) draw each
character their face lacks from another face (glyph_fallback), as the cells do."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop_app.formatting import format_date
from desktop_app.printing.fonts import BOLD_STROKE, FontSet
from desktop_app.printing.geometry import LANDSCAPE, MM, SIZES
from desktop_app.printing.glyph_fallback import GlyphFallback
from desktop_app.printing.register_spec import RegisterSpec
from desktop_app.printing.typeset import plain_lines

PAGE = LANDSCAPE
FRAME_TOP = PAGE.height - PAGE.top
FOOTER_BASELINE = PAGE.bottom + 2.5 * MM
FOOTER_SIZE = SIZES["五号"]  # 「第 N 页 共 M 页」, 宋体 五号
ANCHOR_SIZE = 9.0  # 小五: the audit anchor, smaller than the page number, never below 9 pt
ANCHOR_LEADING = 10.0  # two anchor lines still fit in the footer band
ANCHOR_GAP = 6 * MM  # least room between the anchor and the page number
WIDEST_NUMBER = "第 8888 页 共 8888 页"  # the anchor keeps clear of any page number
TITLE_SIZE, TITLE_LEADING, TITLE_AFTER = SIZES["小二"], 26.0, 3 * MM
INFO_SIZE, INFO_LEADING, INFO_AFTER = SIZES["小四"], 16.0, 2 * MM
ASCENT = 0.88  # of the em: CJK glyphs sit 0.12 em below the baseline, 0.88 above


def draw_footer(c, font: str, n: int, total: int, anchor: list[str]) -> None:
    c.setFillColor(colors.black)
    c.setFont(font, FOOTER_SIZE)
    c.drawCentredString(PAGE.width / 2, FOOTER_BASELINE, f"第 {n} 页 共 {total} 页")
    c.setFont(font, ANCHOR_SIZE)
    for k, line in enumerate(reversed(anchor)):  # bottom line on the number's baseline
        c.drawString(PAGE.left, FOOTER_BASELINE + k * ANCHOR_LEADING, line)


def draw_runs(
    c,
    glyphs: GlyphFallback,
    x: float,
    y: float,
    text: str,
    role: str,
    size: float,
    align: str = "left",
) -> None:
    """`text` at (x, y), left-aligned, centred on x or ending at x, each character from the
    first face that has it."""
    runs = glyphs.runs(text, role)
    width = sum(stringWidth(part, name, size) for name, part in runs)
    x -= {"left": 0.0, "center": width / 2, "right": width}[align]
    for name, part in runs:
        c.setFont(name, size)
        c.drawString(x, y, part)
        x += stringWidth(part, name, size)


class Heading:
    """Title, then one line: organisation (left), filter (centre, wraps if long), print date
    (right). The side texts take their width, the filter gets the rest."""

    def __init__(self, spec: RegisterSpec, fonts: FontSet, glyphs: GlyphFallback | None = None):
        self.glyphs = glyphs or GlyphFallback(fonts)
        self.title, self.title_font = spec.title, fonts.name("xiaobiaosong")
        self.embolden = fonts.fonts["xiaobiaosong"].fallback  # no 方正小标宋 on this PC
        self.font = fonts.name("fangsong")
        self.org = spec.org.strip()
        self.date = f"打印日期：{format_date(spec.printed_on)}"
        side = [
            min(stringWidth(t, self.font, INFO_SIZE) + 4 * MM, PAGE.block_width * 0.3)
            for t in (self.org, self.date)
        ]
        self.mid_left, self.mid_width = PAGE.left + side[0], PAGE.block_width - sum(side)
        filt = f"筛选：{spec.filter_text.strip() or '全部'}"
        self.filter = plain_lines(
            filt, self.mid_width, lambda s: stringWidth(s, self.font, INFO_SIZE)
        )
        self.height = TITLE_LEADING + TITLE_AFTER + len(self.filter) * INFO_LEADING + INFO_AFTER

    def draw(self, c) -> float:
        """Draw on the page; returns the y where the table starts."""
        y = FRAME_TOP - (TITLE_LEADING - TITLE_SIZE) / 2 - ASCENT * TITLE_SIZE
        g = self.glyphs
        c.saveState()
        if self.embolden:  # the 宋 stand-in for 小标宋: outlines stroked too, its bold look
            c.setStrokeColor(colors.black)
            c.setLineWidth(TITLE_SIZE * BOLD_STROKE)
            c._code.append("2 Tr")  # ReportLab's text objects leave the mode as they find it
        draw_runs(c, g, PAGE.width / 2, y, self.title, "xiaobiaosong", TITLE_SIZE, "center")
        if self.embolden:
            c._code.append("0 Tr")
        c.restoreState()
        top = FRAME_TOP - TITLE_LEADING - TITLE_AFTER
        base = top - (INFO_LEADING - INFO_SIZE) / 2 - ASCENT * INFO_SIZE
        draw_runs(c, g, PAGE.left, base, self.org, "fangsong", INFO_SIZE)
        right = PAGE.left + PAGE.block_width
        draw_runs(c, g, right, base, self.date, "fangsong", INFO_SIZE, "right")
        middle = self.mid_left + self.mid_width / 2
        for k, line in enumerate(self.filter):
            y = base - k * INFO_LEADING
            draw_runs(c, g, middle, y, line, "fangsong", INFO_SIZE, "center")
        return top - len(self.filter) * INFO_LEADING - INFO_AFTER


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
