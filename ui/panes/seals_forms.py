"""The dialogs of the 用印 pane: the application (用印审批单, a formal document's 发文 found by its
number), the use (用印登记), its scan, voiding with a reason, and the helpers the 印章 tab shares
(China time, a scan file chosen and read). Each builds a FormDialog whose save calls one service;
a refused save (rule or bad input) keeps the dialog open with what the clerk typed. The 关联发文
search and link dialog are in seals_outgoing, one approval of the checklist in seals_approvals."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
)

from desktop_app.formatting import CHINA
from desktop_app.services import seals
from desktop_app.services.system import org_profile
from desktop_app.services.system.common import ValidationError
from ui.panes import meeting_choices as choices
from ui.panes.seals_outgoing import OUTGOING_FIELDS, add_outgoing_search, without_search_fields
from ui.widgets.form import FormDialog, open_form
from ui.widgets.form_fields import FieldSpec

NONE = choices.NONE


def china(moment: datetime) -> datetime:
    """A time typed in the dialog (naive) is China time."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=CHINA)


def now_on(day) -> datetime:
    """The current time of day on `day` (the pane's today), for the time fields' default."""
    return datetime.combine(day, datetime.now(CHINA).time().replace(second=0, microsecond=0))


def read_scan(path: str) -> tuple[bytes | None, str]:
    path = (path or "").strip()
    if not path:
        return None, ""
    file = Path(path)
    if not file.is_file():
        raise ValidationError(f"找不到扫描件文件：{path}")
    return file.read_bytes(), file.name


def add_browse(dialog: FormDialog, key: str, caption: str, pattern: str) -> None:
    """Turn the text field `key` into a file chooser (a 「…」 button inside the field)."""
    edit: QLineEdit = dialog.widgets[key]
    icon = dialog.style().standardIcon(QStyle.StandardPixmap.SP_DirOpenIcon)
    action = edit.addAction(icon, QLineEdit.ActionPosition.TrailingPosition)
    action.setToolTip("选择文件…")

    def browse() -> None:
        path, _f = QFileDialog.getOpenFileName(dialog, caption, "", pattern)
        if path:
            edit.setText(path)

    action.triggered.connect(browse)


def seal_choices(db) -> list[tuple]:
    return [NONE, *((s.id, s.name) for s in seals.list_seals(db, usable_only=True))]


NO_SEAL_IN_USE = (
    "还没有启用的印章，不能申请用印。请先在「印章」页新增印章（刻制），"
    "再选中它点「状态变更」将其「启用」，然后新建用印申请。"
)


def apply_dialog(parent, ctx, on_saved, go_to_seals=None) -> FormDialog:
    """新建用印申请 (用印审批单): the checklist of approvals follows from the flags. With no
    seal in use the form says how to get one and offers `go_to_seals` (the 印章 tab)."""
    db = ctx.db

    def pick_lists() -> dict[str, list[tuple]]:  # read through the runner once the form is open
        categories = org_profile.get_profile(db)["important_seal_categories"]
        return {
            "unit_id": choices.units(db),
            "seal_id": seal_choices(db),
            "important_category": [("", "（不属于）"), *((c, c) for c in categories)],
        }

    fields = [
        FieldSpec("applied_on", "申请日期", "date"),
        FieldSpec("unit_id", "用印单位", "combo", lazy=True, required=True),
        FieldSpec("handler", "经办人", required=True),
        FieldSpec("contact", "联系电话"),
        FieldSpec("title", "文件名称", required=True),
        FieldSpec("copies", "份数", "int"),
        FieldSpec("seal_id", "印章", "combo", lazy=True, required=True),
        FieldSpec("purpose", "用印事由", "multiline", required=True),
        FieldSpec(
            "is_formal",
            "正式公文（关联已编号印发的发文）",
            "check",
            help="第四十五条：正式公文须关联发文登记中已编号印发、签批程序完成的发文，"
            "且印章与发文机关相符；其他文件按其他用印审批",
        ),
        *OUTGOING_FIELDS,
        FieldSpec("important", "重要用印（人工标记）", "check"),
        FieldSpec("important_category", "重要用印类别", "combo", lazy=True),
        FieldSpec(
            "is_contract",
            "以市政府名义签订的合同、协议",
            "check",
            help="须先进行合法性审查并记录在案（第十四条）",
        ),
        FieldSpec("joint_with_party", "与市委（市委办公室）联合用印", "check"),
        FieldSpec("tv_announcement", "在市电视台播发的公告、通告", "check"),
        FieldSpec("note", "备注"),
    ]

    def save(v: dict[str, Any]):
        v = without_search_fields(v)
        if not v["is_formal"]:
            v["outgoing_id"] = None
        return seals.apply(ctx.db, ctx.user, **v)

    dialog = open_form(
        parent,
        "新建用印申请（用印审批单）",
        fields,
        save,
        "sealApplyDialog",
        {"applied_on": ctx.today(), "copies": 1, "important_category": ""},
        on_saved,
        intro="保存后按申请内容列出所需审批事项；全部审批记录在案后方可用印。",
        choices=pick_lists,
    )
    add_outgoing_search(dialog, ctx)
    dialog.choices_filled.connect(lambda: _say_if_no_seal(dialog, go_to_seals))
    return dialog


def _say_if_no_seal(dialog: FormDialog, go_to_seals) -> None:
    """No seal 启用 yet: nothing could be saved; say what to do first, with a button there."""
    combo = dialog.widgets["seal_id"]
    if combo.count() > 1:
        return
    combo.setItemText(0, "（没有启用的印章）")
    box = QFrame(objectName="noSealInUse")
    box.setFrameShape(QFrame.Shape.StyledPanel)
    box.setStyleSheet("#noSealInUse { background: #fff4e5; border: 1px solid #e0a040; }")
    row = QHBoxLayout(box)
    text = QLabel(NO_SEAL_IN_USE, objectName="noSealText", wordWrap=True)
    row.addWidget(text, 1)
    if go_to_seals is not None:
        button = QPushButton("转到「印章」页", objectName="goToSeals")
        button.clicked.connect(lambda: (dialog.reject(), go_to_seals()))
        row.addWidget(button)
    dialog.body.insertWidget(0, box)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)


def use_dialog(parent, ctx, app, on_saved) -> FormDialog:
    """「记录用印」: the register entry, numbered on save; refused until every approval is in."""
    fields = [
        FieldSpec("used_at", "用印时间", "datetime"),
        FieldSpec("copies_stamped", f"实际用印份数（批准 {app.copies} 份）", "int"),
        FieldSpec("copies_spoiled", "废页份数", "int"),
        FieldSpec("supervisor", "监印人"),
        FieldSpec("no_blank_paper", "未在空白文件上用印", "check"),
        FieldSpec("scan", "用印页扫描件（可选）"),
        FieldSpec("note", "备注"),
    ]

    def save(v: dict[str, Any]):
        scan, name = read_scan(v.pop("scan"))
        return seals.record_use(
            ctx.db,
            ctx.user,
            app.id,
            used_at=china(v.pop("used_at")),
            scan=scan,
            scan_filename=name,
            expected_version=app.version,
            **v,
        )

    dialog = open_form(
        parent,
        f"记录用印：{app.number}「{app.title}」",
        fields,
        save,
        "sealUseDialog",
        {
            "used_at": now_on(ctx.today()),
            "copies_stamped": app.copies,
            "supervisor": ctx.user.display_name,
        },
        on_saved,
    )
    add_browse(dialog, "scan", "选择用印页扫描件", "扫描件 (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)")
    return dialog


def scan_dialog(parent, ctx, use, on_saved) -> FormDialog:
    dialog = open_form(
        parent,
        f"附用印页扫描件（登记第{use.seq}号）",
        [FieldSpec("scan", "扫描件文件")],
        lambda v: seals.attach_scan(
            ctx.db, ctx.user, use.id, *_required_scan(v["scan"]), use.version
        ),
        "sealScanDialog",
        on_saved=on_saved,
    )
    add_browse(dialog, "scan", "选择用印页扫描件", "扫描件 (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)")
    return dialog


def _required_scan(path: str) -> tuple[bytes, str]:
    data, name = read_scan(path)
    if data is None:
        raise ValidationError("请选择扫描件文件。")
    return data, name


def void_dialog(parent, title: str, save_reason, name: str, on_saved) -> FormDialog:
    """「作废」 with a reason: the record stays (marked 作废), its number is never reused."""
    return open_form(
        parent,
        title,
        [FieldSpec("reason", "作废原因", "multiline", required=True)],
        lambda v: save_reason(v["reason"]),
        name,
        on_saved=on_saved,
        intro="作废后记录仍保留在登记簿中，标注「作废」及原因；如需用印请重新登记。",
    )
