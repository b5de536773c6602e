"""Once the window has settled, what it is made of is kept out of Python's full garbage
collections (ui.heap): not while an operation still runs, and garbage is freed first."""

from __future__ import annotations

import gc
import threading
import weakref

from tests.ui.conftest import finish


def test_the_start_up_objects_are_frozen_once_no_operation_runs(qtbot, monkeypatch):
    from ui import heap, operations

    monkeypatch.setattr(heap, "SETTLE_MS", 10)
    monkeypatch.setattr(heap, "RETRY_MS", 10)
    release = threading.Event()
    running = operations.run(lambda: release.wait(10))
    try:
        gc.unfreeze()
        heap.freeze_when_settled()
        qtbot.wait(150)
        assert gc.get_freeze_count() == 0  # a read still running: its rows are not kept
        release.set()
        assert finish(running) is True
        qtbot.waitUntil(lambda: gc.get_freeze_count() > 0, timeout=3000)
    finally:
        release.set()
        gc.unfreeze()  # the rest of the test run collects as before


def test_garbage_is_freed_before_the_rest_is_frozen():
    from ui import heap

    class Node:
        other: Node

    a, b = Node(), Node()
    a.other, b.other = b, a  # a cycle: only the collector frees it
    freed = []
    watch = weakref.ref(a, lambda _ref: freed.append(True))
    del a, b
    try:
        heap.freeze_now()
        assert freed == [True] and watch() is None  # freed, not frozen with the rest
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
