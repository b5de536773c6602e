"""设置: database (this PC), organisation profile, accounts, working calendar, rule help and,
for administrators, 编号续接 (where numbering goes on from the paper registers) and 维护
(backups, restore, the integrity check and the self-test).

Each tab is its own widget in a settings_*.py module; this pane only assembles them, refreshes
them when the clerk comes back, and opens the calendar from a dashboard reminder.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout

from ui.context import AppContext
from ui.panes.base import Pane
from ui.panes.settings_accounts import AccountsWidget
from ui.panes.settings_calendar import CalendarWidget
from ui.panes.settings_database import DatabaseSettingsWidget
from ui.panes.settings_maintenance import MaintenanceWidget
from ui.panes.settings_numbering import NumberingWidget
from ui.panes.settings_org import OrgProfileWidget
from ui.panes.settings_print import PrintSettingsWidget
from ui.panes.settings_rules import RulesWidget

TABS = ("数据库", "组织设置", "账户", "工作日历", "打印", "规则", "编号续接", "维护")


class SettingsPane(Pane):
    title = "设置"

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(ctx, parent)
        self.setObjectName("settingsPane")
        self.database = DatabaseSettingsWidget(ctx.database_label)
        self.org = OrgProfileWidget(ctx)
        self.accounts = AccountsWidget(ctx)
        self.calendar = CalendarWidget(ctx)
        self.printing = PrintSettingsWidget()
        self.rules = RulesWidget()
        self.tabs = QTabWidget(objectName="settingsTabs")
        widgets = (self.database, self.org, self.accounts, self.calendar, self.printing, self.rules)
        # 编号续接 only for administrators (the service refuses everyone else anyway)
        self.numbering = NumberingWidget(ctx) if ctx.user.can("admin") else None
        self.maintenance = MaintenanceWidget(ctx) if ctx.user.can("admin") else None
        admin_tabs = (self.numbering, self.maintenance)
        for name, widget in zip(TABS, (*widgets, *admin_tabs), strict=True):
            if widget is not None:
                self.tabs.addTab(widget, name)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self._rules_loaded = False

    def activate(self) -> None:
        self.org.refresh()
        self.accounts.reload()
        self.calendar.reload()
        if self.numbering is not None:
            self.numbering.reload()
        if self.maintenance is not None:
            self.maintenance.reload()
        if not self._rules_loaded:  # the rule list only changes with a new release
            self._rules_loaded = True
            self.rules.reload()

    def show_tab(self, name: str) -> None:
        self.tabs.setCurrentIndex(TABS.index(name))

    def open_record(self, ref_kind: str, ref_id: int | None) -> None:
        if ref_kind == "calendar":
            self.show_tab("工作日历")
            self.calendar.show_year(ref_id)
