"""Build a PDF off the GUI thread, then show it in the print preview."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui import worker
from ui.errors import show_error

_previews: list = []


def preview(parent: QWidget, build, title: str) -> None:
    """Build a PDF off the GUI thread, then show it in the print preview (kept open)."""

    def show(result) -> None:
        from ui.print_preview import PrintPreview

        window = PrintPreview(result.pdf, title, f"{title}.pdf", result.notes, parent)
        _previews.append(window)
        window.show()

    worker.run(build, show, lambda exc: show_error(parent, exc, "无法生成打印文件"))
