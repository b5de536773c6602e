"""The landscape A4 register template (FORMS.md → Registers): 收文登记簿, 发文登记簿, 用印登记簿,
督办台账 … all print through build_register_pdf.

Page: title (小标宋 小二) centred, a line with the organisation, the filter used and the print
date (仿宋 小四), then the table — header row (黑体) repeated on every page, cells in 仿宋 五号
wrapped by Chinese rules (typeset.plain_lines), voided rows in grey, struck through and marked 「作废」 —
and 「第 N 页 共 M 页」 at the foot of every page, centred. When the caller gives the audit chain's
head (`anchor`, 「审计链第 1234 条 · 3f2a9c…」, read with the rows) it is printed on every page at
the left of that footer line, smaller (小五), so the paper copy can later prove which state of the
electronic record it shows. The data lives in register_spec (re-exported
here); ReportLab is imported when a PDF is built (register_render).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from desktop_app.printing.register_spec import ALIGNS, BuildCancelled, RegisterColumn, RegisterSpec

if TYPE_CHECKING:
    from desktop_app.printing.fonts import FontSet
    from desktop_app.printing.glyph_fallback import GlyphFallback

__all__ = [
    "ALIGNS",
    "BuildCancelled",
    "RegisterColumn",
    "RegisterSpec",
    "build_register_pdf",
    "page_count",
]


def build_register_pdf(
    spec: RegisterSpec,
    rows: list[list[str]],
    fonts: FontSet | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    glyphs: GlyphFallback | None = None,
) -> bytes:
    """The register as PDF bytes. Each row has one text per column (None counts as empty).

    `progress(done, total)` is called after each page is drawn; `cancelled()` is asked before
    each page and, when it says so, the build stops with BuildCancelled (for a build run off
    the GUI thread with a progress dialog). `glyphs` (glyph_fallback.GlyphFallback) collects
    the characters drawn from another face or missing from all, for the caller's notes."""
    from desktop_app.printing.fonts import load_fonts
    from desktop_app.printing.register_render import render

    for i, row in enumerate(rows):
        if len(row) != len(spec.columns):
            raise ValueError(
                f"row {i} has {len(row)} cells, the register has {len(spec.columns)} columns"
            )
    return render(spec, rows, fonts or load_fonts(), progress, cancelled, glyphs)


def page_count(pdf: bytes) -> int:
    """Page objects in ReportLab's output (for the preview's page count)."""
    return max(1, len(re.findall(rb"/Type\s*/Page(?![a-z])", pdf)))
