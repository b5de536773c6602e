"""用印: applications (用印审批单) with their checklist of approvals and the use, the 用印登记簿,
the catalogue of seals with custody and lending, and the reconciliation per seal and month."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services import seals
from ui.panes import seals_forms as forms
from ui.panes.base import Pane
from ui.panes.seals_catalogue import CatalogueTab
from ui.panes.seals_detail import ApplicationDetail
from ui.panes.seals_filters import PeriodFilter, fill_seals, fill_units
from ui.panes.seals_register import ReconciliationTab, RegisterTab
from ui.widgets.pager import Pager
from ui.widgets.pick_search import make_searchable
from ui.widgets.table import Column, RegisterView

AREA = "用印"
TEXT_DELAY_MS = 300


class SealsPane(Pane):
    title = "用印"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.setObjectName("sealsPane")
        today = ctx.today()
        self.seal = QComboBox(objectName="applicationSeal")
        self.unit = make_searchable(QComboBox(objectName="applicationUnit"))
        self.status = QComboBox(objectName="applicationStatus")
        self.status.addItem("全部状态", None)
        for code, name in seals.APPLICATION_STATUS.items():
            self.status.addItem(name, code)
        self.period = PeriodFilter(today.replace(month=1, day=1), today, True, "applicationPeriod")
        self.document = QLineEdit(
            placeholderText="文件名称、事由或经办人", objectName="applicationDocument"
        )
        self.applications = RegisterView(
            "sealApplications",
            [
                Column("编号", lambda a: a.number, 130),
                Column("申请日期", lambda a: a.applied_on, 90),
                Column("用印单位", lambda a: a.unit_name, 130),
                Column("经办人", lambda a: a.handler, 70),
                Column("文件名称", lambda a: a.title, 240),
                Column("印章", lambda a: a.seal_name, 150),
                Column("份数", lambda a: a.copies, 50),
                Column("已用印", lambda a: a.copies_stamped or "", 60),
                Column("标记", lambda a: "、".join(a.flags), 120),
                Column("状态", lambda a: a.status_name),
            ],
            self._fetch,
        )
        # Years of applications (some 800 a year) are not read to show one screen: the newest
        # page first, 「显示更多」 for older ones (ui.widgets.pager).
        self.pager = Pager(self.applications, "sealApplications")
        self.pager.follow_quick_search()
        self.applications.query_state = self._filters
        self.applications.show_voided.setChecked(True)  # voided applications stay visible
        v = self.applications
        v.add_action("新建用印申请…", self.new_application, "newApplication").setVisible(
            ctx.user.can("records")
        )
        v.add_action("打印审批单", lambda: self.detail.print_form(), "printApplication", True)
        self.detail = ApplicationDetail(ctx)
        self.detail.changed.connect(v.reload)
        v.selection_changed.connect(self._selected)
        self.register = RegisterTab(ctx, self._changed)
        self.catalogue = CatalogueTab(ctx, self._changed)
        self.reconciliation = ReconciliationTab(ctx)

        timer = QTimer(self, singleShot=True, interval=TEXT_DELAY_MS)
        timer.timeout.connect(self.pager.restart)
        self.document.textChanged.connect(lambda _t: timer.start())
        for combo in (self.seal, self.unit, self.status):
            combo.currentIndexChanged.connect(lambda _i: self.pager.restart())
        self.period.changed.connect(self.pager.restart)
        filters = QHBoxLayout()
        for w in (self.seal, self.unit, self.status, self.period):
            filters.addWidget(w)
        filters.addWidget(self.document, 1)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(filters)
        top_layout.addWidget(v)
        top_layout.addLayout(self.pager.row)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(self.detail)
        self.tabs = QTabWidget(objectName="sealTabs")
        self.tabs.addTab(split, "用印申请")
        self.tabs.addTab(self.register, "用印登记簿")
        self.tabs.addTab(self.catalogue, "印章")
        self.tabs.addTab(self.reconciliation, "对账")
        self.tabs.currentChanged.connect(lambda _i: self.activate())
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self._refresh_choices()

    # --- applications ----------------------------------------------------------------------
    def _filters(self) -> dict:
        """The filter widgets' values, read on the GUI thread before the query runs."""
        return dict(
            seal_id=self.seal.currentData(),
            unit_id=self.unit.currentData(),
            start=self.period.start(),
            end=self.period.end(),
            text=self.document.text(),
            status=self.status.currentData(),
        )

    def _fetch(self, include_voided: bool, filters: dict):
        rows = seals.list_applications(
            self.ctx.db,
            include_voided=include_voided,
            user=self.ctx.user,
            limit=self.pager.rows_wanted(),
            **filters,
        )
        return self.pager.take(rows)

    def _selected(self) -> None:
        row = self.applications.current()
        shown = self.detail.app
        if row is None:
            return
        if shown is None or shown.id != row.id or shown.version != row.version:
            self.detail.show_application(row.id)

    def new_application(self):
        def saved() -> None:
            dialog = self._apply_dialog
            self._changed()
            self.open_record("seal_application", dialog.result_value.id)

        self._apply_dialog = forms.apply_dialog(
            self, self.ctx, saved, lambda: self.tabs.setCurrentWidget(self.catalogue)
        )
        return self._apply_dialog

    def _changed(self) -> None:
        self.ctx.data_changed.emit(AREA)
        self.applications.reload()

    # --- pane ------------------------------------------------------------------------------
    def _refresh_choices(self) -> None:
        fill_seals(self.seal, self.ctx.db)
        fill_units(self.unit, self.ctx.db)
        self.register.refresh_choices()
        self.reconciliation.refresh_choices()

    def activate(self) -> None:
        self._refresh_choices()
        current = self.tabs.currentWidget()
        if current is self.register:
            self.register.view.reload()
        elif current is self.catalogue:
            self.catalogue.reload()
        elif current is self.reconciliation:
            self.reconciliation.view.reload()
        else:
            self.applications.reload()

    def open_record(self, ref_kind: str, ref_id) -> None:
        if ref_kind in ("seal_application", "application"):
            self.tabs.setCurrentIndex(0)
            # Clear the filters: the record may lie outside them (each change reloads; only the
            # last reload reports, see RegisterView.reload).
            self.period.enabled.setChecked(False)
            for combo in (self.seal, self.unit, self.status):
                combo.setCurrentIndex(0)
            self.document.clear()
            self.applications.show_voided.setChecked(True)
            self.pager.select(lambda a: a.id == ref_id, self._selected)
        elif ref_kind in ("seal_loan", "loan"):
            self.tabs.setCurrentWidget(self.catalogue)
            self.catalogue.select_loan(ref_id)
        elif ref_kind in ("seal", "seal_use"):
            self.tabs.setCurrentWidget(self.catalogue if ref_kind == "seal" else self.register)
