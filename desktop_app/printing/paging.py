"""Cutting laid-out lines into pages of the GB/T 9704 grid.

Official pages fill the grid: a page break may fall after any line, unless it would leave a
paragraph's short last line alone at the next page's top (a widow of a few characters), or
separate a paragraph marked `keep_with_next` from the one after it (a heading from its text; a
notice's last lines, 署名 and date). When no allowed break fits — a chain longer than a page — the page is cut where it is full.
Blank lines that would open a page are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.printing.typeset import Line, Paragraph

SHORT = 10  # characters: a paragraph's last line this short never opens a page alone


@dataclass
class Slot:
    par: Paragraph
    line: Line | None  # None: an empty line (a blank paragraph)
    index: int  # line number within its paragraph
    count: int  # lines of the paragraph


def slots(laid: list[tuple[Paragraph, list[Line]]]) -> list[Slot]:
    out: list[Slot] = []
    for par, lines in laid:
        items: list[Line | None] = list(lines) or [None]
        out.extend(Slot(par, line, k, len(items)) for k, line in enumerate(items))
    return out


def may_break_after(items: list[Slot], k: int) -> bool:
    a, b = items[k], items[k + 1]
    if a.par is b.par:  # the grid is filled; only a short last line may not stand alone
        return not (b.index == b.count - 1 and b.line is not None and len(b.line.text) <= SHORT)
    return not a.par.keep_with_next


def paginate(items: list[Slot], first_capacity: int, capacity: int) -> list[list[Slot]]:
    """Pages of slots; the first page holds at most `first_capacity` lines (a header above)."""
    pages: list[list[Slot]] = []
    start, cap = 0, first_capacity
    while start < len(items):
        if pages:  # a page does not open with an empty line
            while start < len(items) and items[start].line is None:
                start += 1
            if start >= len(items):
                break
        end = start + cap  # exclusive
        if end < len(items):
            cut = next(
                (b for b in range(end - 1, start - 1, -1) if may_break_after(items, b)),
                end - 1,
            )
            end = cut + 1
        pages.append(items[start:end])
        start, cap = end, capacity
    return pages or [[]]
