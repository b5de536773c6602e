"""「扫码登记」: the box in the main window's toolbar, at hand on the 工作台 and every pane. A USB
scanner types a sheet's code and Enter (or the clerk types a record number: 收文〔2026〕12号,
同政发〔2026〕3号, 发文12, 议题12, 督办12); the code is resolved off the GUI thread
(services.system.sheet_codes, R44 applied), the record is opened in its pane, and — where the
pane can — the form of the next step to record opens with the step's signer pre-selected
(收文: 拟办, 分送, 阅批, 办结; 发文: 登记签批; 议题: 记录审批环节; 督办: 登记审批环节).
Nothing is recorded by the scan itself: the clerk records what was signed, by whom, when."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLineEdit, QWidget

from desktop_app.services.supervision.commands import KEEPERS
from desktop_app.services.system import sheet_codes
from desktop_app.services.system.sheet_codes import ScanTarget
from ui import operations

WAIT_MS, STEP_MS = 15_000, 100  # how long the landing waits for the pane to show the record


class ScanBox(QLineEdit):
    """The toolbar's box; `window` has ctx, show_pane(name) and statusBar()."""

    def __init__(self, window: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.main = window
        self.setObjectName("scanBox")
        self.setPlaceholderText("扫码登记：扫描处理笺二维码，或输入收文号、发文字号后回车")
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(320)
        self.returnPressed.connect(self.scan)
        self.last: ScanTarget | None = None  # what the last scan opened (tests read it)
        self.landed: QWidget | None = None  # the step form it opened, if any

    def scan(self) -> operations.Operation | None:
        text = self.text().strip()
        if not text:
            return None
        ctx = self.main.ctx
        db, user, today = ctx.db, ctx.user, ctx.today()
        self.selectAll()  # the next scan replaces what was typed
        return operations.run(
            lambda: sheet_codes.resolve(db, user, text, today),
            self._found,
            parent=self,
        )

    def _found(self, target: ScanTarget) -> None:
        self.last, self.landed = target, None
        self.clear()
        self.main.statusBar().showMessage(target.message, 15_000)
        pane = self.main.show_pane(target.area)
        pane.open_record(target.ref_kind, target.ref_id)
        opener = _OPENERS.get(target.ref_kind)
        if opener is None or not target.action:
            return
        if not any(self.main.ctx.user.can(a) for a in _WRITERS[target.ref_kind]):
            # The step's save would refuse this account (its pane offers it no write button
            # either): the record is shown, no form to fill in for nothing.
            self.main.statusBar().showMessage(f"{target.message}（当前账户只能查看）", 15_000)
            return
        opener(self, pane, target)


def _when(ready: Callable[[], bool], then: Callable[[], None], waited: int = 0) -> None:
    """Call `then` once `ready()` (polled while the pane loads the record off the GUI thread)."""
    if ready():
        then()
    elif waited < WAIT_MS:
        QTimer.singleShot(STEP_MS, lambda: _when(ready, then, waited + STEP_MS))


def _selected(tab: Any, target: ScanTarget) -> bool:
    row = tab.current()
    detail = tab.detail
    shown = getattr(detail, "document", None)
    return (
        row is not None
        and row.id == target.ref_id
        and shown is not None
        and shown.id == target.ref_id
        and not getattr(detail, "loading", False)
        and operations.runner().is_idle()
    )


def _incoming(box: ScanBox, pane: Any, target: ScanTarget) -> None:
    tab = pane.incoming
    forms = {
        "propose": tab.forms.propose,
        "route": tab.forms.route,
        # the leader, or his AB partner while he is away, proposed as the reader
        "read": lambda: tab.forms.record_reading(target.signer_id),
        "close": tab.forms.close,
    }

    def open_form() -> None:
        box.landed = forms[target.action]()

    _when(lambda: _selected(tab, target), open_form)


def _outgoing(box: ScanBox, pane: Any, target: ScanTarget) -> None:
    tab = pane.outgoing
    if target.action != "sign":
        return

    def open_form() -> None:
        step = f"{target.step_key}:{target.for_person_id or ''}"
        box.landed = tab.forms.sign(step, target.signer_id)

    _when(lambda: _selected(tab, target), open_form)


def _row_selected(view: Any, target: ScanTarget) -> bool:
    """A register (议题, 督办) shows the record selected and nothing is still being read."""
    row = view.current()
    return (
        row is not None
        and row.id == target.ref_id
        and not view.loading
        and operations.runner().is_idle()
    )


def _agenda_item(box: ScanBox, pane: Any, target: ScanTarget) -> None:
    """议题审批表: 记录审批环节 on the first R23.4.1a step not on record, its signer selected."""
    if target.action != "step":
        return

    def open_form() -> None:
        box.landed = pane.record_step(target.step_key, target.signer_id)

    _when(lambda: _row_selected(pane.items, target), open_form)


def _supervision_item(box: ScanBox, pane: Any, target: ScanTarget) -> None:
    """督办通知单: 登记审批环节 on the first step of the item's chain not on record (R13, R67,
    R72), its signer selected."""
    from ui.panes import supervision_forms

    if target.action != "step":
        return

    def open_form() -> None:
        item = pane.view.current()
        box.landed = supervision_forms.step(pane, item, target.step_key, target.signer_id)

    _when(lambda: _row_selected(pane.view, target), open_form)


# The permissions the save of each opener's form checks (services.system.common.require).
_WRITERS: dict[str, tuple[str, ...]] = {
    "incoming": ("records",),
    "outgoing": ("records",),
    "agenda_item": ("records",),
    "supervision_item": KEEPERS,
}

_OPENERS: dict[str, Callable[[ScanBox, Any, ScanTarget], None]] = {
    "incoming": _incoming,
    "outgoing": _outgoing,
    "agenda_item": _agenda_item,
    "supervision_item": _supervision_item,
}
