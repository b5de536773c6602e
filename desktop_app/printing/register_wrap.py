"""Chinese line breaking for register cells (FORMS.md → 禁则), without ReportLab.

ReportLab's CJK wrapping (wordWrap="CJK") knows only part of the closing punctuation (it misses
「，」「；」「：」「》」「！」「？」) and handles the rest by hanging one character past the line end,
which in a table cell would cross the grid line. So cells are broken here, by width, and the
Paragraph only receives explicit line breaks:

- a line never starts with closing punctuation and never ends with opening punctuation: the last
  unit of the previous line is pushed down with it (推出), never squeezed or hung;
- runs of Latin letters and digits (2026, 118, A4) stay whole unless a run alone is too wide;
- an explicit newline in the text is kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable

CANNOT_START = set("，。、；：？！）」』》〉】〕〗’”…‥·%‰℃,.;:?!)]}")
CANNOT_END = set("（「『《〈【〔〖‘“([{")

_UNIT = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-/%]*|\s+|.", re.S)


def units(text: str) -> list[str]:
    """Breakable units: a Latin/digit run, a whitespace run (collapsed to one space), or one char."""
    return [" " if u.isspace() else u for u in _UNIT.findall(text)]


def break_lines(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Lines of `text` no wider than `width` (as far as single units allow)."""
    lines: list[str] = []
    for paragraph in text.replace("\r\n", "\n").split("\n"):
        lines.extend(_break_paragraph(paragraph.strip(), width, measure) or [""])
    return lines


def _break_paragraph(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    pending = _split_wide(units(text), width, measure)
    lines: list[list[str]] = []
    line: list[str] = []
    used = 0.0
    for unit in pending:
        w = measure(unit)
        if line and used + w > width + 1e-6:
            carried = _carry_back(line, unit)
            lines.append(line)
            line = carried[1:] if carried[:1] == [" "] else carried
            used = sum(measure(u) for u in line)
        if unit == " " and not line:
            continue  # no space at the start of a wrapped line
        line.append(unit)
        used += w
    if line:
        lines.append(line)
    return ["".join(units_).strip() for units_ in lines if "".join(units_).strip()]


def _carry_back(line: list[str], nxt: str) -> list[str]:
    """Pop units off the end of `line` (in place) so that neither the break nor the next line
    violates 禁则; returns the popped units, in order. Keeps at least one unit on the line."""
    carried: list[str] = []
    while len(line) > 1 and _bad_break(line[-1], carried[0] if carried else nxt):
        carried.insert(0, line.pop())
    if line[-1] == " ":
        line.pop()
    return carried


def _bad_break(before: str, after: str) -> bool:
    return after[:1] in CANNOT_START or before[-1:] in CANNOT_END


def _split_wide(pending: list[str], width: float, measure: Callable[[str], float]) -> list[str]:
    """A Latin run wider than the whole line is split into single characters."""
    out: list[str] = []
    for unit in pending:
        if len(unit) > 1 and measure(unit) > width:
            out.extend(unit)
        else:
            out.append(unit)
    return out
