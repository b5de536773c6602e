"""GB/T 9704-2012 §5 page geometry, in PDF points (1 mm = 72/25.4 pt)."""

from __future__ import annotations

from dataclasses import dataclass

MM = 72 / 25.4

# Chinese type sizes (号) in points.
SIZES = {
    "二号": 22.0,
    "小二": 18.0,
    "三号": 16.0,
    "小三": 15.0,
    "四号": 14.0,
    "小四": 12.0,
    "五号": 10.5,
}


@dataclass(frozen=True)
class PortraitPage:
    """A4 portrait with the official text block (版心) 156 × 225 mm, 22 lines × 28 characters."""

    width: float = 210 * MM
    height: float = 297 * MM
    top: float = 37 * MM  # 天头
    left: float = 28 * MM  # 订口
    block_width: float = 156 * MM
    block_height: float = 225 * MM
    lines: int = 22
    chars: int = 28
    body_size: float = SIZES["三号"]
    page_number_gap: float = 7 * MM  # from the text block's bottom edge to the number's top
    page_number_size: float = SIZES["四号"]

    @property
    def right(self) -> float:
        return self.left + self.block_width

    @property
    def block_top(self) -> float:
        """y (from the page's bottom, as PDF counts) of the text block's top edge."""
        return self.height - self.top

    @property
    def block_bottom(self) -> float:
        return self.block_top - self.block_height

    @property
    def line_pitch(self) -> float:
        return self.block_height / self.lines  # ≈ 28.9 pt

    @property
    def char_pitch(self) -> float:
        return self.block_width / self.chars  # ≈ 15.8 pt

    @property
    def char_space(self) -> float:
        """Extra spacing per character so that 28 三号 characters fill the line exactly."""
        return self.char_pitch - self.body_size

    def baseline(self, line: int) -> float:
        """Baseline of grid line `line` (0-based) of the text block.

        Each line is a cell of line_pitch; the glyphs (em box ≈ size) sit centred in the cell,
        with the baseline about 0.12 em above the box's bottom, as CJK fonts draw."""
        cell_top = self.block_top - line * self.line_pitch
        gap = (self.line_pitch - self.body_size) / 2
        return cell_top - gap - self.body_size * 0.88


@dataclass(frozen=True)
class LandscapePage:
    """A4 landscape for registers: margins as the portrait block turned, tables fill the width."""

    width: float = 297 * MM
    height: float = 210 * MM
    top: float = 20 * MM
    bottom: float = 20 * MM
    left: float = 20 * MM
    right_margin: float = 20 * MM

    @property
    def block_width(self) -> float:
        return self.width - self.left - self.right_margin

    @property
    def block_height(self) -> float:
        return self.height - self.top - self.bottom


PORTRAIT = PortraitPage()
LANDSCAPE = LandscapePage()
