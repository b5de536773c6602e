"""One 用印审批单 in detail: its facts, the checklist of approvals the rules require (each missing
item with its own 「记录审批」 button, refusals citing the article), the register entries made
from it, and the actions 「记录用印」, 「打印审批单」, 「作废」."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.formatting import format_date
from desktop_app.services import seals
from ui import operations
from ui.errors import show_error
from ui.panes import seals_approvals as approvals
from ui.panes import seals_forms as forms
from ui.panes import seals_outgoing as outgoing
from ui.panes.meeting_print import preview
from ui.widgets.table import Column, RegisterView


def approval_text(a: Any) -> str:
    """「孙立新（副市长） 2026-11-26 同意」 / the legality review's conclusion / the party seal."""
    who = f"{a.signer_name}（{a.signer_title}）" if a.signer_title else a.signer_name
    when = (
        a.done_at.astimezone(forms.CHINA).strftime("%Y-%m-%d %H:%M")
        if a.done_at
        else a.signed_on.isoformat()
    )
    return " ".join(x for x in (who, when, a.opinion) if x)


class ApplicationDetail(QWidget):
    changed = Signal()

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.setObjectName("sealApplicationDetail")
        self.ctx = ctx
        self.app: Any = None
        self.may_edit = ctx.user.can("records")
        self._latest = operations.Latest()  # only the last selected application is shown
        self.summary = QLabel("请在上方选择一份用印审批单。", objectName="sealSummary")
        self.summary.setWordWrap(True)
        self.checklist_box = QGroupBox("审批事项（全部记录后方可用印）")
        self.checklist = QGridLayout(self.checklist_box)
        self.item_buttons: dict[str, QPushButton] = {}
        self.buttons: dict[str, QPushButton] = {}
        actions = QHBoxLayout()
        for name, text, slot in (
            ("recordUse", "记录用印…", self.record_use),
            ("linkOutgoing", "关联发文…", self.link_outgoing),
            ("printForm", "打印审批单", self.print_form),
            ("optionalOpinion", "记录承办单位/办公室意见…", self.optional_opinion),
            ("voidApplication", "作废审批单…", self.void_application),
        ):
            button = QPushButton(text, objectName=name)
            button.clicked.connect(slot)
            button.setEnabled(False)
            self.buttons[name] = button
            actions.addWidget(button)
        actions.addStretch(1)
        self.uses = RegisterView(
            "sealUses",
            [
                Column("序号", lambda u: f"{u.year}-{u.seq}", 70),
                Column("用印时间", lambda u: u.used_at, 130),
                Column("实际份数", lambda u: u.copies_stamped, 70),
                Column("废页", lambda u: u.copies_spoiled, 50),
                Column("监印人", lambda u: u.supervisor, 80),
                Column("扫描件", lambda u: "有" if u.scan_sha256 else "", 60),
                Column("备注", lambda u: u.note),
            ],
            lambda inc: [u for u in (self.app.uses if self.app else ()) if inc or not u.voided],
        )
        self.uses.show_voided.setChecked(True)
        self.uses.add_action("作废登记…", self.void_use, "voidUse", True).setVisible(self.may_edit)
        self.uses.add_action("附扫描件…", self.attach_scan, "attachScan", True).setVisible(
            self.may_edit
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.checklist_box)
        layout.addLayout(actions)
        layout.addWidget(QLabel("用印登记（作废的登记保留并标注）："))
        layout.addWidget(self.uses, 1)

    # --- showing --------------------------------------------------------------------------
    def show_application(self, app_id: int | None) -> None:
        """Read the application off the GUI thread (a newer selection drops this read's result)."""
        wanted = self._latest.ticket()
        if app_id is None:
            self.app = None
            self._fill()
            return
        db, user = self.ctx.db, self.ctx.user
        operations.run(
            lambda: seals.get_application(db, app_id, user=user),
            self._show,
            self._failed,
            parent=self,
            still_wanted=wanted,
        )

    def _show(self, app: Any) -> None:
        self.app = app
        self._fill()

    def _failed(self, exc: BaseException) -> None:
        self.app = None  # a refused read is shown, the pane stays usable
        show_error(self, exc, "读取失败")
        self._fill()

    def refresh(self, _result=None) -> None:
        self.show_application(self.app.id if self.app else None)
        self.ctx.data_changed.emit("用印")
        self.changed.emit()

    def _fill(self) -> None:
        a = self.app
        self._clear_checklist()
        for button in self.buttons.values():
            button.setEnabled(False)
        self.buttons["linkOutgoing"].setVisible(False)
        self.uses.reload()
        if a is None:
            self.summary.setText("请在上方选择一份用印审批单。")
            return
        flags = "、".join(
            x
            for x, on in (
                ("正式公文", a.is_formal),
                ("重要用印", a.important),
                ("合同协议", a.is_contract),
                ("联合用印", a.joint_with_party),
                ("电视公告", a.tv_announcement),
            )
            if on
        )
        void = f"<br><b style='color:#b00'>已作废：{a.void_reason}</b>" if a.voided_at else ""
        self.summary.setText(
            f"<b>{a.number}</b>　{a.status_name}　{a.unit_name}　经办人 {a.handler}"
            f"{'（' + a.contact + '）' if a.contact else ''}<br>"
            f"文件：「{a.title}」 {a.copies} 份　印章：{a.seal_name}　申请日期："
            f"{format_date(a.applied_on)}<br>事由：{a.purpose}"
            + (f"<br>标记：{flags}" if flags else "")
            + (
                f"<br>关联发文：{a.outgoing_label}（{a.outgoing_issuer}）"
                if a.outgoing_label
                else ""
            )
            + (
                "<br><b style='color:#b00'>未关联发文：正式公文须关联已编号印发的发文后方可用印"
                "（第四十五条）</b>"
                if a.unlinked
                else ""
            )
            + void
        )
        self._fill_checklist(a)
        open_ = a.status in ("pending", "approved")
        self.buttons["printForm"].setEnabled(True)
        self.buttons["recordUse"].setEnabled(self.may_edit and open_)
        self.buttons["optionalOpinion"].setEnabled(self.may_edit and open_)
        self.buttons["linkOutgoing"].setVisible(a.unlinked)
        self.buttons["linkOutgoing"].setEnabled(self.may_edit and open_ and a.unlinked)
        self.buttons["voidApplication"].setEnabled(self.may_edit and a.status != "voided")

    def _clear_checklist(self) -> None:
        self.item_buttons.clear()
        while self.checklist.count():
            widget = self.checklist.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()

    def _fill_checklist(self, a: Any) -> None:
        if not a.checklist:
            self.checklist.addWidget(QLabel("无需审批事项。"), 0, 0)
        open_ = self.may_edit and a.status in ("pending", "approved")
        for row, item in enumerate(a.checklist):
            mark = "☑" if item.done else "☐"
            self.checklist.addWidget(QLabel(f"{mark} {item.label}（{item.rule_id}）"), row, 0)
            if item.done and item.approval is not None:
                state = approval_text(item.approval)
            else:
                state = item.detail or (f"待 {item.who}" if item.who else "尚未记录")
            label = QLabel(state, objectName=f"checklistState_{item.code}")
            label.setWordWrap(True)
            self.checklist.addWidget(label, row, 1)
            if not item.done and item.code != "sign_off":  # R45.1 is read from the 发文 chain
                button = QPushButton("记录审批", objectName=f"recordApproval_{item.code}")
                button.setEnabled(open_)
                button.clicked.connect(lambda _c=False, code=item.code: self.record_approval(code))
                self.item_buttons[item.code] = button
                self.checklist.addWidget(button, row, 2)
            elif item.done and item.approval is not None and a.status != "used" and open_:
                button = QPushButton("撤销", objectName=f"voidApproval_{item.code}")
                button.setToolTip("审批记录有误时作废（注明原因），再重新记录")
                button.clicked.connect(lambda _c=False, ap=item.approval: self.void_approval(ap))
                self.checklist.addWidget(button, row, 2)
        self.checklist.setColumnStretch(1, 1)

    # --- actions ---------------------------------------------------------------------------
    def record_approval(self, code: str):
        return approvals.approval_dialog(self, self.ctx, self.app, code, self.refresh)

    def optional_opinion(self):
        """The printed form's optional boxes (承办单位负责人, 市政府办公室审核), when written."""
        recorded = {x.kind for x in self.app.approvals}
        boxes = [(c, label) for c, label in approvals.OPTIONAL_BOXES if c not in recorded]
        if not boxes:
            return None
        if len(boxes) == 1:
            return self.record_approval(boxes[0][0])
        return self._choose_box(boxes)

    def _choose_box(self, boxes):
        from ui.widgets.form import FormDialog
        from ui.widgets.form_fields import FieldSpec

        dialog = FormDialog(
            "记录意见",
            [FieldSpec("code", "意见栏", "combo", boxes)],
            lambda v: v["code"],
            parent=self,
            object_name="sealOpinionChoice",
        )
        dialog.accepted.connect(lambda: self.record_approval(dialog.result_value))
        dialog.open()
        return dialog

    def void_approval(self, approval):
        return forms.void_dialog(
            self,
            f"撤销审批：{approval.kind_name}",
            lambda reason: seals.void_approval(
                self.ctx.db, self.ctx.user, approval.id, reason, approval.version
            ),
            "sealVoidApprovalDialog",
            self.refresh,
        )

    def record_use(self):
        return forms.use_dialog(self, self.ctx, self.app, self.refresh)

    def link_outgoing(self):
        """R45.1: link the issued 发文 to an application saved 「未关联发文」."""
        return outgoing.link_dialog(self, self.ctx, self.app, self.refresh)

    def void_application(self):
        a = self.app
        return forms.void_dialog(
            self,
            f"作废用印审批单：{a.number}",
            lambda reason: seals.void_application(
                self.ctx.db, self.ctx.user, a.id, reason, a.version
            ),
            "sealVoidApplicationDialog",
            self.refresh,
        )

    def void_use(self):
        use = self.uses.current()
        return forms.void_dialog(
            self,
            f"作废用印登记：第{use.seq}号",
            lambda reason: seals.void_use(self.ctx.db, self.ctx.user, use.id, reason, use.version),
            "sealVoidUseDialog",
            self.refresh,
        )

    def attach_scan(self):
        return forms.scan_dialog(self, self.ctx, self.uses.current(), self.refresh)

    def print_form(self) -> None:
        from desktop_app.services.seals.printouts import seal_form_pdf

        app_id, number, user = self.app.id, self.app.number, self.ctx.user
        preview(self, lambda: seal_form_pdf(self.ctx.db, app_id, user), f"{number}用印审批单")
