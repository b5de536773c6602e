"""The landscape A4 register template (FORMS.md → Registers): 收文登记簿, 发文登记簿, 用印登记簿,
督办台账 … all print through build_register_pdf.

Page: title (小标宋 小二) centred, a line with the organisation, the filter used and the print
date (仿宋 小四), then the table — header row (黑体) repeated on every page, cells in 仿宋 五号
wrapped by Chinese rules (typeset.plain_lines), voided rows in grey, struck through and marked 「作废」 —
and 「第 N 页 共 M 页」 at the foot of every page, centred. When the caller gives the audit chain's
head (`anchor`, 「审计链第 1234 条 · 3f2a9c…」, read with the rows) it is printed on every page at
the left of that footer line, smaller (小五), so the paper copy can later prove which state of the
electronic record it shows. This module holds only the data; ReportLab is
imported when a PDF is built (register_render).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.printing.fonts import FontSet

ALIGNS = ("left", "center", "right")


@dataclass
class RegisterColumn:
    title: str
    width_weight: float  # share of the text block's width, relative to the other columns
    align: str = "left"  # left | center | right

    def __post_init__(self) -> None:
        if self.align not in ALIGNS:
            raise ValueError(f"align must be one of {ALIGNS}: {self.align!r}")
        if not self.width_weight > 0:
            raise ValueError(f"width_weight must be positive: {self.width_weight!r}")


@dataclass
class RegisterSpec:
    title: str  # 「用印登记簿」
    org: str  # 「同江市人民政府办公室」
    columns: list[RegisterColumn]
    filter_text: str = ""  # the filter used, printed under the title; empty: 全部
    printed_on: date = field(default_factory=date.today)
    voided_rows: set[int] | frozenset[int] | tuple[int, ...] = ()  # row indexes shown as voided
    anchor: str = ""  # the audit chain's head when the rows were read; empty: none printed

    def __post_init__(self) -> None:
        if not self.columns:
            raise ValueError("a register needs at least one column")
        if "\n" in self.anchor or "\r" in self.anchor:
            raise ValueError("the anchor is one line of text")


def build_register_pdf(spec: RegisterSpec, rows: list[list[str]],
                       fonts: FontSet | None = None) -> bytes:
    """The register as PDF bytes. Each row has one text per column (None counts as empty)."""
    from desktop_app.printing.fonts import load_fonts
    from desktop_app.printing.register_render import render

    for i, row in enumerate(rows):
        if len(row) != len(spec.columns):
            raise ValueError(f"row {i} has {len(row)} cells, the register has "
                             f"{len(spec.columns)} columns")
    return render(spec, rows, fonts or load_fonts())
