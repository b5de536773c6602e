"""The 发文 dialogs from numbering on: issue with its number (NUM, R45.1), 公开属性,
confidentiality review and publication (R49, R44), the normative-document steps (R16, R18, R38),
the archive reference and voiding. They stand apart from the drafting and sign-off dialogs
(documents_outgoing_forms, whose OutgoingForms builds on OutgoingIssueForms): these record what
happens to a document once its sign-off chain is done, and what the office keeps of it."""

from __future__ import annotations

from desktop_app.services.documents import outgoing
from desktop_app.services.system import org_profile
from desktop_app.services.system.common import ValidationError
from ui.panes.documents_outgoing_draft import OPENNESS
from ui.panes.documents_tab import RegisterForms
from ui.widgets.form import FormDialog
from ui.widgets.form_fields import FieldSpec

# What the 规范性文件 dialog records: key → (label, needs a name/reference, service call)
NORMATIVE_STEPS = {
    "legal": "法制审核（法制办公室）",
    "meeting": "常务会议讨论决定",
    "filed_higher": "报上级人民政府备案",
    "filed_congress": "报市人大常委会备案",
    "interp_drafted": "解读：起草",
    "interp_reviewed": "解读：法制审核",
    "interp_published": "解读：随文公布",
}


class OutgoingIssueForms(RegisterForms):
    """The 发文 tab's dialogs from numbering on: 编号印发, 公开属性, 保密审查, 标记公开, 规范性文件,
    归档号 and 作废; and the pick list of deciding meetings they share with 作出决定的会议."""

    # --- the held meetings that decide a matter (R10, R18) ------------------------------------
    def _meeting_choices(self) -> dict[str, list[tuple]]:
        """The 「decided」 pick list, read through the runner once the form is open: (meeting id,
        item id) → 「市政府第三次常务会议（2026-03-02）：议题」 of held meetings."""
        db = self.ctx.db
        return {
            "decided": [
                (None, "（请选择会议及议题）"),
                *(
                    ((m.id, item_id), f"{m.title}（{m.day.isoformat()}）：{title}")
                    for m in outgoing.deciding_meetings(db, self.ctx.user)
                    for item_id, title in m.items
                ),
            ]
        }

    # --- issue and publication --------------------------------------------------------------
    def issue(self) -> FormDialog:
        d, db = self.tab.current(), self.ctx.db
        return self._open(
            f"编号印发：{d.title}",
            [
                FieldSpec("issued_on", "印发日期", "date"),
                FieldSpec("prefix", "机关代字", "combo", lazy=True),
            ],
            lambda v: outgoing.issue_outgoing(
                self.ctx.db,
                self.ctx.user,
                d.id,
                issued_on=v["issued_on"],
                prefix=v["prefix"],
                expected_version=d.version,
            ),
            "issueDialog",
            {"issued_on": self.ctx.today()},
            "签批程序全部完成后方可编号（第四十五条）；文号按机关代字每年从1号起连续编排，不重号、不空号。",
            lambda: {
                "prefix": [
                    (None, "（按发文机关和文种）"),
                    *((p, p) for p in org_profile.get_profile(db)["doc_prefixes"]),
                ]
            },
        )

    def openness(self) -> FormDialog:
        d = self.tab.current()
        dialog = self._open(
            f"公开属性：{d.title}",
            [
                FieldSpec(
                    "openness",
                    "公开属性",
                    "combo",
                    [(None, "（请选择）"), *OPENNESS[1:]],
                    required=True,
                ),
                FieldSpec("reason", "不予公开理由", "multiline", required=True),
            ],
            lambda v: outgoing.set_openness(
                self.ctx.db,
                self.ctx.user,
                d.id,
                v["openness"],
                v["reason"] if v["openness"] == "不予公开" else "",
                d.version,
            ),
            "opennessDialog",
            {"openness": d.openness or None, "reason": d.openness_reason},
            "涉密文件不得公开；不予公开的须说明理由（第四十九条）。",
        )
        openness = dialog.widgets["openness"]

        def show_reason(_i=None) -> None:  # a reason is asked only for 不予公开
            dialog.set_field_visible("reason", openness.currentData() == "不予公开")

        openness.currentIndexChanged.connect(show_reason)
        show_reason()
        return dialog

    def confidentiality_review(self) -> FormDialog:
        d = self.tab.current()
        return self._open(
            f"保密审查：{d.title}",
            [
                FieldSpec("reviewed_on", "审查日期", "date"),
                FieldSpec("reviewer", "审查人", required=True),
            ],
            lambda v: outgoing.record_confidentiality_review(
                self.ctx.db,
                self.ctx.user,
                d.id,
                reviewed_on=v["reviewed_on"],
                reviewer=v["reviewer"],
                expected_version=d.version,
            ),
            "confidentialityDialog",
            {"reviewed_on": self.ctx.today()},
        )

    def publish(self) -> FormDialog:
        d = self.tab.current()
        return self._open(
            f"标记公开：{d.title}",
            [FieldSpec("published_on", "公开日期", "date")],
            lambda v: outgoing.publish_outgoing(
                self.ctx.db,
                self.ctx.user,
                d.id,
                published_on=v["published_on"],
                expected_version=d.version,
            ),
            "publishDialog",
            {"published_on": self.ctx.today()},
            "公开前须完成保密审查（第四十九条）；规范性文件自公布之日起十五日内报送备案（第十六条）。",
        )

    def normative(self) -> FormDialog:
        d, db, user = self.tab.current(), self.ctx.db, self.ctx.user

        def save(v: dict) -> outgoing.OutgoingDTO:
            step, on, text = v["step"], v["on"], v["text"]
            kw = {"expected_version": d.version}
            if step == "legal":
                return outgoing.record_legal_review(
                    db, user, d.id, reviewed_on=on, reviewer=text, **kw
                )
            if step == "meeting":
                if v["decided"] is None:
                    raise ValidationError("请选择讨论决定此文件的常务会议及议题。")
                meeting_id, item_id = v["decided"]
                return outgoing.record_meeting_decision(
                    db, user, d.id, meeting_id=meeting_id, agenda_item_id=item_id, **kw
                )
            if step in ("filed_higher", "filed_congress"):
                return outgoing.record_filing(
                    db, user, d.id, with_=step.removeprefix("filed_"), filed_on=on, **kw
                )
            return outgoing.record_interpretation(
                db, user, d.id, step=step.removeprefix("interp_"), on=on, **kw
            )

        dialog = self._open(
            f"规范性文件：{d.title}",
            [
                FieldSpec("step", "事项", "combo", list(NORMATIVE_STEPS.items())),
                FieldSpec("on", "日期", "date"),
                FieldSpec("text", "审核人", required=True),
                FieldSpec("decided", "常务会议及议题", "combo", lazy=True, required=True),
            ],
            save,
            "normativeDialog",
            {"on": self.ctx.today()},
            "规范性文件经法制审核后提交常务会议（第十八条、第十条）；涉及两个以上部门职权的须联合起草"
            "或由市政府指定部门起草（第十七条）；公布后十五日内报上级政府和市人大常委会备案"
            "（第十六条）；解读意见起草、审核后随文公布。",
            self._meeting_choices,
        )
        step = dialog.widgets["step"]

        def show_step_fields(_i=None) -> None:
            """The reviewer is asked for the legal review, the meeting for its decision."""
            dialog.set_field_visible("text", step.currentData() == "legal")
            dialog.set_field_visible("decided", step.currentData() == "meeting")

        step.currentIndexChanged.connect(show_step_fields)
        dialog.choices_filled.connect(show_step_fields)
        show_step_fields()
        return dialog

    def archive(self) -> FormDialog:
        d = self.tab.current()
        return self._open(
            f"归档号：{d.label}",
            [FieldSpec("archive_ref", "归档号", required=True)],
            lambda v: outgoing.set_archive_ref(
                self.ctx.db, self.ctx.user, d.id, v["archive_ref"], d.version
            ),
            "archiveDialog",
            {"archive_ref": d.archive_ref},
        )

    def void(self) -> FormDialog:
        d = self.tab.current()
        return self._open(
            f"作废：{d.label}",
            [FieldSpec("reason", "作废原因", "multiline", required=True)],
            lambda v: outgoing.void_outgoing(
                self.ctx.db, self.ctx.user, d.id, v["reason"], d.version
            ),
            "voidOutgoingDialog",
            intro="已编号的发文作废后文号仍保留在登记簿中（注明作废），不再使用。",
        )
