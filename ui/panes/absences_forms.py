"""Dialogs of the 外出报备 pane: a new request and a change of itinerary (R62.1, R62.4–R62.7), one
approval step (R62.2, R62.3, R62.10, R66, R6.2) — the signer the rules name is shown read-only
for the clerk to confirm (the vice mayor in charge is derived from the directory, never chosen) —,
the return and 销假 (R62.8), the written report (R62.9), the trip report (出访报告, R66), 作废.
Each refusal is shown and the dialog keeps what the clerk typed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from desktop_app.rules.absences import CATEGORIES, HALVES
from desktop_app.services.absences import approvals as absences_approvals
from desktop_app.services.absences import commands as absences
from desktop_app.services.absences import returns as absences_return
from desktop_app.services.absences.commands import AbsenceInput
from ui.panes import meeting_choices as choices
from ui.widgets.form import FormDialog, open_form
from ui.widgets.form_fields import FieldSpec
from ui.widgets.live_hint import LiveHint
from ui.widgets.short_list import follow_date

# Posts whose holders file requests (R62), listed first in the person pick list.
FILING_POSTS = (
    "exec_vice_mayor",
    "vice_mayor",
    "township_secretary",
    "township_head",
    "unit_head",
    "mayor",
)
SIGNER_POSTS = ("mayor", "exec_vice_mayor", "vice_mayor", "party_secretary")
AUTO_SIGNER = (None, "（按签署当日任职自动确定）")
INPUT_KEYS = [f for f in AbsenceInput.__dataclass_fields__]


def _halves() -> list[tuple[str, str]]:
    return [(h, h) for h in HALVES]


# The paper form's parts, each a titled group of the dialog (a long form read in parts).
TRIP = "外出人员与行程"


def itinerary_fields() -> list[FieldSpec]:
    return [
        FieldSpec("category", "外出类别", "combo", [(c, c) for c in CATEGORIES], section=TRIP),
        FieldSpec("reason", "事由", "multiline"),
        FieldSpec("destination", "目的地"),
        FieldSpec("start_date", "出发日期", "date"),
        FieldSpec("start_half", "出发时段", "combo", _halves()),
        FieldSpec("end_date", "返回日期", "date"),
        FieldSpec("end_half", "返回时段", "combo", _halves()),
        FieldSpec("transport", "交通方式"),
        FieldSpec("contact", "外出期间联系电话"),
        FieldSpec("filed_on", "请示日期", "date"),
        FieldSpec("acting_name", "主持工作负责同志姓名", section="主持工作"),
        FieldSpec("acting_post", "主持工作负责同志职务"),
        FieldSpec("acting_contact", "主持工作负责同志联系电话"),
        FieldSpec(
            "emergency_reason",
            "紧急事由（不足3天报备时必填）",
            "multiline",
            help="第六十二条：外出须提前3天请示；因紧急事项临时外出的，说明紧急事由。",
            section="特殊情况",
        ),
        FieldSpec("both_away_reason", "乡镇党政主要负责同志同时外出的理由", "multiline"),
        FieldSpec("for_meeting", "外出参加会议（返回后须书面报告）", "check"),
        FieldSpec(
            "abroad_private",
            "因私出国（境）（不属因公出访）",
            "check",
            help="第六十六条：市政府领导成员因公出访，须先由市外事处提出意见，"
            "出访结束后形成出访报告；因私出国（境）不适用。",
        ),
        FieldSpec("note", "备注", "multiline"),
    ]


def _input(values: dict[str, Any], person_id: int | None) -> AbsenceInput:
    data = {k: values[k] for k in INPUT_KEYS if k in values and k != "person_id"}
    return AbsenceInput(person_id=person_id, **data)


def new_request(pane) -> FormDialog:
    """新建请示: the paper request as filed (R62.6: every field of the form is required)."""
    ctx = pane.ctx
    today = ctx.today()
    start = today + timedelta(days=7)
    db = ctx.db
    fields = [
        FieldSpec("person_id", "外出人员", "combo", lazy=True, section=TRIP),
        *itinerary_fields(),
    ]
    values = {
        "start_date": start,
        "end_date": start,
        "filed_on": today,
        "category": "出差",
        "start_half": "上午",
        "end_half": "下午",
    }
    return open_form(
        pane,
        "新建外出请示",
        fields,
        lambda v: absences.file_request(ctx.db, ctx.user, _input(v, v["person_id"])),
        "newAbsenceDialog",
        values,
        pane.changed_done,
        intro="按纸质《外出请示报备表》登记。审批程序按出发当日所任最高职务确定（第六十二条）。",
        choices=lambda: {"person_id": choices.persons(db, today, FILING_POSTS)},
    )


def amend_request(pane, row, current) -> FormDialog:
    """变更行程 (R62.7): a new request linked to the original, approved the same way; the fields
    start from the itinerary in force (`current`, read by the pane through the runner)."""
    ctx = pane.ctx
    values = {k: getattr(current, k) for k in INPUT_KEYS if hasattr(current, k)}
    values["filed_on"] = ctx.today()
    values["emergency_reason"] = ""
    return open_form(
        pane,
        f"变更行程：{row.person_name}",
        itinerary_fields(),
        lambda v: absences.amend_request(
            ctx.db, ctx.user, row.id, _input(v, row.person_id), row.version
        ),
        "amendAbsenceDialog",
        values,
        pane.changed_done,
        intro="行程有变化的，须重新请示（第六十二条）；新的行程经审批后生效，"
        "此前已批准的行程在此之前仍然有效。",
    )


def record_approval(pane, target) -> FormDialog:
    """记录审批: one step of the computed chain, signed by the holder of its post that day (or,
    for a vice mayor in charge who is away, the AB partner — 「B角代签」, R6.2). Who the step needs
    is shown read-only (「应由」) and follows the chosen step and date."""
    ctx = pane.ctx
    missing = [(st.code, f"{st.title}（{st.rule_id}）") for st in target.steps if not st.done]
    db, today = ctx.db, ctx.today()
    what = "行程变更" if target.is_amendment else "外出请示"
    fields = [
        FieldSpec("step", "审批环节", "combo", missing),
        FieldSpec("signed_on", "签署日期", "date"),
        FieldSpec("expected", "应由（按人员名录确定）"),
        FieldSpec("signer_id", "签署人", "combo", lazy=True),
        FieldSpec("signer_name", "签署人姓名（名录中没有时照批件填写）"),
        FieldSpec("signer_post", "签署人职务（名录中没有时照批件填写）"),
        FieldSpec("opinion", "意见（外事处意见须填写）", "multiline"),
        FieldSpec("note", "办理情况（抄报市委、督查室登记须填写）", "multiline"),
    ]

    def signers(day) -> dict[str, Any]:
        return {"signer_id": choices.qualified(db, day, SIGNER_POSTS, none=AUTO_SIGNER)}

    def save(v):
        return absences_approvals.record_approval(
            ctx.db,
            ctx.user,
            target.id,
            v["step"],
            v["signed_on"],
            v["signer_id"],
            v["signer_name"],
            v["signer_post"],
            v["opinion"],
            v["note"],
            target.version,
            today=ctx.today(),
        )

    dialog = open_form(
        pane,
        f"记录审批：{target.person_name}{what}",
        fields,
        save,
        "approvalDialog",
        {"signed_on": ctx.today()},
        pane.changed_done,
        intro="待登记：" + "、".join(target.missing),
        choices=lambda: signers(today),
    )
    # The leaders of the day signed first (the rest behind 「显示全部」), read again for its date.
    follow_date(dialog, "signed_on", signers)
    expected = dialog.widgets["expected"]
    expected.setReadOnly(True)

    def put(text: str) -> None:
        expected.setText(text)
        expected.setToolTip(text)
        expected.setCursorPosition(0)

    # e.g. no vice mayor in charge that day: say so, and where, in the field itself
    hint = LiveHint(expected, put, failed=lambda exc: put(str(exc)))
    dialog.signer_hint = hint

    def show_expected(*_args) -> None:
        step = dialog.widgets["step"].currentData()
        day = dialog.widgets["signed_on"].date().toPython()
        if not step:
            hint.cancel()
            put("")
            return
        db, absence_id = ctx.db, target.id
        hint.request(lambda: absences_approvals.signer_hint(db, absence_id, step, day))

    dialog.widgets["step"].currentIndexChanged.connect(show_expected)
    dialog.widgets["signed_on"].dateChanged.connect(show_expected)
    show_expected()
    return dialog


def record_return(pane, row) -> FormDialog:
    """登记返回 (and the 销假 at once if it was reported the same way, R62.8)."""
    ctx = pane.ctx
    fields = [
        FieldSpec("returned_on", "实际返回日期", "date"),
        FieldSpec("returned_half", "返回时段", "combo", _halves()),
        FieldSpec("reported_back_on", "销假日期", "optional_date"),
    ]
    values = {
        "returned_on": min(row.end_date, ctx.today()),
        "returned_half": row.end_half,
        "reported_back_on": None,
    }
    dialog = open_form(
        pane,
        f"登记返回：{row.person_name}",
        fields,
        lambda v: absences_return.record_return(
            ctx.db,
            ctx.user,
            row.id,
            v["returned_on"],
            v["returned_half"],
            v["reported_back_on"],
            row.version,
            ctx.today(),
        ),
        "returnDialog",
        values,
        pane.changed_done,
        intro="返回后1个工作日内向市委办、市政府办销假（第六十二条）。",
    )
    dialog.widgets["reported_back_on"].open.setText("尚未销假")
    return dialog


def report_back(pane, row) -> FormDialog:
    ctx = pane.ctx
    return open_form(
        pane,
        f"销假：{row.person_name}",
        [FieldSpec("on", "销假日期", "date")],
        lambda v: absences_return.record_report_back(
            ctx.db, ctx.user, row.id, v["on"], row.version, ctx.today()
        ),
        "reportBackDialog",
        {"on": ctx.today()},
        pane.changed_done,
    )


def written_report(pane, row) -> FormDialog:
    ctx = pane.ctx
    return open_form(
        pane,
        f"书面报告：{row.person_name}",
        [FieldSpec("received_on", "收到日期", "date"), FieldSpec("note", "说明", "multiline")],
        lambda v: absences_return.record_written_report(
            ctx.db, ctx.user, row.id, v["received_on"], v["note"], row.version, ctx.today()
        ),
        "writtenReportDialog",
        {"received_on": ctx.today()},
        pane.changed_done,
        intro="参加会议、考察访问、学习培训返回后，须提交书面报告（第六十二条）。",
    )


def trip_report(pane, row) -> FormDialog:
    """出访报告 (R66): received after an official trip abroad of a government leader."""
    ctx = pane.ctx
    return open_form(
        pane,
        f"出访报告：{row.person_name}",
        [FieldSpec("received_on", "收到日期", "date"), FieldSpec("note", "说明", "multiline")],
        lambda v: absences_return.record_trip_report(
            ctx.db, ctx.user, row.id, v["received_on"], v["note"], row.version, ctx.today()
        ),
        "tripReportDialog",
        {"received_on": ctx.today()},
        pane.changed_done,
        intro="市政府领导成员因公出访结束后，要形成出访报告（第六十六条）。",
    )


def void_request(pane, row) -> FormDialog:
    ctx = pane.ctx
    return open_form(
        pane,
        f"作废：{row.person_name}外出请示",
        [FieldSpec("reason", "作废原因", "multiline", required=True)],
        lambda v: absences.void_request(ctx.db, ctx.user, row.id, v["reason"], row.version),
        "voidAbsenceDialog",
        on_saved=pane.changed_done,
    )
