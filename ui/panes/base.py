"""What a navigation pane offers the main window."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.context import AppContext


class Pane(QWidget):
    title = ""

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx

    def activate(self) -> None:
        """Called when the clerk switches to the pane: refresh what may have changed."""

    def open_record(self, ref_kind: str, ref_id: int | None) -> None:
        """Show one record (from a dashboard entry)."""


class ComingPane(Pane):
    """A register that a later release brings; says so plainly instead of pretending."""

    def __init__(self, ctx: AppContext, title: str, what: str, parent=None):
        super().__init__(ctx, parent)
        self.title = title
        label = QLabel(f"<h2>{title}</h2><p>{what}</p><p>本模块尚未开放，将在后续版本中提供。</p>")
        label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addStretch(1)
