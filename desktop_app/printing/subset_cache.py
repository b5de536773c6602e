"""Embedded font subsets kept between builds.

Every PDF embeds, per face, subsets of up to 256 glyphs in the order the characters first
appear. ReportLab cuts each subset out of the font file and compresses it on every build —
about 15 ms of a 10-page 纪要's 40 (a CJK subset is 50–100 KB). The same face and the same
characters in the same order give the same bytes, so the cut subset and its compressed form are
kept here (the last few dozen): a document previewed again, a register printed twice or the
settings pane's specimen redrawn skips both. Installed once, on import, into ReportLab.
"""

from __future__ import annotations

import threading
import zlib
from collections import OrderedDict

from reportlab.pdfbase import pdfdoc, ttfonts

MAX_SUBSETS = 48  # about 100 KB each, twice (cut and compressed): under 10 MB
MIN_BYTES = 8192  # smaller streams (page text, ToUnicode maps) are cheap to compress

_lock = threading.Lock()
# (id of the face, the subset's character codes) → (face, cut subset); the face is held so its
# id stays its own while the entry lives
_subsets: OrderedDict[tuple[int, tuple[int, ...]], tuple[object, bytes]] = OrderedDict()
_compressed: dict[bytes, bytes] = {}  # cut subset (a key of the entry above) → compressed

_make_subset = ttfonts.TTFontFile.makeSubset


def _cached_make_subset(self, subset):
    key = (id(self), tuple(subset))
    with _lock:
        hit = _subsets.get(key)
        if hit is not None:
            _subsets.move_to_end(key)
            return hit[1]
    data = _make_subset(self, subset)
    with _lock:
        _subsets[key] = (self, data)
        while len(_subsets) > MAX_SUBSETS:
            _face, old = _subsets.popitem(last=False)[1]
            _compressed.pop(old, None)
    return data


class _CachedZCompress(pdfdoc.PDFStreamFilterZCompress):
    """FlateDecode as ReportLab writes it; a cut subset from the cache is compressed once."""

    def encode(self, text):
        if isinstance(text, bytes) and len(text) >= MIN_BYTES:
            with _lock:
                done = _compressed.get(text)
                known = done is None and any(text is data for _f, data in _subsets.values())
            if done is not None:
                return done
            if known:
                done = zlib.compress(text)
                with _lock:
                    _compressed[text] = done
                return done
        return super().encode(text)


def install() -> None:
    if ttfonts.TTFontFile.makeSubset is not _cached_make_subset:
        ttfonts.TTFontFile.makeSubset = _cached_make_subset
        pdfdoc.PDFZCompress = _CachedZCompress()


def clear() -> None:
    with _lock:
        _subsets.clear()
        _compressed.clear()


install()
