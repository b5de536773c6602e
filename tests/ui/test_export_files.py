"""Exports (ui/widgets/export.py, used by every pane): the save dialog opens in 文档, the file is
written off the GUI thread, the clerk is told where it is with 「打开文件夹」, and a file WPS holds
open is named as such."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QPushButton, QWidget

from tests.ui.conftest import open_errors, wait_ops
from ui.widgets import export as export_file


@pytest.fixture(autouse=True)
def fresh_session(monkeypatch):
    monkeypatch.setattr(export_file, "_last_folder", {})


def _boxes(name: str) -> list[QMessageBox]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.objectName() == name and w.isVisible()
    ]


def _close_boxes() -> None:
    for w in QApplication.topLevelWidgets():
        if isinstance(w, QMessageBox):
            w.close()


def test_save_dialog_opens_in_documents_then_where_the_last_export_went(
    qtbot, monkeypatch, tmp_path
):
    asked = []
    target = tmp_path / "台账" / "督办台账"  # typed without .xlsx
    target.parent.mkdir()

    def dialog(parent, title, start, file_filter):
        asked.append(start)
        return str(target), file_filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(dialog))
    parent = QWidget()
    qtbot.addWidget(parent)
    path = export_file.ask_path(parent, "导出督办台账", "督办台账.xlsx")
    assert Path(asked[0]) == export_file.documents_dir() / "督办台账.xlsx"
    assert Path(asked[0]).is_absolute()  # never a bare name resolved in the program's folder
    assert path == target.with_name("督办台账.xlsx")
    export_file.ask_path(parent, "导出会议列表", "会议列表.xlsx")
    assert Path(asked[1]) == target.parent / "会议列表.xlsx"


def test_cancelled_dialog_writes_nothing(qtbot, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
    parent = QWidget()
    qtbot.addWidget(parent)
    assert export_file.ask_path(parent, "导出", "x.xlsx") is None


def test_written_file_is_named_with_open_folder(qtbot, monkeypatch, tmp_path):
    opened = []
    monkeypatch.setattr(export_file, "open_folder", lambda p: opened.append(p))
    parent = QWidget()
    qtbot.addWidget(parent)
    path = tmp_path / "会议列表.xlsx"
    op = export_file.write(parent, path, lambda: path.write_bytes(b"x") and 7)
    wait_ops()
    assert op.ok
    (box,) = _boxes("fileWritten")
    assert box.text() == f"已导出 7 条记录到：\n{path}"
    button = box.findChild(QPushButton, "openFolder")
    assert button.text() == "打开文件夹"
    button.click()
    assert opened == [path]
    _close_boxes()


def test_a_file_open_in_wps_is_named(qtbot, tmp_path):
    path = tmp_path / "督办台账.xlsx"
    path.write_bytes(b"held by WPS")
    parent = QWidget()
    qtbot.addWidget(parent)

    def held():
        raise PermissionError(13, "另一个程序正在使用此文件，进程无法访问。", str(path))

    op = export_file.write(parent, path, held)
    wait_ops()
    assert op.ok is False
    assert open_errors() == [f"文件正被其他程序打开（如 WPS），请关闭后重试：{path}"]
    assert not _boxes("fileWritten")
    _close_boxes()


def test_a_folder_without_rights_is_not_called_a_file_in_use(qtbot, tmp_path):
    path = tmp_path / "无权限" / "x.xlsx"
    parent = QWidget()
    qtbot.addWidget(parent)

    def refused():
        raise PermissionError(13, "Permission denied", str(path))

    export_file.write(parent, path, refused)
    wait_ops()
    (text,) = open_errors()
    assert "没有权限读写" in text and "WPS" not in text and "意外错误" not in text
    _close_boxes()


def test_pane_export_runs_off_the_gui_thread_and_says_where(qtbot, demo_ctx, monkeypatch, tmp_path):
    """The meetings pane's 导出 Excel: the runner writes the file (the UI tests' guard fails a
    database read on the GUI thread), then the clerk is told where it went."""
    from ui.panes.meetings import MeetingsPane

    pane = MeetingsPane(demo_ctx)
    qtbot.addWidget(pane)
    path = tmp_path / "会议列表.xlsx"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(path), ""))
    )
    wait_ops()
    pane.export_meetings()
    wait_ops()
    assert openpyxl.load_workbook(path).active.max_row >= 1
    (box,) = _boxes("fileWritten")
    assert str(path) in box.text() and box.text().startswith("已导出 ")
    _close_boxes()
