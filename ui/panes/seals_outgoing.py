"""The 关联发文 of a 用印审批单 (R45.1): the 发文字号 search that fills the 关联发文 pick list with
a bounded number of issued records (never a list of the whole register), and 「关联发文」 for an
application marked 正式公文 saved without one. Apart from seals_forms because both the
application dialog there and the link dialog here share this search."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QStyle

from desktop_app.services import seals
from ui import operations
from ui.panes import meeting_choices as choices
from ui.widgets.form import FormDialog, open_form
from ui.widgets.form_fields import FieldSpec

NONE = choices.NONE


# R45.1: the linked 发文 is found by its number (a bounded search), never from a list of the
# whole register; the chosen record's number, title and issuer are shown read-only.
OUTGOING_FIELDS = [
    FieldSpec(
        "outgoing_number",
        "发文字号（输入后回车查找）",
        help="输入发文字号或其一部分（如 同政发〔2026〕1号、〔2026〕1），只列出已编号印发的发文",
    ),
    FieldSpec("outgoing_id", "关联发文", "combo", [NONE]),
    FieldSpec("outgoing_info", "所选发文"),
]


def add_outgoing_search(dialog: FormDialog, ctx, seal_kind=lambda: None) -> None:
    """Turn the 发文字号 field into a search (Enter or the 「查找」 button) that fills the 关联发文
    combo with at most seals.find_formal_documents' limit of issued records."""
    edit: QLineEdit = dialog.widgets["outgoing_number"]
    combo: QComboBox = dialog.widgets["outgoing_id"]
    info: QLineEdit = dialog.widgets["outgoing_info"]
    info.setReadOnly(True)
    info.setPlaceholderText("（尚未选择）")
    found: dict[int, Any] = {}

    def show_choice() -> None:
        doc = found.get(combo.currentData())
        info.setText(
            f"{doc.number}　《{doc.title}》　发文机关：{doc.issuer_name}　{doc.status_name}"
            if doc
            else ""
        )

    def search() -> None:
        text, kind = edit.text(), seal_kind()  # read here: the search runs on the worker
        operations.run(
            lambda: seals.find_formal_documents(ctx.db, ctx.user, text, seal_kind=kind),
            show_found,
            parent=dialog,
            title="未查到",
        )

    def show_found(docs: list[Any]) -> None:
        found.clear()
        found.update((d.id, d) for d in docs)
        combo.clear()
        combo.addItem(NONE[1], NONE[0])
        for d in docs:
            combo.addItem(d.label, d.id)
        if docs:
            combo.setCurrentIndex(1)
        else:
            info.setText("没有找到已编号印发的发文")
        show_choice()

    icon = dialog.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogContentsView)
    action = edit.addAction(icon, QLineEdit.ActionPosition.TrailingPosition)
    action.setToolTip("查找")
    action.triggered.connect(search)
    edit.returnPressed.connect(search)
    combo.currentIndexChanged.connect(lambda _i: show_choice())
    dialog.search_outgoing = search  # type: ignore[attr-defined]


def without_search_fields(v: dict[str, Any]) -> dict[str, Any]:
    return {k: x for k, x in v.items() if k not in ("outgoing_number", "outgoing_info")}


def link_dialog(parent, ctx, app, on_saved) -> FormDialog:
    """「关联发文」 for an application marked 正式公文 without a linked record (R45.1): only
    issued records of the seal's issuer are offered."""
    dialog = open_form(
        parent,
        f"关联发文：{app.number}「{app.title}」",
        list(OUTGOING_FIELDS),
        lambda v: seals.link_outgoing(ctx.db, ctx.user, app.id, v["outgoing_id"], app.version),
        "sealLinkOutgoingDialog",
        on_saved=on_saved,
        intro="第四十五条：正式公文须关联已编号印发、签批程序完成的发文，且印章与发文机关相符，"
        "关联后方可用印。不属于正式公文的，请作废本审批单，按其他用印重新填写。",
    )
    add_outgoing_search(dialog, ctx, lambda: app.seal_kind)
    return dialog
