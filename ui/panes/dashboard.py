"""工作台: today's list of things needing attention; double-click opens the record."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from desktop_app.formatting import format_date
from desktop_app.services.absences import away
from desktop_app.services.system import dashboard
from ui import operations
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
        self.view = RegisterView(
            "dashboard",
            columns,
            lambda _v: dashboard.collect(ctx.db, ctx.today(), ctx.user),
            voidable=False,
        )
        self.view.table.doubleClicked.connect(lambda _idx: self._open_current())
        self.heading = QLabel(objectName="dashboardHeading")
        refresh = QPushButton("刷新", objectName="dashboardRefresh")
        refresh.clicked.connect(self.view.reload)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(refresh)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        # 今日在外 (DESIGN.md: the 工作台 shows who is away): one line above the list.
        self.away = QLabel(objectName="dashboardAway")
        self.away.setWordWrap(True)
        layout.addWidget(self.away)
        layout.addWidget(self.view, 1)
        self.view.loaded.connect(self._update_heading)
        self.view.loaded.connect(self._reload_away)
        ctx.data_changed.connect(lambda _area: self.view.reload())

    def activate(self) -> None:
        self.view.reload()

    def _update_heading(self) -> None:
        d = self.ctx.today()
        n = self.view.model.rowCount()
        self.heading.setText(f"<b>{format_date(d)}</b>　今日待办 {n} 项")

    def _reload_away(self) -> None:
        day = self.ctx.today()
        db = self.ctx.db
        operations.run(
            lambda: away.who_is_away(db, day, day),
            self._show_away,
            lambda _exc: self.away.clear(),
            parent=self.away,
        )

    def _show_away(self, people) -> None:
        if not shiboken6.isValid(self.away):
            return
        parts = []
        for a in people:
            cover = f"，AB角{a.ab_partner_name}" if a.ab_partner_name else ""
            if a.entrusted_name:
                cover += f"，受委托主持工作{a.entrusted_name}"
            parts.append(
                f"{a.name}（{a.destination}，至{a.end.month}月{a.end.day}日{a.end_half}；"
                f"主持工作：{a.acting_name}{cover}）"
            )
        self.away.setText("今日在外：" + ("；".join(parts) if parts else "无"))

    def _open_current(self) -> None:
        item = self.view.current()
        if item is not None:
            self.open_requested.emit(item.area, item.ref_kind, item.ref_id)
