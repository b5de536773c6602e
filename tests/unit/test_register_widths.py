"""The registers' column widths are fitted in plain Python (register_layout._fewest_lines) since
numpy left the program; the numpy routine it replaced is kept here, as it was, and both must give
the same widths to the last bit — on real registers (every width fitting of the 用印, 收文 and 发文
registers built below) and on many random column sets, ties between columns included."""

from __future__ import annotations

import math
import random
from datetime import date

import numpy as np
import pytest

from desktop_app.printing import register_layout
from desktop_app.printing.doc_registers import INCOMING_COLUMNS, OUTGOING_COLUMNS
from desktop_app.printing.fonts import load_fonts
from desktop_app.printing.register import RegisterColumn, RegisterSpec, build_register_pdf
from desktop_app.printing.register_layout import CELL_LINE_WORTH, STEPS, _fewest_lines
from desktop_app.printing.seal_register import COLUMNS as SEAL_COLUMNS

# ---- the numpy routine of commit 676e2b6, unchanged but for its name ----------------------------


def fewest_lines_numpy(
    texts: list[list[tuple[float, ...]]], lo: list[float], extra: float, total: float
):
    """Greedy sharing of the spare width: each round widens the column (by one or more steps)
    that saves the most lines of the whole register per point given (rows' lines, and a little
    for cells' lines), until nothing more is saved; what is then left goes to the columns in
    proportion to their width."""
    n, rows = len(texts), len(texts[0]) if texts else 0
    widths = list(lo)
    spare = total - sum(lo)
    if rows == 0 or spare <= 0:
        return register_layout._share(widths, total, widths)
    step = max(2.0, spare / STEPS)
    chunks = max(len(c) for col in texts for c in col)
    cells = [np.zeros((rows, chunks)) for _ in range(n)]
    used = [np.zeros((rows, chunks), dtype=bool) for _ in range(n)]
    for j, col in enumerate(texts):
        for i, cell in enumerate(col):
            cells[j][i, : len(cell)] = cell
            used[j][i, : len(cell)] = True

    def lines(j: int, outer: np.ndarray) -> np.ndarray:
        """Lines of column j's cells (rows) at each of the outer widths given (k, rows)."""
        inner = (outer - extra)[:, None, None]
        per = np.maximum(1, np.ceil(cells[j][None] / inner - 0.02))
        return np.where(used[j][None], per, 0).sum(axis=2)

    now = np.stack([lines(j, np.array([widths[j]]))[0] for j in range(n)])  # (n, rows)
    while spare >= step:
        order = np.sort(now, axis=0)
        top, second = order[-1], order[-2] if n > 1 else np.zeros(rows)
        best = (0.0, -1, 0)
        k_max = int(spare // step)
        ks = np.arange(1, k_max + 1)
        for j in range(n):
            other = np.where(now[j] >= top, second, top)
            new = lines(j, widths[j] + ks * step)  # (k, rows)
            # Lines of rows saved, and a little for lines of cells: widening one of several
            # columns that each hold a row at two lines saves no row yet, but leads there.
            saved = (top - np.maximum(other[None], new)).sum(axis=1)
            saved = saved + CELL_LINE_WORTH * (now[j][None] - new).sum(axis=1)
            rate = saved / ks
            k = int(np.argmax(rate))
            if rate[k] > best[0]:
                best = (float(rate[k]), j, k + 1)
        if best[1] < 0:
            break
        _, j, k = best
        widths[j] += k * step
        spare -= k * step
        now[j] = lines(j, np.array([widths[j]]))[0]
    return register_layout._share(widths, total, widths)


# ---- real registers ----------------------------------------------------------------------------

UNITS = [
    "同江市发展和改革局",
    "同江市财政局",
    "同江市住房和城乡建设局",
    "同江市人民政府办公室",
    "黑龙江省农业投资集团有限公司",
    "市教育局",
]
TITLES = [
    "关于申请拨付{n}批城市基础设施建设专项资金的请示",
    "同江市人民政府与黑龙江省农业投资集团有限公司战略合作框架协议（第{n}号）",
    "关于报送《同江市2026年国民经济和社会发展计划执行情况及2027年计划草案》的报告",
    "授权委托书",
    "介绍信",
    "关于同江市街津口赫哲族乡渔业村基础设施改造项目立项的批复",
    "关于做好2026年度安全生产大检查工作的通知",
]
NAMES = ["张丽华", "王建国", "刘志强", "陈晓东", "赵春梅", "欧阳明远"]
OPINIONS = [
    "",
    "请李明远副市长阅示",
    "拟请市财政局牵头办理，市发展改革委、市自然资源局配合，于12月15日前报送办理结果。",
    "阅",
    "同意。\n请市政府办公室督办。",
]


def _text(rng: random.Random, column: RegisterColumn, i: int) -> str:
    """A plausible cell for the column, chosen by its title: dates, numbers, names and short
    fixed values where the register has them, titles, units and opinions of every length (now
    and then with an explicit line break, or empty) elsewhere."""
    title = column.title
    if title == "日期":
        return f"2026年{rng.randint(1, 12)}月{rng.randint(1, 28)}日 10:30"
    if "日期" in title or "时限" in title:
        return rng.choice(["", f"2026年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"])
    if title in ("序号", "顺序号", "份数", "印制份数"):
        return str(rng.randint(1, 500))
    if "号" in title:
        return rng.choice([f"用印〔2026〕{i}号", f"同政发〔2026〕{rng.randint(1, 300)}号", ""])
    if "人" in title:
        return "、".join(rng.sample(NAMES, rng.choice([1, 1, 1, 2])))
    if title in ("密级", "紧急程度", "文种", "公开属性", "印章"):
        return rng.choice(["普通", "秘密", "特急", "通知", "主动公开", "市政府印章"])
    if "单位" in title or "机关" in title or title in ("主送", "抄送"):
        return "、".join(rng.sample(UNITS, rng.choice([1, 1, 2, 3])))
    if title in ("标题", "文件名称"):
        return rng.choice(TITLES).format(n=i)
    return rng.choice(OPINIONS)


def _rows(rng: random.Random, columns: list[RegisterColumn], n: int) -> list[list[str]]:
    return [[_text(rng, c, i) for c in columns] for i in range(1, n + 1)]


@pytest.fixture(scope="module")
def fonts():
    return load_fonts()


@pytest.mark.parametrize("columns", [SEAL_COLUMNS, INCOMING_COLUMNS, OUTGOING_COLUMNS])
@pytest.mark.parametrize("count", [1, 12, 90, 400])
def test_real_registers_get_the_widths_numpy_gave(fonts, monkeypatch, columns, count):
    compared = []

    def both(texts, lo, extra, total):
        ours = _fewest_lines(texts, lo, extra, total)
        assert ours == fewest_lines_numpy(texts, lo, extra, total)
        compared.append(len(texts[0]) if texts else 0)
        return ours

    monkeypatch.setattr(register_layout, "_fewest_lines", both)
    rng = random.Random(count * 1000 + len(columns))
    spec = RegisterSpec(
        title="登记簿",
        org="同江市人民政府办公室",
        columns=list(columns),
        printed_on=date(2026, 12, 6),
    )
    build_register_pdf(spec, _rows(rng, list(columns), count), fonts)
    assert compared and all(rows == count for rows in compared)


# ---- random column sets --------------------------------------------------------------------------

EM = 10.5  # 五号


def _line(rng: random.Random) -> float:
    """A line's natural width: whole and half characters mostly (so that many cells, and the
    rates of widening different columns, come out equal), now and then any width."""
    if rng.random() < 0.15:
        return 0.0
    if rng.random() < 0.2:
        return rng.uniform(1, 40 * EM)
    return EM * rng.randint(1, 60) / rng.choice([1, 1, 2])


def _case(rng: random.Random):
    n = rng.randint(1, 14)
    rows = rng.randint(1, 300)
    extra = rng.choice([2 * 2.5 + 0.5, 2 * 3 + 0.5, rng.uniform(0.5, 12)])
    texts = [
        [tuple(_line(rng) for _ in range(rng.choice([1, 1, 1, 2, 3]))) for _ in range(rows)]
        for _ in range(n)
    ]
    # The least width: at least the widest unit (here: a few characters) plus the padding.
    lo = [extra + rng.choice([EM, 2 * EM, 3 * EM, 4.5 * EM, rng.uniform(4, 80)]) for _ in range(n)]
    total = sum(lo) + rng.choice([0.0, -5.0, rng.uniform(0, 2 * EM), rng.uniform(0, 900)])
    return texts, lo, extra, total


@pytest.mark.parametrize("seed", range(8))
def test_random_column_sets_get_the_widths_numpy_gave(seed):
    rng = random.Random(seed)
    for _ in range(15):
        texts, lo, extra, total = _case(rng)
        ours = _fewest_lines(texts, lo, extra, total)
        assert ours == fewest_lines_numpy(texts, lo, extra, total)
        assert sum(ours) == pytest.approx(total)


def test_no_rows_and_no_room_leave_the_least_widths_shared_out():
    assert _fewest_lines([[], []], [20.0, 30.0], 5.5, 100.0) == pytest.approx([40.0, 60.0])
    lo = [20.0, 30.0]
    texts = [[(50.0,)], [(90.0,)]]
    assert _fewest_lines(texts, lo, 5.5, 50.0) == fewest_lines_numpy(texts, lo, 5.5, 50.0)


def test_a_wrapped_title_takes_the_room_before_columns_that_already_fit():
    """Two columns: short names on one line, long titles on three; the spare width goes to the
    titles until they take fewer lines."""
    names = [(3 * EM,)] * 50
    titles = [(60 * EM,)] * 50
    lo = [4 * EM + 5.5, 25 * EM + 5.5]
    widths = _fewest_lines([names, titles], lo, 5.5, sum(lo) + 10 * EM)
    assert widths[1] - lo[1] > widths[0] - lo[0]
    assert widths[1] - 5.5 >= 30 * EM  # the titles now take two lines
    assert STEPS == 48 and CELL_LINE_WORTH == 0.1  # the constants the numpy routine was given


def _drops_counted(width: float, base: float, step: float, extra: float, k_max: int):
    """The steps at which a line takes fewer lines, found by counting at every step."""
    out, lines = [], register_layout._line_count(width, base - extra)
    for k in range(1, k_max + 1):
        fewer = register_layout._line_count(width, (base + k * step) - extra)
        if fewer < lines:
            out.append((k, fewer - lines))
            lines = fewer
    return out


def test_the_steps_where_a_line_falls_are_those_counting_finds_at_the_rounding_edges():
    """The first step of each fall is estimated by a formula and settled by counting: lines whose
    width sits exactly on a step's edge, or one float above or below it, fall where counting
    every step says."""
    rng = random.Random(7)
    for _ in range(1500):
        base = rng.choice([EM, 4 * EM, rng.uniform(6, 200)]) + 5.5
        step = max(2.0, rng.uniform(0, 900) / STEPS)
        k_max = rng.randint(1, STEPS)
        k, lines = rng.randint(0, k_max), rng.randint(2, 12)
        edge = ((base + k * step) - 5.5) * (lines - 1 + 0.02)
        for width in (edge, math.nextafter(edge, 0), math.nextafter(edge, math.inf)):
            expected = _drops_counted(width, base, step, 5.5, k_max)
            assert register_layout._line_drops(width, base, step, 5.5, k_max) == expected
