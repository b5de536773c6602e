"""The 收文 dialogs of registration and the office's first steps: register (R32, R42), 退文,
拟办意见 (R43), 作为信息处理 (R32, R42) and a bulletin's approval (R42). IncomingForms adds them to
the routing, reading and closing dialogs (documents_incoming_routing_forms). Each is a
FormDialog: a refusal keeps what the clerk typed."""

from __future__ import annotations

from datetime import datetime

from desktop_app.rules import incoming as r
from desktop_app.services.documents import incoming
from ui.panes.documents_common import china_time
from ui.panes.documents_incoming_routing_forms import PICK, IncomingRoutingForms
from ui.widgets.form import FormDialog
from ui.widgets.form_fields import FieldSpec

SECRECY = [("", "非密"), *((s, s) for s in r.SECRECY_LEVELS if s)]
URGENCY = [("", "平件"), *((u, u) for u in r.URGENCY_LEVELS if u)]
# 文种: the national list, then the periodicals R42 speaks of (《简报》《情况》《信息》).
DOC_TYPE_CHOICES = [
    PICK,
    *((t, t) for t in r.DOC_TYPES),
    *((k, f"{k}（刊物）") for k in r.BULLETIN_KINDS),
]


class IncomingForms(IncomingRoutingForms):
    """Opens the dialogs for the 收文 tab `tab` (which has ctx, view, current() and changed())."""

    # --- register and initial check -----------------------------------------------------------
    def register(self) -> FormDialog:
        db, user = self.ctx.db, self.ctx.user
        now = datetime.now().time().replace(second=0, microsecond=0)

        def save(v: dict) -> incoming.IncomingDTO:
            v = dict(v, received_at=china_time(v["received_at"]))
            return incoming.register_document(db, user, **v)

        dialog = self._open(
            "登记收文",
            [
                FieldSpec("received_at", "收文时间", "datetime"),
                FieldSpec("sender", "来文机关", required=True),
                FieldSpec("sender_number", "来文字号", help="如：佳政办发〔2026〕3号"),
                FieldSpec("title", "标题", required=True),
                FieldSpec(
                    "doc_type",
                    "文种",
                    "combo",
                    DOC_TYPE_CHOICES,
                    help="简报、情况、信息等刊物未经市委、市政府批准的，不予转呈领导（第四十二条）",
                    required=True,
                ),
                FieldSpec(
                    "nature",
                    "文件性质",
                    "combo",
                    [PICK, *r.NATURES.items()],
                    help="告知性文件圈阅即阅知；请示性、需处理类须明确签署意见（第三十六条）",
                    required=True,
                ),
                FieldSpec("urgency", "紧急程度", "combo", URGENCY),
                FieldSpec("secrecy", "密级", "combo", SECRECY),
                FieldSpec("secrecy_term", "保密期限"),
                FieldSpec("copies", "份数", "int"),
                FieldSpec("copy_numbers", "份号（涉密文件逐份登记，以逗号分隔）"),
                FieldSpec(
                    "channel",
                    "来文渠道",
                    "combo",
                    list(r.CHANNELS.items()),
                    help="非正常程序传递的文件，市政府领导不受理和审批：只能退文或作为信息处理"
                    "（第三十二条）",
                ),
                FieldSpec("reverse_flow", "逆行文（越级或逆向报送）", "check"),
                FieldSpec("from_higher", "省、佳木斯市及其部门来文", "check"),
            ],
            save,
            "registerIncomingDialog",
            {"received_at": datetime.combine(self.ctx.today(), now), "copies": 1},
        )
        dialog.checks.append(_copies_and_secrecy)
        return dialog

    def return_to_sender(self) -> FormDialog:
        d = self.tab.current()
        return self._open(
            f"退文：{d.title}",
            [FieldSpec("reason", "退文原因", "multiline", required=True)],
            lambda v: incoming.return_to_sender(
                self.ctx.db, self.ctx.user, d.id, v["reason"], d.version
            ),
            "returnDialog",
            intro="初审不符合要求的（如非正常程序传递，第三十二条），注明原因退回来文单位。",
        )

    def propose(self) -> FormDialog:
        d = self.tab.current()
        return self._open(
            f"拟办意见：{d.title}",
            [FieldSpec("proposal", "拟办意见", "multiline")],
            lambda v: incoming.propose(self.ctx.db, self.ctx.user, d.id, v["proposal"], d.version),
            "proposeDialog",
            {"proposal": d.proposal},
            "当天收文当天提出拟办意见（第四十三条）。",
        )

    def file_as_information(self) -> FormDialog:
        """R32 / R42: filed for information with a note; it goes before no leader."""
        d = self.tab.current()
        why = (
            "非正常程序传递的文件，市政府领导不受理和审批（第三十二条）。"
            if d.channel == "irregular"
            else "未经市委、市政府批准的刊物不予转呈领导（第四十二条）。"
            if d.is_bulletin and not d.bulletin_approved_by
            else ""
        )
        return self._open(
            f"作为信息处理：{d.title}",
            [
                FieldSpec("note", "处理说明", "multiline"),
                FieldSpec("filed_on", "处理日期", "date"),
                FieldSpec("archive_ref", "归档号"),
            ],
            lambda v: incoming.file_as_information(
                self.ctx.db,
                self.ctx.user,
                d.id,
                note=v["note"],
                filed_on=v["filed_on"],
                archive_ref=v["archive_ref"],
                expected_version=d.version,
            ),
            "fileAsInformationDialog",
            {"filed_on": self.ctx.today()},
            why + "作为信息存档备查，不呈送领导审批；办结后不再分送。",
        )

    def bulletin_approval(self) -> FormDialog:
        """R42: the bulletin's approval by 市委 or 市政府 — who, when."""
        d, today = self.tab.current(), self.ctx.today()
        return self._open(
            f"刊物审批：{d.title}",
            [
                FieldSpec(
                    "approved_by",
                    "批准机关",
                    "combo",
                    [PICK, *((b, b) for b in r.APPROVING_BODIES)],
                ),
                FieldSpec("approver", "批准人"),
                FieldSpec("approved_on", "批准日期", "date"),
            ],
            lambda v: incoming.record_bulletin_approval(
                self.ctx.db,
                self.ctx.user,
                d.id,
                approved_by=v["approved_by"] or "",
                approver=v["approver"],
                approved_on=v["approved_on"],
                today=today,
                expected_version=d.version,
            ),
            "bulletinApprovalDialog",
            {
                "approved_by": d.bulletin_approved_by or None,
                "approver": d.bulletin_approver,
                "approved_on": d.bulletin_approved_on or today,
            },
            "经市委、市政府批准编印的刊物，参照文件报送程序呈报市政府领导；未经批准的不予转呈（第四十二条）。",
        )


def _copies_and_secrecy(v: dict) -> str:
    """Checked with the empty fields, so one message lists them all: at least one copy; a
    classified document's 保密期限 and one 份号 per copy (R44)."""
    if v["copies"] < 1:
        return "份数至少为 1。"
    r.check_classified_fields(v["secrecy"], v["secrecy_term"], v["copies"], v["copy_numbers"])
    return ""
