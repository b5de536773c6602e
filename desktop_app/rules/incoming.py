"""DOC rules for incoming documents (收文, Art. 32–44): pure functions of plain values."""

from __future__ import annotations

from datetime import date

from desktop_app.rules.registry import rule, violation

# 《党政机关公文处理工作条例》 list of document types.
DOC_TYPES = (
    "决议",
    "决定",
    "命令（令）",
    "公报",
    "公告",
    "通告",
    "意见",
    "通知",
    "通报",
    "报告",
    "请示",
    "批复",
    "议案",
    "函",
    "纪要",
)
SECRECY_LEVELS = ("", "秘密", "机密", "绝密")
URGENCY_LEVELS = ("", "特急", "加急")
CHANNELS = {"normal": "正常程序", "irregular": "非正常程序"}
NATURES = {"notice": "告知性", "request": "请示性", "action": "需处理类"}
CIRCLED = "已阅知"
DUE_SOON_WORKING_DAYS = 2


R32_SUMMARY = (
    "报送市政府审批的公文先登记，由市政府办公室提出拟办意见后分送领导或部门；未登记的不予分送；"
    "非正常程序传递的文件市政府领导不受理和审批，不得呈送领导，只能退文或作为信息处理；"
    "严格控制逆行文（提醒）。"
)
LEADER_ROUTES = ("vice_mayor", "mayor")  # routes that put a document before a leader
# R42: periodicals a department publishes, registered as 收文 with this 文种.
BULLETIN_KINDS = ("简报", "情况", "信息")
APPROVING_BODIES = ("市委", "市政府")


@rule("R32", "第三十二条", "block", R32_SUMMARY)
def check_routable(status: str, voided: bool) -> None:
    """R32: only a registered document, with the office's proposed handling, is routed."""
    if voided or status in ("", "returned"):
        raise violation("R32", "该文件未经收文登记（或已退文、作废），不能分送。")
    if status == "registered":
        raise violation("R32", "须先由市政府办公室提出拟办意见，方可分送。")
    if status == "closed":
        raise violation("R32", "该文件已办结，不能再分送。")


@rule("R32", "第三十二条", "block", R32_SUMMARY)
def check_leader_route(channel: str) -> None:
    """R32: a document that came through an irregular channel is not put before a leader (the
    mayor or a vice mayor) for approval or reading (called for a route in LEADER_ROUTES and for
    a leader's 阅批). What remains: 退文, 作为信息处理 (filed with a note), or
    a department's handling (the article forbids only the leaders' acceptance)."""
    if channel == "irregular":
        raise violation(
            "R32",
            "该文件系非正常程序传递，市政府领导不受理和审批，不能呈送领导；"
            "请退文，或作为信息处理（存档）。",
        )


def intake_flags(channel: str, reverse_flow: bool) -> list[str]:
    """R32 warnings shown on the record: irregular channel, reverse-flow document."""
    flags = []
    if channel == "irregular":
        flags.append(
            "非正常程序传递的文件，市政府领导不受理和审批：不能呈送领导，请退文或作为信息处理。"
        )
    if reverse_flow:
        flags.append("逆行文（越级或逆向报送），应严格控制。")
    return flags


def is_bulletin(doc_type: str) -> bool:
    return doc_type in BULLETIN_KINDS


@rule(
    "R42",
    "第四十二条",
    "block",
    "未经市委、市政府批准编印的《简报》《情况》《信息》等刊物，市政府办公室不予转呈市政府领导；"
    "经审批的刊物参照文件报送程序上报。",
)
def check_bulletin_leader_route(doc_type: str, approved_by: str) -> None:
    """R42: a bulletin goes before a leader only when 市委 or 市政府 approved it; an approved
    one follows the document procedure (R32) like any other 收文."""
    if is_bulletin(doc_type) and approved_by not in APPROVING_BODIES:
        raise violation(
            "R42",
            f"《{doc_type}》未经市委、市政府批准编印，市政府办公室不予转呈市政府领导；"
            "请先登记市委或市政府的审批（批准机关、批准人、批准日期），或作为信息处理。",
        )


def check_bulletin_approval(doc_type: str, approved_by: str) -> None:
    """R42: only a bulletin carries an approval, and only 市委 or 市政府 approve it (who and
    when are plain input, checked by the service)."""
    if not is_bulletin(doc_type):
        raise violation(
            "R42",
            f"只有《简报》《情况》《信息》等刊物需登记市委、市政府的审批，"
            f"本件文种为「{doc_type}」。",
        )
    if approved_by not in APPROVING_BODIES:
        raise violation("R42", "刊物须经市委或市政府批准：请选择批准机关（市委或市政府）。")


@rule(
    "R35",
    "第三十五条",
    "track",
    "省、佳木斯市及其部门来文：办公室提出拟办意见，分管副市长阅批后转承办部门办理，重要的报市长；"
    "承办部门按时限办结反馈。",
)
def check_department_route(deadline: date | None, lead_unit: bool, today: date) -> None:
    """R35: a department handling a document has a lead department and a deadline."""
    if not lead_unit:
        raise violation("R35", "转部门办理须指定主办部门。")
    if deadline is None:
        raise violation("R35", "转部门办理须确定办理时限。")
    if deadline < today:
        raise violation("R35", "办理时限不能早于今天。")


def higher_route_warning(from_higher: bool, leader_instructed: bool) -> str:
    """R35: a document from the province or 佳木斯 goes to a department after the vice mayor in
    charge has read and instructed; returns the warning text, or ""."""
    if from_higher and not leader_instructed:
        return "上级来文应经分管副市长阅批后再转承办部门办理。"
    return ""


@rule(
    "R36",
    "第三十六条",
    "block",
    "告知性文件圈阅即表示已阅知；请示性文件须明确签署意见；需处理类文件各部门和分管副市长须明确提出处理意见。",
)
def reading_opinion(nature: str, opinion: str) -> tuple[str, str]:
    """R36: (kind, text) of a reading record; an empty opinion is refused where one is needed."""
    text = (opinion or "").strip()
    if nature == "notice":
        return ("opinion", text) if text else ("circle", CIRCLED)
    if not text or text == CIRCLED:
        raise violation("R36", f"{NATURES.get(nature, nature)}文件须明确签署意见，不能仅圈阅。")
    return "opinion", text


@rule("R43", "第四十三条", "warn", "当日文件当日处理完毕：当天收文当天提出拟办意见。")
def proposal_state(received_on: date, proposed: bool, today: date) -> str:
    """R43: "" when fine, "warn" for a document received today without 拟办意见, "overdue" when it
    was received earlier."""
    if proposed or received_on > today:
        return ""
    return "warn" if received_on == today else "overdue"


@rule(
    "R44",
    "第四十四条",
    "block",
    "涉密文件严格管理，严禁随意传阅：仅有权限的人员可见，每次查看和打印均记录，印件标注份号。",
)
def check_classified(secrecy: str, may_see_classified: bool) -> None:
    """R44: a record with any 密级 opens only for accounts with the classified permission."""
    if secrecy and not may_see_classified:
        raise violation("R44", "涉密文件仅限机要人员查看。")


def check_classified_fields(secrecy: str, term: str, copies: int, copy_numbers: str) -> None:
    """R44: a classified document states its 保密期限 and the 份号 of its copies."""
    if secrecy not in SECRECY_LEVELS:
        raise violation("R44", f"密级应为：{'、'.join(s for s in SECRECY_LEVELS if s)}。")
    if not secrecy:
        return
    if not term.strip():
        raise violation("R44", "涉密文件须登记保密期限。")
    numbers = [n for n in copy_numbers.replace("，", ",").split(",") if n.strip()]
    if len(numbers) != copies:
        raise violation(
            "R44", f"涉密文件须逐份登记份号：共 {copies} 份，已登记 {len(numbers)} 个份号。"
        )


def deadline_state(deadline: date | None, closed: bool, today: date, due_soon_limit: date) -> str:
    """R35 tracking: "overdue", "due" (by `due_soon_limit`, 2 working days on), or ""."""
    if deadline is None or closed:
        return ""
    if deadline < today:
        return "overdue"
    return "due" if deadline <= due_soon_limit else ""
