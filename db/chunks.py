"""Long id lists read or written a part at a time: one `IN (…)` list per part."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

CHUNK = 500  # ids per IN (…) list: well under SQLite's bound-parameter limit

T = TypeVar("T")
M = TypeVar("M", bound=Any)  # a mapped class with an integer `id`


def in_chunks(ids: Sequence[T], size: int = CHUNK) -> Iterator[list[T]]:
    """`ids` in consecutive parts of at most `size`, each a list."""
    for i in range(0, len(ids), size):
        yield list(ids[i : i + size])


def rows_by_id(s: Session, model: type[M], ids: Iterable[int]) -> dict[int, M]:
    """id → row of `model` for each of `ids` found, read a part at a time: the rows a list
    refers to, read once for the whole list instead of once per entry."""
    found: dict[int, M] = {}
    for part in in_chunks(sorted(set(ids))):
        found.update((row.id, row) for row in s.scalars(select(model).where(model.id.in_(part))))
    return found
