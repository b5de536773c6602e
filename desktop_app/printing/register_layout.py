"""How a register's cells break and how wide its columns are (no drawing, no ReportLab).

A cell is cut into units that never break inside: a date (「2026年12月1日」), a time, a document
number (「用印〔2026〕2号」), a run of Latin letters or digits, and in a column of names or other
short fixed values (`RegisterColumn.keep`) each item between 「、」「，」「；」 whole. Opening
punctuation is glued to the unit after it and closing punctuation to the unit before it, so no
line starts with 「，」 or ends with 「（」 (禁则) and no line holds a lone bracket. Lines are filled
greedily; a last line of one character takes a unit from the line above (no widows).

Column widths follow the content: each column is at least as wide as its widest unit (and its
title on at most two lines), and the room left is shared so that the rows take as few lines as
possible in all (most rows on one line where the text allows).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence

import numpy as np

from desktop_app.printing.register_spec import RegisterColumn
from desktop_app.printing.typeset import CANNOT_END, CANNOT_START

Measure = Callable[[str], float]  # natural width of a text, in points

_FIXED = (
    r"\d{4}年\d{1,2}月\d{1,2}日"  # a date
    r"|\d{4}年\d{1,2}月"
    r"|\d{1,2}:\d{2}(?::\d{2})?"  # a time
    r"|[\u4e00-\u9fa5]{0,8}〔\d{4}〕\d+号"  # a document or register number
    r"|[A-Za-z0-9][A-Za-z0-9.%\-/]*"  # a Latin or digit run
)
_FREE = re.compile(_FIXED + r"|\s+|.", re.S)
_KEPT = re.compile(r"[^、，；,;\s]+[、，；,;]?|\s+", re.S)
HEADER_MAX_LINES = 2
FLOOR_CHARS = 3  # least width of a column of running text, in characters


def units(text: str, keep: bool = False) -> list[str]:
    """The unbreakable pieces of one line of cell text, punctuation glued to its neighbour."""
    return _glue([m.group(0) for m in (_KEPT if keep else _FREE).finditer(text)])


def _glue(raw: list[str]) -> list[str]:
    """Opening punctuation joins the piece after it, closing punctuation the piece before."""
    out: list[str] = []
    pending = ""  # opening punctuation waiting for the unit it opens
    for u in raw:
        if u.isspace():
            if pending:
                out.append(pending)
                pending = ""
            out.append(" ")
        elif u[0] in CANNOT_START and out and not out[-1].isspace() and not pending:
            out[-1] += u
        elif u in CANNOT_END:
            pending += u
        else:
            out.append(pending + u)
            pending = ""
    if pending:
        out.append(pending)
    return out


Tokens = list[list[str]]  # a cell's units, per line of its text


def tokenize(text: str, keep: bool = False) -> Tokens:
    """A cell's units, per explicit line of its text (measured and broken without re-reading)."""
    return [units(chunk.strip(), keep) for chunk in text.replace("\r\n", "\n").split("\n")]


def break_cell(text: str, width: float, measure: Measure, keep: bool = False) -> list[str]:
    """The lines of a cell `width` points wide (explicit newlines kept; empty text: one line)."""
    return break_tokens(tokenize(text, keep), width, measure)


def break_tokens(tokens: Tokens, width: float, measure: Measure) -> list[str]:
    if len(tokens) == 1 and not tokens[0]:
        return [""]
    out: list[str] = []
    for chunk in tokens:
        out.extend(_break_line(chunk, width, measure))
    return out


def _break_line(items: list[str], width: float, measure: Measure) -> list[str]:
    items = _split_wide(items, width, measure)
    lines: list[list[str]] = []
    line: list[str] = []
    used = 0.0
    for u in items:
        w = measure(u)
        if line and used + w > width + 0.01:
            lines.append(line)
            line, used = [], 0.0
            if u == " ":
                continue
        line.append(u)
        used += w
    lines.append(line)
    _no_widow(lines, width, measure)
    return ["".join(x).strip() for x in lines]


_LOOSE = re.compile(r"[A-Za-z0-9][A-Za-z0-9.%\-/]*|\s+|.", re.S)


def _split_wide(items: list[str], width: float, measure: Measure) -> list[str]:
    """A unit wider than the whole cell is broken where it least hurts: between its digit runs
    and characters (「用印〔2026〕」「118号」), and a run still too wide into characters."""
    out: list[str] = []
    for u in items:
        if len(u) < 2 or measure(u) <= width + 0.01:
            out.append(u)
            continue
        for part in _glue([m.group(0) for m in _LOOSE.finditer(u)]):
            if len(part) > 1 and measure(part) > width + 0.01:
                out.extend(part)
            else:
                out.append(part)
    return out


def _no_widow(lines: list[list[str]], width: float, measure: Measure) -> None:
    """A last line of a single character takes the previous line's last unit with it, when that
    leaves the previous line more than one character and the pair fits."""
    if len(lines) < 2:
        return
    last, prev = lines[-1], lines[-2]
    text = "".join(last).strip()
    if len(text) != 1 or len(prev) < 2:
        return
    moved = prev[-1]
    if len("".join(prev[:-1]).strip()) > 1 and measure(moved + text) <= width + 0.01:
        prev.pop()
        last.insert(0, moved)


def header_lines(title: str, width: float, measure: Measure) -> list[str]:
    """A column title on one line, or two balanced halves (「主持工作」「负责同志」), never one
    character per line unless the column is narrower than two characters."""
    if measure(title) <= width + 0.01 or len(title) < 2:
        return [title]
    half = math.ceil(len(title) / HEADER_MAX_LINES)
    if measure(title[:half]) <= width + 0.01:
        return [title[:half], title[half:]]
    return break_cell(title, width, measure)


def _header_min(title: str, measure: Measure) -> float:
    """A title of four or more characters may take two lines of halves (「紧急」「程度」); a
    shorter one stays whole (no 「归档」「号」)."""
    if len(title) <= 3:
        return measure(title)
    return measure(title[: math.ceil(len(title) / HEADER_MAX_LINES)])


def column_widths(
    columns: Sequence[RegisterColumn],
    rows: Sequence[Sequence[Tokens]],
    total: float,
    pad: float,
    measure: Measure,
    header_measure: Measure,
) -> tuple[list[float], bool]:
    """Outer widths (padding included) of the columns, summing to `total`: each at least its
    widest unit, the rest shared so the rows take the fewest lines in all (estimated from the
    text widths, _fewest_lines); and whether every unit fits its column whole."""
    n = len(columns)
    lo = [_header_min(c.title, header_measure) for c in columns]
    hi = [header_measure(c.title) for c in columns]
    cache: dict[str, float] = {}
    texts: list[list[tuple[float, ...]]] = [[] for _ in range(n)]  # line widths of each cell
    for row in rows:
        for j in range(n):
            lines = []
            for chunk in row[j]:
                line = 0.0
                for u in chunk:
                    w = cache.get(u)
                    if w is None:
                        w = cache[u] = measure(u)
                    line += w
                    lo[j] = max(lo[j], w)
                lines.append(line)
            hi[j] = max(hi[j], *lines)
            texts[j].append(tuple(lines))
    # Least widths, most comfortable first: whole titles and running text at least a few
    # characters wide (a reason wrapped two characters a line would fill a page's height);
    # then titles in halves; then running text as narrow as its widest unit.
    floor = FLOOR_CHARS * measure("国")
    extra = 2 * pad + 0.5
    whole = [max(x, header_measure(c.title)) for x, c in zip(lo, columns, strict=True)]
    for base, floored in ((whole, True), (lo, True), (lo, False)):
        least = [
            x if c.keep or not floored else max(x, min(h, floor))
            for x, h, c in zip(base, hi, columns, strict=True)
        ]
        least = [x + extra for x in least]
        if sum(least) <= total:
            return _fewest_lines(texts, least, extra, total), True
    # Even the unbreakable parts do not fit at this size: the caller tries a smaller one; at the
    # smallest, the columns share the block in proportion to those parts.
    return [total * x / sum(least) for x in least], False


STEPS = 48  # the spare width is handed out in this many steps at most
CELL_LINE_WORTH = 0.1  # a cell's line saved, against a row's line saved


def _fewest_lines(
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
        return _share(widths, total, widths)
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
    return _share(widths, total, widths)


def _share(base: list[float], total: float, by: list[float]) -> list[float]:
    """`base` plus the room left, shared in proportion to `by` (evenly when all are zero)."""
    spare = total - sum(base)
    k = sum(by)
    if k <= 0:
        return [b + spare / len(base) for b in base]
    return [b + spare * x / k for b, x in zip(base, by, strict=True)]
