"""The None-reference guard against PySide6 6.12's leak on Python 3.11 (ui.qt_guard)."""

import sys

from PySide6.QtCore import QRect

from ui.qt_guard import make_none_immortal


def test_void_qt_calls_can_no_longer_exhaust_none():
    make_none_immortal()
    probe = QRect()
    before = sys.getrefcount(None)
    for _ in range(10_000):
        probe.setWidth(1)
    # Whatever this PySide6 build loses per call, None keeps far more than a session can use.
    assert sys.getrefcount(None) > 1_000_000 or sys.getrefcount(None) >= before
