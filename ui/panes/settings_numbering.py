"""编号续接 (administrators): when the office goes live mid-year, the last number each register
already used on paper — 同政发〔2026〕57号, 收文〔2026〕812号, the term's 第二十四次常务会议 — so
fuban goes on with the next one. The service refuses a value below a number fuban already
issued (the dialog stays open with its message); every change is audited."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from desktop_app.services.system import numbering
from ui.context import AppContext
from ui.panes.settings_common import HINT_STYLE, keep_service_order
from ui.widgets.form import FormDialog
from ui.widgets.form_fields import FieldSpec
from ui.widgets.table import Column, RegisterView

INTRO = (
    "启用府办台账时，本年度各编号序列在纸质台账上已经用到的号，在此逐项填写；"
    "系统从下一号接着编（如填 57，下一个发文字号为 58 号）。会议次序按届计算。"
    "已在本系统中编出的号不能被续接号压低（否则编号会重复）；每次修改都记入审计。"
)


def _paper(r: numbering.SequenceRow) -> str:
    return "未设置" if r.on_paper is None else str(r.on_paper)


class NumberingWidget(QWidget):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.setObjectName("numberingSettings")
        self.ctx = ctx
        self.year = QSpinBox(objectName="numberingYear")
        self.year.setRange(2000, 2100)
        self.year.setValue(ctx.today().year)
        self.year.setSuffix(" 年")
        columns = [
            Column("编号序列", lambda r: r.label, 130),
            Column("年度", lambda r: r.period, 150),
            Column("已用到", lambda r: r.last_used, 70),
            Column("纸质台账已用到", _paper, 110),
            Column("本系统已编到", lambda r: r.highest_issued or "", 100),
            Column("下一个编号", lambda r: r.next_text),
        ]
        self.view = RegisterView(
            "numbering",
            columns,
            lambda _v, year: numbering.list_sequences(ctx.db, ctx.user, year),
            voidable=False,
        )
        self.view.query_state = self.year.value
        keep_service_order(self.view)
        self.view.add_action("设置已用到的号", self.edit, "editNumbering", needs_row=True)
        self.view.table.doubleClicked.connect(lambda _i: self.edit())
        self.year.valueChanged.connect(lambda _y: self.reload())
        intro = QLabel(INTRO, wordWrap=True, objectName="numberingIntro")
        intro.setStyleSheet(HINT_STYLE)
        top = QHBoxLayout()
        top.addWidget(QLabel("年度："))
        top.addWidget(self.year)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)

    def reload(self) -> None:
        self.view.reload()

    def edit(self) -> FormDialog | None:
        r = self.view.current()
        if r is None:
            return None

        def save(v: dict):
            return numbering.set_last_on_paper(
                self.ctx.db, self.ctx.user, r.name, v["last"], expected_version=r.version
            )

        floor = (
            f"本系统已编到 {numbering.number_text(r.name, r.highest_issued)}，不能小于 "
            f"{r.highest_issued}。"
            if r.highest_issued
            else "本系统尚未编出此序列的号。"
        )
        dialog = FormDialog(
            f"编号续接：{r.period}{r.label}",
            [FieldSpec("last", "已用到的号", "int", help="纸质台账上最后一个已用的号")],
            save,
            values={"last": r.last_used},
            parent=self,
            object_name="numberingDialog",
            intro=f"填写纸质台账上已经用到的号，系统从下一号接着编。{floor}",
        )
        dialog.accepted.connect(self.reload)
        dialog.setMinimumWidth(420)
        dialog.open()
        return dialog
