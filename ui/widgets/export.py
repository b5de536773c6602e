"""One way for every pane to write a file the clerk asked for (an Excel export, a backup): the
save dialog opens in 文档 (Documents) — or where this session's last export went — never in the
program's folder; the writing runs on the operation runner; the clerk is told where the file is,
with 「打开文件夹」; and a file another program holds open (WPS or Excel, on Windows) is named as
such instead of an unexpected error.

    path = export.ask_path(self, "导出督办台账", "督办台账.xlsx")
    if path:
        export.write(self, path, lambda: supervision_export.export_items(db, path, today))
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from db.errors import FubanError
from ui import operations
from ui.errors import show_error

EXCEL = "Excel (*.xlsx)"

_last_folder: dict[str, Path] = {}


def documents_dir() -> Path:
    """The user's 文档 folder (the home folder where there is none)."""
    where = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(where) if where else Path.home()


def start_folder() -> Path:
    """Where the next save dialog opens: the last folder written to in this session, else 文档."""
    last = _last_folder.get("export")
    return last if last is not None and last.is_dir() else documents_dir()


def remember_folder(folder: Path) -> None:
    _last_folder["export"] = Path(folder)


def ask_path(parent: QWidget, title: str, file_name: str, file_filter: str = EXCEL) -> Path | None:
    """The file to write, chosen in a save dialog opened in `start_folder()`; None if cancelled.
    A name typed without its extension gets the filter's (e.g. 「督办台账」 → 督办台账.xlsx)."""
    chosen, _f = QFileDialog.getSaveFileName(
        parent, title, str(start_folder() / file_name), file_filter
    )
    if not chosen:
        return None
    path = Path(chosen)
    suffix = Path(file_name).suffix
    if suffix and path.suffix.lower() != suffix.lower():
        path = path.with_name(path.name + suffix)
    remember_folder(path.parent)
    return path


def in_use_message(exc: BaseException, path: Path) -> str | None:
    """The Chinese message when `path` could not be written because another program holds it
    (Windows refuses with a PermissionError while WPS or Excel has the file open)."""
    if isinstance(exc, PermissionError) and Path(path).exists():
        return f"文件正被其他程序打开（如 WPS），请关闭后重试：{path}"
    return None


def write(
    parent: QWidget,
    path: Path,
    call: Callable[[], Any],
    on_done: Callable[[Any], None] | None = None,
    done_text: Callable[[Any], str] | None = None,
    title: str = "未能导出",
    on_failed: Callable[[BaseException], None] | None = None,
) -> operations.Operation:
    """Run `call` (which writes `path`) on the runner; then say where the file is (the message
    from `done_text(result)`, by default 「已导出 N 条记录」 for a count) or why it is not (then
    `on_failed(exc)` runs too)."""
    path = Path(path)

    def done(result: Any) -> None:
        if done_text is not None:
            text = done_text(result)
        elif isinstance(result, int) and not isinstance(result, bool):
            text = f"已导出 {result} 条记录到："
        else:
            text = "已保存到："
        show_written(parent, path, text)
        if on_done is not None:
            on_done(result)

    def failed(exc: BaseException) -> None:
        known = in_use_message(exc, path)
        show_error(parent, FubanError(known) if known else exc, title)
        if on_failed is not None:
            on_failed(exc)

    return operations.run(call, done, failed, parent=parent, title=title)


def show_written(parent: QWidget | None, path: Path, text: str) -> QMessageBox:
    """「已导出 … 到：<path>」 with 「打开文件夹」 (which shows the file in its folder)."""
    box = QMessageBox(QMessageBox.Icon.Information, "完成", f"{text}\n{path}", parent=parent)
    box.setObjectName("fileWritten")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    ok = box.addButton("确定", QMessageBox.ButtonRole.AcceptRole)
    folder = box.addButton("打开文件夹", QMessageBox.ButtonRole.ActionRole)
    folder.setObjectName("openFolder")
    folder.clicked.connect(lambda: open_folder(path))
    box.setDefaultButton(ok)
    box.setEscapeButton(ok)
    box.open()
    return box


def open_folder(path: Path) -> None:
    """Show `path` in its folder: selected in Explorer on Windows, the folder elsewhere."""
    path = Path(path)
    if sys.platform == "win32" and path.exists():
        subprocess.Popen(["explorer", f"/select,{path}"])  # noqa: S603,S607 - Windows' own shell
        return
    folder = path if path.is_dir() else path.parent
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
