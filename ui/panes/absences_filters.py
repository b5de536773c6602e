"""The filter bar of the 外出报备 register: the period (全部时间, 本月, 本年 or 指定期间), the person,
the state (including the missing reports and 不足3天) and the category, and the register's query
they drive. A widget of its own, as the 用印 tabs' PeriodFilter is: the pane keeps its layout,
register and actions."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from desktop_app.absence_status import status_text
from desktop_app.formatting import format_date
from desktop_app.rules.absences import CATEGORIES
from desktop_app.services.absences import queries as absences_queries
from ui import operations
from ui.panes import absences_forms as forms
from ui.panes import meeting_choices as choices
from ui.widgets.form_fields import date_edit
from ui.widgets.pick_search import make_searchable

PERIODS = [("all", "全部时间"), ("month", "本月"), ("year", "本年"), ("custom", "指定期间")]
STATES = ["待审批", "已批准", "在外", "待销假", "已销假", "逾期未销假"]
# The service's status (absences.queries) each state of STATES is one of: 已批准 and 在外 differ
# by the day of departure, 待销假 and 逾期未销假 by the calendar; the others are that status.
STATE_STATUS = {
    "待审批": "pending",
    "已批准": "approved",
    "在外": "approved",
    "待销假": "returned",
    "已销假": "reported",
    "逾期未销假": "returned",
}
EXACT_STATES = frozenset({"待审批", "已销假"})
EXTRA_STATES = [
    ("report_missing", "书面报告未交"),
    ("trip_report_missing", "出访报告未交"),
    ("late", "不足3天（紧急）"),
]


class AbsenceFilters(QWidget):
    """「[期间] [from] 至 [to] [人员] [状态] [类别]」; `changed` when the clerk changes any of them.
    `chosen` holds them as read on the GUI thread, for the query that runs on a worker."""

    changed = Signal()

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        today = ctx.today()
        self.period = QComboBox(objectName="periodFilter")
        for code, label in PERIODS:
            self.period.addItem(label, code)
        self.start, self.end = date_edit(), date_edit()
        self.start.setObjectName("periodStart")
        self.end.setObjectName("periodEnd")
        for edit, day in ((self.start, today.replace(day=1)), (self.end, today)):
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.setEnabled(False)
        self.person = make_searchable(QComboBox(objectName="personFilter"))
        self.person.addItem("全部人员", None)
        db = ctx.db
        operations.run(
            lambda: choices.persons(db, today, forms.FILING_POSTS),
            self._fill_persons,
            parent=self.person,
            title="读取失败",
        )
        self.state = QComboBox(objectName="stateFilter")
        self.state.addItem("全部状态", None)
        for name in STATES:
            self.state.addItem(name, name)
        for code, name in EXTRA_STATES:
            self.state.addItem(name, code)
        self.category = QComboBox(objectName="categoryFilter")
        self.category.addItem("全部类别", None)
        for c in CATEGORIES:
            self.category.addItem(c, c)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for w in (
            self.period,
            self.start,
            QLabel("至"),
            self.end,
            self.person,
            self.state,
            self.category,
        ):
            layout.addWidget(w)
        layout.addStretch(1)
        self.chosen = self._read()
        self.period.currentIndexChanged.connect(self._period_changed)
        for w in (self.person, self.state, self.category):
            w.currentIndexChanged.connect(lambda _i: self._changed())
        for w in (self.start, self.end):
            w.dateChanged.connect(lambda _d: self._changed())

    def _period_changed(self) -> None:
        custom = self.period.currentData() == "custom"
        self.start.setEnabled(custom)
        self.end.setEnabled(custom)
        self._changed()

    def _read(self) -> dict:
        start, end = self.period_range()
        return {
            "start": start,
            "end": end,
            "person_id": self.person.currentData(),
            "state": self.state.currentData(),
            "category": self.category.currentData(),
        }

    def _changed(self) -> None:
        self.chosen = self._read()
        self.changed.emit()

    def clear(self) -> None:
        """Every filter back to 全部, without `changed` (the caller reloads)."""
        for combo in (self.period, self.person, self.state, self.category):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.start.setEnabled(False)
        self.end.setEnabled(False)
        self.chosen = self._read()

    def period_range(self) -> tuple[date | None, date | None]:
        today, code = self.ctx.today(), self.period.currentData()
        if code == "month":
            nxt = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
            return today.replace(day=1), nxt - timedelta(days=1)
        if code == "year":
            return date(today.year, 1, 1), date(today.year, 12, 31)
        if code == "custom":
            return self.start.date().toPython(), self.end.date().toPython()
        return None, None

    def text(self) -> str:
        """The filters as the printed list names them."""
        start, end = self.period_range()
        parts = [f"外出日期：{format_date(start)}至{format_date(end)}" if start else "全部时间"]
        parts += [
            w.currentText()
            for w in (self.person, self.state, self.category)
            if w.currentData() is not None
        ]
        return "；".join(parts)

    def rows(self, include_voided: bool, limit: int | None = None) -> list:
        """The requests the chosen filters let through (run on the worker); `limit`: the
        newest that many. A state is read as the service's status that holds it (STATE_STATUS)
        and decided on the rows read; where the two are the same (EXACT_STATES) the list is
        paged, else the few requests of that status are read whole."""
        f, today = self.chosen, self.ctx.today()
        state, category = f["state"], f["category"]
        status = state if state in dict(EXTRA_STATES) else STATE_STATUS.get(state)
        paged = state is None or state in EXACT_STATES or state in dict(EXTRA_STATES)
        rows = absences_queries.list_absences(
            self.ctx.db,
            f["start"],
            f["end"],
            status,
            f["person_id"],
            include_voided,
            today=today,
            limit=limit if paged else None,
            category=category or None,
        )
        if state in STATES:
            rows = [d for d in rows if status_text(d, today) == state]
        return rows

    def _fill_persons(self, people: list[tuple]) -> None:
        self.person.blockSignals(True)  # 全部人员 stays chosen: no reload
        for pid, label in people:
            if pid is not None:
                self.person.addItem(label, pid)
        self.person.blockSignals(False)
