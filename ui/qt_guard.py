"""Guard against a PySide6 6.12 defect on Python 3.11: every call of a C++ method returning void
drops one reference to None (check: `r = QRect(); r.setWidth(1)` in a loop lowers
sys.getrefcount(None) by one per call). None starts with a few thousand references; once they are
gone the interpreter aborts with "deallocating None" — a long day of clerk work would get there.
Python 3.12 made None immortal; on 3.11 we do the same by giving it a reference count no session
can exhaust. Extra references to None are harmless; missing ones are fatal.
"""

from __future__ import annotations

import ctypes
import sys

_RESERVE = 1 << 50  # ~10^15 void calls
_done = False


def leaks_none() -> bool:
    if sys.version_info >= (3, 12):
        return False
    from PySide6.QtCore import QRect

    probe = QRect()
    before = sys.getrefcount(None)
    for _ in range(64):
        probe.setWidth(1)
    return sys.getrefcount(None) < before - 32


def make_none_immortal() -> None:
    """Once per process, before any Qt work, where this PySide6 build leaks None references."""
    global _done
    if _done or not leaks_none():
        _done = True
        return
    refcnt = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt is the object's first field
    refcnt.value += _RESERVE
    _done = True
