"""Build a PDF off the GUI thread, then show it in the print preview.

The build runs on the operation runner's one database worker, drawing included: each printout
service (services/<area>/printouts.py) reads what is printed, draws it and writes the audit
entries for the print in one call, so the reads cannot be split from the drawing without
splitting that service; a form or register draws in well under a second. Sending the finished
PDF to a printer (ui/printing.py) reads no database: it stays on its own worker with progress
and cancel, and leaves the runner free for the clerk's other work while pages are printed."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui import operations
from ui.errors import show_error

_previews: list = []


def show_preview(parent: QWidget, result, title: str) -> None:
    """Open the print preview of a built RenderResult (kept open)."""
    from ui.print_preview import PrintPreview

    window = PrintPreview(result.pdf, title, f"{title}.pdf", result.notes, parent)
    _previews.append(window)
    window.show()


def preview(parent: QWidget, build, title: str) -> None:
    """Build a PDF off the GUI thread, then show it in the print preview (kept open)."""
    operations.run(
        build,
        lambda result: show_preview(parent, result, title),
        lambda exc: show_error(parent, exc, "无法生成打印文件"),
        parent=parent,
    )
