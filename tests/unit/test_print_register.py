"""The landscape register template (desktop_app/printing/register.py), checked on the PDF itself:
pdfplumber for positions, pdftotext/pdffonts (poppler) for what a reader and a printer see."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import pdfplumber
import pytest

from desktop_app.formatting import format_date
from desktop_app.printing.fonts import load_fonts
from desktop_app.printing.geometry import LANDSCAPE
from desktop_app.printing.register import RegisterColumn, RegisterSpec, build_register_pdf
from desktop_app.printing.register_layout import break_cell, header_lines
from tests.pdf_tables import column_edges

CLOSING = "，。、；：）」』》"  # FORMS.md: no line may start with these
PRINTED_ON = date(2026, 11, 26)
FILTER = "用印日期：2026年1月1日至2026年11月26日；印章：全部"
LONG_TITLE = "关于报送《同江市2026年国民经济和社会发展计划执行情况及2027年计划草案》的报告"
VOIDED = {17, 63}
VOID_REASON = "盖章位置错误，已收回销毁"
TRAP_ROWS = range(30, 30 + len(CLOSING))  # 文件名称 built to break right before punctuation

COLUMNS = [
    RegisterColumn("序号", 4.5, "center"),
    RegisterColumn("日期", 10, "center"),
    RegisterColumn("编号", 11, "center", keep=True),
    RegisterColumn("用印单位", 12),
    RegisterColumn("文件名称", 20),
    RegisterColumn("事由", 12),
    RegisterColumn("印章", 9, "center", keep=True),
    RegisterColumn("份数", 4.5, "center"),
    RegisterColumn("经办人", 6, "center", keep=True),
    RegisterColumn("批准人", 6, "center", keep=True),
    RegisterColumn("监印人", 6, "center", keep=True),
    RegisterColumn("备注", 10),
]
TITLE_COL = 4

UNITS = [
    "同江市发展和改革局",
    "同江市财政局",
    "同江市自然资源局",
    "同江市人民政府办公室",
    "同江市住房和城乡建设局",
    "同江市农业农村局",
    "同江市教育局",
]
FILES = [
    LONG_TITLE,
    "授权委托书",
    "介绍信",
    "关于申请拨付2026年度农村人居环境整治专项资金的请示",
    "同江市人民政府与黑龙江省农业投资集团有限公司战略合作框架协议",
    "关于同江市街津口赫哲族乡渔业村基础设施改造项目立项的批复",
]
REASONS = ["报市财政局审核", "签订合作协议", "报送省发展改革委", "办理土地出让手续", "对外联系工作"]
NAMES = ["张丽华", "王建国", "刘志强", "陈晓东", "赵春梅"]

PT_TOL = 1.0
HAVE_POPPLER = shutil.which("pdftotext") and shutil.which("pdffonts")
needs_poppler = pytest.mark.skipif(
    not HAVE_POPPLER, reason="poppler-utils (pdftotext, pdffonts) not installed"
)


def spec(**kw) -> RegisterSpec:
    args = dict(
        title="用印登记簿",
        org="同江市人民政府办公室",
        columns=COLUMNS,
        filter_text=FILTER,
        printed_on=PRINTED_ON,
        voided_rows=VOIDED,
    )
    return RegisterSpec(**(args | kw))


def seal_row(i: int, file_title: str | None = None) -> list[str]:
    return [
        str(i + 1),
        format_date(date(2026, 1, 5) + timedelta(days=2 * i)),
        f"用印〔2026〕{i + 1}号",
        UNITS[i % len(UNITS)],
        file_title or FILES[i % len(FILES)],
        REASONS[i % len(REASONS)],
        "市政府印章" if i % 3 else "市政府办公室印章",
        str(i % 4 + 1),
        NAMES[i % 5],
        NAMES[(i + 2) % 5],
        NAMES[(i + 4) % 5],
        VOID_REASON if i in VOIDED else ("补办" if i % 11 == 0 else ""),
    ]


CELL_SIZES = (10.5, 9.0)  # 五号, or 小五 when 五号 leaves fewer than 20 rows on a page


def baseline(ch) -> int:
    return round(ch["matrix"][5])  # fonts differ in ascent, so `top` does not line up


def cell_size(page) -> float:
    """The size the table is set in (the header's)."""
    return next(c["size"] for c in page.chars if round(c["size"], 1) in CELL_SIZES)


def page_column(page, col: int) -> list[tuple[int, list]]:
    """(baseline, chars) of each line of cell text in column `col` of one page, top to bottom;
    the title, its line and the page number (other sizes, or outside the table) are left out."""
    edges = column_edges(page)
    size = cell_size(page)
    lines: dict[int, list] = defaultdict(list)
    for ch in page.chars:
        if (
            edges[col] < (ch["x0"] + ch["x1"]) / 2 < edges[col + 1]
            and ch["text"].strip()
            and ch["size"] == pytest.approx(size)
            and ch["bottom"] < page.height - LANDSCAPE.bottom - 15
        ):
            lines[baseline(ch)].append(ch)
    return [
        (y, sorted(chars, key=lambda c: c["x0"]))
        for y, chars in sorted(lines.items(), reverse=True)
    ]


def text_of(chars) -> str:
    return "".join(c["text"] for c in chars)


def column_lines(pdf, col: int) -> list[str]:
    """Every line of cell text in column `col`, on all pages, in reading order."""
    return [text_of(chars) for page in pdf.pages for _, chars in page_column(page, col)]


@pytest.fixture(scope="module")
def fonts():
    return load_fonts()


def trap_title(n: int, punct: str) -> str:
    return "甲" * n + punct + "乙" * 4


@pytest.fixture(scope="module")
def seal_pdf(fonts, tmp_path_factory) -> Path:
    rows = [seal_row(i) for i in range(120)]
    for i, punct in zip(TRAP_ROWS, CLOSING, strict=True):
        rows[i][TITLE_COL] = trap_title(60, punct)  # longer than the column: it wraps
    path = tmp_path_factory.mktemp("register") / "seal.pdf"
    path.write_bytes(build_register_pdf(spec(), rows, fonts))
    return path


@pytest.fixture(scope="module")
def seal(seal_pdf):
    with pdfplumber.open(seal_pdf) as pdf:
        yield pdf


def pdftotext(path: Path, *args: str) -> str:
    return subprocess.run(
        ["pdftotext", *args, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def assert_fonts_embedded(path: Path) -> None:
    out = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert out, "no fonts listed"
    for line in out:  # name type encoding emb sub uni object-id generation
        assert line.split()[-5] == "yes", f"font not embedded: {line}"


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


# ---- empty, tall and wrong input ---------------------------------------------------------------


@pytest.fixture(scope="module")
def empty_pdf(fonts, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("register") / "empty.pdf"
    path.write_bytes(build_register_pdf(spec(voided_rows=set(), filter_text=""), [], fonts))
    return path


def test_empty_register_is_one_page_with_header_and_no_records_row(empty_pdf):
    with pdfplumber.open(empty_pdf) as pdf:
        assert len(pdf.pages) == 1
        text = pdf.pages[0].extract_text()
        words = {w["text"] for w in pdf.pages[0].extract_words()}
    assert {c.title for c in COLUMNS} <= words
    assert "（无记录）" in words
    assert "筛选：全部" in words
    assert re.search(r"第\s*1\s*页\s*共\s*1\s*页", text)


@needs_poppler
def test_empty_register_fonts_embedded(empty_pdf):
    assert_fonts_embedded(empty_pdf)


def test_row_taller_than_a_page_continues_on_the_next_pages(fonts):
    """ReportLab cannot split a table row; an over-long cell is carried on over pages."""
    columns = [
        RegisterColumn("序号", 1, "center"),
        RegisterColumn("督办事项", 3),
        RegisterColumn("办理情况", 2),
        RegisterColumn("备注", 2),
    ]
    long_text = "".join(f"第{k}次督促，已按期办结。" for k in range(1, 1001))
    rows = [["1", "落实市政府常务会议议定事项", long_text, ""], ["2", "短事项", "已办结", ""]]
    data = build_register_pdf(spec(columns=columns, voided_rows=set()), rows, fonts)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) >= 3
        got = ""
        for page in pdf.pages:
            lines = page.extract_text().splitlines()
            assert lines[0 if page.page_number > 1 else 2].split() == [c.title for c in columns]
            got += "".join(text_of(chars) for _, chars in page_column(page, 2))
    assert got.replace("办理情况", "").replace("已办结", "") == long_text


def test_row_of_the_wrong_length_is_refused(fonts):
    with pytest.raises(ValueError):
        build_register_pdf(spec(), [["1", "2"]], fonts)


def test_bad_column_alignment_is_refused():
    with pytest.raises(ValueError):
        RegisterColumn("序号", 1, "middle")


# ---- line breaking (register_layout.break_cell) -------------------------------------------------


def em(s: str) -> float:
    """Test measure: a CJK character is 10 wide, Latin letters and digits 5."""
    return sum(5 if ord(c) < 0x2000 else 10 for c in s)


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


# ---- the audit anchor in the footer (issue 13 item 8) ------------------------------------------

ANCHOR = "审计链第 1234 条 · 3f2a9c0d1e2b4a5f"


def footer_chars(page) -> list:
    return [c for c in page.chars if c["bottom"] > page.height - LANDSCAPE.bottom - 15]


@pytest.fixture(scope="module")
def anchored(fonts):
    rows = [seal_row(i) for i in range(120)]
    with pdfplumber.open(io.BytesIO(build_register_pdf(spec(anchor=ANCHOR), rows, fonts))) as pdf:
        yield pdf


def test_anchor_printed_left_in_the_footer_of_every_page(anchored):
    """Every page carries the chain head at the left of the footer line, 小五, inside the
    margins, on the page number's baseline, clear of the page number."""
    total = len(anchored.pages)
    assert total >= 3
    for page in anchored.pages:
        foot = footer_chars(page)
        small = sorted((c for c in foot if c["size"] == pytest.approx(9)), key=lambda c: c["x0"])
        number = sorted(
            (c for c in foot if c["size"] == pytest.approx(10.5)), key=lambda c: c["x0"]
        )
        assert text_of(small).replace(" ", "") == ANCHOR.replace(" ", ""), page.page_number
        assert text_of(number).replace(" ", "") == f"第{page.page_number}页共{total}页"
        assert abs(small[0]["x0"] - LANDSCAPE.left) < PT_TOL, "anchor not at the left edge"
        assert small[-1]["x1"] + 5 * 72 / 25.4 < number[0]["x0"], "anchor runs into the number"
        assert {baseline(c) for c in small} == {baseline(c) for c in number}
        for c in foot:
            assert c["bottom"] <= page.height - LANDSCAPE.bottom + PT_TOL, c


def test_page_number_stays_where_it_was_with_an_anchor(anchored, seal):
    for with_anchor, without in zip(anchored.pages, seal.pages, strict=False):
        a = [c for c in footer_chars(with_anchor) if c["size"] == pytest.approx(10.5)]
        b = [c for c in footer_chars(without) if c["size"] == pytest.approx(10.5)]
        assert (min(c["x0"] for c in a), baseline(a[0])) == pytest.approx(
            (min(c["x0"] for c in b), baseline(b[0])), abs=PT_TOL
        )


def test_no_anchor_when_the_caller_gives_none(seal):
    for page in seal.pages:
        assert not [c for c in footer_chars(page) if c["size"] == pytest.approx(9)]
        assert "审计链" not in page.extract_text()


def test_long_anchor_takes_two_lines_above_the_margin_and_too_long_is_refused(fonts):
    long = "审计链第 1234 条 · " + "核验" * 12
    data = build_register_pdf(spec(anchor=long, voided_rows=set()), [seal_row(0)], fonts)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        small = [c for c in page.chars if c["size"] == pytest.approx(9)]
        assert len({baseline(c) for c in small}) == 2
        assert text_of(sorted(small, key=lambda c: (-baseline(c), c["x0"]))).replace(
            " ", ""
        ) == long.replace(" ", "")
        frame_bottom = page.height - LANDSCAPE.bottom - 9 * 72 / 25.4
        assert min(c["top"] for c in small) >= frame_bottom - PT_TOL
    with pytest.raises(ValueError):
        build_register_pdf(spec(anchor="核验" * 200, voided_rows=set()), [seal_row(0)], fonts)
    with pytest.raises(ValueError):
        spec(anchor="第一行\n第二行")


# ---- progress and cancel (a build run off the GUI thread) ---------------------------------------


def test_progress_is_reported_per_page_and_a_cancel_stops_the_build(fonts):
    from desktop_app.printing.register import BuildCancelled

    rows = [seal_row(i) for i in range(80)]
    seen: list[tuple[int, int]] = []
    data = build_register_pdf(spec(), rows, fonts, progress=lambda n, m: seen.append((n, m)))
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = len(pdf.pages)
    assert seen == [(n, pages) for n in range(1, pages + 1)]
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 3

    with pytest.raises(BuildCancelled):
        build_register_pdf(spec(), rows, fonts, cancelled=cancelled)
