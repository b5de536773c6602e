"""A hint a form derives from its fields by asking the database (the vice mayor in charge of a
unit, the expected signer of a step, the route a 收文 should take …), read through the operation
runner instead of on the GUI thread.

Each change of a field starts a lookup; only the newest one is shown (ui.operations.Latest), so a
clerk who types or scrolls fast never sees a hint for a value the field no longer holds. The form
is not made busy by a hint (its buttons stay as they are while the clerk types); a hint whose
dialog has closed is dropped.

A hint that sets a field the form saves (e.g. the presider R28 fills in) passes `form`: a save
asked for while it is on its way waits until it has delivered (FormDialog.try_save), as for the
form's pick lists, and saves what the form then shows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtWidgets import QWidget

from db.errors import FubanError
from ui import operations
from ui.errors import show_error


class LiveHint:
    """`show(result)` runs on the GUI thread with the newest lookup's result; `failed(exc)` with a
    refusal (FubanError, e.g. no vice mayor in charge that day) — without it the refusal is shown
    as an error dialog. An unexpected error is always shown and logged by the runner."""

    def __init__(
        self,
        widget: QWidget,
        show: Callable[[Any], None],
        failed: Callable[[FubanError], None] | None = None,
        form: Any = None,
    ):
        self.widget = widget
        self.show = show
        self.failed = failed
        self.latest = operations.Latest()
        self.pending: operations.Operation | None = None
        if form is not None:
            form.value_hints.append(self)  # its save waits for this hint (FormDialog.try_save)

    def busy(self) -> bool:
        return self.pending is not None and not self.pending.done

    def request(self, lookup: Callable[[], Any]) -> operations.Operation:
        """Start `lookup` (plain values captured, no widgets) on the runner's worker."""
        newest = self.latest.ticket()
        widget = self.widget

        def wanted() -> bool:
            return newest() and shiboken6.isValid(widget) and not widget.window().property("closed")

        self.pending = operations.run(
            lookup, self._done, self._failed, still_wanted=wanted, title="读取失败"
        )
        return self.pending

    def cancel(self) -> None:
        """The field no longer asks for a hint (e.g. emptied): an older lookup is dropped."""
        self.latest.cancel()

    def _done(self, result: Any) -> None:
        self.show(result)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, FubanError) and self.failed is not None:
            self.failed(exc)
        else:
            show_error(self.widget, exc, "读取失败")
