"""Run one service call for a button: on refusal show the message (nothing was saved), on success
call `done` (reload, tell the dashboard)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from db.errors import FubanError
from ui.errors import show_error


def act(parent: QWidget, call: Callable[[], Any], done: Callable[[Any], None],
        title: str = "未完成") -> bool:
    try:
        result = call()
    except FubanError as exc:
        show_error(parent, exc, title)
        return False
    done(result)
    return True
