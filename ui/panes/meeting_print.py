"""Build a PDF off the GUI thread, then show it in the print preview.

The build runs on the operation runner's one database worker, drawing included: each printout
service (services/<area>/printouts.py) reads what is printed, draws it and writes the audit
entries for the print in one call, so the reads cannot be split from the drawing without
splitting that service; a form or register draws in well under a second. Sending the finished
PDF to a printer (ui/printing.py) reads no database: it stays on its own worker with progress
and cancel, and leaves the runner free for the clerk's other work while pages are printed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from ui import operations
from ui.errors import show_error

# The previews that are open: kept here so a preview outlives the call that opened it, and
# dropped when the clerk closes it (a day of printing must not keep every PDF in memory).
_previews: list = []


def show_preview(parent: QWidget, result, title: str):
    """Open the print preview of a built RenderResult (kept open until the clerk closes it); a
    numbered one (R44: its copies carry 份号) lets the printer make no more copies of it."""
    from ui.print_preview import PrintPreview

    numbers = getattr(result, "copy_numbers", ())
    window = PrintPreview(result.pdf, title, f"{title}.pdf", result.notes, parent, numbers)
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


def preview_copies(parent: QWidget, build: Callable[[int], Any], title: str):
    """R44: a print of classified content asks its 份数 first (1–99, default 1), then `build`
    (copies) → RenderResult runs off the GUI thread — taking that many 份号, consecutive, and
    logging them — and the preview shows one PDF holding every copy. Returns the dialog."""
    from PySide6.QtWidgets import QDialogButtonBox, QSpinBox

    from desktop_app.services.system.copy_numbers import MAX_COPIES
    from ui.widgets.form import FormDialog
    from ui.widgets.form_fields import FieldSpec

    dialog = FormDialog(
        f"打印{title}",
        [FieldSpec("copies", "份数", "int", help="每份印有自己的份号")],
        lambda v: build(v["copies"]),
        {"copies": 1},
        parent,
        "printCopiesDialog",
        intro="涉密内容（第四十四条）：每份印有自己的份号，接着此前已打印的份号往后编，不会重复，"
        "打印记入审计日志。需要几份请在此填写；打印时打印机的份数保持为 1。",
        error_title="无法生成打印文件",
    )
    spin = dialog.widgets["copies"]
    assert isinstance(spin, QSpinBox)
    spin.setRange(1, MAX_COPIES)
    spin.setValue(1)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).setText("预览")
    dialog.accepted.connect(lambda: show_preview(parent, dialog.result_value, title))
    dialog.open()
    return dialog
