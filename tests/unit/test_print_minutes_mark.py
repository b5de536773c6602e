"""The red 纪要 mark never shrinks below 二号 (22 pt): as large as fits on one line (at most
36 pt), and a mark too long for one line at 二号 breaks between words into centred lines, every
character kept, inside the text block, with the issue number and red rule below its last line."""

from __future__ import annotations

import io
from dataclasses import replace

import pdfplumber
import pytest

from desktop_app.printing.geometry import MM, PORTRAIT
from desktop_app.printing.minutes import build_minutes_pdf
from desktop_app.printing.official import MARK_MIN, mark_layout
from desktop_app.printing.sample import sample_minutes

RED = (0.9, 0.0, 0.07)


def _first_page(mark: str):
    result = build_minutes_pdf(replace(sample_minutes(), mark=mark))
    with pdfplumber.open(io.BytesIO(result.pdf)) as doc:
        page = doc.pages[0]
        return page.chars, page.lines


def _red(chars) -> list[dict]:
    return [c for c in chars if c["non_stroking_color"] == RED]


def test_usual_mark_is_one_line_between_22_and_36_pt():
    chars, _ = _first_page("同江市人民政府常务会议纪要")
    mark = _red(chars)
    assert "".join(c["text"] for c in mark) == "同江市人民政府常务会议纪要"
    assert len({round(c["top"]) for c in mark}) == 1
    assert all(MARK_MIN <= c["size"] <= 36.01 for c in mark)


@pytest.mark.parametrize("repeat", [2, 15])  # 28 and 210 characters
def test_long_mark_keeps_22_pt_on_several_centred_lines_inside_the_block(repeat):
    text = "同江市街津口赫哲族乡人民政府工作例会纪要"[:14] * repeat
    chars, lines = _first_page(text)
    mark = _red(chars)
    assert "".join(c["text"] for c in mark) == text  # no character dropped
    assert min(c["size"] for c in mark) >= MARK_MIN - 0.01  # 二号, not 2 pt
    rows: dict[int, list[dict]] = {}
    for c in mark:
        rows.setdefault(round(c["top"]), []).append(c)
    assert len(rows) >= 2
    left, right = PORTRAIT.left, PORTRAIT.left + PORTRAIT.block_width
    for row in rows.values():
        x0, x1 = min(c["x0"] for c in row), max(c["x1"] for c in row)
        assert x0 >= left - 0.5 and x1 <= right + 0.5
        assert abs((x0 - left) - (right - x1)) < 1.0  # centred
    # The red rule and the issue number's line come below the mark's last line.
    last_bottom = max(c["bottom"] for c in mark)
    red_rule = next(ln for ln in lines if ln["stroking_color"] == RED)
    assert red_rule["top"] > last_bottom + 10 * MM
    black_above_rule = [
        c for c in chars if c not in mark and c["bottom"] < red_rule["top"] and c["top"] > 0
    ]
    assert black_above_rule and min(c["top"] for c in black_above_rule) > last_bottom


def test_mark_layout_prefers_one_line_and_breaks_only_below_the_floor():
    def measure(t: str, size: float) -> float:
        return len(t) * size

    width = PORTRAIT.block_width
    size, lines = mark_layout("同江市人民政府常务会议纪要", width, measure)
    assert lines == ["同江市人民政府常务会议纪要"] and size == pytest.approx(width / 13)
    size, lines = mark_layout("字" * 20, width, measure)  # 20 × 22 pt = 440 pt ≤ 442 pt
    assert size == pytest.approx(width / 20) and len(lines) == 1
    size, lines = mark_layout("字" * 200, width, measure)
    assert size == MARK_MIN and "".join(lines) == "字" * 200
    assert all(len(x) * MARK_MIN <= width for x in lines)
