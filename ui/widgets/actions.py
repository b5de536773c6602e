"""Run one service call for a button as an operation (ui.operations: off the GUI thread, the
parent busy meanwhile): on refusal the message is shown (nothing was saved), on success `done`
runs (reload, tell the dashboard). And which accounts a register's write buttons are offered to
(`offer_to`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import QWidget

from ui import operations


def act(
    parent: QWidget, call: Callable[[], Any], done: Callable[[Any], None], title: str = "未完成"
) -> operations.Operation:
    """`call` runs on the worker: it must capture plain values read beforehand, not widgets."""
    return operations.run(call, done, parent=parent, title=title)


def open_after(
    parent: QWidget,
    read: Callable[[], Any],
    open_dialog: Callable[[Any], Any],
    still_wanted: Callable[[], bool] | None = None,
) -> operations.Operation:
    """An action that needs a fresh record before its dialog opens (e.g. a request's itinerary in
    force): `read` runs on the worker, then `open_dialog(value)` on the GUI thread. The returned
    operation's `result` becomes what `open_dialog` returned (the dialog, or None when the
    action was refused), so callers and tests can reach it once the operation has reported."""
    holder: dict[str, operations.Operation] = {}

    def opened(value: Any) -> None:
        holder["op"].result = open_dialog(value)

    holder["op"] = operations.run(read, opened, parent=parent, still_wanted=still_wanted)
    return holder["op"]


def offer_to(user: Any, actions: Sequence[str], *buttons: QWidget) -> bool:
    """Show `buttons` only to an account whose role grants one of `actions` — the permissions
    the service each button calls checks (services.system.common.require / require_any), so a
    clerk is not left to fill in a form that the save then refuses. The service still checks at
    the save. Returns whether they are offered."""
    may = any(user.can(action) for action in actions)
    for button in buttons:
        button.setVisible(may)
    return may
