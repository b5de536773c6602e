"""工作台: today's list of things needing attention; double-click opens the record."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from desktop_app.formatting import format_date
from desktop_app.services import dashboard
from ui.panes.base import Pane
from ui.widgets.table import Column, RegisterView


class DashboardPane(Pane):
    title = "工作台"
    open_requested = Signal(str, str, object)  # area, ref_kind, ref_id

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.setObjectName("dashboardPane")
        columns = [
            Column("类别", lambda i: dashboard.SEVERITY_NAMES.get(i.severity, i.severity), 80),
            Column("事项", lambda i: i.title, 260),
            Column("期限", lambda i: i.due, 100),
            Column("所属", lambda i: i.area, 100),
            Column("说明", lambda i: i.detail),
        ]
        self.view = RegisterView("dashboard", columns,
                                 lambda _v: dashboard.collect(ctx.db, ctx.today()),
                                 voidable=False)
        self.view.table.doubleClicked.connect(lambda _idx: self._open_current())
        self.heading = QLabel(objectName="dashboardHeading")
        refresh = QPushButton("刷新", objectName="dashboardRefresh")
        refresh.clicked.connect(self.view.reload)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(refresh)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self.view.loaded.connect(self._update_heading)
        ctx.data_changed.connect(lambda _area: self.view.reload())

    def activate(self) -> None:
        self.view.reload()

    def _update_heading(self) -> None:
        d = self.ctx.today()
        n = self.view.model.rowCount()
        self.heading.setText(f"<b>{format_date(d)}</b>　今日待办 {n} 项")

    def _open_current(self) -> None:
        item = self.view.current()
        if item is not None:
            self.open_requested.emit(item.area, item.ref_kind, item.ref_id)
