"""The landscape register template (desktop_app/printing/register.py), checked on the PDF itself:
pdfplumber for positions, pdftotext/pdffonts (poppler) for what a reader and a printer see."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pdfplumber
import pytest

from desktop_app.formatting import format_date
from desktop_app.printing.geometry import LANDSCAPE
from desktop_app.printing.register import build_register_pdf
from desktop_app.printing.register_layout import break_cell
from tests.pdf_tables import column_edges
from tests.unit.print_register_support import (
    CLOSING,
    COLUMNS,
    FILTER,
    LONG_TITLE,
    NAMES,
    PRINTED_ON,
    PT_TOL,
    TITLE_COL,
    VOID_REASON,
    VOIDED,
    assert_fonts_embedded,
    cell_size,
    em,
    fonts_fixture,  # noqa: F401 - `fonts`
    needs_poppler,
    page_column,
    seal_fixture,  # noqa: F401 - `seal`
    seal_pdf_fixture,  # noqa: F401 - `seal_pdf`
    seal_row,
    spec,
    text_of,
)


def column_lines(pdf, col: int) -> list[str]:
    """Every line of cell text in column `col`, on all pages, in reading order."""
    return [text_of(chars) for page in pdf.pages for _, chars in page_column(page, col)]


def pdftotext(path: Path, *args: str) -> str:
    return subprocess.run(
        ["pdftotext", *args, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


# ---- pages -------------------------------------------------------------------------------------


def test_several_landscape_a4_pages(seal):
    assert len(seal.pages) >= 3
    for page in seal.pages:
        assert abs(page.width - 842) <= PT_TOL and abs(page.height - 595) <= PT_TOL


def test_header_row_repeats_at_the_top_of_every_page(seal):
    titles = [c.title for c in COLUMNS]
    for page in seal.pages:
        words = page.crop((0, 0, page.width, page.height / 3)).extract_words()
        found = {w["text"]: w["top"] for w in words if w["text"] in titles}
        assert set(found) == set(titles), f"page {page.page_number}: {sorted(found)}"
        assert max(found.values()) - min(found.values()) < 1, "header titles not on one row"
        above = {c["size"] for c in page.chars if c["top"] < min(found.values()) - 1}
        assert above <= {18, 12}, "only the title and its line may sit above the header"


def test_page_numbers_on_every_page(seal):
    total = len(seal.pages)
    for page in seal.pages:
        foot = page.crop((0, page.height - LANDSCAPE.bottom - 15, page.width, page.height))
        text = foot.extract_text()
        assert re.sub(r"\s+", " ", text).strip() == f"第 {page.page_number} 页 共 {total} 页"
        mid = (min(c["x0"] for c in foot.chars) + max(c["x1"] for c in foot.chars)) / 2
        assert abs(mid - page.width / 2) < 2, "page number not centred"


def test_everything_inside_the_margins(seal):
    left, right = LANDSCAPE.left, LANDSCAPE.width - LANDSCAPE.right_margin
    top, bottom = LANDSCAPE.top, LANDSCAPE.height - LANDSCAPE.bottom
    for page in seal.pages:
        for ch in page.chars:
            assert left - PT_TOL <= ch["x0"] and ch["x1"] <= right + PT_TOL, ch
            assert top - PT_TOL <= ch["top"] and ch["bottom"] <= bottom + PT_TOL, ch
        for e in page.edges:
            assert left - PT_TOL <= e["x0"] and e["x1"] <= right + PT_TOL
            assert top - PT_TOL <= e["top"] and e["bottom"] <= bottom + PT_TOL


def test_columns_are_sized_to_their_content_and_fill_the_block(seal):
    edges = column_edges(seal.pages[1])
    assert len(edges) == len(COLUMNS) + 1
    assert abs(edges[0] - LANDSCAPE.left) < 0.5
    assert abs(edges[-1] - (LANDSCAPE.width - LANDSCAPE.right_margin)) < 0.5
    widths = [b - a for a, b in zip(edges[:-1], edges[1:], strict=True)]
    assert max(widths) == widths[TITLE_COL], "the long titles get the widest column"
    assert widths[0] < widths[2] and widths[7] < widths[6], "short values get narrow columns"
    for page in seal.pages[1:]:
        assert column_edges(page) == edges, "the same columns on every page"


def test_dates_numbers_and_names_never_break_inside(seal):
    """FORMS.md: a date, a number (用印〔2026〕2号) or a name never breaks inside."""
    for col, pattern in (
        (1, r"\d{4}年\d{1,2}月\d{1,2}日"),
        (2, r"用印〔2026〕\d+号"),
        (6, r"市政府(办公室)?印章"),
        (8, "|".join(NAMES)),
        (9, "|".join(NAMES)),
    ):
        lines = column_lines(seal, col)[1:]
        assert lines and all(
            re.fullmatch(pattern, line) for line in lines if line != COLUMNS[col].title
        ), (
            COLUMNS[col].title,
            [x for x in lines if not re.fullmatch(pattern, x)][:3],
        )


TYPICAL_FILES = [
    "授权委托书",
    "介绍信",
    "关于申请拨付农村人居环境整治资金的请示",
    "房屋租赁合同",
    "关于同意设立同江市城市更新工作专班的批复",
    "证明",
    "关于报送2026年度政府信息公开工作报告的函",
]


def test_at_least_20_rows_on_every_full_page_at_a_legible_size(fonts):
    """FORMS.md: at least 20 rows of an everyday register on a page, 9 pt at the least (the
    seal register of 500 such entries was 39 pages before columns followed their content)."""
    rows = [seal_row(i, TYPICAL_FILES[i % len(TYPICAL_FILES)]) for i in range(200)]
    data = build_register_pdf(spec(voided_rows={17, 63}), rows, fonts)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        counts = []
        for page in pdf.pages:
            serials = [text_of(chars) for _, chars in page_column(page, 0)][1:]
            counts.append(len(serials))
            assert cell_size(page) >= 9.0
    assert sum(counts) == 200
    assert min(counts[1:-1]) >= 20 and counts[0] >= 17, counts


def test_no_cell_line_holds_only_an_opening_bracket_or_a_lone_character(seal):
    for col in range(len(COLUMNS)):
        for page in seal.pages:
            lines = page_column(page, col)
            for _, chars in lines:
                assert text_of(chars) not in ("（", "《", "〔", "「"), text_of(chars)


def test_title_filter_and_print_date(seal):
    page = seal.pages[0]
    title = [c for c in page.chars if c["size"] == pytest.approx(18)]
    assert "".join(c["text"] for c in title) == "用印登记簿"
    mid = (min(c["x0"] for c in title) + max(c["x1"] for c in title)) / 2
    assert abs(mid - page.width / 2) < 2
    info_top = next(c["top"] for c in page.chars if c["size"] == pytest.approx(12))
    info = [w for w in page.extract_words() if abs(w["top"] - info_top) < 3]
    assert [w["text"] for w in info] == [
        "同江市人民政府办公室",
        f"筛选：{FILTER}",
        f"打印日期：{format_date(PRINTED_ON)}",
    ]
    assert len({round(w["top"]) for w in info}) == 1, "org / filter / date on one line"
    sizes = {round(c["size"], 1) for c in page.chars if c["top"] == info[0]["top"]}
    assert sizes == {12.0}
    assert "打印日期：2026年11月26日" in page.extract_text()


def test_metadata(seal, fonts):
    meta = seal.metadata
    assert meta["Title"] == "用印登记簿"
    assert meta["Author"] == "同江市人民政府办公室"
    assert meta["Creator"] == "府办台账"
    assert fonts.summary() in meta["Subject"]


# ---- cells -------------------------------------------------------------------------------------


def test_no_wrapped_line_starts_with_closing_punctuation(seal):
    for col in range(len(COLUMNS)):
        for line in column_lines(seal, col):
            assert line[0] not in CLOSING, f"column {COLUMNS[col].title}: {line!r}"
    # The trap cells wrap and every mark stays after a 甲 (exact breaks: test_trap_* below).
    text = "".join(column_lines(seal, TITLE_COL))
    for punct in CLOSING:
        assert "甲" * 60 + punct + "乙" * 4 in text


def test_cell_text_stays_inside_its_column(seal):
    """No punctuation hangs past the grid line (ReportLab's CJK wrap would hang it)."""
    for page in seal.pages:
        edges = column_edges(page)
        for col in range(len(COLUMNS)):
            for _, chars in page_column(page, col):
                assert edges[col] + 1 < chars[0]["x0"] and chars[-1]["x1"] < edges[col + 1] - 1


@pytest.mark.parametrize("punct", CLOSING)
def test_trap_a_break_right_before_closing_punctuation_takes_a_character_down(punct):
    assert break_cell("甲" * 5 + "乙" * 4, 50, em) == ["甲" * 5, "乙" * 4]  # fills line 1
    lines = break_cell("甲" * 5 + punct + "乙" * 4, 50, em)
    assert lines[0] == "甲" * 4 and lines[1].startswith("甲" + punct)
    assert "".join(lines) == "甲" * 5 + punct + "乙" * 4


GREY, BLACK = (0.5, 0.5, 0.5), (0.0, 0.0, 0.0)


def test_voided_rows_are_grey_struck_through_and_marked(seal):
    for i in VOIDED:
        page, top, serial = next(
            (p, top, chars)
            for p in seal.pages
            for top, chars in page_column(p, 0)
            if text_of(chars) == str(i + 1)
        )
        assert {tuple(c["non_stroking_color"]) for c in serial} == {GREY}
        struck = [
            e
            for e in page.edges
            if e["orientation"] == "h"
            and serial[0]["top"] < e["top"] < serial[0]["bottom"]
            and column_edges(page)[0] < e["x0"] < column_edges(page)[1]
        ]
        assert struck, "no strike line through the voided row"
        remark = next(
            chars
            for t, chars in page_column(page, 11)
            if abs(t - top) < 40 and text_of(chars).startswith("作废")
        )
        assert {tuple(c["non_stroking_color"]) for c in remark[:2]} == {BLACK}
        assert {tuple(c["non_stroking_color"]) for c in remark[2:]} == {GREY}
    voided_serials = {str(i + 1) for i in VOIDED}
    others = [
        c
        for _, chars in page_column(seal.pages[0], 0)[1:]
        for c in chars
        if text_of(chars) not in voided_serials
    ]
    assert others and {tuple(c["non_stroking_color"]) for c in others} == {BLACK}


@needs_poppler
def test_pdftotext_returns_the_cells(seal_pdf):
    raw = pdftotext(seal_pdf, "-raw").replace("\n", "")
    assert LONG_TITLE in raw  # wrapped over several lines, read back in order
    for text in [
        "用印〔2026〕57号",
        "同江市住房和城乡建设局",
        "市政府办公室印章",
        "同江市人民政府与黑龙江省农业投资集团有限公司战略合作框架协议",
        f"作废：{VOID_REASON}",
        f"筛选：{FILTER}",
        "打印日期：2026年11月26日",
    ]:
        assert text in raw, text


@needs_poppler
def test_all_fonts_embedded(seal_pdf):
    assert_fonts_embedded(seal_pdf)
