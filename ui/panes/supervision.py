"""督办: the register of supervision items (R70–R73) — filter by state and unit, search, the
detail with its written reports, and the actions the rules allow on the selected item."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.supervision import commands, export, queries, steps
from desktop_app.services.supervision.dashboard import DUE_SOON_WORKING_DAYS
from desktop_app.services.system.calendar_admin import work_calendar
from ui import operations
from ui.panes import supervision_forms as forms
from ui.panes.base import Pane
from ui.panes.documents_common import imported_mark
from ui.panes.supervision_detail import AttachmentLinks, detail_html
from ui.panes.supervision_units import unit_summary_view
from ui.widgets import export as export_file
from ui.widgets.actions import offer_to
from ui.widgets.pick_search import make_searchable
from ui.widgets.table import Column, RegisterView

STATES = [
    ("", "全部"),
    ("open", "办理中"),
    ("overdue", "已逾期"),
    ("due_soon", f"{DUE_SOON_WORKING_DAYS}个工作日内到期"),
    ("closed", "已办结"),
]
COLUMNS = [
    Column("来源", lambda r: r.source_text, 90),
    Column("督办事项", lambda r: r.title, 260),
    Column("责任单位", lambda r: r.unit_name, 130),
    Column("责任人", lambda r: r.responsible_person, 80),
    Column("分管副市长", lambda r: r.vice_mayor_name, 80),
    Column("交办日期", lambda r: r.assigned_on, 90),
    # CAL1: a deadline counted on a year whose holidays are not entered yet is marked 暂定
    Column(
        "完成时限",
        lambda r: f"{r.deadline.isoformat()}（暂定）" if r.deadline_provisional else r.deadline,
        90,
    ),
    Column("反馈", lambda r: r.reports, 50),
    Column("状态", lambda r: r.status_text, 80),
    # history brought in from the office's own 督办台账 (hidden while none is shown)
    Column("导入", imported_mark, 40),
]


class SupervisionPane(Pane):
    title = "督办"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.setObjectName("supervisionPane")
        self.state = QComboBox(objectName="supervisionState")
        for value, label in STATES:
            self.state.addItem(label, value)
        # Per-unit view (its open, on-time and late items) and per-leader view (his 批示).
        self.unit = make_searchable(QComboBox(objectName="supervisionUnit"))
        self.unit.addItem("全部单位", None)
        self.leader = make_searchable(QComboBox(objectName="supervisionLeader"))
        self.leader.addItem("全部批示领导", None)
        self.view = RegisterView("supervision", COLUMNS, self._fetch)
        self.view.query_state = lambda: (
            self.state.currentData(),
            self.unit.currentData(),
            self.leader.currentData(),
        )
        for combo in (self.state, self.unit, self.leader):
            combo.currentIndexChanged.connect(lambda _i: self.view.reload())
        writes = [
            self.view.add_action(
                "会议决定转入督办", lambda: forms.from_decision(self), "supFromDecision"
            ),
            self.view.add_action("新建督办事项", lambda: forms.new_item(self), "supNewItem"),
            self.view.add_action("登记请示报告", lambda: forms.request(self), "supRequest"),
        ]
        for text, form, name in (
            ("登记书面反馈", forms.report, "supReport"),
            ("登记审批环节", forms.step, "supStep"),
            ("标记办结", forms.close, "supClose"),
            ("提交协调", forms.escalate, "supEscalate"),
            ("作废", forms.void, "supVoid"),
        ):
            writes.append(self.view.add_action(text, self._on_row(form), name, needs_row=True))
        # every write checks require_supervision: 文秘 or 督查, not 只读
        offer_to(ctx.user, commands.KEEPERS, *writes)
        self.view.add_action("打印督办通知单", self.print_notice, "supNotice", needs_row=True)
        self.view.add_action("督查通报", lambda: forms.circular(self), "supCircular")
        self.view.add_action(
            "建议提案年度汇总", lambda: forms.proposal_summary(self), "supProposalSummary"
        )
        self.view.add_action("导出Excel", self.export, "supExport")
        from desktop_app.services.supervision.import_register import SPEC as IMPORT_SPEC

        # the office's own 督办台账 brought in, by 文秘 or 督查 (who register its items)
        if any(ctx.user.can(p) for p in IMPORT_SPEC.permissions):
            from ui.panes.ledger_import import RegisterImport

            self.importer = RegisterImport(self, IMPORT_SPEC)
            self.importer.on_imported = self.view.reload
            self.importer.add_buttons(self.view)
        self.last_circular = None  # the RenderResult last previewed (tests read its text)
        self.detail = QTextBrowser(objectName="supervisionDetail")
        self.attachments = AttachmentLinks(self.detail, ctx)
        self.view.selection_changed.connect(self.show_detail)
        self._detail_latest = operations.Latest()

        top = QHBoxLayout()
        top.addWidget(QLabel("状态："))
        top.addWidget(self.state)
        top.addWidget(self.unit)
        top.addWidget(self.leader)
        top.addStretch(1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        register = QWidget()
        inner = QVBoxLayout(register)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addLayout(top)
        inner.addWidget(split, 1)
        self.units = unit_summary_view(ctx, self.show_unit)
        self.tabs = QTabWidget(objectName="supervisionTabs")
        self.tabs.addTab(register, "督办台账")
        self.tabs.addTab(self.units, "按单位汇总")
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        self._filters_asked = False

    def _fetch(self, include_voided: bool, query: tuple):
        state, unit_id, leader_id = query
        db, user, today = self.ctx.db, self.ctx.user, self.ctx.today()
        due_by = None
        if state == "due_soon":
            due_by = work_calendar(db).add_working_days(today, DUE_SOON_WORKING_DAYS)
        return queries.list_items(
            db,
            today,
            user=user,
            state=state,
            unit_id=unit_id,
            instruction_by_id=leader_id,
            due_by=due_by,
            include_voided=include_voided,
        )

    def print_notice(self) -> None:
        """督办通知单 in the preview; a classified item's (R44) asks its 份数 first, each copy
        with a 份号."""
        from desktop_app.services.supervision.printouts import notice_pdf
        from ui.panes.meeting_print import preview, preview_copies

        item = self.view.current()
        if item is not None:
            db, user, today = self.ctx.db, self.ctx.user, self.ctx.today()
            if item.secrecy and user.can("classified"):
                preview_copies(
                    self,
                    lambda copies: notice_pdf(db, item.id, today, user=user, copies=copies),
                    "督办通知单",
                )
                return
            preview(self, lambda: notice_pdf(db, item.id, today, user=user), "督办通知单")

    def export(self) -> None:
        path = export_file.ask_path(self, "导出督办台账", "督办台账.xlsx")
        if path:
            db, user, today = self.ctx.db, self.ctx.user, self.ctx.today()
            export_file.write(self, path, lambda: export.export_items(db, path, today, user=user))

    def _tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.units:
            self.units.reload()  # counts as of now, read when the tab is shown

    def show_unit(self, unit_id: int) -> None:
        """From the summary: the register with that unit's items, every state."""
        self.tabs.setCurrentIndex(0)
        self.state.blockSignals(True)
        self.state.setCurrentIndex(0)
        self.state.blockSignals(False)
        i = self.unit.findData(unit_id)
        if i >= 0 and i != self.unit.currentIndex():
            self.unit.setCurrentIndex(i)  # reloads
        else:
            self.view.reload()

    def _on_row(self, form):
        def run() -> None:
            item = self.view.current()
            if item is not None:
                form(self, item)

        return run

    def activate(self) -> None:
        if not self._filters_asked:  # the filters' lists, read once through the runner
            self._filters_asked = True
            db, today = self.ctx.db, self.ctx.today()
            operations.run(
                lambda: (forms.mc.units(db), forms.mc.leaders(db, today)),
                self._fill_filters,
                parent=self.unit,
            )
        self.view.reload()

    def _fill_filters(self, lists) -> None:
        for combo, rows in zip((self.unit, self.leader), lists, strict=True):
            combo.blockSignals(True)  # 全部 stays chosen: no reload
            for value, label in rows:
                if value is not None:
                    combo.addItem(label, value)
            combo.blockSignals(False)

    def changed(self) -> None:
        self.view.reload()
        if self.tabs.currentWidget() is self.units:
            self.units.reload()
        self.ctx.data_changed.emit("督办")

    def open_record(self, ref_kind: str, ref_id) -> None:
        if ref_kind != "supervision_item":
            return

        def select() -> None:
            self.view.loaded.disconnect(select)
            self.view.select_where(lambda r: r.id == ref_id)

        self.view.loaded.connect(select)
        if self.state.currentIndex() != 0:
            self.state.setCurrentIndex(0)  # every item, so the one asked for is listed
        else:
            self.view.reload()

    def show_detail(self) -> None:
        item = self.view.current()
        if item is None:
            self.detail.clear()
            return
        db, user = self.ctx.db, self.ctx.user
        operations.run(
            lambda: (queries.reports_of(db, item.id, user=user), steps.steps_of(db, item.id)),
            self._show_detail(item),
            parent=self.detail,
            still_wanted=self._detail_latest.ticket(),
        )

    def _show_detail(self, item):
        def show(got) -> None:
            reports, chain_steps = got
            self.attachments.show(reports)
            self.detail.setHtml(detail_html(item, reports, chain_steps))

        return show
