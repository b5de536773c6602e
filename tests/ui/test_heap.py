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
        _unfreeze()


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
        _unfreeze()


def _unfreeze() -> None:
    """The rest of the test run collects as before. What died while frozen is collected here, on
    the GUI thread: left to the next automatic collection, it could be a worker thread's, and a
    Qt object destroyed there brings the process down (a crash seen in CI)."""
    gc.unfreeze()
    gc.collect()


def test_collection_runs_on_the_gui_thread_not_where_the_garbage_was_made(qtbot):
    """With the collector installed, a worker that makes cyclic garbage past every threshold
    does not collect it; the GUI thread's check does, and the objects are freed there."""
    from PySide6.QtCore import QObject

    from ui import heap

    owner = QObject()
    collector = heap.GuiThreadCollector(owner)
    collector.timer.stop()  # checked by hand below
    freed_in: list[str] = []

    class Node:
        other: Node

    def make_garbage() -> None:
        a, b = Node(), Node()  # first: without the collector, the worker's own collections
        a.other, b.other = b, a  # (made by the allocations below) would free it there
        weakref.finalize(a, lambda: freed_in.append(threading.current_thread().name))
        del a, b
        for _ in range(5 * collector.thresholds[0]):
            c, d = Node(), Node()
            c.other, d.other = d, c

    try:
        gc.collect()
        worker = threading.Thread(target=make_garbage, name="worker")
        worker.start()
        worker.join()
        assert not gc.isenabled() and freed_in == []  # past the thresholds, still not collected
        assert collector.collect_if_due() is not None
        if not freed_in:  # promoted past the generation that was due: the next check's
            gc.collect()
        assert freed_in == [threading.current_thread().name] != ["worker"]
        assert collector.collect_if_due() is None  # nothing due right after a collection
    finally:
        gc.enable()
        owner.deleteLater()


def test_the_collector_waits_for_the_window_to_settle_then_collects(qtbot, monkeypatch):
    """Nothing is collected during the start (what it makes lives as long as the process): the
    collector's checks begin once the settled window's objects are frozen, or START_LATEST_MS
    after it was installed."""
    from PySide6.QtCore import QObject

    from ui import heap

    monkeypatch.setattr(heap, "SETTLE_MS", 10)
    owner = QObject()
    try:
        collector = heap.GuiThreadCollector(owner)
        assert not gc.isenabled() and not collector.timer.isActive()
        gc.unfreeze()
        heap.freeze_when_settled(collector)
        qtbot.waitUntil(collector.timer.isActive, timeout=3000)
        assert gc.get_freeze_count() > 0  # frozen first, then collecting
        monkeypatch.setattr(heap, "START_LATEST_MS", 20)
        late = heap.GuiThreadCollector(owner)  # a start that never shows its window
        assert not late.timer.isActive()
        qtbot.waitUntil(late.timer.isActive, timeout=3000)
    finally:
        _unfreeze()
        gc.enable()
        owner.deleteLater()
