"""督办 and 请示报告 rules (第七十条–第七十三条, 第五十七条–第六十条, 第二十九条): R70, R71, R72,
R73, R29.3, R57, R58, R59, R60.

Pure functions of plain values; services/supervision supplies the facts (the vice mayor in charge
of the unit on the day, the posts a person held, the office's working-day calendar) and records
what these functions allow.
"""

from __future__ import annotations

from datetime import date

from desktop_app.formatting import format_date
from desktop_app.rules.registry import register, rule, violation
from desktop_app.workdays import WorkCalendar

# R70 (and R35, R72, R57): where an item comes from, as the register names it.
SOURCES = {
    "decision": "会议决定事项",
    "document": "文件办理",
    "instruction": "领导批示",
    "major": "重大决策部署",
    "npc": "人大代表建议",
    "cppcc": "政协委员提案",
    "request": "请示报告",
}
STATUS_NAMES = {"open": "办理中", "done": "已办结", "not_done": "未办结"}
ESCALATION_POSTS = ("exec_vice_mayor", "mayor")  # R71
REQUEST_FORMS = ("书面", "口头")  # R57(一)
ROUTES = {"in_charge": "报分管副市长", "urgent_direct": "特别紧急，直报常务副市长、市长"}
SEVERAL_LEADERS_DAYS, GRASSROOTS_DAYS = 5, 3  # R59, working days

# R60: the 16 categories of major matters of article 60 (the picklist).
MAJOR_CATEGORIES = (
    "（一）全市性计划、规划的制定，物价、收费项目的出台和调整",
    "（二）万元以上罚款、在建项目封停、规模以上工业企业停产停业和吊销执照处罚",
    "（三）企业重大合资、合作和技术改造项目（含招商引资项目）",
    "（四）重大市政建设项目",
    "（五）上报国、省及佳木斯市的重要数据",
    "（六）重大刑事、经济、治安、信访和涉外案件",
    "（七）重大事故和重大灾情、汛情、疫情",
    "（八）拘传、拘留副科级以上干部和相应级别的企事业单位负责人",
    "（九）全市性活动方案",
    "（十）国、省及佳木斯市召开的重要工作会议",
    "（十一）上级领导和部门来我市检查、指导、走访、慰问",
    "（十二）佳木斯、省和国家机关反馈的重要信息",
    "（十三）报送上级新闻单位的重要报道和向上级机关反映的重要情况",
    "（十四）以市政府名义出访及重要代表团来访等重要活动",
    "（十五）副处级以上领导干部和离退休干部住院、辞世",
    "（十六）其他重大事项",
)

register(
    "R73", "第七十三条", "data", "督查室定期通报各乡（镇）、各部门贯彻落实市政府决策部署的情况。"
)


@rule("R70", "第七十条", "data", "督办事项来自重大决策部署、文件、会议决定事项和领导批示。")
def check_source(
    kind: str,
    *,
    decision_id: int | None = None,
    document_id: int | None = None,
    instruction_by: int | None = None,
    instruction_on: date | None = None,
) -> None:
    """R70: the item names a known source, and the source itself: the meeting decision, the
    document, or for a 批示 the leader who wrote it and the day."""
    if kind not in SOURCES:
        raise violation("R70", "请选择督办事项的来源（会议决定、文件、领导批示、重大决策等）。")
    if kind == "decision" and decision_id is None:
        raise violation("R70", "来源为会议决定事项的，请从会议的决定事项中选择，不必重新录入。")
    if kind == "document" and document_id is None:
        raise violation("R70", "来源为文件办理的，请选择所办理的收文。")
    if kind == "instruction" and (instruction_by is None or instruction_on is None):
        raise violation("R70", "领导批示督办事项须写明批示的领导和批示日期。")


_R71 = (
    "督办事项须明确分管副市长、责任单位和责任人、落实质量和时限要求；"
    "难度大或跨部门的事项提交常务副市长、市长协调解决。"
)
# The same summary meetings registers: one R29.3, wherever it is checked.
_R29_3 = "有关单位对会议决定事项的落实情况以书面形式向分管副市长和督查室反馈；未落实、未及时反馈的予以通报。"


@rule("R71", "第七十一条", "block", _R71)
def check_assignment(
    unit_id: int | None,
    responsible_person: str,
    deadline: date | None,
    assigned_on: date,
) -> None:
    """R71: responsible unit and person, and a deadline not before the item was assigned."""
    missing = []
    if unit_id is None:
        missing.append("责任单位")
    if not (responsible_person or "").strip():
        missing.append("责任人")
    if deadline is None:
        missing.append("完成时限")
    if missing or deadline is None:
        raise violation("R71", f"督办事项须责任到人、明确时限：请填写{'、'.join(missing)}。")
    if deadline < assigned_on:
        raise violation(
            "R71", f"完成时限{format_date(deadline)}早于交办日期{format_date(assigned_on)}。"
        )


@rule("R71", "第七十一条", "block", _R71)
def check_escalation(target_posts: list[str], reason: str) -> None:
    """R71: an escalation goes to the executive vice mayor or the mayor (the posts the target
    held that day), with the reason (hard, cross-department, not resolvable by the one in
    charge)."""
    if not any(p in ESCALATION_POSTS for p in target_posts):
        raise violation(
            "R71",
            "难以协调解决的事项应提交市政府常务副市长或市长协调：所选人员当日不任这两个职务。",
        )
    if not (reason or "").strip():
        raise violation("R71", "请写明提交协调的理由（情况复杂、落实难度大、跨部门或职能交叉等）。")


@rule("R29.3", "第二十九条", "track", _R29_3)
def check_report(received_on: date | None, text: str, assigned_on: date, today: date) -> None:
    """R29.3: a progress report is written (its text recorded) and dated within the item's life."""
    if received_on is None or not (text or "").strip():
        raise violation("R29.3", "落实情况须书面反馈：请填写收到日期和反馈内容。")
    if received_on < assigned_on:
        raise violation("R29.3", f"反馈日期不能早于交办日期{format_date(assigned_on)}。")
    if received_on > today:
        raise violation("R29.3", "反馈日期不能晚于今天。")


@rule("R29.3", "第二十九条", "track", _R29_3)
def check_close(done: bool, evidence: str, unit_reports: int) -> None:
    """R29.3: an item is closed on the unit's written report, with the evidence (done) or the
    reason it was not done."""
    if unit_reports == 0:
        raise violation(
            "R29.3", "办结以承办单位的书面反馈为依据：请先登记单位的书面反馈，再标记办结情况。"
        )
    if not (evidence or "").strip():
        what = "办结依据（完成情况、成效、材料）" if done else "未办结的原因"
        raise violation("R29.3", f"请填写{what}。")


def timeliness(deadline: date | None, closed_on: date | None, today: date) -> str:
    """R29.3/R73: on_time | late (closed after the deadline) | overdue (open past it) | open."""
    if closed_on is not None:
        return "late" if deadline is not None and closed_on > deadline else "on_time"
    return "overdue" if deadline is not None and deadline < today else "open"


@rule(
    "R72",
    "第七十二条",
    "block",
    "人大代表建议和政协委员提案由分管副市长审批后转承办单位办理，跟踪至答复。",
)
def check_proposal_assignment(approver_id: int | None, may_sign: list[int]) -> None:
    """R72: the assignment of a suggestion or proposal is approved by the vice mayor in charge
    of the handling unit (or his AB partner while he is away, `may_sign`)."""
    if approver_id is None:
        raise violation("R72", "建议、提案须经分管副市长审批后转承办单位：请登记审批人。")
    if approver_id not in may_sign:
        raise violation(
            "R72", "建议、提案由承办单位的分管副市长审批（外出时由其B角代签）：所选审批人不是。"
        )


_R57 = (
    "请示报告分书面和口头，原则上不越级，一般报分管副市长；书面的经市政府办公室转报；"
    "特别紧急的重大情况可直接报常务副市长和市长；需市委掌握的重大事项由常务副市长转报市委副书记。"
)


@rule("R57", "第五十七条", "rule", _R57)
def check_request_route(form: str, route: str, major_category: str) -> None:
    """R57: a known form and route; going straight to the executive vice mayor or mayor is for
    especially urgent major matters only (a category of article 60 recorded)."""
    if form not in REQUEST_FORMS:
        raise violation("R57", "请选择请示报告的形式（书面或口头）。")
    if route not in ROUTES:
        raise violation("R57", "请选择报送途径：报分管副市长，或特别紧急的直报常务副市长、市长。")
    if route == "urgent_direct" and not major_category:
        raise violation(
            "R57",
            "原则上不得越级请示报告：直接报常务副市长、市长的只限特别紧急的重大情况，"
            "请选择重大事项类别（第六十条），否则报分管副市长。",
        )


@rule(
    "R58",
    "第五十八条",
    "rule",
    "接受基层口头请示报告的，接受人做好记录（何人、何时、何人报告、何事），备档留查。",
)
def check_oral_record(form: str, received_by: str, request_from: str, content: str) -> None:
    """R58: an oral request is written down — who received it, from whom, what (the time is
    the received_at the service requires)."""
    if form != "口头":
        return
    missing = [
        label
        for label, value in (
            ("接受人", received_by),
            ("报告人", request_from),
            ("报告内容", content),
        )
        if not (value or "").strip()
    ]
    if missing:
        raise violation("R58", f"口头请示报告须由接受人做好记录：请填写{'、'.join(missing)}。")


@rule("R60", "第六十条", "data", "重大事项请示报告的范围为第六十条所列十六类。")
def check_major_category(category: str) -> None:
    """R60: a major matter's category is one of the 16 of article 60 (or none)."""
    if category and category not in MAJOR_CATEGORIES:
        raise violation("R60", "重大事项类别须从第六十条所列的十六类中选择。")


_R59 = "涉及多位市政府领导分工的请示事项5个工作日内答复，基层请示事项原则上3个工作日内答复。"


@rule("R59", "第五十九条", "track", _R59)
def reply_deadline(
    received_on: date, several_portfolios: bool, from_grassroots: bool, cal: WorkCalendar
) -> date | None:
    """R59: the reply deadline in working days on the office calendar; the shorter applies when
    both hold; None when article 59 sets no limit (the clerk sets the deadline)."""
    days = [
        n
        for n, applies in (
            (GRASSROOTS_DAYS, from_grassroots),
            (SEVERAL_LEADERS_DAYS, several_portfolios),
        )
        if applies
    ]
    return cal.add_working_days(received_on, min(days)) if days else None


@rule("R59", "第五十九条", "track", _R59)
def check_reply_deadline(given: date | None, due: date | None) -> date | None:
    """R59: the deadline a request is followed on — article 59's when it sets one (a later one
    typed by the clerk is refused), else the one given."""
    if due is not None and given is not None and given > due:
        raise violation(
            "R59", f"该请示应于{format_date(due)}前答复（按工作日计算），所填时限晚于规定时限。"
        )
    return given or due


# Approval chains recorded from the signed paper: step code → (title, who signs).
#   vm_in_charge: the vice mayor in charge of the unit (AB partner while he is away, R6.2)
#   mayor / exec_or_leader / office_director: by post on the signing day; "": an office's opinion
#   recorded by the clerk (外事办、台办 give theirs on paper)
CHAINS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "fiscal": (
        ("vm_review", "分管副市长审核", "vm_in_charge"),
        ("mayor_approve", "市长审批", "mayor"),
    ),
    "foreign_guest": (("fao_opinion", "外事部门审核意见", ""),),
    "taiwan_guest": (
        ("tao_opinion", "对台部门审核意见", ""),
        ("director_agree", "办公室主任同意", "office_director"),
        ("exec_decide", "常务副市长（或相关领导）决定", "exec_or_leader"),
    ),
    "proposal": (("proposal_approve", "分管副市长审批交办", "vm_in_charge"),),
    # R57(四): a major matter the party committee must know, forwarded by the executive vice
    # mayor to the deputy party secretary.
    "party_report": (("exec_forward", "常务副市长转报市委副书记", "exec_vice_mayor"),),
}
MATTERS = {
    "fiscal": "财政支出、重要固定资产处置",
    "foreign_guest": "会见外宾",
    "taiwan_guest": "会见台湾地区来宾",
    "party_report": "需市委掌握的重大事项（常务副市长转报）",
}
_CHAIN_RULE = {
    "fiscal": "R13",
    "foreign_guest": "R67",
    "taiwan_guest": "R67",
    "proposal": "R72",
    "party_report": "R57",
}


_R13 = "财政性支出和重要固定资产处置，由分管副市长审核后报市长审批。"
_R67 = (
    "会见外宾由外事部门审核提出意见；会见台湾地区官员和知名人士由对台部门审核、办公室主任同意后，"
    "报常务副市长或相关领导决定。"
)


@rule("R13", "第十三条", "block", _R13)
@rule("R67", "第六十七条", "block", _R67)
@rule("R57", "第五十七条", "rule", _R57)
def check_chain_step(chain: str, step: str, done: list[str]) -> tuple[str, str]:
    """R13, R67, R72: `step` is the next step of the chain (none skipped, none twice); returns
    (title, who signs) for the service to check the signer."""
    rule_id = _CHAIN_RULE[chain]
    steps = CHAINS[chain]
    codes = [c for c, _t, _w in steps]
    if step not in codes:
        raise violation(rule_id, "该事项没有这一审批环节。")
    if step in done:
        raise violation(rule_id, f"「{steps[codes.index(step)][1]}」已登记，不能重复登记。")
    missing = [t for c, t, _w in steps[: codes.index(step)] if c not in done]
    if missing:
        raise violation(
            rule_id,
            f"须按程序办理：「{steps[codes.index(step)][1]}」之前须先有{'、'.join(missing)}。",
        )
    return steps[codes.index(step)][1], steps[codes.index(step)][2]


@rule("R13", "第十三条", "block", _R13)
@rule("R67", "第六十七条", "block", _R67)
@rule("R57", "第五十七条", "rule", _R57)
def check_post_signer(chain: str, title: str, who: str, posts: list[str], in_office: bool) -> None:
    """R13, R67: the signer of a step given to a post held that post on the signing day."""
    rule_id = _CHAIN_RULE[chain]
    ok = {
        "mayor": "mayor" in posts,
        "exec_or_leader": any(p in ("exec_vice_mayor", "mayor", "vice_mayor") for p in posts),
        "office_director": "unit_head" in posts and in_office,
        "exec_vice_mayor": "exec_vice_mayor" in posts,
    }.get(who, True)
    if not ok:
        names = {
            "mayor": "市长",
            "exec_or_leader": "常务副市长或相关市政府领导",
            "office_director": "市政府办公室主任",
            "exec_vice_mayor": "常务副市长",
        }
        raise violation(rule_id, f"「{title}」须由{names[who]}签署：所选人员当日不任此职。")


@rule("R13", "第十三条", "block", _R13)
def check_mayor_approval(
    title: str,
    mayor_id: int | None,
    mayor_name: str,
    signer_id: int,
    away: bool = False,
    stand_in_id: int | None = None,
    stand_in_name: str = "",
) -> str:
    """R13 with R6.3: the mayor in office on the signing day approves, in person — article 13
    names no entrustment, so whoever presides over the government's work while he is away (the
    executive vice mayor entrusted, 第六条) does not approve in his place; the step waits for the
    mayor. Returns the capacity (本人)."""
    if mayor_id is None:
        raise violation(
            "R13",
            f"当日人员名录中没有市长，无法登记「{title}」；请先在「人员与分管」中登记市长任职。",
        )
    if signer_id == mayor_id:
        return "本人"
    if stand_in_id is not None and signer_id == stand_in_id:
        where = f"市长{mayor_name}当日外出，" if away else ""
        raise violation(
            "R13",
            f"{where}{stand_in_name}受市长委托主持市政府全面工作（第六条），但财政支出和重要固定资产"
            f"处置须由市长审批，条文未规定可由受委托人代为审批：请待市长{mayor_name}审批后登记。",
        )
    raise violation("R13", f"「{title}」须由市长{mayor_name}审批：所选人员当日不任市长。")


@rule("R67", "第六十七条", "block", _R67)
def check_office_director(
    title: str, director_id: int | None, director_name: str, signer_id: int, day: date
) -> None:
    """R67: the office director who agrees is whoever held the head post of the 市政府办公室 in
    the dated directory on the signing day; none held it — refused with where to enter it."""
    if director_id is None:
        raise violation(
            "R67",
            f"{format_date(day)}人员名录中没有市政府办公室主任（市政府办公室的局长/主任职务），"
            f"无法确定「{title}」应由谁签署；请先在「人员与分管 → 任职」中登记。",
        )
    if signer_id != director_id:
        raise violation(
            "R67",
            f"「{title}」须由当日的市政府办公室主任{director_name}签署：所选人员不是。",
        )
