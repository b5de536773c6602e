"""The 印章 tab: the catalogue of seals (lifecycle 刻制 → 启用 → 停用 → 销毁 with dates, documents
and, for destruction, two witnesses), custodian hand-overs, the imprint, and lending (外借) with
overdue loans marked."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QSplitter, QTabWidget, QVBoxLayout, QWidget

from desktop_app.formatting import CHINA
from desktop_app.rules.seals import SEAL_KINDS
from desktop_app.services import seals
from desktop_app.services.system.common import ValidationError
from ui import operations
from ui.panes import meeting_choices as choices
from ui.panes import seals_forms as forms
from ui.widgets.form import FormDialog, open_form
from ui.widgets.form_fields import FieldSpec
from ui.widgets.short_list import follow_date
from ui.widgets.table import Column, RegisterView

EVENTS = [("active", "启用"), ("suspended", "停用"), ("destroyed", "销毁")]
IMAGES = "印模图片 (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.pdf)"


def loan_state(loan, now: datetime) -> str:
    if loan.voided_at is not None:
        return "已作废"
    if loan.returned_at is not None:
        return "已归还"
    return "⚠ 逾期未还" if loan.is_overdue(now) else "外借中"


class CatalogueTab(QWidget):
    def __init__(self, ctx, on_changed, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.on_changed = on_changed
        self.seals = RegisterView(
            "seals",
            [
                Column("印章名称", lambda s: s.name, 200),
                Column("类别", lambda s: s.kind_name, 120),
                Column("状态", lambda s: s.status_name, 60),
                Column("保管人", lambda s: s.custodian, 80),
                Column("外借", lambda s: "外借中" if s.on_loan else "", 60),
                Column("印模", lambda s: "有" if s.imprint_sha256 else "无", 50),
                Column("备注", lambda s: s.note),
            ],
            lambda _inc: seals.list_seals(ctx.db),
            voidable=False,
        )
        self.history = RegisterView(
            "sealHistory",
            [
                Column("日期", lambda e: e.happened_on, 90),
                Column("事项", lambda e: e.event_name, 60),
                Column("依据文件", lambda e: e.document, 180),
                Column(
                    "监销人", lambda e: "、".join(x for x in (e.witness_1, e.witness_2) if x), 110
                ),
                Column("备注", lambda e: e.note),
            ],
            lambda _inc, seal: list(seal.events) if seal else [],
            voidable=False,
        )
        self.custody = RegisterView(
            "sealCustody",
            [
                Column("起始日期", lambda c: c.start_date, 90),
                Column("保管人", lambda c: c.custodian, 80),
                Column("移交人", lambda c: c.handed_over_by, 80),
                Column("依据", lambda c: c.document, 160),
                Column("备注", lambda c: c.note),
            ],
            lambda _inc, seal: list(seal.custody) if seal else [],
            voidable=False,
        )
        self.loans = RegisterView(
            "sealLoans",
            [
                Column("印章", lambda x: x.seal_name, 160),
                Column("借用人", lambda x: x.borrower, 80),
                Column("单位", lambda x: x.unit_name, 120),
                Column("事由", lambda x: x.purpose, 160),
                Column("批准人", lambda x: f"{x.approver_name}（{x.approver_title}）", 130),
                Column("借出时间", lambda x: x.taken_at, 130),
                Column("应归还", lambda x: x.due_back_at, 130),
                Column("归还时间", lambda x: x.returned_at, 130),
                Column("状态", lambda x: loan_state(x, datetime.now(CHINA)), 90),
                Column("接收人", lambda x: x.received_by),
            ],
            lambda inc: [x for x in seals.list_loans(ctx.db) if inc or x.voided_at is None],
        )
        self.history.query_state = self.custody.query_state = self._seal
        # Another seal's records start at the top; the same seal saved again keeps the place.
        self.history.query_key = self.custody.query_key = lambda: getattr(self._seal(), "id", None)
        self._actions()
        self.seals.selection_changed.connect(self._selected)
        self.details = details = QTabWidget(objectName="sealDetailTabs")
        details.addTab(self.history, "启用停用销毁记录")
        details.addTab(self.custody, "保管交接")
        details.addTab(self.loans, "外借登记")
        self.imprint = QLabel("选择印章后显示其印模。", objectName="sealImprint")
        self._imprint_latest = operations.Latest()  # only the selected seal's imprint shows
        self.imprint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        details.addTab(self.imprint, "印模")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.seals)
        split.addWidget(details)
        layout = QVBoxLayout(self)
        layout.addWidget(split)

    def _actions(self) -> None:
        may = self.ctx.user.can("records")
        v = self.seals
        for text, slot, name, needs_row in (
            ("新增印章…", self.add_seal, "addSeal", False),
            ("启用/停用/销毁…", self.change_status, "changeSealStatus", True),
            ("保管交接…", self.hand_over, "handOverSeal", True),
            ("更换印模…", self.set_imprint, "setImprint", True),
        ):
            v.add_action(text, slot, name, needs_row).setVisible(may)
        self.loans.add_action("外借登记…", self.lend, "lendSeal").setVisible(may)
        self.loans.add_action("归还…", self.return_seal, "returnSeal", True).setVisible(may)
        self.loans.add_action("作废…", self.void_loan, "voidLoan", True).setVisible(may)

    def _seal(self):
        return self.seals.current()

    def _selected(self) -> None:
        self.history.reload()
        self.custody.reload()
        self._show_imprint()

    def _show_imprint(self) -> None:
        """The imprint scan kept with the record (images shown; other files named)."""
        seal = self._seal()
        self.imprint.setPixmap(QPixmap())
        if seal is None or not seal.imprint_sha256:
            self._imprint_latest.cancel()  # an older seal's imprint arriving now is not shown
            self.imprint.setText("未登记印模。" if seal is not None else "选择印章后显示其印模。")
            return
        self.imprint.setText("正在读取印模…")
        db, sha = self.ctx.db, seal.imprint_sha256
        operations.run(
            lambda: seals.get_file(db, sha),
            self._show_stored_imprint,
            parent=self.imprint,
            still_wanted=self._imprint_latest.ticket(),
            title="读取失败",
        )

    def _show_stored_imprint(self, stored) -> None:
        image = QPixmap()
        if image.loadFromData(stored.content):
            self.imprint.setPixmap(
                image.scaled(
                    240,
                    240,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.imprint.setText(f"印模文件：{stored.filename}（{stored.size} 字节）")

    def reload(self) -> None:
        self.seals.reload()
        self.loans.reload()

    def _changed(self, _result=None) -> None:
        self.reload()
        self.on_changed()

    def _form(
        self, title, fields, save, name, values=None, intro="", pick_lists=None
    ) -> FormDialog:
        return open_form(
            self, title, fields, save, name, values, self._changed, intro, choices=pick_lists
        )

    # --- catalogue -------------------------------------------------------------------------
    def add_seal(self) -> FormDialog:
        def save(v):
            data, filename = forms.read_scan(v.pop("imprint"))
            return seals.add_seal(
                self.ctx.db, self.ctx.user, imprint=data, imprint_filename=filename, **v
            )

        dialog = self._form(
            "新增印章（刻制）",
            [
                FieldSpec("name", "印章名称"),
                FieldSpec("kind", "类别", "combo", list(SEAL_KINDS.items())),
                FieldSpec("made_on", "刻制日期", "date"),
                FieldSpec("document", "刻制批准文件"),
                FieldSpec("imprint", "印模（扫描图片）"),
                FieldSpec("note", "备注"),
            ],
            save,
            "addSealDialog",
            {"made_on": self.ctx.today()},
            intro="新刻制的印章须「启用」后方可用印。",
        )
        forms.add_browse(dialog, "imprint", "选择印模图片", IMAGES)
        return dialog

    def change_status(self) -> FormDialog:
        s = self._seal()
        return self._form(
            f"印章状态变更：{s.name}（当前：{s.status_name}）",
            [
                FieldSpec("event", "变更为", "combo", EVENTS),
                FieldSpec("happened_on", "日期", "date"),
                FieldSpec("document", "依据文件"),
                FieldSpec("witness_1", "监销人一（销毁时）"),
                FieldSpec("witness_2", "监销人二（销毁时）"),
                FieldSpec("note", "备注"),
            ],
            lambda v: seals.change_status(
                self.ctx.db,
                self.ctx.user,
                s.id,
                v.pop("event"),
                v.pop("happened_on"),
                v.pop("document"),
                s.version,
                **v,
            ),
            "sealStatusDialog",
            {"happened_on": self.ctx.today()},
            intro="销毁印章须两名不同的监销人在场。",
        )

    def hand_over(self) -> FormDialog:
        s = self._seal()
        return self._form(
            f"保管交接：{s.name}",
            [
                FieldSpec("custodian", "接收保管人"),
                FieldSpec("start_date", "交接日期", "date"),
                FieldSpec("handed_over_by", "移交人"),
                FieldSpec("document", "依据"),
                FieldSpec("note", "备注"),
            ],
            lambda v: seals.hand_over(
                self.ctx.db, self.ctx.user, s.id, expected_version=s.version, **v
            ),
            "sealHandOverDialog",
            {"start_date": self.ctx.today(), "handed_over_by": s.custodian},
        )

    def set_imprint(self) -> FormDialog:
        s = self._seal()

        def save(v):
            data, filename = forms.read_scan(v["imprint"])
            if data is None:
                raise ValidationError("请选择印模图片。")
            return seals.set_imprint(self.ctx.db, self.ctx.user, s.id, data, filename, s.version)

        dialog = self._form(
            f"印模：{s.name}", [FieldSpec("imprint", "印模图片")], save, "sealImprintDialog"
        )
        forms.add_browse(dialog, "imprint", "选择印模图片", IMAGES)
        return dialog

    # --- lending ---------------------------------------------------------------------------
    def lend(self) -> FormDialog:
        db, today = self.ctx.db, self.ctx.today()
        selected = self._seal()
        values = {
            "approved_on": today,
            "taken_at": forms.now_on(today),
            "due_back_at": forms.now_on(today) + timedelta(hours=4),
        }
        if selected is not None:
            values["seal_id"] = selected.id

        def save(v):
            seal_id = v.pop("seal_id")
            if seal_id is None:
                raise ValidationError("请选择印章。")
            return seals.lend_seal(
                self.ctx.db,
                self.ctx.user,
                seal_id,
                taken_at=forms.china(v.pop("taken_at")),
                due_back_at=forms.china(v.pop("due_back_at")),
                **v,
            )

        def approvers(day, seal_id) -> dict[str, Any]:
            # Who may approve taking this seal out that day (by the seal's kind) first; the
            # mayor's and executive vice mayor's while no seal is chosen.
            if not seal_id:
                return {"approver_id": choices.qualified(db, day, ("mayor", "exec_vice_mayor"))}
            ids = tuple((a.person_id, a.title) for a in seals.loan_approvers(db, seal_id, day))
            proposed = ids[0][0] if ids else None
            pick = choices.qualified(db, day, (), extra=ids, propose_person=proposed)
            return {"approver_id": pick}

        dialog = self._form(
            "印章外借登记",
            [
                FieldSpec("seal_id", "印章", "combo", lazy=True),
                FieldSpec("borrower", "借用人"),
                FieldSpec("unit_id", "借用单位", "combo", lazy=True),
                FieldSpec("purpose", "外借事由", "multiline"),
                FieldSpec("approver_id", "批准人", "combo", lazy=True),
                FieldSpec("approved_on", "批准日期", "date"),
                FieldSpec("taken_at", "借出时间", "datetime"),
                FieldSpec("due_back_at", "应归还时间", "datetime"),
                FieldSpec("note", "备注"),
            ],
            save,
            "sealLendDialog",
            values,
            intro="印章原则上不得外借；确需带出的，须经批准并按时归还，逾期未还的列入工作台。",
            pick_lists=lambda: {
                "seal_id": [
                    choices.NONE,
                    *((s.id, s.name) for s in seals.list_seals(db, usable_only=True)),
                ],
                "unit_id": choices.units(db),
                **approvers(today, selected.id if selected is not None else None),
            },
        )
        follow_date(dialog, "approved_on", approvers, "seal_id")
        return dialog

    def return_seal(self) -> FormDialog:
        loan = self.loans.current()
        return self._form(
            f"印章归还：{loan.seal_name}（借用人 {loan.borrower}）",
            [FieldSpec("returned_at", "归还时间", "datetime"), FieldSpec("received_by", "接收人")],
            lambda v: seals.return_seal(
                self.ctx.db,
                self.ctx.user,
                loan.id,
                returned_at=forms.china(v["returned_at"]),
                received_by=v["received_by"],
                expected_version=loan.version,
            ),
            "sealReturnDialog",
            {
                "returned_at": forms.now_on(self.ctx.today()),
                "received_by": self.ctx.user.display_name,
            },
        )

    def void_loan(self) -> FormDialog:
        loan = self.loans.current()
        return forms.void_dialog(
            self,
            f"作废外借登记：{loan.seal_name}（借用人 {loan.borrower}）",
            lambda reason: seals.void_loan(
                self.ctx.db, self.ctx.user, loan.id, reason, loan.version
            ),
            "sealVoidLoanDialog",
            self._changed,
        )

    def select_loan(self, loan_id: int) -> None:
        def select():
            self.loans.loaded.disconnect(select)
            self.loans.select_where(lambda x: x.id == loan_id)

        self.details.setCurrentWidget(self.loans)
        self.loans.loaded.connect(select)
        self.loans.show_voided.setChecked(True)  # toggling reloads; make sure it reloads once
        self.loans.reload()
