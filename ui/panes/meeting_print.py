"""Build a PDF off the GUI thread, then show it in the print preview.

The build runs on the operation runner's one database worker, drawing included: each printout
service (services/<area>/printouts.py) reads what is printed, draws it and writes the audit
entries for the print in one call, so the reads cannot be split from the drawing without
splitting that service; a form or register draws in well under a second. Sending the finished
PDF to a printer (ui/printing.py) reads no database: it stays on its own worker with progress
and cancel, and leaves the runner free for the clerk's other work while pages are printed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from ui import operations
from ui.errors import show_error

# The previews that are open: kept here so a preview outlives the call that opened it, and
# dropped when the clerk closes it (a day of printing must not keep every PDF in memory).
_previews: list = []


def show_preview(parent: QWidget, result, title: str):
    """Open the print preview of a built RenderResult (kept open until the clerk closes it)."""
    from ui.print_preview import PrintPreview

    window = PrintPreview(result.pdf, title, f"{title}.pdf", result.notes, parent)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _previews.append(window)
    window.destroyed.connect(lambda *_: _forget(window))
    window.show()
    return window


def _forget(window) -> None:
    if window in _previews:
        _previews.remove(window)


def preview(parent: QWidget, build, title: str) -> None:
    """Build a PDF off the GUI thread, then show it in the print preview (kept open)."""
    operations.run(
        build,
        lambda result: show_preview(parent, result, title),
        lambda exc: show_error(parent, exc, "无法生成打印文件"),
        parent=parent,
    )
