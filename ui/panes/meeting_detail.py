"""One meeting in detail: its agenda items, attendance (with the quorum), minutes and decisions."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from desktop_app.services.meetings import (
    agenda,
    agenda_meeting,
    attendance,
    attendance_record,
    decisions,
)
from ui.context import AppContext
from ui.panes import meeting_choices as choices
from ui.panes.documents_common import imported_mark
from ui.panes.meeting_minutes import MinutesTab
from ui.panes.meeting_quorum import QuorumLabel
from ui.widgets.actions import act, offer_to
from ui.widgets.form import FormDialog, open_form
from ui.widgets.form_fields import FieldSpec
from ui.widgets.table import Column, RegisterView

STATUS = [("present", "出席"), ("leave", "请假"), ("absent", "缺席")]


def warnings_text(item: Any) -> str:
    return "；".join(text for _rid, text in (*item.missing, *item.warnings))


class MeetingDetail(QTabWidget):
    """Tabs for the meeting chosen in the register; `meeting` is its DTO (None: nothing chosen)."""

    changed = Signal()

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.setObjectName("meetingDetail")
        self.ctx = ctx
        self.meeting: Any = None
        self.items = RegisterView(
            "meetingItems",
            [
                Column("序号", lambda i: i.position, 50),
                Column("议题", lambda i: i.title, 300),
                Column("类别", lambda i: i.category_name, 90),
                Column("分管副市长", lambda i: i.vice_mayor_text, 90),
                Column("状态", lambda i: i.status_name, 90),
                Column("提醒", warnings_text),
            ],
            lambda inc: (
                agenda.list_items(ctx.db, self._id(), inc, user=ctx.user) if self._id() else []
            ),
        )
        self.attendance = RegisterView(
            "attendance",
            [
                Column("类别", lambda a: a.role_name, 60),
                Column("姓名", lambda a: a.person_name, 90),
                Column("单位", lambda a: a.unit_name, 160),
                Column("状态", lambda a: a.status_name, 60),
                Column("请假批准人", lambda a: a.leave_approved_by_name, 90),
                Column("代替参会", lambda a: a.substitute, 90),
                Column("备注", lambda a: a.note),
            ],
            lambda _inc: attendance.list_attendance(ctx.db, self._id()) if self._id() else [],
            voidable=False,
        )
        self.decisions = RegisterView(
            "meetingDecisions",
            [
                Column("决定事项", lambda d: d.content, 300),
                Column("承办单位", lambda d: d.unit_name, 140),
                Column("分管副市长", lambda d: d.vice_mayor_name, 90),
                Column("期限", lambda d: d.deadline, 90),
                Column("办结", lambda d: d.reported_on, 90),
                Column("来源", imported_mark, 40),
            ],
            lambda inc: (
                decisions.list_decisions(ctx.db, self._id(), inc, user=ctx.user)
                if self._id()
                else []
            ),
        )
        self.quorum = QuorumLabel(ctx)
        self._build_items_actions()
        self.addTab(self.items, "议题")
        self._build_attendance_tab()
        self.minutes = MinutesTab(self)
        self.addTab(self.minutes, "纪要")
        self._build_decisions_actions()
        # The quorum line is read again with each reading of the list (a line recorded, F5).
        self.attendance.loaded.connect(lambda: self.quorum.show_for(self._id()))
        # An imported meeting says where it came from, beside the tabs.
        self.provenance = QLabel(objectName="meetingProvenance")
        self.provenance.setStyleSheet("color:#666")
        self.setCornerWidget(self.provenance)

    # --- plumbing --------------------------------------------------------------------------
    def _id(self) -> int | None:
        return self.meeting.id if self.meeting is not None else None

    def show_meeting(self, meeting: Any) -> None:
        self.meeting = meeting
        imported = getattr(meeting, "imported_from", "") if meeting is not None else ""
        self.provenance.setText(f"来源：{imported}" if imported else "")
        self.provenance.setVisible(bool(imported))
        for view in (self.items, self.attendance, self.decisions):
            view.reload()
        self.minutes.refresh()

    def _done(self, _result=None) -> None:
        self.show_meeting(self.meeting)
        self.ctx.data_changed.emit("会议")
        self.changed.emit()

    def _form(self, title, fields, save, name, values=None, pick_lists=None) -> FormDialog:
        return open_form(self, title, fields, save, name, values, self._done, choices=pick_lists)

    # --- items -----------------------------------------------------------------------------
    def _build_items_actions(self) -> None:
        v, db, user = self.items, self.ctx.db, self.ctx.user
        offer_to(  # agenda_meeting and decisions.send_back_for_revision require "records"
            user,
            ("records",),
            v.add_action("列入议题…", self.place_item, "placeItem"),
            v.add_row_call(
                "移出本次会议",
                lambda row: agenda_meeting.remove_from_meeting(db, user, row.id, row.version),
                self._done,
                "removeItem",
            ),
            v.add_action("移至下次会议", self.move_item, "moveItem", True),
            v.add_action("记录审议情况…", self.record_outcome, "recordOutcome", True),
            v.add_action("退回修改…", self.send_back, "sendBack", True),
        )

    def send_back(self) -> FormDialog:
        """R23.6.2: the meeting asked for revision — the item goes back through its chain."""
        item = self.items.current()
        return self._form(
            f"退回修改：{item.title}",
            [FieldSpec("reason", "会议要求修改的内容", "multiline")],
            lambda v: decisions.send_back_for_revision(
                self.ctx.db, self.ctx.user, item.id, v["reason"], item.version
            ),
            "sendBackDialog",
        )

    def record_outcome(self) -> FormDialog:
        """R23.5: reporter, discussion and the convener's conclusion, item by item."""
        item = self.items.current()
        return self._form(
            f"审议情况：{item.title}",
            [
                FieldSpec("reporter", "汇报人（部门主要负责人；缺席时分管常务工作的负责人）"),
                FieldSpec("discussion", "讨论意见", "multiline"),
                FieldSpec("conclusion", "会议结论", "multiline"),
            ],
            lambda v: agenda_meeting.record_outcome(
                self.ctx.db, self.ctx.user, item.id, expected_version=item.version, **v
            ),
            "outcomeDialog",
            {
                "reporter": item.reporter,
                "discussion": item.discussion,
                "conclusion": item.conclusion,
            },
        )

    def place_item(self) -> FormDialog | None:
        if self.meeting is None:
            return None
        db, user = self.ctx.db, self.ctx.user
        by_id: dict[int, Any] = {}  # filled by pick_lists, read by save: both on the worker

        def pick_lists() -> dict[str, list[tuple]]:
            pending = [i for i in agenda.list_items(db, user=user) if i.meeting_id is None]
            by_id.update((i.id, i) for i in pending)
            return {"item_id": [(i.id, f"{i.title}（{i.category_name}）") for i in pending]}

        def save(v):
            item = by_id.get(v["item_id"])
            if item is None:
                raise agenda.ValidationError("请选择议题。")
            if v["written"]:
                return agenda_meeting.circulate_in_writing(
                    self.ctx.db, self.ctx.user, item.id, self.meeting.id, item.version
                )
            return agenda_meeting.place_on_meeting(
                self.ctx.db, self.ctx.user, item.id, self.meeting.id, item.version
            )

        return self._form(
            "列入议题",
            [
                FieldSpec("item_id", "待上会议题", "combo", lazy=True),
                FieldSpec("written", "书面传达（仅传达通报类）", "check"),
            ],
            save,
            "placeItemDialog",
            pick_lists=pick_lists,
        )

    def move_item(self) -> None:
        item = self.items.current()
        db, user, meeting_id = self.ctx.db, self.ctx.user, self.meeting.id

        def move():  # on the worker: the next meeting is found, then the item moved
            nxt = agenda_meeting.next_meeting_of_kind(db, meeting_id)
            if nxt is None:
                raise agenda.ValidationError("没有下一次同类会议，请先新建会议。")
            return agenda_meeting.move_item(db, user, item.id, nxt.id, item.version)

        act(self, move, self._done)

    # --- attendance ------------------------------------------------------------------------
    def _build_attendance_tab(self) -> None:
        v = self.attendance
        offer_to(  # services.meetings.attendance_record requires "records"
            self.ctx.user,
            ("records",),
            v.add_action("登记出席情况…", self.edit_attendance, "editAttendance", True),
            v.add_action("其余未登记的登记为出席", self.record_rest_present, "recordRestPresent"),
            v.add_action("增加列席…", self.add_attendee, "addAttendee"),
        )
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.addWidget(self.quorum)
        layout.addWidget(v)
        self.addTab(box, "出席")

    def record_rest_present(self) -> None:
        """Every line still 未登记 is recorded 出席 (people away that day stay 请假)."""
        if self.meeting is None:
            return
        db, user, meeting_id = self.ctx.db, self.ctx.user, self.meeting.id
        act(self, lambda: attendance_record.record_rest_present(db, user, meeting_id), self._done)

    def edit_attendance(self) -> FormDialog:
        a = self.attendance.current()
        db, day = self.ctx.db, self.meeting.day

        def pick_lists() -> dict[str, Any]:  # the executive vice mayor on the meeting's day
            people = choices.qualified(db, day, ("exec_vice_mayor",))
            return {"leave_approved_by": people, "substitute_approved_by": people}

        return self._form(
            f"出席情况：{a.person_name or a.unit_name}",
            [
                FieldSpec("status", "状态", "combo", STATUS),
                FieldSpec("leave_approved_by", "请假批准人（常务副市长）", "combo", lazy=True),
                FieldSpec("substitute", "代替参会人"),
                FieldSpec(
                    "substitute_approved_by", "代替参会同意人（常务副市长）", "combo", lazy=True
                ),
                FieldSpec("note", "备注"),
            ],
            lambda v: attendance_record.set_attendance(
                self.ctx.db,
                self.ctx.user,
                a.id,
                v["status"],
                a.version,
                v["leave_approved_by"],
                v["substitute"],
                v["substitute_approved_by"],
                v["note"],
            ),
            "attendanceDialog",
            {
                "status": a.status if a.status in dict(STATUS) else "present",
                "leave_approved_by": a.leave_approved_by,
                "substitute": a.substitute,
                "note": a.note,
                "substitute_approved_by": a.substitute_approved_by,
            },
            pick_lists,
        )

    def add_attendee(self) -> FormDialog:
        db, day = self.ctx.db, self.meeting.day
        return self._form(
            "增加列席",
            [
                FieldSpec("unit_id", "单位", "combo", lazy=True),
                FieldSpec("person_id", "人员", "combo", lazy=True),
                FieldSpec("note", "备注"),
            ],
            lambda v: attendance_record.add_attendee(
                db,
                self.ctx.user,
                self.meeting.id,
                person_id=v["person_id"],
                unit_id=v["unit_id"],
                note=v["note"],
            ),
            "attendeeDialog",
            pick_lists=lambda: {
                "unit_id": choices.units(db),
                "person_id": choices.persons(db, day),
            },
        )

    # --- minutes ---------------------------------------------------------------------------
    def _build_decisions_actions(self) -> None:
        v = self.decisions
        offer_to(  # 文秘 or 督查, who follows the decisions up (R29.3)
            self.ctx.user,
            decisions.FOLLOW_UP,
            v.add_action("新增决定事项…", self.add_decision, "addDecision"),
            v.add_action("报告办结…", self.report_done, "reportDone", True),
        )
        self.addTab(v, "决定事项")

    def add_decision(self) -> FormDialog:
        db = self.ctx.db
        items = [(None, "（不指定）")] + [(i.id, i.title) for i in self.items.model.rows]
        return self._form(
            "新增决定事项",
            [
                FieldSpec("content", "决定事项", "multiline"),
                FieldSpec("agenda_item_id", "所属议题", "combo", items),
                FieldSpec("unit_id", "承办单位", "combo", lazy=True),
                FieldSpec("deadline", "完成期限", "optional_date"),
                FieldSpec("quality", "质量要求", "multiline"),
            ],
            lambda v: decisions.add_decision(
                db,
                self.ctx.user,
                meeting_id=self.meeting.id,
                content=v["content"],
                unit_id=v["unit_id"],
                deadline=v["deadline"],
                agenda_item_id=v["agenda_item_id"],
                quality=v["quality"],
            ),
            "decisionDialog",
            pick_lists=lambda: {"unit_id": choices.units(db)},
        )

    def report_done(self) -> FormDialog:
        d = self.decisions.current()
        return self._form(
            "报告办结",
            [
                FieldSpec("reported_on", "书面报告日期", "date"),
                FieldSpec("report", "落实情况", "multiline"),
            ],
            lambda v: decisions.report_done(
                self.ctx.db,
                self.ctx.user,
                d.id,
                reported_on=v["reported_on"],
                report=v["report"],
                expected_version=d.version,
            ),
            "reportDoneDialog",
        )
