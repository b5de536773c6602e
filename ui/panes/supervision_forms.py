"""The 督办 pane's forms: an item from a meeting decision or another source, a written report,
closing, escalation. Each saves through the operation runner (ui.widgets.form.open_form)."""

from __future__ import annotations

from pathlib import Path

from desktop_app.rules.supervision import SOURCES
from desktop_app.services.supervision import commands, printouts, queries
from desktop_app.services.system.common import ValidationError
from ui.panes import meeting_choices as mc
from ui.panes.seals_forms import add_browse
from ui.widgets.form import FormDialog, open_form
from ui.widgets.form_fields import FieldSpec

NONE = mc.NONE
OTHER_SOURCES = [(k, v) for k, v in SOURCES.items() if k not in ("decision", "request")]


def from_decision(pane) -> FormDialog:
    db, user = pane.ctx.db, pane.ctx.user
    fields = [
        FieldSpec("decision_id", "会议决定事项", "combo", lazy=True, required=True),
        FieldSpec("responsible_person", "责任人"),
    ]

    def save(v: dict):
        if v["decision_id"] is None:
            raise ValidationError("请选择要转入督办的会议决定事项。")
        return commands.item_from_decision(
            db, user, v["decision_id"], responsible_person=v["responsible_person"]
        )

    return open_form(
        pane,
        "会议决定转入督办",
        fields,
        save,
        "supervisionFromDecisionDialog",
        on_saved=pane.changed,
        intro="决定内容、责任单位、分管副市长、时限和质量要求按会议登记带入，不必重新录入（第二十三条、第七十条）。",
        choices=lambda: {"decision_id": [NONE, *queries.decision_choices(db, user=user)]},
    )


def new_item(pane) -> FormDialog:
    db, user, today = pane.ctx.db, pane.ctx.user, pane.ctx.today()
    fields = [
        FieldSpec("kind", "来源", "combo", choices=OTHER_SOURCES),
        FieldSpec("title", "督办事项", required=True),
        FieldSpec("content", "督办内容", "multiline"),
        FieldSpec("unit_id", "责任单位", "combo", lazy=True, required=True),
        FieldSpec("responsible_person", "责任人", required=True),
        FieldSpec("assisting_units", "协办单位"),
        FieldSpec("quality", "质量要求", "multiline"),
        FieldSpec("assigned_on", "交办日期", "date"),
        FieldSpec("deadline", "完成时限", "date"),
        FieldSpec("incoming_document_id", "所办理的收文（来源为文件办理时）", "combo", lazy=True),
        FieldSpec("instruction_by_id", "批示领导", "combo", lazy=True),
        FieldSpec("instruction_on", "批示日期", "optional_date"),
        FieldSpec("instruction_on_what", "批示所涉文件或事项"),
    ]

    def save(v: dict):
        return commands.create_item(db, user, **v)

    return open_form(
        pane,
        "新建督办事项",
        fields,
        save,
        "supervisionNewItemDialog",
        on_saved=pane.changed,
        intro="分管副市长按责任单位和交办日期从人员与分管中自动确定（第七十一条）。",
        choices=lambda: {
            "unit_id": mc.units(db),
            "instruction_by_id": mc.leaders(db, today),
            "incoming_document_id": [NONE, *queries.document_choices(db, user=user)],
        },
    )


def report(pane, item) -> FormDialog:
    db, user, today = pane.ctx.db, pane.ctx.user, pane.ctx.today()
    fields = [
        FieldSpec(
            "direction",
            "反馈方向",
            "combo",
            choices=[("unit", "单位报分管副市长和督查室"), ("office", "督查室报常务副市长、市长")],
        ),
        FieldSpec("received_on", "收到（报送）日期", "date"),
        FieldSpec("text", "反馈内容", "multiline", required=True),
        FieldSpec("attachment_file", "附件文件（扫描件、电子文档，可选）"),
        FieldSpec("attachment_name", "附件名称（无电子文件时填纸质附件名称）"),
    ]

    def save(v: dict):
        data, name = read_attachment(v.pop("attachment_file"))
        if data is not None and not v["attachment_name"].strip():
            v["attachment_name"] = name
        return commands.record_report(db, user, item.id, today=today, attachment=data, **v)

    dialog = open_form(
        pane,
        "登记书面反馈",
        fields,
        save,
        "supervisionReportDialog",
        on_saved=pane.changed,
        intro=f"「{item.title}」（第二十九条：落实情况以书面形式反馈）",
    )
    add_browse(dialog, "attachment_file", "选择反馈的附件", "所有文件 (*)")
    return dialog


def read_attachment(path: str) -> tuple[bytes | None, str]:
    """The chosen file's bytes and name (read on the worker, with the save)."""
    path = (path or "").strip()
    if not path:
        return None, ""
    file = Path(path)
    if not file.is_file():
        raise ValidationError(f"找不到附件文件：{path}")
    return file.read_bytes(), file.name


def close(pane, item) -> FormDialog:
    db, user = pane.ctx.db, pane.ctx.user
    fields = [
        FieldSpec("done", "已办结（不勾选为未办结）", "check"),
        FieldSpec("closed_on", "日期", "date"),
        FieldSpec("evidence", "办结依据或未办结原因", "multiline", required=True),
    ]
    return open_form(
        pane,
        "标记办结情况",
        fields,
        lambda v: commands.close_item(db, user, item.id, expected_version=item.version, **v),
        "supervisionCloseDialog",
        values={"done": True},
        on_saved=pane.changed,
    )


def escalate(pane, item) -> FormDialog:
    db, user, today = pane.ctx.db, pane.ctx.user, pane.ctx.today()
    fields = [
        FieldSpec("to_person_id", "提交给", "combo", lazy=True, required=True),
        FieldSpec("on", "提交日期", "date"),
        FieldSpec("reason", "理由", "multiline"),
    ]

    def save(v: dict):
        return commands.escalate(db, user, item.id, expected_version=item.version, **v)

    return open_form(
        pane,
        "提交常务副市长、市长协调",
        fields,
        save,
        "supervisionEscalateDialog",
        on_saved=pane.changed,
        choices=lambda: {"to_person_id": mc.persons(db, today, ("exec_vice_mayor", "mayor"))},
    )


def void(pane, item) -> FormDialog:
    db, user = pane.ctx.db, pane.ctx.user
    return open_form(
        pane,
        "作废督办事项",
        [FieldSpec("reason", "作废原因", "multiline", required=True)],
        lambda v: commands.void_item(db, user, item.id, v["reason"], item.version),
        "supervisionVoidDialog",
        on_saved=pane.changed,
    )


def circular(pane) -> None:
    """督查通报 (R73) for a period: built on the worker, then shown in the print preview."""
    db, today = pane.ctx.db, pane.ctx.today()
    fields = [FieldSpec("start", "期间自", "date"), FieldSpec("end", "至", "date")]
    dialog = open_form(
        pane,
        "督查通报",
        fields,
        lambda v: printouts.circular_pdf(db, v["start"], v["end"], today),
        "supervisionCircularDialog",
        values={"start": today.replace(day=1), "end": today},
        intro="通报期间内到期的督办事项，按单位统计按时办结、逾期和未书面反馈的情况（第七十三条）。",
    )

    dialog.accepted.connect(lambda: _preview(pane, dialog.result_value, "督查通报"))


def _preview(pane, result, title: str) -> None:
    """The PDF built by a dialog's save, in the print preview (kept as pane.last_circular)."""
    from ui.panes.meeting_print import show_preview

    pane.last_circular = result
    show_preview(pane, result, title)


def proposal_summary(pane) -> None:
    """R72: the year's NPC suggestions and CPPCC proposals — received, assigned, replied on
    time, late, not yet — built on the worker and shown in the print preview."""
    db, today = pane.ctx.db, pane.ctx.today()
    dialog = open_form(
        pane,
        "建议提案年度汇总",
        [FieldSpec("year", "年度", "int")],
        lambda v: printouts.proposal_summary_pdf(db, v["year"], today),
        "supervisionProposalSummaryDialog",
        values={"year": today.year},
        intro="人大代表建议和政协委员提案由分管副市长审批后转承办单位办理（第七十二条）：按年度汇总"
        "收到、审批交办、按期答复、逾期答复和尚未答复的件数。",
    )
    dialog.accepted.connect(
        lambda: _preview(
            pane, dialog.result_value, f"{dialog.values()['year']}年建议提案办理情况汇总"
        )
    )


def request(pane) -> FormDialog:
    """请示报告 (R57–R60): the reply deadline follows R59 unless a shorter one is given."""
    from desktop_app.formatting import CHINA
    from desktop_app.rules.supervision import (
        MAJOR_CATEGORIES,
        MATTERS,
        REQUEST_FORMS,
        ROUTES,
        check_oral_record,
    )
    from desktop_app.services.supervision import requests

    db, user = pane.ctx.db, pane.ctx.user
    fields = [
        FieldSpec("form", "形式", "combo", choices=[(f, f) for f in REQUEST_FORMS]),
        FieldSpec("title", "请示事项", required=True),
        FieldSpec("content", "请示内容", "multiline"),
        FieldSpec("request_from", "报告单位或报告人"),
        FieldSpec("received_by", "接受人"),
        FieldSpec("received_at", "接受时间", "datetime"),
        FieldSpec("unit_id", "责任单位", "combo", lazy=True, required=True),
        FieldSpec("responsible_person", "责任人", required=True),
        FieldSpec("from_grassroots", "基层请示（3个工作日内答复）", "check"),
        FieldSpec("several_portfolios", "涉及多位领导分工（5个工作日内答复）", "check"),
        FieldSpec(
            "major_category",
            "重大事项类别",
            "combo",
            choices=[("", "（非重大事项）"), *((c, c) for c in MAJOR_CATEGORIES)],
        ),
        FieldSpec("route", "报送途径", "combo", choices=list(ROUTES.items())),
        FieldSpec("matter", "审批程序", "combo", choices=[("", "（无）"), *MATTERS.items()]),
        FieldSpec("deadline", "答复时限", "optional_date"),
    ]

    def save(v: dict):
        v["received_at"] = v["received_at"].replace(tzinfo=CHINA)
        return requests.record_request(db, user, **v)

    dialog = open_form(
        pane,
        "登记请示报告",
        fields,
        save,
        "supervisionRequestDialog",
        values={"deadline": None},
        on_saved=pane.changed,
        intro="口头请示报告由接受人记录何人、何时、何事（第五十八条）；答复时限按工作日计算（第五十九条）。",
        choices=lambda: {"unit_id": mc.units(db)},
    )
    # R58: an oral request's receiver, reporter and content, listed with the empty fields.
    dialog.checks.append(
        lambda v: check_oral_record(v["form"], v["received_by"], v["request_from"], v["content"])
    )
    return dialog


def step(pane, item, step_key: str = "", signer_id: int | None = None) -> FormDialog:
    """A step of the item's approval chain (R13, R67, R72), from the signed paper: the first
    step not on record is proposed (or `step_key`, from a scanned 督办通知单, with its signer
    `signer_id`); a step a leader signs asks for the signer, a department's opinion for the
    department — only the fields of the chosen step show."""
    from desktop_app.rules.supervision import CHAINS
    from desktop_app.services.supervision import steps

    db, user, today = pane.ctx.db, pane.ctx.user, pane.ctx.today()
    chain = "proposal" if item.source_kind in ("npc", "cppcc") else item.matter
    codes = CHAINS.get(chain, ())
    signed = {code: bool(who) for code, _t, who in codes}
    fields = [
        FieldSpec("step", "环节", "combo", choices=[(c, t) for c, t, _w in codes]),
        FieldSpec("signer_id", "签署人", "combo", lazy=True, required=True),
        FieldSpec("signer_name", "出具意见的部门（外事、对台部门）", required=True),
        FieldSpec("signed_on", "日期", "date"),
        FieldSpec("opinion", "意见", "multiline"),
    ]
    values: dict = {"signed_on": today}
    if step_key:
        values["step"] = step_key
    if signer_id is not None:
        values["signer_id"] = signer_id

    def save(v: dict):
        if signed.get(v["step"]):
            v = dict(v, signer_name="")
        else:
            v = dict(v, signer_id=None)
        return steps.record_step(db, user, item.id, **v)

    dialog = open_form(
        pane,
        "登记审批环节",
        fields,
        save,
        "supervisionStepDialog",
        values,
        on_saved=pane.changed,
        choices=lambda: {"signer_id": steps.signer_choices(db, item.id, today)},
    )
    combo = dialog.widgets["step"]

    def show_step_fields(_i=None) -> None:
        leader = signed.get(combo.currentData(), True)
        dialog.set_field_visible("signer_id", leader)
        dialog.set_field_visible("signer_name", not leader)

    combo.currentIndexChanged.connect(show_step_fields)
    show_step_fields()
    return dialog
