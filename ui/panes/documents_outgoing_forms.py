"""The 发文 dialogs: the draft record (who issues it, whose portfolios it touches, where it goes),
a sign-off of its chain (R33.1–R33.3, R34, R6.2), issue with its number (NUM, R45.1), the
normative-document steps (R16, R18, R38), 公开属性, confidentiality review and publication
(R49, R44), the archive reference and voiding."""

from __future__ import annotations

from typing import Any

from desktop_app.rules import documents as r
from desktop_app.rules.incoming import SECRECY_LEVELS
from desktop_app.services import directory, org_profile, outgoing
from desktop_app.services.common import ValidationError
from ui.errors import show_error
from ui.panes import meeting_choices as choices
from ui.widgets.form import FieldSpec, FormDialog, open_form

PICK = (None, "（请选择）")
SECRECY = [("", "非密"), *((s, s) for s in SECRECY_LEVELS if s)]
OPENNESS = [("", "（未定）"), *((o, o) for o in r.OPENNESS)]
FLAGS = [
    ("to_party_or_congress", "呈报市委、市人大常委会"),
    ("to_higher_government", "向上级政府报送"),
    ("reports_on_higher_instructions", "向上级领导报送批示（交办）事项办理结果"),
    ("is_normative", "规范性文件"),
    ("in_normative_plan", "列入年度规范性文件制定计划"),
    ("important", "传达市政府决定或重要事项（办公室发文）"),
    ("tv_announcement", "在市电视台播发"),
]
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
SIGNERS = ("mayor", "exec_vice_mayor", "vice_mayor", "unit_head", "unit_deputy",
           "standing_secretary")


class OutgoingForms:
    """Opens the dialogs of the 发文 tab `tab` (which has ctx, current(), checklist and changed())."""

    def __init__(self, tab: Any):
        self.tab = tab
        self.ctx = tab.ctx

    def _open(self, title, fields, save, name, values=None, intro="") -> FormDialog:
        return open_form(self.tab, title, fields, save, name, values, self.tab.changed, intro)

    # --- the draft ------------------------------------------------------------------------
    def _vice_mayors(self) -> list[tuple[int, str, str]]:
        """(id, name, portfolio) of the vice mayors in office today."""
        leaders = directory.day_view(self.ctx.db, self.ctx.today()).leaders
        return [(x.person_id, x.name, f"分管：{x.portfolio or x.title}") for x in leaders]

    def draft(self, doc: outgoing.OutgoingDTO | None = None) -> FormDialog:
        """拟稿登记 (doc None) or editing a draft still being signed."""
        db, user = self.ctx.db, self.ctx.user
        vms = self._vice_mayors()
        fields = [
            FieldSpec("issuer", "发文机关", "combo", list(r.ISSUERS.items())),
            FieldSpec("doc_type", "文种", "combo", [PICK, *((t, t) for t in r.DOC_TYPES)]),
            FieldSpec("title", "标题"),
            FieldSpec("drafting_unit_id", "拟稿单位", "combo", choices.units(db)),
            FieldSpec("drafted_on", "拟稿日期", "date"),
            *(FieldSpec(f"vm_{pid}", f"涉及{name}分管", "check", help=portfolio)
              for pid, name, portfolio in vms),
            FieldSpec("main_to", "主送"),
            FieldSpec("cc", "抄送"),
            *(FieldSpec(key, label, "check") for key, label in FLAGS),
            FieldSpec("secrecy", "密级", "combo", SECRECY),
            FieldSpec("secrecy_term", "保密期限"),
            FieldSpec("copies", "印制份数", "int"),
            FieldSpec("copy_numbers", "份号（涉密文件逐份登记，以逗号分隔）"),
            FieldSpec("openness", "公开属性", "combo", OPENNESS),
            FieldSpec("openness_reason", "不予公开理由", "multiline"),
        ]
        keys = ("issuer", "doc_type", "title", "drafting_unit_id", "drafted_on", "main_to", "cc",
                "secrecy", "secrecy_term", "copies", "copy_numbers", "openness",
                "openness_reason", *(k for k, _l in FLAGS))
        if doc is None:
            values = {"issuer": "government", "drafted_on": self.ctx.today(), "copies": 1,
                      "in_normative_plan": True}
        else:
            values = {k: getattr(doc, k) for k in keys}
            values.update({f"vm_{pid}": True for pid in doc.vice_mayor_ids})

        def save(v: dict) -> outgoing.OutgoingDTO:
            data = {k: v[k] for k in keys}
            data["vice_mayor_ids"] = [pid for pid, _n, _p in vms if v[f"vm_{pid}"]]
            if doc is None:
                return outgoing.create_outgoing(db, user, **data)
            return outgoing.update_outgoing(db, user, doc.id, doc.version, **data)

        return self._open("拟稿登记" if doc is None else f"修改：{doc.title}", fields, save,
                          "draftOutgoingDialog", values,
                          "签批程序由发文机关、文种、涉及分管和报送对象决定（第三十三、三十四条）。")

    # --- sign-off chain ---------------------------------------------------------------------
    def sign(self) -> FormDialog:
        d = self.tab.current()
        open_lines = [x for x in self.tab.checklist.rows if not x.done]
        steps = [(f"{x.step_key}:{x.for_person_id or ''}", f"{x.label}（{x.needed}）")
                 for x in open_lines]
        people = choices.persons(self.ctx.db, self.ctx.today(), SIGNERS)

        def save(v: dict) -> outgoing.OutgoingDTO:
            if not v["step"]:
                raise ValidationError("签批程序已完成，没有待登记的环节。")
            key, _sep, vm = v["step"].partition(":")
            if v["person_id"] is None:
                raise ValidationError("请选择签署人。")
            return outgoing.record_signoff(
                self.ctx.db, self.ctx.user, d.id, step_key=key, person_id=v["person_id"],
                signed_on=v["signed_on"], for_person_id=int(vm) if vm else None,
                opinion=v["opinion"], expected_version=d.version)

        dialog = self._open(
            f"登记签批：{d.title}",
            [
                FieldSpec("step", "签批环节", "combo", steps),
                FieldSpec("person_id", "签署人", "combo", people),
                FieldSpec("signed_on", "签署日期", "date"),
                FieldSpec("opinion", "签署意见", "multiline"),
            ],
            save,
            "signoffDialog",
            {"signed_on": self.ctx.today()},
            "签署人须在签署当日担任该环节要求的职务；分管副市长外出时可由其AB岗代签（第六条）。",
        )
        step, signer = dialog.widgets["step"], dialog.widgets["person_id"]

        def propose_signer(index: int) -> None:
            """Preselect whom the step names (the vice mayor, 常务副市长 张海峰 …); the clerk
            changes it when someone else signed (e.g. the AB partner)."""
            if not 0 <= index < len(open_lines):
                return
            line = open_lines[index]
            found = signer.findData(line.for_person_id) if line.for_person_id else -1
            name = line.needed.rpartition(" ")[2]
            if found < 0 and " " in line.needed:
                found = next((i for i in range(signer.count())
                              if signer.itemText(i).split("（")[0] == name), -1)
            if found >= 0:
                signer.setCurrentIndex(found)

        step.currentIndexChanged.connect(propose_signer)
        propose_signer(step.currentIndex())
        return dialog

    def void_signoff(self) -> FormDialog | None:
        line = self.tab.detail.selected_line()
        if line is None or line.signoff_id is None:
            show_error(self.tab, ValidationError("请先在签批单中选择一条已签的记录。"))
            return None
        d = self.tab.current()
        return self._open(
            f"作废签批记录：{line.label}（{line.signer_name}）",
            [FieldSpec("reason", "作废原因", "multiline")],
            lambda v: outgoing.void_signoff(self.ctx.db, self.ctx.user, line.signoff_id,
                                            v["reason"], None),
            "voidSignoffDialog",
            intro=f"{d.label}：编号印发前登记有误的签批可以作废，作废后须重新登记。",
        )

    # --- issue and publication --------------------------------------------------------------
    def issue(self) -> FormDialog:
        d = self.tab.current()
        prefixes = org_profile.get_profile(self.ctx.db)["doc_prefixes"]
        return self._open(
            f"编号印发：{d.title}",
            [
                FieldSpec("issued_on", "印发日期", "date"),
                FieldSpec("prefix", "机关代字", "combo",
                          [(None, "（按发文机关和文种）"), *((p, p) for p in prefixes)]),
            ],
            lambda v: outgoing.issue_outgoing(self.ctx.db, self.ctx.user, d.id,
                                              issued_on=v["issued_on"], prefix=v["prefix"],
                                              expected_version=d.version),
            "issueDialog",
            {"issued_on": self.ctx.today()},
            "签批程序全部完成后方可编号（第四十五条）；文号按机关代字每年从1号起连续编排，不重号、不空号。",
        )

    def openness(self) -> FormDialog:
        d = self.tab.current()
        return self._open(
            f"公开属性：{d.title}",
            [FieldSpec("openness", "公开属性", "combo", OPENNESS),
             FieldSpec("reason", "不予公开理由", "multiline")],
            lambda v: outgoing.set_openness(self.ctx.db, self.ctx.user, d.id, v["openness"],
                                            v["reason"], d.version),
            "opennessDialog",
            {"openness": d.openness, "reason": d.openness_reason},
            "涉密文件不得公开；不予公开的须说明理由（第四十九条）。",
        )

    def confidentiality_review(self) -> FormDialog:
        d = self.tab.current()
        return self._open(
            f"保密审查：{d.title}",
            [FieldSpec("reviewed_on", "审查日期", "date"), FieldSpec("reviewer", "审查人")],
            lambda v: outgoing.record_confidentiality_review(
                self.ctx.db, self.ctx.user, d.id, reviewed_on=v["reviewed_on"],
                reviewer=v["reviewer"], expected_version=d.version),
            "confidentialityDialog",
            {"reviewed_on": self.ctx.today()},
        )

    def publish(self) -> FormDialog:
        d = self.tab.current()
        return self._open(
            f"标记公开：{d.title}",
            [FieldSpec("published_on", "公开日期", "date")],
            lambda v: outgoing.publish_outgoing(self.ctx.db, self.ctx.user, d.id,
                                                published_on=v["published_on"],
                                                expected_version=d.version),
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
                return outgoing.record_legal_review(db, user, d.id, reviewed_on=on,
                                                    reviewer=text, **kw)
            if step == "meeting":
                return outgoing.record_meeting_decision(db, user, d.id, decided_on=on,
                                                        meeting_ref=text, **kw)
            if step in ("filed_higher", "filed_congress"):
                return outgoing.record_filing(db, user, d.id, with_=step.removeprefix("filed_"),
                                              filed_on=on, **kw)
            return outgoing.record_interpretation(db, user, d.id,
                                                  step=step.removeprefix("interp_"), on=on, **kw)

        return self._open(
            f"规范性文件：{d.title}",
            [
                FieldSpec("step", "事项", "combo", list(NORMATIVE_STEPS.items())),
                FieldSpec("on", "日期", "date"),
                FieldSpec("text", "审核人 / 会议（法制审核、常务会议时填写）"),
            ],
            save,
            "normativeDialog",
            {"on": self.ctx.today()},
            "规范性文件经法制审核后提交常务会议（第十八条）；公布后十五日内报上级政府和市人大常委会备案"
            "（第十六条）；解读意见起草、审核后随文公布。",
        )

    def archive(self) -> FormDialog:
        d = self.tab.current()
        return self._open(
            f"归档号：{d.label}",
            [FieldSpec("archive_ref", "归档号")],
            lambda v: outgoing.set_archive_ref(self.ctx.db, self.ctx.user, d.id,
                                               v["archive_ref"], d.version),
            "archiveDialog",
            {"archive_ref": d.archive_ref},
        )

    def void(self) -> FormDialog:
        d = self.tab.current()
        return self._open(
            f"作废：{d.label}",
            [FieldSpec("reason", "作废原因", "multiline")],
            lambda v: outgoing.void_outgoing(self.ctx.db, self.ctx.user, d.id, v["reason"],
                                             d.version),
            "voidOutgoingDialog",
            intro="已编号的发文作废后文号仍保留在登记簿中（注明作废），不再使用。",
        )
