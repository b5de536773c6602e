"""The 纪要 specimen measured the way a reviewer with a ruler would: GB/T 9704 geometry, red
header, page numbers, closing block, embedded fonts, extractable text (pdfplumber, poppler)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest

from desktop_app.printing.minutes import build_minutes_pdf
from desktop_app.printing.sample import sample_minutes
from desktop_app.printing.typeset import CANNOT_START

MM = 72 / 25.4
LEFT, TOP, WIDTH, HEIGHT = 28, 37, 156, 225


@pytest.fixture(scope="module")
def specimen(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("print") / "纪要样张.pdf"
    path.write_bytes(build_minutes_pdf(sample_minutes()).pdf)
    return path


@pytest.fixture(scope="module")
def pages(specimen):
    with pdfplumber.open(specimen) as pdf:
        yield [(p.width, p.height, p.chars, p.lines) for p in pdf.pages]


def _mm(v: float) -> float:
    return v / MM


def _body_chars(chars):
    return [c for c in chars if _mm(c["top"]) < TOP + HEIGHT + 1]


def test_specimen_has_several_a4_pages(pages):
    assert len(pages) >= 3
    for width, height, _c, _l in pages:
        assert abs(_mm(width) - 210) < 0.5 and abs(_mm(height) - 297) < 0.5


def test_every_page_keeps_its_text_inside_the_156_by_225_block(pages):
    for _w, _h, chars, _l in pages:
        body = _body_chars(chars)
        assert min(_mm(c["x0"]) for c in body) >= LEFT - 1
        assert max(_mm(c["x1"]) for c in body) <= LEFT + WIDTH + 1
        assert min(_mm(c["top"]) for c in body) >= TOP - 1
        assert max(_mm(c["bottom"]) for c in body) <= TOP + HEIGHT + 1


def test_body_text_left_edge_is_at_28mm_and_first_line_in_the_block(pages):
    _w, _h, chars, _l = pages[1]  # page 2: body only, no header
    lefts = sorted(_mm(c["x0"]) for c in chars if _mm(c["top"]) < TOP + HEIGHT)
    assert abs(lefts[0] - LEFT) <= 1
    first_top = min(_mm(c["top"]) for c in chars)
    assert TOP <= first_top <= TOP + 225 / 22  # inside the block's first grid line


def test_page_numbers_sit_7mm_below_the_block_odd_right_even_left(pages):
    # The specimen's text ends on page 3: its 版记 is alone on page 4, which has no number
    # (GB/T 9704 §8).
    for n, (_w, _h, chars, _l) in enumerate(pages, start=1):
        below = [c for c in chars if _mm(c["top"]) > TOP + HEIGHT]
        text = "".join(c["text"] for c in below)
        assert text == ("" if n == len(pages) else f"— {n} —")
        assert all(abs(_mm(c["top"]) - (TOP + HEIGHT + 7)) < 1.5 for c in below)
        if not below:
            continue
        if n % 2:  # odd: right-aligned, one character (4号 ≈ 4.9 mm) in from the right edge
            assert abs(_mm(max(c["x1"] for c in below)) - (LEFT + WIDTH - 4.94)) < 1
        else:
            assert abs(_mm(min(c["x0"] for c in below)) - (LEFT + 4.94)) < 1


def test_red_mark_and_red_rule_on_the_first_page(pages):
    _w, _h, chars, lines = pages[0]
    mark = [c for c in chars if c["non_stroking_color"] == (0.9, 0.0, 0.07)]
    assert "".join(c["text"] for c in mark) == "同江市人民政府常务会议纪要"
    assert abs(_mm(min(c["top"] for c in mark)) - (TOP + 35)) < 1.5  # 35 mm below the block top
    red_rules = [ln for ln in lines if ln["stroking_color"] == (0.9, 0.0, 0.07)]
    assert len(red_rules) == 1
    rule = red_rules[0]
    r, g, b = rule["stroking_color"]
    assert r > 0.8 and g < 0.2 and b < 0.2
    assert abs(_mm(rule["x0"]) - LEFT) < 0.5 and abs(_mm(rule["x1"]) - (LEFT + WIDTH)) < 0.5


def test_closing_block_rules_end_on_the_bottom_edge_of_the_last_page(pages):
    _w, _h, chars, lines = pages[-1]
    tops = sorted((_mm(ln["top"]), round(_mm(ln["linewidth"]), 2)) for ln in lines)
    assert abs(tops[-1][0] - (TOP + HEIGHT)) < 0.5 and tops[-1][1] == 0.35
    assert tops[0][1] == 0.35 and 0.25 in [w for _t, w in tops]
    text = "".join(c["text"] for c in chars)
    assert "抄送：" in text and "2018年9月4日印发" in text


def test_headings_use_their_fonts(pages):
    fonts_of = {}
    for _w, _h, chars, _l in pages:
        for c in chars:
            fonts_of.setdefault(c["text"], set()).add(c["fontname"].split("+")[-1])
    # 「一、」 in 黑体, 「（一）」 in 楷体: three different faces at least on the specimen
    all_fonts = set().union(*fonts_of.values())
    assert len(all_fonts) >= 3


def test_attendance_label_is_heiti_and_names_follow(pages):
    _w, _h, chars, _l = pages[-2]  # the last page of text; the 版记 is alone on the next
    label = [c for c in chars if c["text"] in "出席"]
    names = [c for c in chars if c["text"] == "李"]
    assert label and names
    assert label[0]["fontname"] != names[0]["fontname"]


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils (pdffonts) not installed")
def test_pdffonts_lists_only_embedded_fonts(specimen):
    out = subprocess.run(
        ["pdffonts", str(specimen)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert out, "no fonts listed"
    for row in out:
        emb = row.split()[-5]
        assert emb == "yes", row


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) not installed")
def test_pdftotext_returns_the_exact_chinese_text(specimen):
    text = subprocess.run(
        ["pdftotext", str(specimen), "-"], capture_output=True, text=True, check=True
    ).stdout
    body = [ln for ln in text.splitlines() if not re.fullmatch(r"\s*— \d+ —\s*", ln)]
    flat = re.sub(r"\s+", "", "".join(body))
    m = sample_minutes()
    assert re.sub(r"\s+", "", m.opening) in flat
    for item in m.items:
        for para in item.body:
            assert re.sub(r"\s+", "", para) in flat
    for line in body:  # page numbers 「— N —」 are not body lines
        stripped = line.strip()
        if stripped:
            assert stripped[0] not in CANNOT_START, line


@pytest.mark.skipif(not shutil.which("qpdf"), reason="qpdf not installed")
def test_qpdf_finds_the_file_valid(specimen):
    result = subprocess.run(["qpdf", "--check", str(specimen)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_metadata_names_the_fonts_used(specimen):
    with pdfplumber.open(specimen) as pdf:
        meta = pdf.metadata
    assert meta["Title"] == "同江市人民政府常务会议纪要"
    assert meta["Creator"] == "府办台账"
    assert "仿宋" in meta["Subject"]
