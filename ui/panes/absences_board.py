"""在外人员: who is away on a chosen day (today by default) or in its week — where, until when,
who acts for them, an away vice mayor's AB partner (R6.2) and the executive vice mayor entrusted
while the mayor is away (R6.3). The same source (services.away) the meetings and approvals use."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.formatting import format_date
from desktop_app.services.absences import away
from ui.widgets.form_fields import date_edit
from ui.widgets.table import Column, RegisterView

SPANS = [("day", "当日"), ("week", "本周（周一至周日）")]


def _when(day: date, half: str) -> str:
    return f"{day.isoformat()} {half}"


BOARD_COLUMNS = [
    Column("姓名", lambda a: a.name, 70),
    Column("职务", lambda a: a.post_title, 150),
    Column("类别", lambda a: a.category, 70),
    Column("目的地", lambda a: a.destination, 110),
    Column("出发", lambda a: _when(a.start, a.start_half), 120),
    Column("返回", lambda a: _when(a.end, a.end_half), 120),
    Column("主持工作负责同志", lambda a: a.acting, 200),
    Column("AB角", lambda a: a.ab_partner_name, 70),
    Column("受委托主持工作", lambda a: a.entrusted_name, 100),
    Column("联系电话", lambda a: a.contact),
]


def span_of(day: date, span: str) -> tuple[date, date]:
    if span == "week":
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)
    return day, day


class AwayBoard(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.setObjectName("awayBoard")
        self.ctx = ctx
        self.day = date_edit()
        self.day.setObjectName("awayDay")
        self.set_day(ctx.today())
        self.span = QComboBox(objectName="awaySpan")
        for code, label in SPANS:
            self.span.addItem(label, code)
        today = QPushButton("今天", objectName="awayToday")
        today.clicked.connect(lambda: self.set_day(self.ctx.today()))
        self.heading = QLabel(objectName="awayHeading")
        self.shown = self.period()  # read on the GUI thread; the query runs on a worker
        self.view = RegisterView(
            "away", BOARD_COLUMNS, lambda _inc: self._fetch(self.shown), voidable=False
        )
        self.view.loaded.connect(self._update_heading)
        self.day.dateChanged.connect(lambda _d: self.reload())
        self.span.currentIndexChanged.connect(lambda _i: self.reload())
        top = QHBoxLayout()
        top.addWidget(QLabel("日期："))
        top.addWidget(self.day)
        top.addWidget(self.span)
        top.addWidget(today)
        top.addWidget(self.heading, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)

    def set_day(self, day: date) -> None:
        self.day.setDate(QDate(day.year, day.month, day.day))

    def period(self) -> tuple[date, date]:
        return span_of(self.day.date().toPython(), self.span.currentData() or "day")

    def reload(self) -> None:
        self.shown = self.period()
        self.view.reload()

    def _fetch(self, period: tuple[date, date]):
        return away.who_is_away(self.ctx.db, *period)

    def _update_heading(self) -> None:
        start, end = self.shown
        when = format_date(start) if start == end else f"{format_date(start)}至{format_date(end)}"
        n = self.view.model.rowCount()
        self.heading.setText(f"{when}　在外 {n} 人" if n else f"{when}　无人在外")

    def names(self) -> list[str]:
        return [a.name for a in self.view.model.rows]
