"""Long id lists read or written a part at a time: one `IN (…)` list per part."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

CHUNK = 500  # ids per IN (…) list: well under SQLite's bound-parameter limit

T = TypeVar("T")


def in_chunks(ids: Sequence[T], size: int = CHUNK) -> Iterator[list[T]]:
    """`ids` in consecutive parts of at most `size`, each a list."""
    for i in range(0, len(ids), size):
        yield list(ids[i : i + size])
