"""Chinese line breaking on the GB/T 9704 grid.

A paragraph is a list of runs (text in a font role). It is cut into units — one CJK character,
or a run of Latin letters and digits kept whole — and filled greedily into lines of the text
block's width. Chinese line-breaking rules (禁则): no line starts with closing punctuation and
no line ends with opening punctuation; where the greedy break would do that, the line gives up
its last unit to the next line. Full lines are justified by spreading the remainder over the
gaps between characters, so the right edge stays straight.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

CANNOT_START = set("，。、；：？！）」』》〉】〕〗’”…‥—·%‰℃,.;:?!)]}")
CANNOT_END = set("（「『《〈【〔〖‘“([{")
_UNIT = re.compile(r"[A-Za-z0-9][A-Za-z0-9.%\-/]*|\s+|.", re.S)

# heading markers → font role (FORMS.md: 「一、」黑体, 「（一）」楷体, 「1.」「（1）」仿宋)
HEADING_PATTERNS = [
    (re.compile(r"^[一二三四五六七八九十]+、"), "heiti"),
    (re.compile(r"^（[一二三四五六七八九十]+）"), "kaiti"),
    (re.compile(r"^\d+[.．]"), "fangsong"),
    (re.compile(r"^（\d+）"), "fangsong"),
]


@dataclass(frozen=True)
class Run:
    text: str
    role: str = "fangsong"
    whole_names: bool = False  # a 「、」-separated list of names: never break inside a name


@dataclass(frozen=True)
class Piece:
    """Part of a laid-out line in one font role; x is relative to the line's start."""

    text: str
    role: str
    x: float


@dataclass
class Line:
    pieces: list[Piece]
    indent: float  # from the text block's left edge
    char_space: float
    width: float  # from the first glyph's left to the last glyph's right
    last: bool = False  # last line of its paragraph (not justified)

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)


@dataclass
class Paragraph:
    runs: list[Run]
    first_indent: int = 2  # in characters (the grid's character pitch)
    hang: int = 0  # indent of continuation lines, in characters
    align: str = "justify"  # justify | left | center | right
    size: float = 16.0
    keep_with_next: bool = False
    color: tuple[float, float, float] = (0, 0, 0)
    squeeze: bool = True  # a closing mark may squeeze into a full line (grid text only)
    extra: dict = field(default_factory=dict)


def split_heading(text: str, body_role: str = "fangsong") -> list[Run]:
    """「一、总体要求。正文……」 → the heading (up to its first 。) in the level's font, the rest in
    the body font; a paragraph that is only a heading is set wholly in the heading font."""
    for pattern, role in HEADING_PATTERNS:
        if pattern.match(text):
            if role == body_role:
                break
            end = text.find("。")
            if end == -1 or end == len(text) - 1:
                return [Run(text, role)]
            return [Run(text[: end + 1], role), Run(text[end + 1 :], body_role)]
    return [Run(text, body_role)]


def run_in_heading(text: str, body_role: str = "fangsong") -> list[Run]:
    """「一、督办事项：……」 → the level-1 heading up to its colon in 黑体 (FORMS.md: 「一、」黑体),
    the rest in the body font; a numbered paragraph whose first clause has no colon (「五、请于
    时限内……」) has only its number in 黑体. Any other paragraph: all in the body font."""
    m = HEADING_PATTERNS[0][0].match(text)
    if not m:
        return [Run(text, body_role)]
    colon = re.match(r"[^：，。；]*：", text[m.end() :])
    cut = m.end() + (colon.end() if colon else 0)
    return [Run(text[:cut], "heiti"), *([Run(text[cut:], body_role)] if text[cut:] else [])]


_NAME = re.compile(r"[^、]+、?")


def units(runs: list[Run]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for run in runs:
        pattern = _NAME if run.whole_names else _UNIT
        for m in pattern.finditer(run.text):
            unit = m.group(0)
            out.append((" " if unit.isspace() else unit, run.role))
    return out


Measure = Callable[[str, str, float], float]  # (text, role, size) → natural width in points


def break_lines(
    par: Paragraph, block_width: float, char_pitch: float, measure: Measure
) -> list[Line]:
    """Lay a paragraph out into lines of at most `block_width` points."""
    base_space = char_pitch - par.size  # so that 28 三号 characters fill the grid's line
    items = _split_wide(units(par.runs), block_width, par.size, measure)
    widths = [measure(t, r, par.size) + base_space * len(t) for t, r in items]
    lines: list[Line] = []
    i = 0
    while i < len(items):
        if lines and items[i][0] == " ":  # a wrapped line never starts with a space
            i += 1
            continue
        indent = (par.first_indent if not lines else par.hang) * char_pitch
        avail = block_width - indent
        j, used = i, 0.0
        # A unit fits when its grid cells fit (the last cell's trailing spacing included).
        while j < len(items) and used + widths[j] <= avail + 0.01:
            used += widths[j]
            j += 1
        if j == i:  # a single unit wider than the line: place it anyway
            j = i + 1
        if par.squeeze and _push_in(items, j) and used + par.size / 2 <= avail + char_pitch:
            j += 1  # the closing mark squeezes in: the line keeps its full count (挤进)
        j = _respect_kinsoku(items, i, j)
        lines.append(
            _make_line(
                items[i:j],
                widths[i:j],
                indent,
                avail,
                base_space,
                par.size,
                measure,
                last=j >= len(items),
                align=par.align,
            )
        )
        i = j
    return lines


def _split_wide(
    items: list[tuple[str, str]], width: float, size: float, measure: Measure
) -> list[tuple[str, str]]:
    """A Latin run wider than a whole line is broken into single characters."""
    out: list[tuple[str, str]] = []
    for text, role in items:
        if len(text) > 1 and measure(text, role, size) > width:
            out.extend((ch, role) for ch in text)
        else:
            out.append((text, role))
    return out


def plain_lines(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Break plain text (e.g. a table cell) into lines no wider than `width`, with the same
    禁则 as the body text; explicit newlines are kept. No grid: the measure is the width."""
    out: list[str] = []
    for chunk in text.replace("\r\n", "\n").split("\n"):
        # no squeezing: a cell's text is drawn at its natural width and must fit
        par = Paragraph([Run(chunk.strip())], first_indent=0, align="left", size=1.0, squeeze=False)
        lines = break_lines(par, width, 1.0, lambda t, _r, _s: measure(t))
        out.extend(line.text.rstrip() for line in lines) if lines else out.append("")
    return out


def _push_in(items: list[tuple[str, str]], end: int) -> bool:
    """One closing mark that would start the next line joins this one instead, the line's
    spacing tightening by a fraction of a point, rather than the line giving up a character
    (which would leave it one short of the grid's 28)."""
    return (
        0 < end < len(items)
        and items[end][0] in CANNOT_START
        and (end + 1 >= len(items) or items[end + 1][0] not in CANNOT_START)
    )


def _respect_kinsoku(items: list[tuple[str, str]], start: int, end: int) -> int:
    """Move the break back so the next line does not start with closing punctuation and this
    line does not end with opening punctuation (at most a few units; never to an empty line)."""
    while end < len(items) and end - start > 1 and items[end][0] in CANNOT_START:
        end -= 1
    while end - start > 1 and items[end - 1][0] in CANNOT_END:
        end -= 1
    return end


def _make_line(items, widths, indent, avail, base_space, size, measure, last, align) -> Line:
    natural = sum(widths) - base_space
    chars = sum(len(t) for t, _ in items)
    space = base_space
    squeezed = natural > avail and chars > 1  # a closing mark pushed in (挤进)
    if (align == "justify" and not last and chars > 1) or squeezed:
        space = base_space + (avail - natural) / (chars - 1)
    pieces: list[Piece] = []
    x = start = 0.0
    extra = space - base_space  # each unit's width already holds base_space per character
    run: list[str] = []
    current = ""
    for (text, role), w in zip(items, widths, strict=True):
        if role != current:  # a piece per run of one role
            if run:
                pieces.append(Piece("".join(run), current, start))
            run, current, start = [], role, x
        run.append(text)
        x += w + extra * len(text)
    if run:
        pieces.append(Piece("".join(run), current, start))
    width = x - space
    if align == "center":
        indent += (avail - width) / 2
    elif align == "right":
        indent += avail - width
    return Line(pieces, indent, space, width, last)
