"""外出报备: the register of requests to leave the city (R62) with their approval checklists,
changes of itinerary, returns and 销假, the printed 外出请示报备表 and list, the Excel export, and
the 在外人员 board (who is away on a day or in a week, who acts for them)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.absence_status import status_text
from desktop_app.formatting import format_date
from desktop_app.rules.absences import CATEGORIES
from desktop_app.services.absences import commands as absence_commands
from desktop_app.services.absences import export as absence_export
from desktop_app.services.absences import queries as absences_queries
from desktop_app.services.system.common import ValidationError
from ui import operations
from ui.build_progress import build_with_progress
from ui.errors import show_error
from ui.panes import absences_forms as forms
from ui.panes import meeting_choices as choices
from ui.panes.absences_board import AwayBoard
from ui.panes.absences_detail import AbsenceDetail
from ui.panes.base import Pane
from ui.panes.documents_common import imported_mark
from ui.panes.meeting_print import preview, show_preview
from ui.widgets import export as export_file
from ui.widgets.actions import open_after
from ui.widgets.form_fields import date_edit
from ui.widgets.pick_search import make_searchable
from ui.widgets.table import ROW_ROLE, Column, RegisterView

AREA = "外出报备"
PERIODS = [("all", "全部时间"), ("month", "本月"), ("year", "本年"), ("custom", "指定期间")]
STATES = ["待审批", "已批准", "在外", "待销假", "已销假", "逾期未销假"]
EXTRA_STATES = [
    ("report_missing", "书面报告未交"),
    ("trip_report_missing", "出访报告未交"),
    ("late", "不足3天（紧急）"),
]


def _todo(d, today: date) -> str:
    """What the row still needs: the steps to record, the 销假, the written report, the trip
    report (R66)."""
    if d.status == "pending":
        return "待：" + "、".join(d.missing)
    parts = []
    if d.pending_amendment:
        parts.append("行程变更待审批")
    if d.returned_on and not d.reported_back_on and d.return_due:
        parts.append(
            f"应于{d.return_due.isoformat()}前销假"
            + ("（暂定）" if d.return_due_provisional else "")
        )
    if d.report_missing:
        parts.append("书面报告未交")
    if d.trip_report_missing:
        parts.append("出访报告未交")
    return "；".join(parts)


class AbsencesPane(Pane):
    title = AREA

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.setObjectName("absencesPane")
        self._build_filters()
        today = ctx.today
        self.register = RegisterView(
            "absences",
            [
                Column("姓名", lambda d: d.person_name, 70),
                Column("职务", lambda d: d.post_title, 140),
                Column("类别", lambda d: d.category, 70),
                Column("目的地", lambda d: d.destination, 100),
                Column("出发", lambda d: f"{d.start_date.isoformat()} {d.start_half}", 120),
                Column("返回", lambda d: f"{d.end_date.isoformat()} {d.end_half}", 120),
                Column("主持工作", lambda d: d.acting, 160),
                Column("状态", lambda d: status_text(d, today()), 80),
                Column("报备", lambda d: "不足3天" if d.late else "", 60),
                Column("来源", imported_mark, 40),
                Column("待办", lambda d: _todo(d, today())),
            ],
            self._fetch,
        )
        self.detail = AbsenceDetail(ctx)
        self.register.selection_changed.connect(self._selected)
        self._build_actions()
        self.board = AwayBoard(ctx)

        filters = QHBoxLayout()
        for w in (
            self.period,
            self.start,
            QLabel("至"),
            self.end,
            self.person,
            self.state,
            self.category,
        ):
            filters.addWidget(w)
        filters.addStretch(1)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(filters)
        top_layout.addWidget(self.register)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(self.detail)
        self.tabs = QTabWidget(objectName="absenceTabs")
        self.tabs.addTab(split, "请示报备")
        self.tabs.addTab(self.board, "在外人员")
        self.tabs.currentChanged.connect(lambda _i: self.activate())
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        ctx.data_changed.connect(self._data_changed)

    # --- filters ---------------------------------------------------------------------------
    def _build_filters(self) -> None:
        today = self.ctx.today()
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
        db = self.ctx.db
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
        self.filters = self._read_filters()
        self.period.currentIndexChanged.connect(self._period_changed)
        for w in (self.person, self.state, self.category):
            w.currentIndexChanged.connect(lambda _i: self._filters_changed())
        for w in (self.start, self.end):
            w.dateChanged.connect(lambda _d: self._filters_changed())

    def _period_changed(self) -> None:
        custom = self.period.currentData() == "custom"
        self.start.setEnabled(custom)
        self.end.setEnabled(custom)
        self._filters_changed()

    def _read_filters(self) -> dict:
        """The filters as chosen, read on the GUI thread (the query runs on a worker)."""
        start, end = self.period_range()
        return {
            "start": start,
            "end": end,
            "person_id": self.person.currentData(),
            "state": self.state.currentData(),
            "category": self.category.currentData(),
        }

    def _filters_changed(self) -> None:
        self.filters = self._read_filters()
        self.register.reload()

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

    def filter_text(self) -> str:
        start, end = self.period_range()
        parts = [f"外出日期：{format_date(start)}至{format_date(end)}" if start else "全部时间"]
        parts += [
            w.currentText()
            for w in (self.person, self.state, self.category)
            if w.currentData() is not None
        ]
        return "；".join(parts)

    def _fetch(self, include_voided: bool):
        f, today = self.filters, self.ctx.today()
        state, category = f["state"], f["category"]
        extra = state if state in dict(EXTRA_STATES) else None
        rows = absences_queries.list_absences(
            self.ctx.db, f["start"], f["end"], extra, f["person_id"], include_voided, today=today
        )
        if state in STATES:
            rows = [d for d in rows if status_text(d, today) == state]
        if category:
            rows = [d for d in rows if d.category == category]
        return rows

    # --- actions ---------------------------------------------------------------------------
    def _build_actions(self) -> None:
        v = self.register
        v.add_action("新建请示…", self.new_request, "newAbsence")
        v.add_action("记录审批…", self.record_approval, "recordApproval", True)
        v.add_action("变更行程…", self.amend, "amendAbsence", True)
        v.add_action("登记返回…", self.record_return, "recordReturn", True)
        v.add_action("销假…", self.report_back, "reportBack", True)
        v.add_action("书面报告…", self.written_report, "writtenReport", True)
        v.add_action("出访报告…", self.trip_report, "tripReport", True)
        v.add_action("作废…", self.void, "voidAbsence", True)
        v.add_action("打印报备表", self.print_form, "printAbsenceForm", True)
        v.add_action("打印列表", self.print_list, "printAbsenceList")
        v.add_action("导出Excel…", self.export, "exportAbsences")
        if self.ctx.user.can("records"):  # the office's own register brought in
            from desktop_app.services.absences.import_register import SPEC as IMPORT_SPEC
            from ui.panes.ledger_import import RegisterImport

            self.importer = RegisterImport(self, IMPORT_SPEC)
            self.importer.on_imported = self.changed_done
            self.importer.add_buttons(v)

    def changed_done(self) -> None:
        self.register.reload()
        self.board.reload()
        self.ctx.data_changed.emit(AREA)

    def _data_changed(self, area: str) -> None:
        if area != AREA and self.isVisible():
            self.board.reload()  # e.g. the directory changed who holds a post

    def new_request(self):
        return forms.new_request(self)

    def record_approval(self) -> operations.Operation:
        """The dialog opens once the history is reloaded (the operation's result)."""
        return self._with_history(self._open_approval)

    def _open_approval(self):
        target = self.detail.approval_target()
        if target.status != "pending":
            show_error(
                self,
                ValidationError("该外出请示的审批环节均已登记；行程有变化的，请先「变更行程」。"),
                "无需登记",
            )
            return None
        return forms.record_approval(self, target)

    def amend(self) -> operations.Operation:
        """变更行程: the itinerary in force is read first (the operation's result is the dialog)."""
        row, db = self.register.current(), self.ctx.db
        in_force = row.effective_id if row.effective_id and row.effective_id != row.id else None
        return open_after(
            self,
            lambda: absence_commands.get_absence(db, in_force) if in_force else row,
            lambda current: forms.amend_request(self, row, current),
            self._still_selected(row),
        )

    def record_return(self):
        return forms.record_return(self, self.register.current())

    def report_back(self):
        return forms.report_back(self, self.register.current())

    def written_report(self):
        return forms.written_report(self, self.register.current())

    def trip_report(self):
        return forms.trip_report(self, self.register.current())

    def void(self):
        return forms.void_request(self, self.register.current())

    def print_form(self) -> operations.Operation:
        return self._with_history(self._preview_form)

    def _preview_form(self) -> None:
        from desktop_app.services.absences.printouts import absence_form_pdf

        # The form of the change awaiting approval, else of the itinerary in force (R62.7).
        target = self.detail.approval_target()
        form_id, db = target.id, self.ctx.db
        if target.amends_id is None and target.effective_id:
            form_id = target.effective_id
        preview(
            self,
            lambda: absence_form_pdf(db, form_id),
            f"{target.person_name}外出请示报备表",
        )

    def shown_rows(self) -> list:
        """The rows as the clerk sees them: filters, search box and sort order applied."""
        proxy = self.register.proxy
        return [proxy.index(r, 0).data(ROW_ROLE) for r in range(proxy.rowCount())]

    def print_list(self) -> None:
        from desktop_app.services.absences.printouts import absence_list_pdf

        rows, text, today, db = self.shown_rows(), self.filter_text(), self.ctx.today(), self.ctx.db
        title = "外出请示报备登记表"
        # A long list shows its pages in a progress dialog; 取消 stops it with nothing shown.
        self.list_job = build_with_progress(
            self,
            lambda progress, cancelled: absence_list_pdf(
                db, rows, text, today, progress=progress, cancelled=cancelled
            ),
            title,
            lambda result: show_preview(self, result, title),
        )

    def export(self) -> None:
        path = export_file.ask_path(self, "导出外出请示报备", "外出请示报备.xlsx")
        if path:
            rows = sorted(self.shown_rows(), key=lambda d: (d.start_date, d.id))
            today = self.ctx.today()
            export_file.write(
                self, path, lambda: absence_export.write_absences_xlsx(path, rows, today)
            )

    def _fill_persons(self, people: list[tuple]) -> None:
        self.person.blockSignals(True)  # 全部人员 stays chosen: no reload
        for pid, label in people:
            if pid is not None:
                self.person.addItem(label, pid)
        self.person.blockSignals(False)

    # --- selection, navigation -------------------------------------------------------------
    def _selected(self) -> None:
        # Every reload brings fresh DTOs (a change of itinerary approved elsewhere changes the
        # original's row without changing its version): always show the current one.
        self.detail.show_absence(self.register.current())

    def _with_history(self, then) -> operations.Operation:
        """The history (a pending change of itinerary) is shown from a read the selection
        started; an action needs it as it is now: reread through the runner, then `then()`."""
        d, db = self.register.current(), self.ctx.db

        def refreshed(rows):
            self.detail.history_rows = rows
            self.detail.absence = d
            return then()

        return open_after(
            self,
            lambda: absences_queries.absences_of_root(db, d.root_id),
            refreshed,
            self._still_selected(d),
        )

    def _still_selected(self, row):
        """Whether the clerk still has `row` selected when a read for it reports."""

        def wanted() -> bool:
            current = self.register.current()
            return current is not None and current.id == row.id

        return wanted

    def activate(self) -> None:
        if self.tabs.currentWidget() is self.board:
            self.board.reload()
        else:
            self.register.reload()

    def open_record(self, ref_kind: str, ref_id) -> None:
        """A dashboard entry (kind 「absence」): show the request with every filter cleared."""
        if ref_kind != "absence":
            return
        self.tabs.setCurrentIndex(0)
        for combo in (self.period, self.person, self.state, self.category):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.start.setEnabled(False)
        self.end.setEnabled(False)
        self.filters = self._read_filters()
        self.register.loaded.connect(self._select_once(ref_id))
        self.register.reload()

    def _select_once(self, ref_id):
        def select():
            self.register.loaded.disconnect(select)
            self.register.select_where(lambda d: d.id == ref_id or ref_id in d.amendment_ids)

        return select
