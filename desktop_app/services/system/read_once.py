"""Values that a read made of many reads (the 工作台's: every area's reminders) would otherwise
read again in each part: the working-day calendar and the office's settings. Inside `reading()`
each is read once, on this thread; outside it every call reads anew (a save's check must see the
calendar as it is now)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

T = TypeVar("T")

_MEMO: ContextVar[dict[Hashable, Any] | None] = ContextVar("fuban_read_once", default=None)


@contextmanager
def reading() -> Iterator[None]:
    """A block in which `once` keeps what it loaded (nested blocks share the outer one's)."""
    token = _MEMO.set({} if _MEMO.get() is None else _MEMO.get())
    try:
        yield
    finally:
        _MEMO.reset(token)


def once(key: Hashable, load: Callable[[], T]) -> T:
    """`load()`, or inside `reading()` what it returned the first time for `key`."""
    memo = _MEMO.get()
    if memo is None:
        return load()
    if key not in memo:
        memo[key] = load()
    return memo[key]
