"""设置 → 维护 (administrators): 立即备份 to a chosen folder, 恢复 from a backup (a confirmation
naming its date and counts; the current data backed up first), 完整性检查 (`fuban check`'s
report), 自检 (`fuban-cli --self-test`'s), and the automatic daily backups: where they are, the
last one, how many days they are kept.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app import config
from desktop_app.services.system import backups, maintenance
from ui import operations
from ui.context import AppContext
from ui.errors import show_error
from ui.panes.settings_common import BAD_COLOR, HINT_STYLE, OK_COLOR
from ui.widgets import export as export_file


class _Progress(QObject):
    """The self-test's step names, sent from the worker to the GUI thread."""

    step = Signal(str)


class ReportDialog(QDialog):
    """A report to read and copy: the integrity check's or the self-test's."""

    def __init__(self, title: str, text: str, ok: bool, parent=None):
        super().__init__(parent)
        self.setObjectName("maintenanceReport")
        self.setWindowTitle(title)
        self.resize(720, 480)
        self.summary = QLabel(objectName="reportSummary", wordWrap=True)
        self.summary.setStyleSheet(f"color: {OK_COLOR if ok else BAD_COLOR};")
        self.text = QPlainTextEdit(text, objectName="reportText", readOnly=True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)


def check_text(result: maintenance.CheckResult) -> tuple[str, str]:
    """(summary, report) of `fuban check`, in the words the command prints."""
    if result.ok:
        summary = (
            f"检查通过：{result.tables} 个台账表，审计记录 {result.audit_entries} 条，链条完整。"
        )
        return summary, summary
    summary = f"发现 {len(result.problems)} 个问题："
    return summary, "\n".join(f"- {p}" for p in result.problems)


class MaintenanceWidget(QWidget):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.setObjectName("maintenance")
        self.ctx = ctx
        self.auto_backup = ctx.auto_backup  # the window's ui.auto_backup.AutoBackup, if any
        self.report: ReportDialog | None = None
        self.confirm_box: QMessageBox | None = None
        body = QWidget(maximumWidth=760)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(body, 1)
        outer.addStretch(0)
        layout = QVBoxLayout(body)
        layout.addWidget(self._backup_box())
        layout.addWidget(self._auto_box())
        layout.addWidget(self._check_box())
        layout.addStretch(1)
        if self.auto_backup is not None:
            self.auto_backup.finished.connect(self.reload)

    # --- layout ---------------------------------------------------------------------------

    def _backup_box(self) -> QGroupBox:
        box = QGroupBox("备份与恢复")
        self.backup_button = QPushButton("立即备份…", objectName="backupNow")
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button = QPushButton("从备份恢复…", objectName="restoreBackup")
        self.restore_button.clicked.connect(self.choose_restore)
        row = QHBoxLayout()
        row.addWidget(self.backup_button)
        row.addWidget(self.restore_button)
        row.addStretch(1)
        hint = QLabel(
            "立即备份：把全部数据写成一个备份文件（.zip），存到选定的文件夹（如 U 盘）。"
            "恢复：用备份替换现有的全部数据，恢复前先自动备份现有数据；恢复后府办台账需重新启动。",
            wordWrap=True,
            styleSheet=HINT_STYLE,
        )
        v = QVBoxLayout(box)
        v.addLayout(row)
        v.addWidget(hint)
        return box

    def _auto_box(self) -> QGroupBox:
        box = QGroupBox("自动备份")
        self.auto_status = QLabel(objectName="autoBackupStatus", wordWrap=True)
        self.auto_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.keep_days = QSpinBox(objectName="backupKeepDays", minimum=1, maximum=3650)
        self.keep_days.setSuffix(" 天")
        self.keep_days.setValue(_keep_days())
        save = QPushButton("保存", objectName="saveKeepDays")
        save.clicked.connect(self.save_keep_days)
        folder = QPushButton("打开备份文件夹", objectName="openBackupFolder")
        folder.clicked.connect(lambda: export_file.open_folder(backups.backup_folder()))
        row = QHBoxLayout()
        row.addWidget(QLabel("自动备份保留："))
        row.addWidget(self.keep_days)
        row.addWidget(save)
        row.addStretch(1)
        row.addWidget(folder)
        self.keep_saved = QLabel(objectName="keepDaysSaved")
        v = QVBoxLayout(box)
        v.addWidget(self.auto_status)
        v.addLayout(row)
        v.addWidget(self.keep_saved)
        return box

    def _check_box(self) -> QGroupBox:
        box = QGroupBox("检查")
        self.check_button = QPushButton("完整性检查", objectName="integrityCheck")
        self.check_button.clicked.connect(self.integrity_check)
        self.self_test_button = QPushButton("自检", objectName="selfTest")
        self.self_test_button.clicked.connect(self.self_test)
        self.progress = QLabel(objectName="maintenanceProgress")
        row = QHBoxLayout()
        row.addWidget(self.check_button)
        row.addWidget(self.self_test_button)
        row.addWidget(self.progress, 1)
        hint = QLabel(
            "完整性检查：数据库、审计链、各台账与审计记录、编号计数器（与 fuban check 相同）。"
            "自检：在临时文件夹中新建演示数据库，生成全部打印表单，查看字体、打印机和共享数据库"
            "连接（与 fuban-cli --self-test 相同，约需半分钟，不改动现有数据）。",
            wordWrap=True,
            styleSheet=HINT_STYLE,
        )
        v = QVBoxLayout(box)
        v.addLayout(row)
        v.addWidget(hint)
        return box

    # --- automatic backups ----------------------------------------------------------------

    def reload(self) -> operations.Operation | None:
        if self.ctx.db.dialect != "sqlite":
            self.auto_status.setText(
                "使用共享数据库服务器时，本机不做自动备份：由服务器管理员备份（见 docs/SERVER.md）。"
            )
            return None
        return operations.run(backups.last_backup, self._show_last, parent=self)

    def _show_last(self, last: backups.AutoBackup | None) -> None:
        folder = backups.backup_folder()
        when = f"上次自动备份：{last.label}" if last is not None else "尚未自动备份"
        text = (
            f"本机数据库每天自动备份一次（府办台账启动后及运行中每小时检查），{when}。\n"
            f"备份文件夹：{folder}"
        )
        error = self.auto_backup.error if self.auto_backup is not None else ""
        if error:
            text += f"\n最近一次自动备份失败：{error}"
        self.auto_status.setStyleSheet(f"color: {BAD_COLOR};" if error else "")
        self.auto_status.setText(text)

    def save_keep_days(self) -> None:
        days = self.keep_days.value()
        try:
            settings = config.load()
            settings.backup_keep_days = days
            config.save(settings)
        except Exception as exc:  # an unwritable settings file: said, nothing changed
            show_error(self, exc, "未保存")
            return
        self.keep_saved.setText(f"已保存：自动备份保留 {days} 天，更早的在下次备份时删除。")

    # --- 立即备份 ---------------------------------------------------------------------------

    def backup_now(self) -> operations.Operation | None:
        folder = QFileDialog.getExistingDirectory(
            self, "选择备份存放的文件夹", str(export_file.start_folder())
        )
        if not folder:
            return None
        export_file.remember_folder(Path(folder))
        db, user = self.ctx.db, self.ctx.user
        return operations.run(
            lambda: backups.backup_now(db, user, Path(folder)),
            self._backed_up,
            parent=self,
            title="未能备份",
        )

    def _backed_up(self, summary: backups.BackupSummary) -> None:
        export_file.show_written(self, summary.path, f"已备份。{summary.text()}\n备份文件：")

    # --- 恢复 -------------------------------------------------------------------------------

    def choose_restore(self) -> operations.Operation | None:
        path, _f = QFileDialog.getOpenFileName(
            self, "选择要恢复的备份", str(backups.backup_folder()), "府办台账备份 (*.zip)"
        )
        if not path:
            return None
        return operations.run(
            lambda: backups.describe(Path(path)),
            self.confirm_restore,
            parent=self,
            title="无法恢复",
        )

    def confirm_restore(self, summary: backups.BackupSummary) -> QMessageBox:
        """「用此备份替换现有的全部数据？」 naming the backup's date and counts; 恢复 runs it."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "确认恢复",
            "将用下面的备份替换本数据库现有的全部数据：\n"
            f"{summary.path}\n{summary.text()}\n\n"
            f"恢复前会先把现有数据备份到 {backups.backup_folder()}。"
            "备份之后登记的内容将不再显示（可从该备份找回）。恢复完成后府办台账将关闭，请重新启动。",
            parent=self,
        )
        box.setObjectName("confirmRestore")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        go = box.addButton("恢复", QMessageBox.ButtonRole.DestructiveRole)
        go.setObjectName("confirmRestoreButton")
        cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        go.clicked.connect(lambda: self.restore(summary.path))
        self.confirm_box = box
        box.open()
        return box

    def restore(self, path: Path) -> operations.Operation:
        db, user = self.ctx.db, self.ctx.user
        return operations.run(
            lambda: backups.restore(db, user, path),
            self._restored,
            parent=self,
            title="未能恢复",
        )

    def _restored(self, safety: Path | None) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "已恢复",
            f"已从备份恢复全部数据。恢复前的数据已备份到：\n{safety}\n\n"
            "府办台账将关闭，请重新启动。",
            parent=self,
        )
        box.setObjectName("restoreDone")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _r: self._close_window())
        box.open()

    def _close_window(self) -> None:
        """The panes, the signed-in account and the window's caches belong to the old data."""
        window = self.window()
        if isinstance(window, QMainWindow):
            window.close()

    # --- checks -----------------------------------------------------------------------------

    def integrity_check(self) -> operations.Operation:
        db = self.ctx.db
        self.progress.setText("正在检查……")
        return operations.run(
            lambda: maintenance.check(db), self._checked, self._failed, parent=self
        )

    def _checked(self, result: maintenance.CheckResult) -> None:
        self.progress.clear()
        summary, text = check_text(result)
        self._show_report("完整性检查", summary, text, result.ok)

    def self_test(self) -> operations.Operation:
        from PySide6.QtPrintSupport import QPrinterInfo

        from desktop_app import selftest

        names = list(QPrinterInfo.availablePrinterNames())  # Qt's list, read on the GUI thread
        relay = _Progress(self)
        relay.step.connect(self._step)  # a slot of this widget: queued to the GUI thread
        self.progress.setText("正在自检，约需半分钟……")
        return operations.run(
            lambda: selftest.run(printers=lambda: names, progress=relay.step.emit),
            self._self_tested,
            self._failed,
            parent=self,
        )

    def _step(self, name: str) -> None:
        self.progress.setText(f"正在自检：{name}……")

    def _self_tested(self, report) -> None:
        self.progress.clear()
        lines = report.text().splitlines()
        self._show_report("自检", lines[-1] if lines else "", report.text(), report.ok)

    def _failed(self, exc: BaseException) -> None:
        self.progress.clear()
        show_error(self, exc, "未完成")

    def _show_report(self, title: str, summary: str, text: str, ok: bool) -> None:
        self.report = ReportDialog(title, text, ok, self)
        self.report.summary.setText(summary)
        self.report.open()


def _keep_days() -> int:
    try:
        return config.load().backup_keep_days
    except (OSError, ValueError, TypeError):
        return config.MachineSettings.backup_keep_days
