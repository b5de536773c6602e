"""会议: the meetings register with one meeting's detail, the agenda items and their chains,
emergency decisions (R23.4.3) and all decisions to follow up."""

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
from desktop_app.services.meetings import (
    agenda,
    agenda_meeting,
    agenda_steps,
    decisions,
    emergency,
    holding,
    participants,
)
from desktop_app.services.meetings import export as meeting_export
from desktop_app.services.meetings import planning as meetings
from ui.panes import meeting_choices as choices
from ui.panes.base import Pane
from ui.panes.documents_common import imported_mark
from ui.panes.meeting_detail import MeetingDetail, warnings_text
from ui.panes.meeting_print import preview
from ui.widgets import export as export_file
from ui.widgets.form import FormDialog, open_form
from ui.widgets.form_fields import FieldSpec
from ui.widgets.live_hint import LiveHint
from ui.widgets.short_list import follow_date
from ui.widgets.table import Column, RegisterView

STEP_CHOICES = [(k, label) for k, (label, _c, _s) in agenda_steps.STEPS.items()]
# The fields a step records besides its date and signer (agenda_steps._EXTRA).
STEP_EXTRA = {
    "coordination": ("method",),
    "disagreement": ("disagreement", "solution"),
    "materials": ("copies",),
}


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
        self.meetings.query_state = self._meeting_filters
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
    def _meeting_filters(self) -> tuple:
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
        v.add_action("新建会议…", self.plan_meeting, "planMeeting")
        v.add_row_call(
            "标记已召开",
            lambda row: holding.mark_held(db, user, row.id, row.version),
            self._changed,
            "markHeld",
        )
        v.add_action("取消会议…", self.cancel_meeting, "cancelMeeting", True)
        v.add_action("战线会议审批…", self.sector_approval, "sectorApproval", True)
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
        self._changed()
        self.all_decisions.reload()

    def _changed(self, _result=None) -> None:
        self.meetings.reload()
        self.items.reload()
        self.ctx.data_changed.emit("会议")

    def plan_meeting(self) -> FormDialog:
        db, today = self.ctx.db, self.ctx.today()
        dialog = open_form(
            self,
            "新建会议",
            [
                FieldSpec("kind", "会议类别", "combo", choices.kinds()),
                FieldSpec("starts_at", "时间", "datetime"),
                FieldSpec(
                    "area",
                    "战线（战线会议）",
                    "combo",
                    lazy=True,
                    help="以市政府名义召开的战线会议由分管该战线的副市长主持（第二十八条）",
                ),
                FieldSpec("presider_id", "主持人", "combo", lazy=True),
                FieldSpec("room", "会议室"),
                FieldSpec("title", "会议名称（全市性、战线会议必填）"),
                FieldSpec("confidential", "涉密", "check"),
            ],
            lambda v: meetings.plan_meeting(self.ctx.db, self.ctx.user, **v),
            "planMeetingDialog",
            {"kind": "executive", "room": "501", "area": ""},
            self._changed,
            choices=lambda: choices.presiders(db, today),
        )
        # The 战线 and the presiders are those of the meeting's day, read again when it moves.
        follow_date(dialog, "starts_at", lambda day: choices.presiders(db, day))
        area, presider = dialog.widgets["area"], dialog.widgets["presider_id"]

        def put_presider(found) -> None:
            presider.setCurrentIndex(max(presider.findData(found.person_id if found else None), 0))

        # The presider is saved: a save asked for meanwhile waits for the lookup.
        hint = LiveHint(presider, put_presider, form=dialog)

        def sector_presider(_i=None) -> None:
            """R28: choosing a 战线 fills in its vice mayor in charge on the meeting's day."""
            chosen = area.currentData()
            if not chosen:
                hint.cancel()
                return
            kind = dialog.widgets["kind"]
            kind.setCurrentIndex(kind.findData("sector"))
            day = dialog.widgets["starts_at"].dateTime().toPython().date()
            hint.request(lambda: participants.area_vice_mayor(db, chosen, day))

        area.currentIndexChanged.connect(sector_presider)
        return dialog

    def cancel_meeting(self) -> FormDialog:
        m = self.meetings.current()
        return open_form(
            self,
            f"取消会议：{m.title}",
            [FieldSpec("reason", "原因", "multiline", required=True)],
            lambda v: holding.cancel_meeting(
                self.ctx.db, self.ctx.user, m.id, v["reason"], m.version
            ),
            "cancelMeetingDialog",
            on_saved=self._changed,
        )

    def sector_approval(self) -> FormDialog:
        """R28: the executive vice mayor agrees, then the mayor approves a 战线会议 held in the
        government's name; township heads attend only with the mayor's approval."""
        m = self.meetings.current()
        steps = [(k, what) for k, (_post, what) in holding.SECTOR_STEPS.items()]
        db, today = self.ctx.db, self.ctx.today()
        first_step = steps[0][0]

        def signers(day, step) -> dict:
            # The holder of the step's post on the day signed is proposed.
            post = holding.SECTOR_STEPS.get(step, ("mayor", ""))[0]
            return {"by": choices.qualified(db, day, ("mayor", "exec_vice_mayor"), post)}

        dialog = open_form(
            self,
            f"战线会议审批：{m.title}",
            [
                FieldSpec("step", "审批事项", "combo", steps),
                FieldSpec("on", "日期", "date"),
                FieldSpec("by", "签字人", "combo", lazy=True, required=True),
            ],
            lambda v: holding.record_sector_approval(
                self.ctx.db, self.ctx.user, m.id, v["step"], v["on"], v["by"], m.version
            ),
            "sectorDialog",
            {"on": today},
            on_saved=self._changed,
            choices=lambda: signers(today, first_step),
        )
        follow_date(dialog, "on", signers, "step")
        return dialog

    def _print(self, what: str) -> None:
        from desktop_app.services.meetings import printouts as meeting_print

        m = self.meetings.current()
        build = meeting_print.meeting_notice_pdf if what == "notice" else meeting_print.agenda_pdf
        name = "会议通知" if what == "notice" else "议程"
        preview(self, lambda: build(self.ctx.db, m.id, user=self.ctx.user), f"{m.title}{name}")

    def export_meetings(self) -> None:
        path = export_file.ask_path(self, "导出会议列表", "会议列表.xlsx")
        if path:
            db, user = self.ctx.db, self.ctx.user
            kind, year, status = self._meeting_filters()  # read on the GUI thread
            export_file.write(
                self,
                path,
                lambda: meeting_export.export_meetings_xlsx(
                    db, path, kind=kind, year=year, status=status, user=user
                ),
            )

    def export_decisions(self) -> None:
        path = export_file.ask_path(self, "导出决定事项", "决定事项.xlsx")
        if path:
            db, user, today = self.ctx.db, self.ctx.user, self.ctx.today()  # on the GUI thread
            export_file.write(
                self,
                path,
                lambda: meeting_export.export_decisions_xlsx(db, path, today=today, user=user),
            )

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
        v.add_action("登记议题…", lambda: self.edit_item(None), "addItem")
        v.add_action("修改…", lambda: self.edit_item(v.current()), "editItem", True)
        v.add_action("记录审批环节…", self.record_step, "recordStep", True)
        v.add_action("列入会议…", self.place_on_meeting, "placeOnMeeting", True)
        from desktop_app.services.meetings import agenda_sheet
        from ui.panes.sheet_print import add_sheet_button

        add_sheet_button(
            v,
            self.ctx,
            "打印审批表",
            "printAgendaSheet",
            agenda_sheet.agenda_sheet_pdf,
            lambda i: f"议题审批表 {i.title}",
        )
        return v

    def _item_dialog(self, title, fields, save, name, values=None, pick_lists=None) -> FormDialog:
        return open_form(self, title, fields, save, name, values, self._changed, choices=pick_lists)

    def edit_item(self, item) -> FormDialog:
        """The 分管副市长 is not chosen: it is shown, read-only, as the directory gives it for the
        submitting unit today (R6.1, R23.4.1a)."""
        db, today = self.ctx.db, self.ctx.today()
        fields = [
            FieldSpec("title", "议题名称"),
            FieldSpec("category", "类别", "combo", list(agenda.CATEGORIES.items())),
            FieldSpec("department_id", "提请部门", "combo", lazy=True),
            FieldSpec(
                "vice_mayor",
                "分管副市长",
                help="由提请部门的分管副市长自动带出（人员与分管 → 分管），不能选择",
            ),
            FieldSpec("is_policy", "政策性/规范性文件", "check"),
            FieldSpec("is_important", "特别重要", "check"),
        ]
        values = (
            None
            if item is None
            else {
                k: getattr(item, k)
                for k in ("title", "category", "department_id", "is_policy", "is_important")
            }
        )

        def save(v):
            v = {k: x for k, x in v.items() if k != "vice_mayor"}  # shown, never saved
            return agenda.save_item(
                db,
                self.ctx.user,
                **v,
                record_id=item.id if item else None,
                expected_version=item.version if item else None,
                today=today,
            )

        dialog = self._item_dialog(
            "议题", fields, save, "itemDialog", values, lambda: {"department_id": choices.units(db)}
        )
        unit, shown = dialog.widgets["department_id"], dialog.widgets["vice_mayor"]
        shown.setReadOnly(True)

        hint = LiveHint(shown, shown.setText)

        def derive(_i=None) -> None:
            chosen = unit.currentData()
            hint.request(
                lambda: choices.vice_mayor_text(
                    agenda.vice_mayor_for(db, chosen, today), chosen is not None
                )
            )

        unit.currentIndexChanged.connect(derive)
        derive()
        return dialog

    def record_step(self, step_key: str | None = None, signer_id: int | None = None) -> FormDialog:
        """记录审批环节: only the fields of the chosen step show (a date for the dated steps, the
        signer for the signed ones, the method, the disagreement, the copies); the signers
        offered are who holds the step's post on its date (StepFields). A scanned 议题审批表
        opens it on `step_key` with its signer `signer_id` selected."""
        item = self.items.current()
        db, today = self.ctx.db, self.ctx.today()

        def save(v):
            extra = {k: v[k] for k in STEP_EXTRA.get(v["step"], ()) if v[k]}
            on = v["on"] if agenda_steps.STEPS[v["step"]][1] else None
            by = v["by"] if agenda_steps.STEPS[v["step"]][2] else None
            return agenda.record_step(
                self.ctx.db,
                self.ctx.user,
                item.id,
                v["step"],
                on,
                by,
                expected_version=item.version,
                **extra,
            )

        def signers(day, step) -> dict:
            return {"by": choices.step_signers(db, day, step, item.department_id)}

        first = step_key if step_key in agenda_steps.STEPS else STEP_CHOICES[0][0]
        values = {"on": today, "step": first}
        if signer_id is not None:
            values["by"] = signer_id
        dialog = self._item_dialog(
            f"记录审批环节：{item.title}",
            [
                FieldSpec("step", "环节", "combo", STEP_CHOICES),
                FieldSpec("on", "日期", "date"),
                FieldSpec(
                    "by",
                    "签字人",
                    "combo",
                    lazy=True,
                    help="不选即当日任职者本人；分管副市长外出时可选AB角代签",
                ),
                FieldSpec(
                    "method",
                    "协调方式",
                    "combo",
                    [(None, "（请选择）"), *((m, m) for m in agenda_steps.COORDINATION_METHODS)],
                    required=True,
                ),
                FieldSpec("disagreement", "分歧意见", "multiline", required=True),
                FieldSpec("solution", "解决方案或倾向性意见", "multiline", required=True),
                FieldSpec("copies", "材料份数", "int"),
            ],
            save,
            "stepDialog",
            values,
            lambda: signers(today, first),
        )
        follow_date(dialog, "on", signers, "step")
        step = dialog.widgets["step"]

        def show_step_fields(_i=None) -> None:
            chosen = step.currentData()
            _label, dated, signer = agenda_steps.STEPS[chosen]
            dialog.set_field_visible("on", dated is not None)
            dialog.set_field_visible("by", signer is not None)
            for key in ("method", "disagreement", "solution", "copies"):
                dialog.set_field_visible(key, key in STEP_EXTRA.get(chosen, ()))

        step.currentIndexChanged.connect(show_step_fields)
        dialog.choices_filled.connect(show_step_fields)  # the 「显示全部」 line follows 签字人
        show_step_fields()
        return dialog

    def place_on_meeting(self) -> FormDialog:
        item, db = self.items.current(), self.ctx.db
        return self._item_dialog(
            f"列入会议：{item.title}",
            [FieldSpec("meeting_id", "会议", "combo", lazy=True)],
            lambda v: agenda_meeting.place_on_meeting(
                self.ctx.db, self.ctx.user, item.id, v["meeting_id"], item.version
            ),
            "placeDialog",
            pick_lists=lambda: {
                "meeting_id": [
                    (m.id, m.title) for m in meetings.list_meetings(db, status="planned")
                ]
            },
        )

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
        v.add_action("登记临机决策…", self.record_emergency, "recordEmergency")
        return v

    def record_emergency(self) -> FormDialog:
        return open_form(
            self,
            "登记临机决策（第二十三条）",
            [
                FieldSpec("decided_on", "决策日期", "date"),
                FieldSpec("method", "方式", "combo", [("会签", "会签"), ("口头汇报", "口头汇报")]),
                FieldSpec("subject", "事项", required=True),
                FieldSpec("decision", "决定内容", "multiline", required=True),
            ],
            lambda v: emergency.record_emergency(self.ctx.db, self.ctx.user, **v),
            "emergencyDialog",
            on_saved=lambda: (self.emergencies.reload(), self._changed()),
            intro="遇紧急情况以会签、口头汇报等方式临机处置的，须在下一次常务会议上作事后报告；"
            "本程序自动将其列入下一次常务会议。",
        )

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
