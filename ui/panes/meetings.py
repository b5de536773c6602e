"""会议: the meetings register with one meeting's detail, the agenda items and their chains,
emergency decisions (R23.4.3) and all decisions to follow up. The pane holds the layout, the
registers and the selection; its dialogs and operations are in meeting_actions (meetings,
emergency decisions, exports) and meeting_item_actions (议题)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.rules.meetings import KINDS
from desktop_app.services.meetings import agenda, decisions, emergency, holding
from desktop_app.services.meetings import planning as meetings
from ui.panes import meeting_actions as actions
from ui.panes import meeting_item_actions as item_actions
from ui.panes.base import Pane
from ui.panes.documents_common import imported_mark
from ui.panes.meeting_detail import MeetingDetail, warnings_text
from ui.widgets.actions import offer_to
from ui.widgets.form import FormDialog
from ui.widgets.table import Column, RegisterView


class MeetingsPane(Pane):
    title = "会议"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.setObjectName("meetingsPane")
        self.kind = QComboBox(objectName="kindFilter")
        self.kind.addItem("全部类别", None)
        for code, name in KINDS.items():
            self.kind.addItem(name, code)
        self.year = QComboBox(objectName="yearFilter")
        self.year.addItem("全部年份", None)
        for y in range(ctx.today().year, ctx.today().year - 20, -1):
            self.year.addItem(f"{y}年", y)
        self.status = QComboBox(objectName="statusFilter")
        self.status.addItem("全部状态", None)
        for code, name in meetings.STATUS_NAMES.items():
            self.status.addItem(name, code)
        self.meetings = RegisterView(
            "meetings",
            [
                Column("时间", lambda m: m.starts_at, 140),
                Column("会议", lambda m: m.title, 240),
                Column("类别", lambda m: m.kind_name, 100),
                Column("战线", lambda m: m.area, 100),
                Column("主持人", lambda m: m.presider_name, 80),
                Column("会议室", lambda m: m.room, 60),
                Column("状态", lambda m: meetings.STATUS_NAMES.get(m.status, m.status), 70),
                Column("议题", lambda m: m.items, 50),
                Column("出席/成员", lambda m: f"{m.present}/{m.members}"),
                Column("来源", imported_mark, 40),
                Column("议题与人员", lambda m: m.search_text),
            ],
            self._fetch_meetings,
        )
        self.meetings.query_state = self.meeting_filters
        # The last column carries item titles and names only so that the search box finds them.
        self.meetings.table.setColumnHidden(self.meetings.model.columnCount() - 1, True)
        for combo in (self.kind, self.year, self.status):
            combo.currentIndexChanged.connect(lambda _i: self.meetings.reload())
        self.detail = MeetingDetail(ctx)
        self.detail.changed.connect(self.meetings.reload)
        self.meetings.selection_changed.connect(self._selected)
        self._build_meeting_actions()
        self.items = self._items_view()
        self.emergencies = self._emergency_view()
        self.all_decisions = RegisterView(
            "allDecisions",
            [
                Column("会议", lambda d: d.meeting_title, 200),
                Column("决定事项", lambda d: d.content, 280),
                Column("承办单位", lambda d: d.unit_name, 130),
                Column("分管副市长", lambda d: d.vice_mayor_name, 80),
                Column("期限", lambda d: d.deadline, 90),
                Column("办结", lambda d: d.reported_on, 90),
                Column("来源", imported_mark, 40),
            ],
            lambda inc: decisions.list_decisions(ctx.db, None, inc, user=ctx.user),
        )
        self.all_decisions.add_action("导出 Excel…", self.export_decisions, "exportDecisions")
        self._add_imports()

        filters = QHBoxLayout()
        for w in (self.kind, self.year, self.status):
            filters.addWidget(w)
        filters.addStretch(1)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(filters)
        top_layout.addWidget(self.meetings)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(self.detail)
        self.tabs = QTabWidget(objectName="meetingTabs")
        self.tabs.addTab(split, "会议")
        self.tabs.addTab(self.items, "议题")
        self.tabs.addTab(self.emergencies, "临机决策")
        self.tabs.addTab(self.all_decisions, "决定事项")
        self.tabs.currentChanged.connect(lambda _i: self.activate())
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    # --- meetings --------------------------------------------------------------------------
    def meeting_filters(self) -> tuple:
        """Kind, year and status, read on the GUI thread before the query runs."""
        return self.kind.currentData(), self.year.currentData(), self.status.currentData()

    def _fetch_meetings(self, include_voided: bool, filters: tuple):
        return meetings.list_meetings(self.ctx.db, include_voided, *filters, user=self.ctx.user)

    def _selected(self) -> None:
        m = self.meetings.current()
        if m is not None and (
            self.detail.meeting is None
            or self.detail.meeting.id != m.id
            or self.detail.meeting.version != m.version
        ):
            self.detail.show_meeting(m)

    def _build_meeting_actions(self) -> None:
        v, db, user = self.meetings, self.ctx.db, self.ctx.user
        # planning, holding, cancelling and the R28 approvals require "records"
        offer_to(
            user,
            ("records",),
            v.add_action("新建会议…", self.plan_meeting, "planMeeting"),
            v.add_row_call(
                "标记已召开",
                lambda row: holding.mark_held(db, user, row.id, row.version),
                self.changed,
                "markHeld",
            ),
            v.add_action("取消会议…", self.cancel_meeting, "cancelMeeting", True),
            v.add_action("战线会议审批…", self.sector_approval, "sectorApproval", True),
        )
        v.add_action("会议通知", lambda: self._print("notice"), "printNotice", True)
        v.add_action("议程", lambda: self._print("agenda"), "printAgenda", True)
        v.add_action("导出 Excel…", self.export_meetings, "exportMeetings")

    def _add_imports(self) -> None:
        """导入… and 导入模板… of the meetings list and of the decisions: each view is the
        importer's tab (its dialogs' parent), so it carries the context the importer reads."""
        if not self.ctx.user.can("records"):
            return
        from desktop_app.services.meetings import import_decisions, import_meetings
        from ui.panes.ledger_import import RegisterImport

        self.importers = []
        for view, spec in (
            (self.meetings, import_meetings.SPEC),
            (self.all_decisions, import_decisions.SPEC),
        ):
            view.ctx = self.ctx  # type: ignore[attr-defined]
            importer = RegisterImport(view, spec)
            importer.on_imported = self._imported
            importer.add_buttons(view)
            self.importers.append(importer)

    def _imported(self) -> None:
        self.changed()
        self.all_decisions.reload()

    def changed(self, _result=None) -> None:
        self.meetings.reload()
        self.items.reload()
        self.ctx.data_changed.emit("会议")

    def plan_meeting(self) -> FormDialog:
        return actions.plan_meeting(self)

    def cancel_meeting(self) -> FormDialog:
        return actions.cancel_meeting(self)

    def sector_approval(self) -> FormDialog:
        return actions.sector_approval(self)

    def _print(self, what: str) -> FormDialog | None:
        return actions.print_meeting(self, what)

    def export_meetings(self) -> None:
        actions.export_meetings(self)

    def export_decisions(self) -> None:
        actions.export_decisions(self)

    # --- agenda items ----------------------------------------------------------------------
    def _items_view(self) -> RegisterView:
        v = RegisterView(
            "items",
            [
                Column("议题", lambda i: i.title, 280),
                Column("类别", lambda i: i.category_name, 90),
                Column("分管副市长", lambda i: i.vice_mayor_text, 90),
                Column("提请部门", lambda i: i.department_name, 130),
                Column("状态", lambda i: i.status_name, 80),
                Column("会议", lambda i: i.meeting_title, 160),
                Column("缺少环节/提醒", warnings_text),
            ],
            lambda inc: agenda.list_items(
                self.ctx.db, None, inc, today=self.ctx.today(), user=self.ctx.user
            ),
        )
        offer_to(  # services.meetings.agenda: every change to an item requires "records"
            self.ctx.user,
            ("records",),
            v.add_action("登记议题…", lambda: self.edit_item(None), "addItem"),
            v.add_action("修改…", lambda: self.edit_item(v.current()), "editItem", True),
            v.add_action("记录审批环节…", self.record_step, "recordStep", True),
            v.add_action("列入会议…", self.place_on_meeting, "placeOnMeeting", True),
        )
        from desktop_app.services.meetings import agenda_sheet
        from ui.panes.sheet_print import add_sheet_button

        add_sheet_button(
            v,
            self.ctx,
            "打印审批表",
            "printAgendaSheet",
            agenda_sheet.agenda_sheet_pdf,
            lambda i: f"议题审批表 {i.title}",
            numbered=lambda i: i.meeting_confidential,  # R44: a 份号 per copy
        )
        return v

    def edit_item(self, item) -> FormDialog:
        return item_actions.edit_item(self, item)

    def record_step(self, step_key: str | None = None, signer_id: int | None = None) -> FormDialog:
        return item_actions.record_step(self, step_key, signer_id)

    def place_on_meeting(self) -> FormDialog:
        return item_actions.place_on_meeting(self)

    # --- emergency decisions -----------------------------------------------------------------
    def _emergency_view(self) -> RegisterView:
        v = RegisterView(
            "emergencies",
            [
                Column("日期", lambda e: e.decided_on, 100),
                Column("方式", lambda e: e.method, 80),
                Column("事项", lambda e: e.subject, 260),
                Column("决定", lambda e: e.decision, 260),
                Column(
                    "事后报告",
                    lambda e: (
                        getattr(e, "report_status", "") or getattr(e, "reported_meeting_title", "")
                    ),
                ),
            ],
            lambda inc: emergency.list_emergencies(self.ctx.db, inc),
        )
        offer_to(  # emergency.record_emergency requires "records"
            self.ctx.user,
            ("records",),
            v.add_action("登记临机决策…", self.record_emergency, "recordEmergency"),
        )
        return v

    def record_emergency(self) -> FormDialog:
        return actions.record_emergency(self)

    # --- pane ------------------------------------------------------------------------------
    def activate(self) -> None:
        current = self.tabs.currentWidget()
        for view in (self.meetings, self.items, self.emergencies, self.all_decisions):
            if current is view or (view is self.meetings and current is self.tabs.widget(0)):
                view.reload()

    def open_record(self, ref_kind: str, ref_id) -> None:
        """A 工作台 entry: the record's tab, every filter cleared, the record selected (a
        meeting's detail shows below it)."""
        views = {
            "meeting": self.meetings,
            "agenda_item": self.items,
            "item": self.items,
            "emergency": self.emergencies,
            "decision": self.all_decisions,
        }
        view = views.get(ref_kind)
        if view is None:
            return
        if view is self.meetings:
            for combo in (self.kind, self.year, self.status):
                combo.blockSignals(True)
                combo.setCurrentIndex(0)
                combo.blockSignals(False)
            self.tabs.setCurrentIndex(0)
        else:
            self.tabs.setCurrentWidget(view)
        if ref_id is not None:
            view.search.clear()
            view.loaded.connect(self._select_once(view, ref_id))
        view.reload()

    @staticmethod
    def _select_once(view: RegisterView, ref_id):
        def select():
            view.loaded.disconnect(select)
            view.select_where(lambda row: row.id == ref_id)

        return select
