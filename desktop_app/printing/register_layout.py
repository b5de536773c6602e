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
from collections.abc import Callable, Iterable, Sequence

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

Cells = list[tuple[float, ...]]  # a column's cells: the natural widths of each cell's lines
Drops = list[tuple[int, list[tuple[int, int]]]]  # per row: (steps, change of its cell's lines)


def _fewest_lines(texts: list[Cells], lo: list[float], extra: float, total: float) -> list[float]:
    """Greedy sharing of the spare width: each round widens the column (by one or more steps)
    that saves the most lines of the whole register per point given (rows' lines, and a little
    for cells' lines), until nothing more is saved; what is then left goes to the columns in
    proportion to their width.

    A cell's lines only fall as its column widens, so each column keeps, per cell, the steps
    at which its line count falls (`_drops`): a round adds up those changes instead of counting
    every cell at every width, and only the widened column's are worked out again. Every count
    is the same arithmetic as counting each cell at each width (`_line_count`), so the widths
    come out the same to the last bit."""
    n, rows = len(texts), len(texts[0]) if texts else 0
    widths = list(lo)
    spare = total - sum(lo)
    if rows == 0 or spare <= 0:
        return _share(widths, total, widths)
    step = max(2.0, spare / STEPS)
    k_max = int(spare // step)
    now = [_column_lines(col, w - extra) for col, w in zip(texts, widths, strict=True)]
    drops = [_drops(col, range(rows), widths[j], step, extra, k_max) for j, col in enumerate(texts)]
    while spare >= step:
        k_max = int(spare // step)
        # Each row's height in lines (its tallest cell) and what it would be without column j's
        # cell (the second tallest, when j's is the tallest).
        if n > 1:
            ranked = [sorted(r) for r in zip(*now, strict=True)]
            top = [r[-1] for r in ranked]
            second = [r[-2] for r in ranked]
        else:
            top, second = now[0], [0] * rows
        best = (0.0, -1, 0)
        for j in range(n):
            # Lines of rows saved, and a little for lines of cells: widening one of several
            # columns that each hold a row at two lines saves no row yet, but leads there.
            # Kept as changes at the step where they happen, then summed up step by step.
            rows_saved = [0] * (k_max + 1)
            cells_saved = [0] * (k_max + 1)
            col_now = now[j]
            for i, changes in drops[j]:
                height, lines = top[i], col_now[i]
                other = second[i] if lines >= height else height
                row = 0
                for k, change in changes:
                    if k > k_max:
                        break
                    lines += change
                    saved = height - (other if other > lines else lines)
                    rows_saved[k] += saved - row
                    cells_saved[k] -= change
                    row = saved
            saved_rows = saved_cells = 0
            for k in range(1, k_max + 1):
                saved_rows += rows_saved[k]
                saved_cells += cells_saved[k]
                rate = (saved_rows + CELL_LINE_WORTH * saved_cells) / k
                if rate > best[0]:  # the fewest steps, the first column, on a tie
                    best = (rate, j, k)
        if best[1] < 0:
            break
        _, j, k = best
        widths[j] += k * step
        spare -= k * step
        col_now = now[j]
        for i, changes in drops[j]:
            for at, change in changes:
                if at > k:
                    break
                col_now[i] += change
        # A cell that did not break at the narrower width does not at this one.
        still = [i for i, _ in drops[j]]
        drops[j] = _drops(texts[j], still, widths[j], step, extra, int(spare // step))
    return _share(widths, total, widths)


def _line_count(width: float, inner: float) -> int:
    """Lines a line of text `width` points wide takes in a cell `inner` points wide (a little
    tolerance, so that text a hair wider than the cell is not counted as a second line)."""
    if width <= 0:
        return 1
    return max(1, math.ceil(width / inner - 0.02))


def _column_lines(cells: Cells, inner: float) -> list[int]:
    """Each cell's lines at the inner width; equal cells (a name, a seal) are counted once."""
    seen: dict[tuple[float, ...], int] = {}
    out = []
    for cell in cells:
        count = seen.get(cell)
        if count is None:
            count = seen[cell] = sum(_line_count(w, inner) for w in cell)
        out.append(count)
    return out


def _drops(
    cells: Cells, which: Iterable[int], base: float, step: float, extra: float, k_max: int
) -> Drops:
    """For the cells `which` of a column `base` points wide: the steps (1..k_max) at which each
    cell's line count falls, and by how much, for the cells whose count falls at all."""
    out: Drops = []
    if k_max < 1:
        return out
    inner = base - extra
    seen: dict[tuple[float, ...], list[tuple[int, int]]] = {}
    for i in which:
        cell = cells[i]
        changes = seen.get(cell)
        if changes is None:
            changes = []
            for width in cell:
                if width > inner:  # a line that fits takes one line at any larger width
                    changes += _line_drops(width, base, step, extra, k_max)
            if len(cell) > 1:
                changes.sort()
            seen[cell] = changes
        if changes:
            out.append((i, changes))
    return out


def _line_drops(
    width: float, base: float, step: float, extra: float, k_max: int
) -> list[tuple[int, int]]:
    """The steps k (1..k_max) at which a line `width` points wide takes fewer lines in a column
    `base + k * step` points wide, and the change. The first step of each fall is estimated
    from the formula and then settled by counting at that step and its neighbours, exactly as
    `_line_count` counts (the count never rises as k grows, so the settled step is the first)."""

    def count(k: int) -> int:
        return _line_count(width, (base + k * step) - extra)

    out: list[tuple[int, int]] = []
    lines, k = count(0), 0
    while lines > 1:
        # Fewer than `lines` lines once the inner width reaches width / (lines - 1 + 0.02).
        guess = max(k + 1, math.ceil((width / (lines - 0.98) - base + extra) / step))
        while guess > k + 1 and count(guess - 1) < lines:
            guess -= 1
        while guess <= k_max and count(guess) >= lines:
            guess += 1
        if guess > k_max:
            break
        fewer = count(guess)
        out.append((guess, fewer - lines))
        lines, k = fewer, guess
    return out


def _share(base: list[float], total: float, by: list[float]) -> list[float]:
    """`base` plus the room left, shared in proportion to `by` (evenly when all are zero)."""
    spare = total - sum(base)
    k = sum(by)
    if k <= 0:
        return [b + spare / len(base) for b in base]
    return [b + spare * x / k for b, x in zip(base, by, strict=True)]
