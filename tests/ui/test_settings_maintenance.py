"""设置 → 维护 (administrators): 立即备份, 恢复 with a confirmation naming the backup's date and
counts, 完整性检查 and 自检 reports in a window, and the window's automatic daily backup."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QPlainTextEdit, QPushButton

from desktop_app.services.directory import commands as directory
from desktop_app.services.system import backups
from tests.ui.conftest import close_errors, finish, open_errors, wait_ops

_panes: list = []


@pytest.fixture(autouse=True)
def machine_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("FUBAN_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("FUBAN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("FUBAN_DB_URL", raising=False)
    yield
    _panes.clear()
    close_errors()
    for w in QApplication.topLevelWidgets():
        if isinstance(w, QMessageBox):
            w.close()


def _widget(qtbot, ctx):
    from ui.panes.settings import SettingsPane

    pane = SettingsPane(ctx)
    qtbot.addWidget(pane)
    _panes.append(pane)  # the tab lives as long as its pane
    pane.activate()
    wait_ops()
    return pane.maintenance


def _box(name: str) -> QMessageBox:
    (box,) = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.objectName() == name and w.isVisible()
    ]
    return box


def test_only_administrators_have_the_tab(qtbot, ctx, clerk):
    from ui.context import AppContext
    from ui.panes.settings import SettingsPane

    admin_pane = SettingsPane(ctx)
    qtbot.addWidget(admin_pane)
    tabs = [admin_pane.tabs.tabText(i) for i in range(admin_pane.tabs.count())]
    assert tabs[-1] == "维护"
    clerk_pane = SettingsPane(AppContext(ctx.db, clerk))
    qtbot.addWidget(clerk_pane)
    assert clerk_pane.maintenance is None
    assert "维护" not in [clerk_pane.tabs.tabText(i) for i in range(clerk_pane.tabs.count())]
    wait_ops()


def test_automatic_backup_made_once_a_day_and_shown(qtbot, ctx, tmp_path):
    from ui.auto_backup import AutoBackup

    auto = AutoBackup(ctx.db)
    ctx.auto_backup = auto
    w = _widget(qtbot, ctx)
    assert "尚未自动备份" in w.auto_status.text()
    assert str(tmp_path / "data" / "backups") in w.auto_status.text()
    first = auto.check()
    assert auto.check() is None  # never two at once
    assert finish(first)
    assert first.result.made and first.result.path.parent == tmp_path / "data" / "backups"
    wait_ops()  # the tab reloads when a backup was made
    last = backups.last_backup()
    assert f"上次自动备份：{last.label}" in w.auto_status.text()
    again = auto.check()
    assert finish(again) and not again.result.made  # today's is made


def test_a_backup_that_ends_after_its_window_is_gone_is_made_and_not_delivered(qtbot, ctx):
    """The window closed while its automatic backup ran: the backup is still made, and its end
    is not delivered to the object that went with the window (that raised 「Signal source has
    been deleted」 into whatever the window's successor was doing)."""
    import shiboken6

    from ui.auto_backup import AutoBackup

    auto = AutoBackup(ctx.db)
    running = auto.check()
    shiboken6.delete(auto)  # gone before the worker's result reaches the GUI thread
    wait_ops()  # an exception raised on delivery fails the test (pytest-qt)
    assert running.done and running.dropped
    assert backups.last_backup() is not None


def test_failed_automatic_backup_is_said(qtbot, ctx, monkeypatch):
    from ui.auto_backup import AutoBackup

    def full_disk(db):
        raise OSError(28, "No space left on device", "D:/fuban/backups/x.zip")

    monkeypatch.setattr(backups, "run_daily", full_disk)
    auto = AutoBackup(ctx.db)
    ctx.auto_backup = auto
    w = _widget(qtbot, ctx)
    assert finish(auto.check()) is False
    wait_ops()
    assert "最近一次自动备份失败：磁盘已满" in w.auto_status.text()
    assert open_errors() == []  # said in 维护 and the status bar, not in a box over the work


def test_main_window_starts_the_automatic_backup(qtbot, ctx):
    from ui.main_window import MainWindow

    win = MainWindow(ctx)
    qtbot.addWidget(win)
    assert ctx.auto_backup is win.auto_backup and win.auto_backup.timer.isActive()
    assert finish(win.auto_backup.check())
    assert win.statusBar().currentMessage().startswith("已自动备份：")
    wait_ops()


def test_keep_days_saved_in_the_machine_settings(qtbot, ctx):
    from desktop_app import config

    w = _widget(qtbot, ctx)
    assert w.keep_days.value() == 30
    w.keep_days.setValue(90)
    w.findChild(QPushButton, "saveKeepDays").click()
    assert config.load().backup_keep_days == 90
    assert "90 天" in w.keep_saved.text()


def test_backup_now_then_restore_after_confirmation(qtbot, ctx, admin, monkeypatch, tmp_path):
    directory.save_person(ctx.db, admin, name="李明远")
    w = _widget(qtbot, ctx)
    folder = tmp_path / "U盘"
    folder.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(folder))
    )
    assert finish(w.backup_now())
    (made,) = folder.glob("府办台账备份-*.zip")
    written = _box("fileWritten")
    assert str(made) in written.text() and "人员 1 人" in written.text()
    written.close()

    directory.save_person(ctx.db, admin, name="备份后登记的人")
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(made), ""))
    )
    assert finish(w.choose_restore())
    confirm = _box("confirmRestore")
    summary = backups.describe(made)
    assert f"备份时间：{summary.taken_at:%Y年%m月%d日 %H:%M}" in confirm.text()
    assert "人员 1 人" in confirm.text() and str(made) in confirm.text()
    assert "恢复前会先把现有数据备份到" in confirm.text()
    confirm.findChild(QPushButton, "confirmRestoreButton").click()
    wait_ops()
    done = _box("restoreDone")
    assert "恢复前的数据已备份到" in done.text()
    names = [p.name for p in directory.list_persons(ctx.db)]  # test thread: not the window's
    assert names == ["李明远"]
    safety = list((tmp_path / "data" / "backups").glob("恢复前自动备份-*.zip"))
    assert len(safety) == 1 and backups.describe(safety[0]).counts["person"] == 2


def test_cancelled_restore_changes_nothing(qtbot, ctx, admin, monkeypatch, tmp_path):
    directory.save_person(ctx.db, admin, name="李明远")
    made = backups.backup_now(ctx.db, admin, tmp_path / "b").path
    directory.save_person(ctx.db, admin, name="王建国")
    w = _widget(qtbot, ctx)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(made), ""))
    )
    assert finish(w.choose_restore())
    _box("confirmRestore").reject()
    wait_ops()
    assert len(directory.list_persons(ctx.db)) == 2


def test_not_a_backup_is_refused_before_any_question(qtbot, ctx, monkeypatch, tmp_path):
    bogus = tmp_path / "会议纪要.zip"
    bogus.write_bytes(b"PK")
    w = _widget(qtbot, ctx)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(bogus), ""))
    )
    assert finish(w.choose_restore()) is False
    assert any("不是府办台账的备份文件" in t for t in open_errors())


def test_integrity_check_report_in_a_window(qtbot, ctx, admin):
    directory.save_person(ctx.db, admin, name="李明远")
    w = _widget(qtbot, ctx)
    assert finish(w.integrity_check())
    assert w.report is not None and w.report.isVisible()
    assert w.report.summary.text().startswith("检查通过：")
    assert "审计记录" in w.report.findChild(QPlainTextEdit, "reportText").toPlainText()


def test_self_test_report_in_a_window(qtbot, ctx, monkeypatch):
    from desktop_app import selftest

    steps = []

    def fake_run(*, printers=None, progress=None):
        steps.append(printers())
        progress("打印字体")
        report = selftest.SelfTestReport("1.0", False, __import__("datetime").datetime.now())
        report.checks.append(selftest.Check("打印字体", selftest.OK, "5 种全部找到"))
        return report

    monkeypatch.setattr(selftest, "run", fake_run)
    w = _widget(qtbot, ctx)
    assert finish(w.self_test())
    assert isinstance(steps[0], list)  # Qt's printer list, read on the GUI thread
    text = w.report.findChild(QPlainTextEdit, "reportText").toPlainText()
    assert "[通过] 打印字体：5 种全部找到" in text
    assert w.report.summary.text() == "结论：自检通过。"
    assert w.progress.text() == ""


def test_restored_window_closes(qtbot, ctx):
    from PySide6.QtWidgets import QMainWindow

    from ui.panes.settings_maintenance import MaintenanceWidget

    win = QMainWindow()
    qtbot.addWidget(win)
    w = MaintenanceWidget(ctx)
    win.setCentralWidget(w)
    win.show()
    w._restored(Path("恢复前自动备份.zip"))
    _box("restoreDone").accept()
    qtbot.waitUntil(lambda: not win.isVisible(), timeout=5000)
    wait_ops()
