"""The 会议 pane's dialogs on agenda items (议题): registering or changing one (its 分管副市长
shown read-only as the directory derives it, R6.1, R23.4.1a), recording a step of its approval
chain (only the chosen step's fields shown; a scanned 议题审批表 opens it too), and placing it on
a planned meeting. Plain functions taking the pane (its ctx, items register and changed()), as
absences_forms are; they stand apart from the meeting dialogs (meeting_actions) because the 议题
tab has its own approval steps, fields and pick lists."""

from __future__ import annotations

from desktop_app.services.meetings import agenda, agenda_meeting, agenda_steps
from desktop_app.services.meetings import planning as meetings
from ui.panes import meeting_choices as choices
from ui.widgets.form import FormDialog, open_form
from ui.widgets.form_fields import FieldSpec
from ui.widgets.live_hint import LiveHint
from ui.widgets.short_list import follow_date

STEP_CHOICES = [(k, label) for k, (label, _c, _s) in agenda_steps.STEPS.items()]
# The fields a step records besides its date and signer (agenda_steps._EXTRA).
STEP_EXTRA = {
    "coordination": ("method",),
    "disagreement": ("disagreement", "solution"),
    "materials": ("copies",),
}


def _open(pane, title, fields, save, name, values=None, pick_lists=None) -> FormDialog:
    return open_form(pane, title, fields, save, name, values, pane.changed, choices=pick_lists)


def edit_item(pane, item) -> FormDialog:
    """The 分管副市长 is not chosen: it is shown, read-only, as the directory gives it for the
    submitting unit today (R6.1, R23.4.1a)."""
    db, today = pane.ctx.db, pane.ctx.today()
    fields = [
        FieldSpec("title", "议题名称"),
        FieldSpec("category", "类别", "combo", list(agenda.CATEGORIES.items())),
        FieldSpec("department_id", "提请部门", "combo", lazy=True),
        FieldSpec(
            "vice_mayor",
            "分管副市长",
            help="由提请部门的分管副市长自动带出（人员与分管 → 分管），不能选择",
        ),
        FieldSpec("is_policy", "政策性/规范性文件", "check"),
        FieldSpec("is_important", "特别重要", "check"),
    ]
    values = (
        None
        if item is None
        else {
            k: getattr(item, k)
            for k in ("title", "category", "department_id", "is_policy", "is_important")
        }
    )

    def save(v):
        v = {k: x for k, x in v.items() if k != "vice_mayor"}  # shown, never saved
        return agenda.save_item(
            db,
            pane.ctx.user,
            **v,
            record_id=item.id if item else None,
            expected_version=item.version if item else None,
            today=today,
        )

    dialog = _open(
        pane,
        "议题",
        fields,
        save,
        "itemDialog",
        values,
        lambda: {"department_id": choices.units(db)},
    )
    unit, shown = dialog.widgets["department_id"], dialog.widgets["vice_mayor"]
    shown.setReadOnly(True)

    hint = LiveHint(shown, shown.setText)

    def derive(_i=None) -> None:
        chosen = unit.currentData()
        hint.request(
            lambda: choices.vice_mayor_text(
                agenda.vice_mayor_for(db, chosen, today), chosen is not None
            )
        )

    unit.currentIndexChanged.connect(derive)
    derive()
    return dialog


def record_step(pane, step_key: str | None = None, signer_id: int | None = None) -> FormDialog:
    """记录审批环节: only the fields of the chosen step show (a date for the dated steps, the
    signer for the signed ones, the method, the disagreement, the copies); the signers
    offered are who holds the step's post on its date (StepFields). A scanned 议题审批表
    opens it on `step_key` with its signer `signer_id` selected."""
    item = pane.items.current()
    db, today = pane.ctx.db, pane.ctx.today()

    def save(v):
        extra = {k: v[k] for k in STEP_EXTRA.get(v["step"], ()) if v[k]}
        on = v["on"] if agenda_steps.STEPS[v["step"]][1] else None
        by = v["by"] if agenda_steps.STEPS[v["step"]][2] else None
        return agenda.record_step(
            pane.ctx.db,
            pane.ctx.user,
            item.id,
            v["step"],
            on,
            by,
            expected_version=item.version,
            **extra,
        )

    def signers(day, step) -> dict:
        return {"by": choices.step_signers(db, day, step, item.department_id)}

    first = step_key if step_key in agenda_steps.STEPS else STEP_CHOICES[0][0]
    values = {"on": today, "step": first}
    if signer_id is not None:
        values["by"] = signer_id
    dialog = _open(
        pane,
        f"记录审批环节：{item.title}",
        [
            FieldSpec("step", "环节", "combo", STEP_CHOICES),
            FieldSpec("on", "日期", "date"),
            FieldSpec(
                "by",
                "签字人",
                "combo",
                lazy=True,
                help="不选即当日任职者本人；分管副市长外出时可选AB角代签",
            ),
            FieldSpec(
                "method",
                "协调方式",
                "combo",
                [(None, "（请选择）"), *((m, m) for m in agenda_steps.COORDINATION_METHODS)],
                required=True,
            ),
            FieldSpec("disagreement", "分歧意见", "multiline", required=True),
            FieldSpec("solution", "解决方案或倾向性意见", "multiline", required=True),
            FieldSpec("copies", "材料份数", "int"),
        ],
        save,
        "stepDialog",
        values,
        lambda: signers(today, first),
    )
    follow_date(dialog, "on", signers, "step")
    step = dialog.widgets["step"]

    def show_step_fields(_i=None) -> None:
        chosen = step.currentData()
        _label, dated, signer = agenda_steps.STEPS[chosen]
        dialog.set_field_visible("on", dated is not None)
        dialog.set_field_visible("by", signer is not None)
        for key in ("method", "disagreement", "solution", "copies"):
            dialog.set_field_visible(key, key in STEP_EXTRA.get(chosen, ()))

    step.currentIndexChanged.connect(show_step_fields)
    dialog.choices_filled.connect(show_step_fields)  # the 「显示全部」 line follows 签字人
    show_step_fields()
    return dialog


def place_on_meeting(pane) -> FormDialog:
    item, db = pane.items.current(), pane.ctx.db
    return _open(
        pane,
        f"列入会议：{item.title}",
        [FieldSpec("meeting_id", "会议", "combo", lazy=True)],
        lambda v: agenda_meeting.place_on_meeting(
            pane.ctx.db, pane.ctx.user, item.id, v["meeting_id"], item.version
        ),
        "placeDialog",
        pick_lists=lambda: {
            "meeting_id": [(m.id, m.title) for m in meetings.list_meetings(db, status="planned")]
        },
    )
