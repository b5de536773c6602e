"""Chinese line breaking on the grid: 28 characters a line, 禁则, justification, headings."""

from __future__ import annotations

from desktop_app.printing.geometry import PORTRAIT as P
from desktop_app.printing.typeset import (
    CANNOT_START,
    Paragraph,
    Run,
    break_lines,
    split_heading,
)


def measure(text: str, role: str, size: float) -> float:
    """Full-width glyphs one em, Latin half an em (as the CJK fonts draw them)."""
    return size * sum(1.0 if ord(ch) > 0x2000 else 0.5 for ch in text)


def lay(text: str, **kw) -> list:
    return break_lines(Paragraph([Run(text)], **kw), P.block_width, P.char_pitch, measure)


def test_full_line_holds_28_characters_and_fills_the_block():
    lines = lay("国" * 60, first_indent=0)
    assert [len(line.text) for line in lines] == [28, 28, 4]
    assert abs(lines[0].width - P.block_width) < 0.01
    assert lines[-1].last and not lines[0].last


def test_first_line_is_indented_two_characters():
    lines = lay("国" * 40)
    assert len(lines[0].text) == 26 and abs(lines[0].indent - 2 * P.char_pitch) < 1e-6
    assert lines[1].indent == 0


def test_no_line_starts_with_closing_punctuation():
    # 26 characters fill the indented first line exactly; the 27th is a comma.
    # The comma squeezes in at the line's end (挤进): the line keeps its 26 characters and
    # ends on the block's right edge.
    text = "国" * 26 + "，" + "家" * 10 + "。"
    lines = lay(text)
    assert lines[1].text[0] not in CANNOT_START
    assert lines[0].text == "国" * 26 + "，" and lines[1].text.startswith("家")
    assert abs(lines[0].indent + lines[0].width - P.block_width) < 0.01
    # Two closing marks in a row cannot both squeeze in: the line gives up a character.
    text = "国" * 26 + "。」" + "家" * 10
    lines = lay(text)
    assert lines[0].text.endswith("国") and lines[1].text.startswith("国。」")
    assert abs(lines[0].indent + lines[0].width - P.block_width) < 0.01


def test_a_closing_mark_at_a_paragraphs_end_squeezes_into_the_last_line():
    lines = lay("国" * 26 + "。", first_indent=2)
    assert [line.text for line in lines] == ["国" * 26 + "。"]
    assert lines[0].indent + lines[0].width <= P.block_width + 0.01


def test_no_line_ends_with_opening_punctuation():
    text = "国" * 25 + "《" + "工作规则" + "》" + "家" * 10
    lines = lay(text)
    assert not lines[0].text.endswith("《")
    assert lines[1].text.startswith("《")


def test_latin_numbers_are_not_split():
    text = "国" * 24 + "20180904" + "家" * 5
    lines = lay(text)
    assert "20180904" in lines[1].text or "20180904" in lines[0].text


def test_heading_levels_get_their_fonts():
    assert [r.role for r in split_heading("一、总体要求。会议认为……")] == ["heiti", "fangsong"]
    assert split_heading("一、总体要求")[0].role == "heiti"
    assert split_heading("（一）关于会议制度。正文")[0].role == "kaiti"
    assert split_heading("1.各部门要……")[0].role == "fangsong"
    assert split_heading("（1）起草部门……")[0].role == "fangsong"
    assert split_heading("会议认为……")[0].role == "fangsong"


def test_names_in_attendance_lines_are_never_split():
    names = "、".join(["李明远", "张海峰", "赵文华", "孙立新", "周志强", "吴秀兰", "欧阳明月"])
    par = Paragraph(
        [Run("出席：", "heiti"), Run(names, "fangsong", True)], first_indent=2, hang=5, align="left"
    )
    lines = break_lines(par, P.block_width, P.char_pitch, measure)
    all_names = set(names.split("、"))
    for line in lines:
        for part in line.text.replace("出席：", "").split("、"):
            assert part == "" or part in all_names
    assert abs(lines[1].indent - 5 * P.char_pitch) < 1e-6


def test_plain_cell_lines_never_squeeze_a_closing_mark_past_the_width():
    from desktop_app.printing.typeset import plain_lines

    width = 10.0  # ten one-point characters
    lines = plain_lines("国" * 10 + "。" + "家" * 3, width, lambda t: float(len(t)))
    assert all(len(line) <= 10 for line in lines)
    assert not any(line[0] in CANNOT_START for line in lines)
