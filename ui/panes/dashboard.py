"""工作台: today's list of things needing attention, most urgent first; double-click (or Enter)
opens the record in its pane, selected and shown."""

from __future__ import annotations

from collections import Counter

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
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
        # The service lists the items by urgency (已逾期, 今日到期, 即将到期, 待审批, 提醒, 提示).
        columns = [
            Column("类别", lambda i: dashboard.category(i, ctx.today()), 80),
            Column("事项", lambda i: i.title, 260),
            Column("期限", lambda i: i.due, 100),
            Column("所属", lambda i: i.area, 100),
            Column("说明", lambda i: i.detail, wide=True),
        ]
        self.view = RegisterView(
            "dashboard",
            columns,
            lambda _v: dashboard.collect(ctx.db, ctx.today(), ctx.user),
            voidable=False,
        )
        self.view.table.doubleClicked.connect(lambda _idx: self._open_current())
        self.view.table.setToolTip("双击（或按回车）打开该记录")
        for key in ("Return", "Enter"):
            opener = QShortcut(QKeySequence(key), self.view.table)
            opener.setContext(Qt.ShortcutContext.WidgetShortcut)
            opener.activated.connect(self._open_current)
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
        rows = self.view.model.rows
        counts = Counter(dashboard.urgency(i, d) for i in rows)
        parts = [
            f"{name} {counts[rank]}"
            for rank, name in enumerate(dashboard.URGENCY_NAMES[:3])
            if counts[rank]
        ]
        more = f"（{'，'.join(parts)}）" if parts else ""
        self.heading.setText(f"<b>{format_date(d)}</b>　今日待办 {len(rows)} 项{more}")

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
