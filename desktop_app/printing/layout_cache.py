"""Measured widths and broken lines kept between builds of official-format pages.

A clerk previews a 纪要, corrects one item and previews again; the settings pane redraws the
specimen on each change. Most paragraphs are the same as last time: their lines, measured and
broken on the grid, are taken from here instead of being measured and broken again. Both caches
are per set of faces (a change of the print fonts starts afresh), bounded, and shared by the
threads that build PDFs.

Only builds with this PC's own coverage faces use them (glyph_fallback's default search), and
the key holds those faces too: another set of coverage faces may draw a character from another
face, with another width.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from desktop_app.printing.typeset import Line, Paragraph

MAX_PARAGRAPHS = 4000  # a 10-page 纪要 has about 60
MAX_WIDTHS = 50_000  # one entry per distinct unit (mostly single characters) per size and role

FontsKey = tuple


def fonts_key(fonts) -> FontsKey:
    """What the faces are (role, file, sub-font), not which Python object holds them."""
    return tuple((role, str(f.path), f.index) for role, f in sorted(fonts.fonts.items()))


class LayoutCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._lines: OrderedDict[tuple, list[Line]] = OrderedDict()
        self._widths: dict[FontsKey, dict[tuple[str, str, float], float]] = {}

    def widths(self, key: FontsKey) -> dict[tuple[str, str, float], float]:
        """The measured widths of one set of faces: (text, role, size) → points. Reads and
        writes of single keys of a dict are atomic, so threads may share it."""
        with self._lock:
            table = self._widths.get(key)
            if table is None or len(table) > MAX_WIDTHS:
                table = self._widths[key] = {}
            return table

    def lines(
        self,
        key: FontsKey,
        par: Paragraph,
        block_width: float,
        pitch: float,
        break_lines: Callable[[], list[Line]],
    ) -> list[Line]:
        """The paragraph's lines (never changed once made: callers only read them)."""
        ident = (
            key,
            tuple(par.runs),
            par.first_indent,
            par.hang,
            par.align,
            par.size,
            par.squeeze,
            block_width,
            pitch,
        )
        with self._lock:
            found = self._lines.get(ident)
            if found is not None:
                self._lines.move_to_end(ident)
                return found
        lines = break_lines()
        with self._lock:
            self._lines[ident] = lines
            while len(self._lines) > MAX_PARAGRAPHS:
                self._lines.popitem(last=False)
        return lines

    def clear(self) -> None:
        with self._lock:
            self._lines.clear()
            self._widths.clear()


CACHE = LayoutCache()
