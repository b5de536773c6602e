"""One 收文 in full: every registered field, the warnings it carries (R32, R35), its reading
records (R36) and chase records. Opening a classified one is logged by the service (R44)."""

from __future__ import annotations

from html import escape
from typing import Any

import shiboken6
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop_app.rules import incoming as r
from desktop_app.services.documents import incoming
from ui import operations
from ui.context import AppContext
from ui.errors import show_error
from ui.widgets.table import Column, DtoTableModel, display

READING_COLUMNS = [
    Column("阅批人/部门", lambda x: x[0], 140),
    Column("日期", lambda x: x[1], 100),
    Column("意见", lambda x: x[2]),
]
CHASE_COLUMNS = [
    Column("催办日期", lambda x: x[0], 100),
    Column("催办情况", lambda x: x[1], 260),
    Column("答复", lambda x: x[2]),
]


def small_table(name: str, model: DtoTableModel) -> QTableView:
    table = QTableView(objectName=name)
    table.setModel(model)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    for i, col in enumerate(model.columns):
        if col.width:
            table.setColumnWidth(i, col.width)
    return table


def field_rows(d: incoming.IncomingDTO, units: dict[int, str]) -> list[tuple[str, str]]:
    """(label, text) of every field worth showing; empty ones are left out except the basics."""
    assist = "、".join(units.get(u, str(u)) for u in d.assist_unit_ids)
    copies = f"{d.copies} 份" + (f"（份号 {d.copy_numbers}）" if d.copy_numbers else "")
    route = incoming.ROUTES.get(d.route_kind, d.route_kind)
    rows = [
        ("收文号", d.number),
        ("收文时间", display(d.received_at)),
        ("来文机关", d.sender),
        ("来文字号", d.sender_number),
        ("标题", d.title),
        ("文种", d.doc_type),
        ("文件性质", r.NATURES.get(d.nature, d.nature)),
        ("紧急程度", d.urgency or "平件"),
        ("密级", d.secrecy or "非密"),
        ("保密期限", d.secrecy_term),
        ("份数", copies),
        ("来文渠道", r.CHANNELS.get(d.channel, d.channel)),
        ("逆行文", "是" if d.reverse_flow else ""),
        ("上级来文", "是" if d.from_higher else ""),
        ("刊物审批", d.bulletin_approval_text or ("未经市委、市政府批准" if d.is_bulletin else "")),
        ("状态", d.status_name),
        ("退文原因", d.return_reason),
        ("拟办意见", d.proposal),
        ("分送方式", route),
        ("呈送领导", d.leader_name),
        ("主办部门", units.get(d.lead_unit_id or 0, "")),
        ("协办部门", assist),
        ("办理时限", display(d.deadline)),
        ("办理结果", d.result),
        ("办结日期", display(d.closed_on)),
        ("归档号", d.archive_ref),
        ("作废原因", d.void_reason or ""),
        ("来源", d.imported_from),
    ]
    keep = {"收文号", "收文时间", "来文机关", "标题", "文种", "文件性质", "状态"}
    return [(label, text) for label, text in rows if text or label in keep]


def detail_html(d: incoming.IncomingDTO, units: dict[int, str]) -> str:
    cells = "".join(
        f"<tr><td style='color:#555;padding-right:12px' valign='top'>{escape(label)}</td>"
        f"<td>{escape(text)}</td></tr>"
        for label, text in field_rows(d, units)
    )
    flags = "".join(f"<p style='color:#b22222'>⚠ {escape(f)}</p>" for f in d.flags)
    return f"{flags}<table>{cells}</table>"


class IncomingDetail(QTabWidget):
    """Tabs 登记信息 / 阅批记录 / 催办记录 for the selected 收文 (`document`: its DTO or None)."""

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.setObjectName("incomingDetail")
        self.ctx = ctx
        self.document: Any = None
        self.loading = False
        self._generation = 0
        self.text = QTextBrowser(objectName="incomingDetailText")
        self.readings = DtoTableModel(READING_COLUMNS, self)
        self.chases = DtoTableModel(CHASE_COLUMNS, self)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.placeholder = QLabel("在上方登记簿中选择一份收文。", objectName="incomingDetailEmpty")
        layout.addWidget(self.placeholder)
        layout.addWidget(self.text)
        self.addTab(box, "登记信息")
        self.addTab(small_table("readingsTable", self.readings), "阅批记录")
        self.addTab(small_table("chasesTable", self.chases), "催办记录")
        self.show_document(None, {})

    def show_document(self, doc_id: int | None, units: dict[int, str]) -> None:
        """Load the record (and its readings and chases) off the GUI thread and show it."""
        self._generation += 1
        generation = self._generation
        if doc_id is None:
            self.document = None
            self.placeholder.setVisible(True)
            self.text.setVisible(False)
            self.readings.set_rows([])
            self.chases.set_rows([])
            return
        self.loading = True
        db, user = self.ctx.db, self.ctx.user

        def load():
            return (
                incoming.get_document(db, user, doc_id),
                incoming.readings(db, user, doc_id),
                incoming.chases(db, user, doc_id),
            )

        operations.run(
            load, lambda result: self._show(result, units, generation), self._failed, parent=self
        )

    def _show(self, result, units: dict[int, str], generation: int) -> None:
        if not shiboken6.isValid(self.text) or generation != self._generation:
            return
        self.loading = False
        doc, readings, chases = result
        self.document = doc
        self.placeholder.setVisible(False)
        self.text.setVisible(True)
        self.text.setHtml(detail_html(doc, units))
        self.readings.set_rows(readings)
        self.chases.set_rows(chases)
        self.setTabText(1, f"阅批记录（{len(readings)}）")
        self.setTabText(2, f"催办记录（{len(chases)}）")

    def _failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self.text):
            return
        self.loading = False
        show_error(self, exc, "读取失败")
