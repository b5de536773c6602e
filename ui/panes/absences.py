"""外出报备: the register of requests to leave the city (R62) with their approval checklists,
changes of itinerary, returns and 销假, the printed 外出请示报备表 and list, the Excel export, and
the 在外人员 board (who is away on a day or in a week, who acts for them). The pane holds the
layout, the register and the selection; its filter bar and query are in absences_filters, the
operations that read before they act (审批, 变更行程, printing, export) in absences_actions."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.absence_status import status_text
from ui import operations
from ui.panes import absences_actions as actions
from ui.panes import absences_forms as forms
from ui.panes.absences_board import AwayBoard
from ui.panes.absences_detail import AbsenceDetail
from ui.panes.absences_filters import AbsenceFilters
from ui.panes.base import Pane
from ui.panes.documents_common import imported_mark
from ui.widgets.actions import offer_to
from ui.widgets.pager import Pager
from ui.widgets.table import ROW_ROLE, Column, RegisterView

AREA = "外出报备"


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
        self.filter_bar = AbsenceFilters(ctx)
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
        # Years of requests are not read to show one screen: the newest page first, 「显示更多」
        # for older ones (ui.widgets.pager). 打印列表 and 导出Excel take the rows as filtered on
        # screen, so each reads every request the filters let through first.
        self.pager = Pager(self.register, "absences")
        self.pager.follow_quick_search()
        self.detail = AbsenceDetail(ctx)
        self.register.selection_changed.connect(self._selected)
        self.filter_bar.changed.connect(self.pager.restart)
        self._build_actions()
        self.board = AwayBoard(ctx)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.filter_bar)
        top_layout.addWidget(self.register)
        top_layout.addLayout(self.pager.row)
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
    def filter_text(self) -> str:
        return self.filter_bar.text()

    def _fetch(self, include_voided: bool):
        return self.pager.take(self.filter_bar.rows(include_voided, self.pager.rows_wanted()))

    # --- actions ---------------------------------------------------------------------------
    def _build_actions(self) -> None:
        v = self.register
        # Each write (services.absences: file_request, record_approval, amend_request, returns,
        # void_request) requires "records": not offered to 督查 or 只读.
        offer_to(
            self.ctx.user,
            ("records",),
            v.add_action("新建请示…", self.new_request, "newAbsence"),
            v.add_action("记录审批…", self.record_approval, "recordApproval", True),
            v.add_action("变更行程…", self.amend, "amendAbsence", True),
            v.add_action("登记返回…", self.record_return, "recordReturn", True),
            v.add_action("销假…", self.report_back, "reportBack", True),
            v.add_action("书面报告…", self.written_report, "writtenReport", True),
            v.add_action("出访报告…", self.trip_report, "tripReport", True),
            v.add_action("作废…", self.void, "voidAbsence", True),
        )
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
        return actions.record_approval(self)

    def amend(self) -> operations.Operation:
        """变更行程: the itinerary in force is read first (the operation's result is the dialog)."""
        return actions.amend(self)

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
        return actions.print_form(self)

    def shown_rows(self) -> list:
        """The rows as the clerk sees them: filters, search box and sort order applied."""
        proxy = self.register.proxy
        return [proxy.index(r, 0).data(ROW_ROLE) for r in range(proxy.rowCount())]

    def print_list(self) -> None:
        self.pager.with_every_row(lambda: actions.print_list(self))

    def export(self) -> None:
        self.pager.with_every_row(lambda: actions.export(self))

    # --- selection, navigation -------------------------------------------------------------
    def _selected(self) -> None:
        # Every reload brings fresh DTOs (a change of itinerary approved elsewhere changes the
        # original's row without changing its version): always show the current one.
        self.detail.show_absence(self.register.current())

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
        self.filter_bar.clear()
        self.pager.select(lambda d: d.id == ref_id or ref_id in d.amendment_ids)
