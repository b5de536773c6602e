"""Run one service call for a button as an operation (ui.operations: off the GUI thread, the
parent busy meanwhile): on refusal the message is shown (nothing was saved), on success `done`
runs (reload, tell the dashboard)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from ui import operations


def act(
    parent: QWidget, call: Callable[[], Any], done: Callable[[Any], None], title: str = "未完成"
) -> operations.Operation:
    """`call` runs on the worker: it must capture plain values read beforehand, not widgets."""
    return operations.run(call, done, parent=parent, title=title)
