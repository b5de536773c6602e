"""Line breaking in register cells and headers (desktop_app/printing/register_layout.py), with the
test measure `em`: closing punctuation never starts a line nor opening punctuation ends one, dates,
numbers and names stay whole, and why ReportLab's own CJK wrapping is not used."""

from __future__ import annotations

import pytest

from desktop_app.printing.register_layout import break_cell, header_lines
from tests.unit.print_register_support import (
    CLOSING,
    em,
    fonts_fixture,  # noqa: F401 - `fonts`
)

# ---- line breaking (register_layout.break_cell) -------------------------------------------------


@pytest.mark.parametrize("punct", list(CLOSING) + ["？", "！", "”", "〕"])
def test_break_moves_a_character_down_with_closing_punctuation(punct):
    lines = break_cell("一二三四五" + punct + "六七", 50, em)
    assert lines == ["一二三四", "五" + punct + "六七"]


def test_break_never_leaves_opening_punctuation_at_a_line_end():
    assert break_cell("一二三四《五六》", 50, em) == ["一二三四", "《五六》"]
    assert break_cell("一二三（「五」）", 50, em) == ["一二三", "（「五」）"]


def test_an_opening_bracket_never_stands_alone_on_a_line():
    """The bracket goes down with what it opens, even when that is a long unbreakable date."""
    lines = break_cell("已办结（2026年12月1日）", 90, em)
    assert "（" not in [line.strip() for line in lines]
    assert lines == ["已办结", "（2026年12月1日）"]


def test_two_closing_marks_in_a_row_move_down_together():
    assert break_cell("一二三四五。」六七", 50, em) == ["一二三四", "五。」六七"]


def test_dates_numbers_and_latin_runs_stay_whole():
    assert break_cell("签收于2026年12月1日", 80, em) == ["签收于", "2026年12月1日"]
    assert break_cell("见：用印〔2026〕2号", 80, em) == ["见：", "用印〔2026〕2号"]
    # wider than the whole cell: broken at its digits' edges, then by characters
    assert break_cell("用印〔2026〕118号", 60, em) == ["用印〔2026〕", "118号"]
    assert break_cell("ABCDEFGHIJKLMNOPQRST", 50, em) == ["ABCDEFGHIJ", "KLMNOPQRST"]


def test_names_in_a_kept_column_never_break_inside():
    assert break_cell("副市长李明远、市长张三", 70, em, keep=True) == ["副市长李明远、", "市长张三"]
    assert break_cell("副市长李明远", 70, em, keep=True) == ["副市长李明远"]


def test_no_widow_of_one_character():
    assert break_cell("一二三四五六", 50, em) == ["一二三四", "五六"]


def test_headers_are_one_line_or_two_balanced_never_a_character_per_line():
    assert header_lines("紧急程度", 40, em) == ["紧急程度"]
    assert header_lines("紧急程度", 25, em) == ["紧急", "程度"]
    assert header_lines("主持工作负责同志", 45, em) == ["主持工作", "负责同志"]


def test_newlines_are_kept_and_empty_text_is_one_empty_line():
    assert break_cell("一二\n三四", 100, em) == ["一二", "三四"]
    assert break_cell("", 100, em) == [""]


def test_reportlab_cjk_wrap_alone_would_start_a_line_with_a_comma(fonts):
    """Why cells are broken by register_layout: ReportLab's CJK wrapping does not know 「，」 (nor 「；」「：」
    「》」) as closing punctuation, and hangs the ones it knows past the line end. If this fails
    after a ReportLab upgrade, its own wrapping may have become good enough."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    style = ParagraphStyle(
        "t", fontName=fonts.name("fangsong"), fontSize=10, leading=12, wordWrap="CJK"
    )
    para = Paragraph("一二三四五，六七", style)
    para.wrap(50.5, 100)
    lines = ["".join(words) for _, words in para.blPara.lines]
    assert lines == ["一二三四五", "，六七"]
