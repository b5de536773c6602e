"""「记录审批」 of a 用印审批单: one item of its checklist of approvals (or an optional opinion box
of the printed form), the vice mayor in charge shown read-only as the directory derives him
(R45.2), the signers' pick list with the eligible ones first. Apart from seals_forms because the
per-item fields and the proposed signer read through the runner make a dialog of their own."""

from __future__ import annotations

from typing import Any

from desktop_app.rules.seals import APPROVAL_KINDS
from desktop_app.services import seals
from desktop_app.services.directory import commands as directory
from ui.panes import meeting_choices as choices
from ui.panes.seals_forms import china, now_on
from ui.widgets.form import FormDialog, open_form
from ui.widgets.form_fields import FieldSpec, set_value
from ui.widgets.short_list import ShortList

NONE = choices.NONE
# Items recorded by a post holder chosen from the directory; the others are typed by the clerk.
SIGNED_BY_POST = ("vice_mayor", "mayor", "office_director", "tv")
OPTIONAL_BOXES = (
    ("unit_head", APPROVAL_KINDS["unit_head"]),
    ("office_review", APPROVAL_KINDS["office_review"]),
)


def approval_dialog(parent, ctx, app, code: str, on_saved) -> FormDialog:
    """「记录审批」 for one checklist item (or an optional opinion box of the printed form)."""
    label = APPROVAL_KINDS.get(code, code)
    today = ctx.today()
    values: dict[str, Any] = {"signed_on": today}
    pick_lists = None
    if code == "vice_mayor" or code in SIGNED_BY_POST:
        pick_lists = _signer_lists(ctx.db, app.id, code, today)
    if code == "vice_mayor":  # R45.2: derived from the directory, confirmed, never chosen
        fields = [
            FieldSpec("in_charge", "分管副市长（据人员与分管）"),
            FieldSpec("signed_on", "签批日期", "date"),
            FieldSpec("person_id", "签批人", "combo", lazy=True),
            FieldSpec("opinion", "签批意见", "multiline"),
        ]
        values["in_charge"] = "（正在读取…）"
    elif code in SIGNED_BY_POST:
        fields = [
            FieldSpec("signed_on", "签批日期", "date"),
            FieldSpec("person_id", "签批人", "combo", lazy=True),
            FieldSpec("opinion", "签批意见", "multiline"),
        ]
    elif code == "party_seal":
        fields = [
            FieldSpec("done_at", "市委用印时间", "datetime"),
            FieldSpec("signer_name", "用印机关"),
            FieldSpec("opinion", "说明", "multiline"),
        ]
        values |= {"done_at": now_on(today), "signer_name": "市委办公室"}
    elif code == "legality":
        fields = [
            FieldSpec("signed_on", "审查日期", "date"),
            FieldSpec("signer_name", "审查机构或审查人"),
            FieldSpec("opinion", "审查结论", "multiline"),
        ]
        values["signer_name"] = "法制办公室"
    else:  # unit_head / office_review: optional opinion boxes
        fields = [
            FieldSpec("signed_on", "日期", "date"),
            FieldSpec("signer_name", "签字人"),
            FieldSpec("opinion", "意见", "multiline"),
        ]

    def save(v: dict[str, Any]):
        v.pop("in_charge", None)
        if "done_at" in v:
            v["done_at"] = china(v["done_at"])
            v["signed_on"] = v["done_at"].date()
        return seals.record_approval(
            ctx.db, ctx.user, app.id, code, expected_version=app.version, **v
        )

    dialog = open_form(
        parent,
        f"记录审批：{label}（{app.number}）",
        fields,
        save,
        "sealApprovalDialog",
        values,
        on_saved,
        choices=pick_lists,
    )
    if "in_charge" in dialog.widgets:
        dialog.widgets["in_charge"].setReadOnly(True)
    if pick_lists is not None:
        # Connected before a save can wait on choices_filled: it saves the proposed signer.
        dialog.choices_filled.connect(lambda: _propose_signer(dialog))
    return dialog


def _signer_lists(db, app_id: int, code: str, today):
    """The signers' pick list and what the form proposes, read through the runner: the
    eligible signers that day first (the first one proposed), everyone else behind 「显示全部」;
    for the vice mayor's step also who is in charge (shown read-only)."""

    def load() -> dict[str, Any]:
        eligible = seals.eligible_signers(db, app_id, code, today)
        first = [NONE, *((s.person_id, f"{s.name}（{s.title}）") for s in eligible)]
        proposed = eligible[0].person_id if eligible else None
        lists: dict[str, Any] = {"default_person_id": proposed}
        if code == "vice_mayor":
            lists["in_charge"] = seals.in_charge_text(db, app_id, today)
        listed = {s.person_id for s in eligible}
        everyone = [(p.id, p.name) for p in directory.list_persons(db) if p.id not in listed]
        # The others (a former holder, a leader of another post) only behind 「显示全部」.
        lists["person_id"] = ShortList(first, everyone, proposed)
        return lists

    return load


def _propose_signer(dialog: FormDialog) -> None:
    loaded = dialog.loaded
    if "in_charge" in loaded:
        set_value(dialog.widgets["in_charge"], loaded["in_charge"])
    if loaded.get("default_person_id") is not None:
        set_value(dialog.widgets["person_id"], loaded["default_person_id"])
