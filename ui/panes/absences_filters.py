"""The filters of the 外出报备 register: the period (全部时间, 本月, 本年 or 指定期间), the person,
the state (including the missing reports and 不足3天) and the category, and the register's query
they drive. Plain functions taking the pane, whose widgets and chosen `filters` they set: the
pane keeps its layout, register and actions, and the rows are filtered here."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox

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
EXTRA_STATES = [
    ("report_missing", "书面报告未交"),
    ("trip_report_missing", "出访报告未交"),
    ("late", "不足3天（紧急）"),
]


def build_filters(pane) -> None:
    today = pane.ctx.today()
    pane.period = QComboBox(objectName="periodFilter")
    for code, label in PERIODS:
        pane.period.addItem(label, code)
    pane.start, pane.end = date_edit(), date_edit()
    pane.start.setObjectName("periodStart")
    pane.end.setObjectName("periodEnd")
    for edit, day in ((pane.start, today.replace(day=1)), (pane.end, today)):
        edit.setDate(QDate(day.year, day.month, day.day))
        edit.setEnabled(False)
    pane.person = make_searchable(QComboBox(objectName="personFilter"))
    pane.person.addItem("全部人员", None)
    db = pane.ctx.db
    operations.run(
        lambda: choices.persons(db, today, forms.FILING_POSTS),
        lambda people: fill_persons(pane, people),
        parent=pane.person,
        title="读取失败",
    )
    pane.state = QComboBox(objectName="stateFilter")
    pane.state.addItem("全部状态", None)
    for name in STATES:
        pane.state.addItem(name, name)
    for code, name in EXTRA_STATES:
        pane.state.addItem(name, code)
    pane.category = QComboBox(objectName="categoryFilter")
    pane.category.addItem("全部类别", None)
    for c in CATEGORIES:
        pane.category.addItem(c, c)
    pane.filters = read_filters(pane)
    pane.period.currentIndexChanged.connect(lambda _i: period_changed(pane))
    for w in (pane.person, pane.state, pane.category):
        w.currentIndexChanged.connect(lambda _i: filters_changed(pane))
    for w in (pane.start, pane.end):
        w.dateChanged.connect(lambda _d: filters_changed(pane))


def period_changed(pane) -> None:
    custom = pane.period.currentData() == "custom"
    pane.start.setEnabled(custom)
    pane.end.setEnabled(custom)
    filters_changed(pane)


def read_filters(pane) -> dict:
    """The filters as chosen, read on the GUI thread (the query runs on a worker)."""
    start, end = period_range(pane)
    return {
        "start": start,
        "end": end,
        "person_id": pane.person.currentData(),
        "state": pane.state.currentData(),
        "category": pane.category.currentData(),
    }


def filters_changed(pane) -> None:
    pane.filters = read_filters(pane)
    pane.register.reload()


def period_range(pane) -> tuple[date | None, date | None]:
    today, code = pane.ctx.today(), pane.period.currentData()
    if code == "month":
        nxt = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
        return today.replace(day=1), nxt - timedelta(days=1)
    if code == "year":
        return date(today.year, 1, 1), date(today.year, 12, 31)
    if code == "custom":
        return pane.start.date().toPython(), pane.end.date().toPython()
    return None, None


def filter_text(pane) -> str:
    start, end = period_range(pane)
    parts = [f"外出日期：{format_date(start)}至{format_date(end)}" if start else "全部时间"]
    parts += [
        w.currentText()
        for w in (pane.person, pane.state, pane.category)
        if w.currentData() is not None
    ]
    return "；".join(parts)


def fetch(pane, include_voided: bool):
    f, today = pane.filters, pane.ctx.today()
    state, category = f["state"], f["category"]
    extra = state if state in dict(EXTRA_STATES) else None
    rows = absences_queries.list_absences(
        pane.ctx.db, f["start"], f["end"], extra, f["person_id"], include_voided, today=today
    )
    if state in STATES:
        rows = [d for d in rows if status_text(d, today) == state]
    if category:
        rows = [d for d in rows if d.category == category]
    return rows


def fill_persons(pane, people: list[tuple]) -> None:
    pane.person.blockSignals(True)  # 全部人员 stays chosen: no reload
    for pid, label in people:
        if pid is not None:
            pane.person.addItem(label, pid)
    pane.person.blockSignals(False)
