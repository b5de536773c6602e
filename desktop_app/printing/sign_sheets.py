"""发文稿纸, 收文处理笺, 议题审批表 — the sheets leaders sign, pre-filled from the record (FORMS.md,
issue 19). The data is `SignSheet` (sign_sheet_model); `build_sign_sheet_pdf` draws it
(sign_sheets_render), importing ReportLab only when a PDF is built."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from desktop_app.printing.fonts import FontSet, load_fonts
from desktop_app.printing.glyph_fallback import GlyphFallback
from desktop_app.printing.official_model import RenderResult
from desktop_app.printing.sign_sheet_model import LEADER_BOX, OTHER_BOX, SheetBox, SignSheet

__all__ = ["LEADER_BOX", "OTHER_BOX", "SheetBox", "SignSheet", "build_sign_sheet_pdf"]


def build_sign_sheet_pdf(
    sheet: SignSheet, fonts: FontSet | None = None, copy_numbers: Sequence[str] = ()
) -> RenderResult:
    """The sheet; with `copy_numbers` (a classified record's, R44) one copy per 份号, each with
    its number top left above the 密级, in one PDF."""
    from desktop_app.printing.sign_sheets_render import render_copies

    fonts = fonts or load_fonts()
    glyphs = GlyphFallback(fonts)
    sheets = [replace(sheet, copy_number=n) for n in copy_numbers] or [sheet]
    pdf, pages = render_copies(sheets, fonts, glyphs)
    notes = [f"字体替代：{f.note}" for f in fonts.fallbacks] + glyphs.notes()
    return RenderResult(pdf, pages, notes, list(glyphs.missing), list(copy_numbers))
