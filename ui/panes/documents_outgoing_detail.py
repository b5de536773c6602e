"""One 发文 in full: every field of the 发文登记簿 and the draft, its warnings (R16, R18, R38),
and the sign-off checklist (R33, R34) — what is signed, by whom and how, and what is missing.
Opening a classified one is logged by the service (R44)."""

from __future__ import annotations

from html import escape
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QTabWidget, QTextBrowser, QVBoxLayout, QWidget

from desktop_app.services.documents import outgoing
from ui import operations
from ui.context import AppContext
from ui.errors import show_error
from ui.panes.documents_detail import small_table
from ui.widgets.table import ROW_ROLE, Column, DtoTableModel, display

CHECKLIST_COLUMNS = [
    Column("签批环节", lambda x: x.label, 130),
    Column("需签署", lambda x: x.needed, 180),
    Column("状态", lambda x: "已签" if x.done else "待签", 50),
    Column("签署人", lambda x: x.signer_name, 80),
    Column("日期", lambda x: x.signed_on, 95),
    Column("方式", lambda x: x.capacity, 70),
    Column("意见", lambda x: x.opinion),
]


class ChecklistModel(DtoTableModel):
    """The checklist; lines still to be signed are shown in red so the clerk sees the gap."""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and index.isValid()
            and 0 <= index.row() < len(self.rows)
            and not self.rows[index.row()].done
        ):
            return QBrush(QColor("#b22222"))
        return super().data(index, role)


def yes(flag: bool) -> str:
    return "是" if flag else ""


def field_rows(d: outgoing.OutgoingDTO) -> list[tuple[str, str]]:
    filing = ""
    if d.is_normative and d.published_on:
        filing = (
            f"期限 {display(d.filing_due)}；上级政府 {display(d.filed_higher_on) or '未报'}；"
            f"人大常委会 {display(d.filed_congress_on) or '未报'}"
        )
    interpretation = "　".join(
        f"{label} {display(day)}"
        for label, day in (
            ("起草", d.interpretation_drafted_on),
            ("审核", d.interpretation_reviewed_on),
            ("公布", d.interpretation_published_on),
        )
        if day
    )
    rows = [
        ("发文字号", d.number or "（未编号）"),
        ("标题", d.title),
        ("发文机关", d.issuer_name),
        ("文种", d.doc_type),
        ("拟稿单位", d.drafting_unit_name),
        ("拟稿日期", display(d.drafted_on)),
        ("涉及单位", d.touched_unit_names),
        ("涉及战线", "、".join(d.touched_areas)),
        ("联合发文单位", d.joint_unit_names),
        (
            "分管副市长",
            d.vice_mayor_names
            + (
                f"（按分管登记，{display(d.vice_mayors_on)}确定）"
                if d.vice_mayors_on
                else "（登记时选定，下次签批时按分管登记重新确定）"
                if d.vice_mayor_names
                else ""
            ),
        ),
        ("主送", d.main_to),
        ("抄送", d.cc),
        ("呈报市委、人大常委会", yes(d.to_party_or_congress)),
        ("向上级政府报送", yes(d.to_higher_government)),
        ("报送上级批示事项办理结果", yes(d.reports_on_higher_instructions)),
        ("规范性文件", yes(d.is_normative)),
        ("重要事项", yes(d.important)),
        ("电视台播发", yes(d.tv_announcement)),
        ("密级", d.secrecy or "非密"),
        ("保密期限", d.secrecy_term),
        ("印制份数", f"{d.copies} 份" + (f"（份号 {d.copy_numbers}）" if d.copy_numbers else "")),
        ("状态", d.status_name),
        ("签批", d.signers),
        ("签批程序", PAPER_SIGNED if d.imported_from else ""),
        ("尚缺签批", "、".join(d.missing_steps)),
        ("签发人", d.signer_name),
        ("签发日期", display(d.signed_on)),
        ("印发日期", display(d.issued_on)),
        ("公开属性", d.openness + (f"（{d.openness_reason}）" if d.openness_reason else "")),
        (
            "保密审查",
            f"{display(d.confidentiality_reviewed_on)} {d.confidentiality_reviewed_by}".strip(),
        ),
        ("公开日期", display(d.published_on)),
        ("法制审核", f"{display(d.legal_reviewed_on)} {d.legal_reviewed_by}".strip()),
        ("常务会议", f"{display(d.meeting_decided_on)} {d.meeting_ref}".strip()),
        ("重大事项", d.major_matter or ("规范性文件" if d.is_normative else "")),
        ("作出决定的会议", d.decided_by_meeting),
        ("指定起草", d.drafting_designation),
        ("未协调的分歧", "；".join(d.open_disagreements)),
        ("备案", filing),
        ("解读", interpretation),
        ("归档号", d.archive_ref),
        ("作废原因", d.void_reason),
        ("来源", d.imported_from),
    ]
    keep = {"发文字号", "标题", "发文机关", "文种", "拟稿单位", "状态"}
    return [(label, text) for label, text in rows if text or label in keep]


# An imported 发文: approved on paper before fuban, not checked against today's sign-off rules.
PAPER_SIGNED = "已在纸质文件上完成（导入的历史记录，不按现行签批规则检查）"


def detail_html(d: outgoing.OutgoingDTO) -> str:
    cells = "".join(
        f"<tr><td style='color:#555;padding-right:12px' valign='top'>{escape(label)}</td>"
        f"<td>{escape(text)}</td></tr>"
        for label, text in field_rows(d)
    )
    flags = "".join(f"<p style='color:#b22222'>⚠ {escape(f)}</p>" for f in d.warnings)
    return f"{flags}<table>{cells}</table>"


class OutgoingDetail(QTabWidget):
    """Tabs 登记信息 / 签批单 for the selected 发文 (`document`: its DTO or None)."""

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.setObjectName("outgoingDetail")
        self.ctx = ctx
        self.document: Any = None
        self.loading = False
        self._generation = 0
        self.text = QTextBrowser(objectName="outgoingDetailText")
        self.checklist = ChecklistModel(CHECKLIST_COLUMNS, self)
        self.checklist_table = small_table("checklistTable", self.checklist)
        self.chain = QLabel(objectName="chainState")
        self.chain.setWordWrap(True)
        self.placeholder = QLabel("在上方登记簿中选择一份发文。", objectName="outgoingDetailEmpty")
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.text)
        sign_box = QWidget()
        sign_layout = QVBoxLayout(sign_box)
        sign_layout.setContentsMargins(0, 0, 0, 0)
        sign_layout.addWidget(self.chain)
        sign_layout.addWidget(self.checklist_table)
        self.sign_layout = sign_layout
        self.addTab(box, "登记信息")
        self.addTab(sign_box, "签批单")
        self.show_document(None)

    def selected_line(self) -> outgoing.SignoffLine | None:
        idx = self.checklist_table.selectionModel().currentIndex()
        return idx.data(ROW_ROLE) if idx.isValid() else None

    def show_document(self, doc_id: int | None) -> None:
        """Load the record and its checklist off the GUI thread and show them."""
        self._generation += 1
        generation = self._generation
        if doc_id is None:
            self.document = None
            self.placeholder.setVisible(True)
            self.text.setVisible(False)
            self.checklist.set_rows([])
            self.chain.setText("")
            return
        self.loading = True
        db, user, today = self.ctx.db, self.ctx.user, self.ctx.today()

        def load():
            return (
                outgoing.get_outgoing(db, user, doc_id),
                outgoing.signoff_checklist(db, user, doc_id, day=today),
            )

        operations.run(
            load, lambda result: self._show(result, generation), self._failed, parent=self
        )

    def _show(self, result, generation: int) -> None:
        if not shiboken6.isValid(self.text) or generation != self._generation:
            return
        self.loading = False
        doc, lines = result
        self.document = doc
        self.placeholder.setVisible(False)
        self.text.setVisible(True)
        self.text.setHtml(detail_html(doc))
        self.checklist.set_rows(lines)
        missing = [x for x in lines if not x.done]
        if doc.imported_from:
            signers = f"：{doc.signers}" if doc.signers else ""
            self.chain.setText(escape(f"签批程序{PAPER_SIGNED}{signers}"))
            self.setTabText(1, "签批单（纸质审批）")
            return
        if doc.chain_complete:
            self.chain.setText(f"签批程序已完成：{doc.signers}")
        else:
            self.chain.setText(
                "<b style='color:#b22222'>尚缺签批：</b>"
                + escape("、".join(f"{x.label}（{x.needed}）" for x in missing))
                + "。签批程序完成前不能编号、用印（第四十五条）。"
            )
        self.setTabText(1, f"签批单（缺 {len(missing)} 项）" if missing else "签批单（已完成）")

    def _failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self.text):
            return
        self.loading = False
        show_error(self, exc, "读取失败")
