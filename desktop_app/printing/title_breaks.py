"""Breaking a long title into lines as a typesetter would (GB/T 9704 7.3.3: 回行时词意完整，
排列对称，长短适宜).

A title is cut only between words — jieba, a maintained Chinese word segmenter, finds them —
never inside a 《》 name that fits on a line, a number or a date (「2021—2035年」, 「〔2026〕2号」),
and never so that a line starts with closing punctuation or ends with opening punctuation (禁则).
Among the cuts into the fewest lines that fit, the one with the most even line lengths wins.
When no such cut exists (a 《》 name longer than a line), the name may be cut between its words,
and as the last resort between any characters.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable

from desktop_app.printing.typeset import CANNOT_END, CANNOT_START

_NUMBER = re.compile(
    r"[〔（(]?[0-9０-９]+(?:[.．][0-9０-９]+)?"
    r"(?:[—\-－~～至][0-9０-９]+)?[〕）)]?[年月日号期届次个项%]?"
)
_BOOK = re.compile(r"《[^《》]*》")
_jieba_lock = threading.Lock()


def _words(text: str) -> list[str]:
    with _jieba_lock:  # jieba loads its dictionary on first use; once per process
        import jieba

        jieba.setLogLevel(logging.WARNING)
        return list(jieba.cut(text, HMM=False))


def _protected(text: str, width: Callable[[str], float], limit: float) -> list[tuple[int, int]]:
    spans = [m.span() for m in _NUMBER.finditer(text)]
    spans += [m.span() for m in _BOOK.finditer(text) if width(m.group(0)) <= limit]
    return spans


def break_opportunities(text: str, strict: bool, width, limit: float) -> list[int]:
    """Offsets where a line may end: word ends outside protected spans, respecting 禁则."""
    if strict:
        ends, pos = set(), 0
        for word in _words(text):
            pos += len(word)
            ends.add(pos)
        spans = _protected(text, width, limit)
        ends = {e for e in ends if not any(a < e < b for a, b in spans)}
    else:
        ends = set(range(1, len(text) + 1))
    return sorted(
        e
        for e in ends
        if e == len(text) or (text[e] not in CANNOT_START and text[e - 1] not in CANNOT_END)
    )


def _best(text: str, cuts: list[int], width, limit: float) -> list[str] | None:
    """Fewest lines within `limit`, then the most even lengths (least sum of squared
    shortfalls against the longest line)."""
    points = [0, *cuts]
    n = len(points)
    # best[k][j]: (lines, cost, previous) for text[:points[j]] in k lines
    best: list[dict[int, tuple[float, int]]] = [{0: (0.0, -1)}]
    for lines in range(1, len(text) + 1):
        layer: dict[int, tuple[float, int]] = {}
        for j in range(1, n):
            for i, (cost, _prev) in best[-1].items():
                if i >= j:
                    continue
                w = width(text[points[i] : points[j]])
                if w > limit:
                    continue
                c = cost + (limit - w) ** 2
                if j not in layer or c < layer[j][0]:
                    layer[j] = (c, i)
        if not layer:
            return None
        best.append(layer)
        if n - 1 in layer:
            out, j = [], n - 1
            for k in range(lines, 0, -1):
                i = best[k][j][1]
                out.append(text[points[i] : points[j]])
                j = i
            return out[::-1]
    return None


def break_title(text: str, limit: float, width: Callable[[str], float]) -> list[str]:
    """Lines of a title no wider than `limit` (in the units `width` returns)."""
    text = text.strip()
    if not text or width(text) <= limit:
        return [text] if text else []
    for strict in (True, False):
        found = _best(text, break_opportunities(text, strict, width, limit), width, limit)
        if found:
            return found
    return [text]  # unreachable in practice: single characters always fit
