"""One request in detail: its facts, the approval checklist computed from the person's highest
post (R62.5) — each step with who signed, when, in which capacity (本人 / B角代签 / 记录) — and the
change history of its itinerary (R62.7)."""

from __future__ import annotations

from html import escape
from typing import Any

import shiboken6
from PySide6.QtWidgets import QLabel, QTableView, QVBoxLayout, QWidget

from desktop_app.absence_status import status_text
from desktop_app.formatting import format_date
from desktop_app.services.absences import queries as absences_queries
from ui import operations
from ui.widgets.table import Column, DtoTableModel

STEP_COLUMNS = [
    Column("审批环节", lambda st: st.title, 170),
    Column("依据", lambda st: st.rule_id, 60),
    Column("状态", lambda st: "已登记" if st.done else "待登记", 60),
    Column("签署人", lambda st: st.approval.signer_name if st.approval else "", 80),
    Column("职务", lambda st: st.approval.signer_post if st.approval else "", 100),
    Column("日期", lambda st: st.approval.signed_on if st.approval else None, 90),
    Column("身份", lambda st: st.approval.capacity if st.approval else "", 70),
    Column("意见/办理情况", lambda st: _opinion(st)),
]
HISTORY_COLUMNS = [
    Column("登记号", lambda d: d.id, 60),
    Column("类型", lambda d: "行程变更" if d.is_amendment else "原请示", 70),
    Column("外出时间", lambda d: _period(d), 260),
    Column("目的地", lambda d: d.destination, 120),
    Column("请示日期", lambda d: d.filed_on, 90),
    Column("状态", lambda d: d.status_name, 70),
    Column("待登记", lambda d: "、".join(d.missing) if d.status == "pending" else ""),
]


def _opinion(st) -> str:
    a = st.approval
    if a is None:
        return ""
    return "；".join(t for t in (a.opinion, a.note) if t)


def _period(d) -> str:
    return (
        f"{format_date(d.start_date)}{d.start_half}至{format_date(d.end_date)}{d.end_half}"
        f"（共{d.days}天）"
    )


def facts_html(d: Any, today) -> str:
    """The request's facts as the clerk reads them on paper."""
    late = (
        f"<span style='color:#b00'>不足3天报备（紧急事由：{escape(d.emergency_reason)}）</span>"
        if d.late
        else "提前3天以上报备"
    )
    lines = [
        f"<b>{escape(d.person_name)}</b>　{escape(d.post_title)}　"
        f"<i>{escape(d.procedure_name)}</i>　状态：<b>{status_text(d, today)}</b>",
        f"{escape(d.category)}：{escape(d.reason)}　目的地：{escape(d.destination)}",
        f"外出时间：{_period(d)}　交通：{escape(d.transport)}　联系电话：{escape(d.contact)}",
        f"主持工作负责同志：{escape(d.acting)}",
        f"请示日期：{format_date(d.filed_on)}，{late}",
    ]
    if d.both_away_reason:
        lines.append(f"党政主要负责同志同时外出理由：{escape(d.both_away_reason)}")
    if d.returned_on:
        due = format_date(d.return_due) + ("（暂定）" if d.return_due_provisional else "")
        back = (
            f"销假：{format_date(d.reported_back_on)}" if d.reported_back_on else f"应于{due}前销假"
        )
        lines.append(f"实际返回：{format_date(d.returned_on)}{d.returned_half}　{back}")
    if d.report_required:
        lines.append(
            "书面报告："
            + (
                f"{format_date(d.report_received_on)}收到"
                if d.report_received_on
                else "须提交，尚未收到"
            )
        )
    if d.trip_report_required:
        lines.append(
            "出访报告（第六十六条）："
            + (
                f"{format_date(d.trip_report_received_on)}收到"
                if d.trip_report_received_on
                else "须提交，尚未收到"
            )
        )
    if d.pending_amendment:
        lines.append("<span style='color:#b00'>有一项行程变更待审批</span>")
    if d.status == "voided":
        lines.append(f"<span style='color:#888'>已作废：{escape(d.void_reason)}</span>")
    if getattr(d, "imported_from", ""):
        lines.append(f"来源：{escape(d.imported_from)}")
    return "<br>".join(lines)


class AbsenceDetail(QWidget):
    """Facts, the approval checklist of the row (or of its pending change of itinerary) and the
    change history."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.setObjectName("absenceDetail")
        self.ctx = ctx
        self.absence: Any = None
        self.history_rows: list[Any] = []
        self._generation = 0  # only the latest history load is shown
        self.facts = QLabel(objectName="absenceFacts")
        self.facts.setWordWrap(True)
        self.checklist_title = QLabel(objectName="checklistTitle")
        self.steps = DtoTableModel(STEP_COLUMNS, self)
        self.history = DtoTableModel(HISTORY_COLUMNS, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.facts)
        layout.addWidget(self.checklist_title)
        layout.addWidget(self._table(self.steps, "checklistTable"), 1)
        layout.addWidget(QLabel("行程变更记录："))
        layout.addWidget(self._table(self.history, "historyTable"), 1)

    def _table(self, model: DtoTableModel, name: str) -> QTableView:
        view = QTableView(objectName=name)
        view.setModel(model)
        view.verticalHeader().setVisible(False)
        view.horizontalHeader().setStretchLastSection(True)
        for i, col in enumerate(model.columns):
            if col.width:
                view.setColumnWidth(i, col.width)
        return view

    def approval_target(self) -> Any:
        """What 「记录审批」 acts on: the request, or its change of itinerary awaiting approval."""
        d = self.absence
        if d is None or d.status != "approved" or not d.pending_amendment:
            return d
        pending = [h for h in self.history_rows if h.is_amendment and h.status == "pending"]
        return pending[-1] if pending else d

    def show_absence(self, d: Any) -> None:
        self.absence = d
        if d is None:
            self.facts.setText("请在上方选择一条外出请示。")
            self.checklist_title.clear()
            self.steps.set_rows([])
            self.history.set_rows([])
            self.history_rows = []
            self._generation += 1
            return
        self.facts.setText(facts_html(d, self.ctx.today()))
        self._show_steps(d)
        self._generation += 1
        root_id, generation = d.root_id, self._generation
        db = self.ctx.db
        operations.run(
            lambda: absences_queries.absences_of_root(db, root_id),
            lambda rows: self._history_loaded(generation, rows),
            lambda _e: None,
            parent=self,
        )

    def _show_steps(self, target) -> None:
        what = "行程变更" if target.is_amendment else "外出请示"
        missing = "、".join(target.missing) if target.status == "pending" else ""
        self.checklist_title.setText(
            f"审批程序（{target.procedure_name}，{what}）"
            + (f"　待登记：{missing}" if missing else "　各环节已登记")
        )
        self.steps.set_rows(list(target.steps))

    def _history_loaded(self, generation: int, rows: list[Any]) -> None:
        if not shiboken6.isValid(self.history) or generation != self._generation:
            return  # closed, or another request (or a fresher copy) was shown meanwhile
        self.history_rows = rows
        self.history.set_rows(rows)
        target = self.approval_target()
        if target is not None and target is not self.absence:
            self._show_steps(target)
