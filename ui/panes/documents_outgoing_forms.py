"""The 发文 dialogs of drafting and sign-off: the draft record (`documents_outgoing_draft`: who
issues it, what it touches — the vice mayors in charge follow, read-only — where it goes), the
deciding meeting of a major matter (R10), a joint document's disagreement and its outcome (R37),
and a sign-off of its chain (R33.1–R33.3, R34, R6.2). OutgoingForms adds them to the numbering,
publication and archive dialogs (documents_outgoing_issue_forms)."""

from __future__ import annotations

from desktop_app.services.documents import outgoing
from desktop_app.services.system.common import ValidationError
from ui.errors import show_error
from ui.panes import documents_outgoing_signers as signers
from ui.panes.documents_outgoing_draft import draft_dialog
from ui.panes.documents_outgoing_issue_forms import OutgoingIssueForms
from ui.widgets.form import FormDialog
from ui.widgets.form_fields import FieldSpec
from ui.widgets.short_list import follow_date


class OutgoingForms(OutgoingIssueForms):
    """Opens the dialogs of the 发文 tab `tab` (which has ctx, current(), checklist and changed())."""

    # --- the draft ------------------------------------------------------------------------
    def draft(self, doc: outgoing.OutgoingDTO | None = None) -> FormDialog:
        """拟稿登记 (doc None) or editing a draft still being signed."""
        return draft_dialog(self, doc)

    # --- what it stands on: the deciding meeting (R10), disagreements (R37) ----------------
    def deciding_meeting(self) -> FormDialog:
        d = self.tab.current()

        def save(v: dict) -> outgoing.OutgoingDTO:
            if v["decided"] is None:
                raise ValidationError("请选择作出决定的会议及议题。")
            meeting_id, item_id = v["decided"]
            return outgoing.record_deciding_meeting(
                self.ctx.db,
                self.ctx.user,
                d.id,
                meeting_id=meeting_id,
                agenda_item_id=item_id,
                expected_version=d.version,
            )

        return self._open(
            f"作出决定的会议：{d.title}",
            [FieldSpec("decided", "会议及议题", "combo", lazy=True, required=True)],
            save,
            "decidingMeetingDialog",
            None,
            "重大事项由市政府常务会议或全体会议讨论决定（第十条）：请选择已召开的会议及讨论决定此事项的议题。",
            self._meeting_choices,
        )

    def disagreement(self) -> FormDialog:
        """R37: write up a disagreement (each side's reasons, the proposal) or record the
        outcome of the open one."""
        d = self.tab.current()
        db, user = self.ctx.db, self.ctx.user

        def pick_lists() -> dict[str, list[tuple]]:  # read through the runner
            open_ = [x for x in outgoing.list_disagreements(db, user, d.id) if not x.settled]
            return {
                "step": [
                    ("new", "登记意见分歧"),
                    *((x.id, f"登记协调结果：{x.raised_on.isoformat()}提出的分歧") for x in open_),
                ]
            }

        def save(v: dict) -> outgoing.OutgoingDTO:
            if v["step"] == "new":
                sides = [
                    line.replace(":", "：").partition("：")
                    for line in v["positions"].splitlines()
                    if line.strip()
                ]
                return outgoing.record_disagreement(
                    self.ctx.db,
                    self.ctx.user,
                    d.id,
                    raised_on=v["on"],
                    positions=[(who, why) for who, _sep, why in sides],
                    proposal=v["proposal"],
                    expected_version=d.version,
                )
            return outgoing.record_outcome(
                self.ctx.db,
                self.ctx.user,
                v["step"],
                decided_by=v["decided_by"],
                decided_on=v["on"],
                outcome=v["outcome"],
            )

        dialog = self._open(
            f"联合发文意见分歧：{d.title}",
            [
                FieldSpec("step", "事项", "combo", lazy=True),
                FieldSpec("on", "日期", "date"),
                FieldSpec(
                    "positions",
                    "各方理由及依据（每方一行：单位：理由）",
                    "multiline",
                    required=True,
                ),
                FieldSpec("proposal", "主办部门建议性意见", "multiline", required=True),
                FieldSpec("decided_by", "协调人（分管副市长或其指派的部门）", required=True),
                FieldSpec("outcome", "协调结果", "multiline", required=True),
            ],
            save,
            "disagreementDialog",
            {"on": self.ctx.today()},
            "意见分歧经协商仍不能一致的，主办部门列出各方理由及依据、提出建议性意见报市政府，由分管副市长"
            "协调（第三十七条）；登记协调结果前不能编号印发。",
            pick_lists,
        )
        step = dialog.widgets["step"]

        def show_step_fields(_i=None) -> None:
            """A new disagreement is written up by its sides and the proposal; an outcome by
            who coordinated and what was decided: only the fields of the chosen one show."""
            new = step.currentData() in ("new", None)
            for key in ("positions", "proposal"):
                dialog.set_field_visible(key, new)
            for key in ("decided_by", "outcome"):
                dialog.set_field_visible(key, not new)

        step.currentIndexChanged.connect(show_step_fields)
        show_step_fields()
        return dialog

    # --- sign-off chain ---------------------------------------------------------------------
    def sign(self, step: str | None = None, signer_id: int | None = None) -> FormDialog:
        """登记签批: the open steps of the chain; the 签署人 list is who holds the chosen step's
        post on the day signed (documents_outgoing_signers), read again when the step or the
        date changes, the step's signer proposed — or `step` and `signer_id` (a scanned 稿纸)."""
        d = self.tab.current()
        open_lines = [x for x in self.tab.checklist.rows if not x.done]
        lines = {f"{x.step_key}:{x.for_person_id or ''}": x for x in open_lines}
        steps = [(key, f"{x.label}（{x.needed}）") for key, x in lines.items()]
        db, today = self.ctx.db, self.ctx.today()

        def save(v: dict) -> outgoing.OutgoingDTO:
            if not v["step"]:
                raise ValidationError("签批程序已完成，没有待登记的环节。")
            key, _sep, vm = v["step"].partition(":")
            return outgoing.record_signoff(
                self.ctx.db,
                self.ctx.user,
                d.id,
                step_key=key,
                person_id=v["person_id"],
                signed_on=v["signed_on"],
                for_person_id=int(vm) if vm else None,
                opinion=v["opinion"],
                expected_version=d.version,
            )

        def pick_lists(day, step_key) -> dict:
            return {"person_id": signers.signers(db, day, lines.get(step_key))}

        values: dict = {"signed_on": today}
        if step in lines:
            values["step"] = step
        first = values.get("step", steps[0][0] if steps else None)
        if signer_id is not None:
            values["person_id"] = signer_id
        dialog = self._open(
            f"登记签批：{d.title}",
            [
                FieldSpec("step", "签批环节", "combo", steps),
                FieldSpec("person_id", "签署人", "combo", lazy=True, required=True),
                FieldSpec("signed_on", "签署日期", "date"),
                FieldSpec("opinion", "签署意见", "multiline"),
            ],
            save,
            "signoffDialog",
            values,
            "签署人须在签署当日担任该环节要求的职务；分管副市长外出时可由其AB岗代签（第六条）。",
            lambda: pick_lists(today, first),
        )
        follow_date(dialog, "signed_on", pick_lists, "step")
        step_combo = dialog.widgets["step"]

        def propose_signer(_index: int) -> None:
            """At once, from the list on show: whom the chosen step names (the vice mayor, 常务副
            市长 张海峰 …); the list read again for the step keeps him, else proposes its holder.
            The clerk changes it when someone else signed (e.g. the AB partner)."""
            line = lines.get(step_combo.currentData())
            if line is not None:
                signers.propose(dialog, line)

        step_combo.currentIndexChanged.connect(propose_signer)
        return dialog

    def void_signoff(self) -> FormDialog | None:
        line = self.tab.detail.selected_line()
        if line is None or line.signoff_id is None:
            show_error(self.tab, ValidationError("请先在签批单中选择一条已签的记录。"))
            return None
        d = self.tab.current()
        return self._open(
            f"作废签批记录：{line.label}（{line.signer_name}）",
            [FieldSpec("reason", "作废原因", "multiline", required=True)],
            lambda v: outgoing.void_signoff(
                self.ctx.db, self.ctx.user, line.signoff_id, v["reason"], None
            ),
            "voidSignoffDialog",
            intro=f"{d.label}：编号印发前登记有误的签批可以作废，作废后须重新登记。",
        )
