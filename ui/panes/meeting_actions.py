"""The 会议 pane's dialogs and operations on meetings: 新建会议 (its presider following the 战线,
R28), 取消会议, 战线会议审批 (R28), the printed notice and agenda, 登记临机决策 (R23.4.3), and
the Excel exports of the meetings and of the decisions. Plain functions taking the pane (its ctx,
registers, meeting_filters() and changed()), as absences_forms and supervision_forms are: the
pane keeps its layout, registers and selection, and the 议题 dialogs live in
meeting_item_actions."""

from __future__ import annotations

from desktop_app.services.meetings import emergency, holding, participants
from desktop_app.services.meetings import export as meeting_export
from desktop_app.services.meetings import planning as meetings
from ui.panes import meeting_choices as choices
from ui.panes.meeting_print import preview, preview_copies
from ui.widgets import export as export_file
from ui.widgets.form import FormDialog, open_form
from ui.widgets.form_fields import FieldSpec
from ui.widgets.live_hint import LiveHint
from ui.widgets.short_list import follow_date


def plan_meeting(pane) -> FormDialog:
    db, today = pane.ctx.db, pane.ctx.today()
    dialog = open_form(
        pane,
        "新建会议",
        [
            FieldSpec("kind", "会议类别", "combo", choices.kinds()),
            FieldSpec("starts_at", "时间", "datetime"),
            FieldSpec(
                "area",
                "战线（战线会议）",
                "combo",
                lazy=True,
                help="以市政府名义召开的战线会议由分管该战线的副市长主持（第二十八条）",
            ),
            FieldSpec("presider_id", "主持人", "combo", lazy=True),
            FieldSpec("room", "会议室"),
            FieldSpec("title", "会议名称（全市性、战线会议必填）"),
            FieldSpec("confidential", "涉密", "check"),
        ],
        lambda v: meetings.plan_meeting(pane.ctx.db, pane.ctx.user, **v),
        "planMeetingDialog",
        {"kind": "executive", "room": "501", "area": ""},
        pane.changed,
        choices=lambda: choices.presiders(db, today),
    )
    # The 战线 and the presiders are those of the meeting's day, read again when it moves.
    follow_date(dialog, "starts_at", lambda day: choices.presiders(db, day))
    area, presider = dialog.widgets["area"], dialog.widgets["presider_id"]

    def put_presider(found) -> None:
        presider.setCurrentIndex(max(presider.findData(found.person_id if found else None), 0))

    # The presider is saved: a save asked for meanwhile waits for the lookup.
    hint = LiveHint(presider, put_presider, form=dialog)

    def sector_presider(_i=None) -> None:
        """R28: choosing a 战线 fills in its vice mayor in charge on the meeting's day."""
        chosen = area.currentData()
        if not chosen:
            hint.cancel()
            return
        kind = dialog.widgets["kind"]
        kind.setCurrentIndex(kind.findData("sector"))
        day = dialog.widgets["starts_at"].dateTime().toPython().date()
        hint.request(lambda: participants.area_vice_mayor(db, chosen, day))

    area.currentIndexChanged.connect(sector_presider)
    return dialog


def cancel_meeting(pane) -> FormDialog:
    m = pane.meetings.current()
    return open_form(
        pane,
        f"取消会议：{m.title}",
        [FieldSpec("reason", "原因", "multiline", required=True)],
        lambda v: holding.cancel_meeting(pane.ctx.db, pane.ctx.user, m.id, v["reason"], m.version),
        "cancelMeetingDialog",
        on_saved=pane.changed,
    )


def sector_approval(pane) -> FormDialog:
    """R28: the executive vice mayor agrees, then the mayor approves a 战线会议 held in the
    government's name; township heads attend only with the mayor's approval."""
    m = pane.meetings.current()
    steps = [(k, what) for k, (_post, what) in holding.SECTOR_STEPS.items()]
    db, today = pane.ctx.db, pane.ctx.today()
    first_step = steps[0][0]

    def signers(day, step) -> dict:
        # The holder of the step's post on the day signed is proposed.
        post = holding.SECTOR_STEPS.get(step, ("mayor", ""))[0]
        return {"by": choices.qualified(db, day, ("mayor", "exec_vice_mayor"), post)}

    dialog = open_form(
        pane,
        f"战线会议审批：{m.title}",
        [
            FieldSpec("step", "审批事项", "combo", steps),
            FieldSpec("on", "日期", "date"),
            FieldSpec("by", "签字人", "combo", lazy=True, required=True),
        ],
        lambda v: holding.record_sector_approval(
            pane.ctx.db, pane.ctx.user, m.id, v["step"], v["on"], v["by"], m.version
        ),
        "sectorDialog",
        {"on": today},
        on_saved=pane.changed,
        choices=lambda: signers(today, first_step),
    )
    follow_date(dialog, "on", signers, "step")
    return dialog


def print_meeting(pane, what: str):
    """会议通知 (`what` "notice") or 议程 of the selected meeting, in the print preview. A
    confidential meeting's, printed by an account that sees its items, asks its 份数 first: each
    copy carries a 份号 (R44); that dialog is returned."""
    from desktop_app.services.meetings import printouts as meeting_print

    m = pane.meetings.current()
    build = meeting_print.meeting_notice_pdf if what == "notice" else meeting_print.agenda_pdf
    name = "会议通知" if what == "notice" else "议程"
    db, user = pane.ctx.db, pane.ctx.user
    if m.confidential and user.can("classified"):
        return preview_copies(
            pane, lambda copies: build(db, m.id, user=user, copies=copies), f"{m.title}{name}"
        )
    preview(pane, lambda: build(db, m.id, user=user), f"{m.title}{name}")
    return None


def export_meetings(pane) -> None:
    path = export_file.ask_path(pane, "导出会议列表", "会议列表.xlsx")
    if path:
        db, user = pane.ctx.db, pane.ctx.user
        kind, year, status = pane.meeting_filters()  # read on the GUI thread
        export_file.write(
            pane,
            path,
            lambda: meeting_export.export_meetings_xlsx(
                db, path, kind=kind, year=year, status=status, user=user
            ),
        )


def export_decisions(pane) -> None:
    path = export_file.ask_path(pane, "导出决定事项", "决定事项.xlsx")
    if path:
        db, user, today = pane.ctx.db, pane.ctx.user, pane.ctx.today()  # on the GUI thread
        export_file.write(
            pane,
            path,
            lambda: meeting_export.export_decisions_xlsx(db, path, today=today, user=user),
        )


def record_emergency(pane) -> FormDialog:
    return open_form(
        pane,
        "登记临机决策（第二十三条）",
        [
            FieldSpec("decided_on", "决策日期", "date"),
            FieldSpec("method", "方式", "combo", [("会签", "会签"), ("口头汇报", "口头汇报")]),
            FieldSpec("subject", "事项", required=True),
            FieldSpec("decision", "决定内容", "multiline", required=True),
        ],
        lambda v: emergency.record_emergency(pane.ctx.db, pane.ctx.user, **v),
        "emergencyDialog",
        on_saved=lambda: (pane.emergencies.reload(), pane.changed()),
        intro="遇紧急情况以会签、口头汇报等方式临机处置的，须在下一次常务会议上作事后报告；"
        "本程序自动将其列入下一次常务会议。",
    )
