"""The one main window: navigation on the left, the chosen pane on the right."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from desktop_app import version
from ui import operations, preferences
from ui.context import AppContext
from ui.panes.base import ComingPane, Pane
from ui.panes.dashboard import DashboardPane
from ui.widgets import screen_fit

ICON = Path(__file__).resolve().parent.parent / "resources" / "icons" / "fuban.png"

NAV = ["工作台", "会议", "公文", "用印", "外出报备", "督办", "人员与分管", "设置"]

COMING: dict[str, str] = {}

# Dashboard areas shown by a pane of another name (the 工作台 says 收文/发文, the pane is 公文).
AREA_PANES = {"收文": "公文", "发文": "公文"}


ACCOUNT_WATCH_AFTER_MS = 2000


class MainWindow(QMainWindow):
    # 退出登录, or the account changed since sign-in (the reason; "" when the clerk chose it):
    # emitted just before the window closes (ui.account_session signs in again).
    signed_out = Signal(str)

    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.account_watch: Any = None  # ui.account_watch.AccountWatch, once the window shows
        preferences.set_account(ctx.user.username)  # column widths and hints are his own
        self.setObjectName("mainWindow")
        self.setWindowTitle(f"府办台账 — {ctx.user.display_name}（{ctx.database_label}）")
        self.setWindowIcon(QIcon(str(ICON)))
        self.resize(screen_fit.fitted(self, QSize(1200, 760)))  # a laptop leaves ~728 px
        self.nav = QListWidget(objectName="nav")
        self.nav.setFixedWidth(150)
        self.stack = QStackedWidget(objectName="paneStack")
        # Panes are built the first time they are shown: start-up builds only the dashboard.
        self.panes: dict[str, Pane] = {}
        for name in NAV:
            self.nav.addItem(name)
            self.stack.addWidget(QWidget())
        self.nav.currentRowChanged.connect(self._switch)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.statusBar().addPermanentWidget(
            QLabel(f"{ctx.user.display_name}（{ctx.user.username}）　{ctx.database_label}")
        )
        self._build_menu()
        self._build_scan_bar()
        self._start_auto_backup()
        from ui.shortcuts import PaneKeys

        self.keys = PaneKeys(self, self.current_pane)
        self.nav.setCurrentRow(0)

    def _build_scan_bar(self) -> None:
        """「扫码登记」 in a toolbar above every pane (ui.sheet_scan)."""
        from ui.sheet_scan import ScanBox

        bar = self.addToolBar("扫码登记")
        bar.setObjectName("scanBar")
        bar.setMovable(False)
        self.scan_box = ScanBox(self)
        bar.addWidget(self.scan_box)

    def _start_auto_backup(self) -> None:
        """The day's backup of a local database, made shortly after start and checked hourly
        (ui.auto_backup); 设置 → 维护 shows it."""
        from ui.auto_backup import AutoBackup

        self.auto_backup = self.ctx.auto_backup = AutoBackup(self.ctx.db, self)
        self.auto_backup.finished.connect(self._auto_backup_finished)
        self.auto_backup.start()

    def _auto_backup_finished(self) -> None:
        if self.auto_backup.error:
            self.statusBar().showMessage("自动备份失败，原因见「设置 → 维护」。")
        elif self.auto_backup.last_result is not None and self.auto_backup.last_result.path:
            self.statusBar().showMessage(f"已自动备份：{self.auto_backup.last_result.path}", 15000)

    def current_pane(self) -> Pane:
        return self.pane(NAV[max(self.nav.currentRow(), 0)])

    def _build_menu(self) -> None:
        account = self.menuBar().addMenu("账户")
        account.setObjectName("accountMenu")
        change = account.addAction("修改密码…")
        change.setObjectName("changePassword")
        change.triggered.connect(self.change_password)
        leave = account.addAction("退出登录")
        leave.setObjectName("signOut")
        leave.triggered.connect(lambda: self.sign_out())
        help_menu = self.menuBar().addMenu("帮助")
        rules = help_menu.addAction("本软件执行的工作规则")
        rules.setObjectName("helpRules")
        rules.triggered.connect(self.show_rules)
        keys = help_menu.addAction("快捷键")
        keys.setObjectName("helpKeys")
        keys.triggered.connect(
            lambda: QMessageBox.information(
                self,
                "快捷键",
                "Ctrl+F　搜索本页列表\nCtrl+N　新建/登记\nCtrl+P　打印所选记录\n"
                "F5　　 刷新本页\nCtrl+Enter　保存表单（在多行文字框中也可）\n"
                "双击工作台事项　打开该记录",
            )
        )
        about = help_menu.addAction("关于府办台账")
        about.triggered.connect(
            lambda: QMessageBox.about(
                self,
                "关于府办台账",
                f"府办台账 {version()}\n市政府办公室文秘室的会议、公文、用印、外出报备台账。\n"
                "依据《同江市人民政府工作规则》（同政发〔2018〕34号）检查各环节。",
            )
        )

    def change_password(self):
        """账户 → 修改密码 (ui.dialogs.change_password): the dialog, opened window-modally."""
        from ui.dialogs.change_password import change_password_dialog

        return change_password_dialog(self.ctx, self)

    def sign_out(self, reason: str = "") -> None:
        """退出登录, or the account was deactivated or demoted (`reason`, told before the sign-in
        dialog). As closing the window does: dialogs still open go with it, a save already on
        its way completes on the worker (its result, like every read's, is dropped)."""
        if self.property("closed"):
            return
        operations.mark_closed(self)  # what the panes still have on the worker is dropped
        if self.account_watch is not None:
            self.account_watch.stop()
        self.auto_backup.stop()
        for w in QApplication.topLevelWidgets():  # its dialogs and print previews
            if w is not self and w.isVisible() and self._owns(w):
                w.hide()
        self.signed_out.emit(reason)
        self.close()

    def _owns(self, widget) -> bool:
        parent = widget.parentWidget()
        while parent is not None:
            if parent is self:
                return True
            parent = parent.parentWidget()
        return False

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.account_watch is None:
            # Once the window has settled: started at once, its import landed on the GUI thread
            # before the 工作台's first read was shown (the start took 15 ms longer). A pane
            # switch before then makes the watch itself (check_account).
            QTimer.singleShot(ACCOUNT_WATCH_AFTER_MS, self, self._start_account_watch)

    def _start_account_watch(self) -> None:
        if not self.property("closed"):
            self._watch().start()

    def _watch(self):
        if self.account_watch is None:
            from ui.account_watch import AccountWatch

            self.account_watch = AccountWatch(self)
        return self.account_watch

    def check_account(self) -> operations.Operation | None:
        """Has the account been deactivated or its role changed since sign-in? One read on the
        worker; if so the window signs out with the reason (ui.account_watch). The timer calls
        it every minute, and each switch of pane."""
        return self._watch().check()

    def show_rules(self) -> None:
        """Help → the list of enforced rules (the same list `fuban rules` prints)."""
        pane = self.show_pane("设置")
        pane.show_tab("规则")  # type: ignore[attr-defined]

    def _make_pane(self, name: str) -> Pane:
        if name == "工作台":
            pane = DashboardPane(self.ctx)
            pane.open_requested.connect(self.open_record)
            return pane
        if name == "会议":
            from ui.panes.meetings import MeetingsPane

            return MeetingsPane(self.ctx)
        if name == "公文":
            from ui.panes.documents import DocumentsPane

            return DocumentsPane(self.ctx)
        if name == "用印":
            from ui.panes.seals import SealsPane

            return SealsPane(self.ctx)
        if name == "外出报备":
            from ui.panes.absences import AbsencesPane

            return AbsencesPane(self.ctx)
        if name == "督办":
            from ui.panes.supervision import SupervisionPane

            return SupervisionPane(self.ctx)
        if name == "人员与分管":
            from ui.panes.directory import DirectoryPane

            return DirectoryPane(self.ctx)
        if name == "设置":
            from ui.panes.settings import SettingsPane

            return SettingsPane(self.ctx)
        return ComingPane(self.ctx, name, COMING[name])

    def pane(self, name: str) -> Pane:
        """The pane called `name`, built on first use."""
        if name not in self.panes:
            row = NAV.index(name)
            placeholder = self.stack.widget(row)
            pane = self._make_pane(name)
            self.panes[name] = pane
            self.stack.insertWidget(row, pane)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
        return self.panes[name]

    def _switch(self, row: int) -> None:
        if self.isVisible():  # queued before the pane's own reads (not at start: just checked)
            self.check_account()
        pane = self.pane(NAV[row])
        self.stack.setCurrentWidget(pane)
        pane.activate()

    def show_pane(self, name: str) -> Pane:
        self.nav.setCurrentRow(NAV.index(name))
        return self.pane(name)

    def open_record(self, area: str, ref_kind: str, ref_id) -> None:
        area = AREA_PANES.get(area, area)
        if area in NAV:
            self.show_pane(area).open_record(ref_kind, ref_id)
