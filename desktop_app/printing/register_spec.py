"""The data of a register print (register.py): its columns and the page's title, organisation,
filter line, print date, voided rows and audit anchor. Both the public face (register.py) and the
drawing (register_render.py) import this module, so neither imports the other in a circle."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

ALIGNS = ("left", "center", "right")


class BuildCancelled(Exception):
    """The caller's cancel check said stop while a register was being built."""


@dataclass
class RegisterColumn:
    title: str
    # The column's share of the text block when even the content's unbreakable parts do not
    # fit (register_layout.column_widths sizes columns to their content otherwise).
    width_weight: float
    align: str = "left"  # left | center | right
    keep: bool = False  # names or fixed values: each item between 「、」 never breaks inside

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
