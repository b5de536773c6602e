"""What the register template tests share: a seal register of a city government office (its
columns, rows and filter), reading a PDF page's cells back with pdfplumber, the `fonts`, `seal_pdf`
and `seal` fixtures (import `fonts_fixture`, `seal_pdf_fixture` and `seal_fixture` to use them), and
the test measure `em` for line breaking."""

from __future__ import annotations

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


@pytest.fixture(scope="module", name="fonts")
def fonts_fixture():
    return load_fonts()


def trap_title(n: int, punct: str) -> str:
    return "甲" * n + punct + "乙" * 4


@pytest.fixture(scope="module", name="seal_pdf")
def seal_pdf_fixture(fonts, tmp_path_factory) -> Path:
    rows = [seal_row(i) for i in range(120)]
    for i, punct in zip(TRAP_ROWS, CLOSING, strict=True):
        rows[i][TITLE_COL] = trap_title(60, punct)  # longer than the column: it wraps
    path = tmp_path_factory.mktemp("register") / "seal.pdf"
    path.write_bytes(build_register_pdf(spec(), rows, fonts))
    return path


@pytest.fixture(scope="module", name="seal")
def seal_fixture(seal_pdf):
    with pdfplumber.open(seal_pdf) as pdf:
        yield pdf


def assert_fonts_embedded(path: Path) -> None:
    out = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert out, "no fonts listed"
    for line in out:  # name type encoding emb sub uni object-id generation
        assert line.split()[-5] == "yes", f"font not embedded: {line}"


def em(s: str) -> float:
    """Test measure: a CJK character is 10 wide, Latin letters and digits 5."""
    return sum(5 if ord(c) < 0x2000 else 10 for c in s)
