"""DOC rules (第六章 公文处理, Art. 32–48; 第七章 Art. 49): pure functions of plain values.

Outgoing documents: `required_signoffs` derives the sign-off chain from the document's facts,
`check_signoff` checks one signer against one step, `check_chain_complete` blocks numbering and
sealing until every step is on record (R45.1). Numbers follow NUM; joint documents R37; major
matters decided by a meeting R10; publication R49 (with R44: classified documents are never
published). Normative documents (R16/R17/R18/R38) are in rules.normative.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from desktop_app.formatting import DOC_NUMBER_RE, format_date
from desktop_app.rules.incoming import DOC_TYPES  # the same 15 types for 收文 and 发文
from desktop_app.rules.registry import rule, violation

ISSUERS = {"government": "市政府", "office": "市政府办公室"}
MAYOR_SIGNS_TYPES = ("决定", "命令（令）")  # R33.3: 决定、命令 (and documents marked important)
OPENNESS = ("主动公开", "依申请公开", "不予公开")
OFFICE_REVIEW_POSTS = ("unit_head", "unit_deputy", "standing_secretary")
VICE_MAYOR_POSTS = ("exec_vice_mayor", "vice_mayor")


@dataclass(frozen=True)
class OutgoingFacts:
    """What decides an outgoing document's sign-off chain (R33.1–R33.3, R34)."""

    issuer: str  # government (市政府) | office (市政府办公室)
    doc_type: str  # one of DOC_TYPES (《党政机关公文处理工作条例》)
    # How many distinct vice mayors are in charge (R6.1) of the drafting unit and of every unit
    # or area the document touches, derived from the directory on the day of signing — never
    # typed. 0 = not derived yet: the vice-mayor step stays in the chain, open.
    vice_mayors: int = 1
    to_party_or_congress: bool = False  # 呈报市委、市人大常委会
    to_higher_government: bool = False  # 向上级政府报送
    reports_on_higher_instructions: bool = False  # 向上级政府领导报送批示（交办）事项办理结果
    is_normative: bool = False  # 规范性文件 (R16, R18)
    # 重要文件: R33.3 for a 市政府 document (the mayor signs); R34 for an office document
    # (conveys a government decision or is important/wide-reaching: the vice mayor agrees)
    important: bool = False
    tv_announcement: bool = False  # R48: broadcast on the city TV station (checked elsewhere)


@dataclass(frozen=True)
class SignOffStep:
    key: str  # vice_mayor_agree | vice_mayors_review | office_review | sign
    post: str  # vice_mayor_in_charge | vice_mayors_in_charge | office_review | exec_vice_mayor
    #            | mayor | mayor_or_exec_vice_mayor
    label: str
    rule_id: str


def mayor_must_sign(f: OutgoingFacts) -> bool:
    """R33.3: the government's documents the mayor signs himself — 决定、命令 *and other
    important documents* (a 公告 or 通知 marked important included), and those to 市委/人大常委会,
    to higher governments and reports on higher leaders' instructions."""
    return f.issuer == "government" and (
        f.doc_type in MAYOR_SIGNS_TYPES
        or f.important
        or f.to_party_or_congress
        or f.to_higher_government
        or f.reports_on_higher_instructions
    )


@rule(
    "R33.1",
    "第三十三条",
    "block",
    "以市政府名义制发的涉及某一战线的文件：分管副市长（按拟稿单位及所涉单位、战线从分管登记中确定，不得省略）同意 → 市政府办公室审核 → 常务副市长签发。",
)
@rule(
    "R33.2",
    "第三十三条",
    "block",
    "文件内容涉及两位以上分管副市长的：分管副市长分别审核 → 市长或常务副市长审批签发。",
)
@rule(
    "R33.3",
    "第三十三条",
    "block",
    "决定、命令等重要文件（标为重要的公告、通知等亦然），向市委、市人大常委会呈报的公文，向上级政府报送的公文及报送上级领导批示办理结果的公文，由市长签发。",
)
@rule(
    "R34",
    "第三十四条",
    "block",
    "市政府办公室文件：传达市政府决策或内容重要、涉及面广的，分管副市长同意 → 常务副市长签发；常规性文件由常务副市长签发。",
)
def required_signoffs(f: OutgoingFacts) -> list[SignOffStep]:
    """The sign-off chain of an outgoing document, in order; the last step (key "sign") is 签发.

    市政府 documents always have the vice-mayor step (R33.1 as corrected: "the vice mayor in
    charge" is derived from the directory, and the step is never dropped): one vice mayor in
    charge → R33.1 (he agrees, the office reviews, the executive vice mayor signs); two or more
    distinct → R33.2 (each reviews separately, then the mayor or the executive vice mayor
    signs). `vice_mayors == 0` means "not derived yet" (e.g. a record kept before the directory
    was asked): the step is shown open, never left out. R33.3 (决定/命令 and other important
    documents, to 市委/人大常委会, to higher governments, reports on higher leaders'
    instructions) keeps those earlier reviews and only raises the signer to the mayor.

    When the vice mayor in charge is the executive vice mayor himself (a 财政局 document: 张海峰),
    R33.1 still has two steps — he agrees as the vice mayor in charge and, after the office's
    review, signs as 常务副市长. Article 33 names two acts in sequence with the office's review
    between them; it does not merge them when one person holds both, so both are recorded.

    市政府办公室 documents follow R34 alone — Art. 34 covers office documents sent up as well as
    down (上报或下发), so R33.3 does not apply to them: an important one needs the vice mayor(s)
    in charge to agree, then the executive vice mayor signs. R48 (tv_announcement) needs the
    mayor or the executive vice mayor, which every chain here ends with already.
    """
    if f.issuer not in ISSUERS:
        raise ValueError(f"发文机关应为市政府或市政府办公室，而不是「{f.issuer}」。")
    if f.doc_type not in DOC_TYPES:
        raise ValueError(f"公文种类「{f.doc_type}」不在法定文种内（{'、'.join(DOC_TYPES)}）。")
    if f.vice_mayors < 0:
        raise ValueError("涉及的分管副市长人数不能为负数。")
    if f.issuer == "office":
        sign = SignOffStep("sign", "exec_vice_mayor", "常务副市长签发", "R34")
        if f.important:
            return [
                SignOffStep("vice_mayor_agree", "vice_mayor_in_charge", "分管副市长同意", "R34"),
                sign,
            ]
        return [sign]
    steps: list[SignOffStep] = []
    if f.vice_mayors >= 2:
        steps.append(
            SignOffStep(
                "vice_mayors_review",
                "vice_mayors_in_charge",
                f"分管副市长分别审核（{f.vice_mayors}位）",
                "R33.2",
            )
        )
        sign = SignOffStep("sign", "mayor_or_exec_vice_mayor", "市长或常务副市长签发", "R33.2")
    else:
        steps.append(
            SignOffStep("vice_mayor_agree", "vice_mayor_in_charge", "分管副市长同意", "R33.1")
        )
        steps.append(SignOffStep("office_review", "office_review", "市政府办公室审核", "R33.1"))
        sign = SignOffStep("sign", "exec_vice_mayor", "常务副市长签发", "R33.1")
    if mayor_must_sign(f):
        sign = SignOffStep("sign", "mayor", "市长签发", "R33.3")
    return [*steps, sign]


def check_signoff(
    step: SignOffStep,
    signer_posts_that_day: list[str],
    signer_is_in_charge: bool,
    entrusted_for_mayor: bool = False,
) -> str:
    """Whether this signer may record `step` (refusal: the step's rule ID). Returns the capacity
    (本人) to record with the sign-off.

    For office_review pass the posts the signer holds in 市政府办公室 that day. A step naming the
    executive vice mayor is his alone. No document article names entrustment, so (R6.3) an
    entrusted executive vice mayor may not sign where the mayor must; the AB role (R6.2) is
    checked by the caller with `org.b_role_may_sign` before this.
    """
    posts = set(signer_posts_that_day)
    if step.post in ("vice_mayor_in_charge", "vice_mayors_in_charge"):
        if not posts & set(VICE_MAYOR_POSTS):
            raise violation(step.rule_id, f"「{step.label}」须由副市长签署，签署人当日不任副市长。")
        if not signer_is_in_charge:
            raise violation(
                step.rule_id,
                f"「{step.label}」须由分管该项工作的副市长签署，签署人当日不分管此项工作。",
            )
        return "本人"
    if step.post == "office_review":
        if not posts & set(OFFICE_REVIEW_POSTS):
            raise violation(step.rule_id, "「市政府办公室审核」须由市政府办公室负责人或秘书签署。")
        return "本人"
    if step.post == "exec_vice_mayor":
        if "exec_vice_mayor" not in posts:
            raise violation(
                step.rule_id, f"「{step.label}」须由常务副市长签署，签署人当日不任常务副市长。"
            )
        return "本人"
    if step.post == "mayor_or_exec_vice_mayor":
        if not posts & {"mayor", "exec_vice_mayor"}:
            raise violation(step.rule_id, "此文件须由市长或常务副市长签发。")
        return "本人"
    if step.post == "mayor":
        if "mayor" in posts:
            return "本人"
        if entrusted_for_mayor:
            raise violation(
                step.rule_id,
                "此文件须由市长本人签发；公文条款未规定可由受委托人代签"
                "（第六条：仅条文写明“受委托”的事项可代签），请待市长签发。",
            )
        raise violation(step.rule_id, "此文件须由市长签发，签署人当日不任市长。")
    raise ValueError(f"未知的签署岗位「{step.post}」。")


def check_signoff_date(step: SignOffStep, signed_on: date, earlier: list[tuple[str, date]]) -> None:
    """R33.1–R33.3, R34: the chain is a sequence (分管副市长同意 → 办公室审核 → 签发), so a step
    is dated on or after every step before it that is on record — `earlier` = (label, day)
    of those sign-offs. The same day is allowed: the paper shows the day, not the hour."""
    later = [(label, day) for label, day in earlier if day > signed_on]
    if later:
        label, day = max(later, key=lambda x: x[1])
        raise violation(
            step.rule_id,
            f"「{step.label}」的日期（{format_date(signed_on)}）早于「{label}」"
            f"（{format_date(day)}）：签批须依次办理，请核对签署日期。",
        )


@rule(
    "R45.1",
    "第四十五条",
    "block",
    "正式公文须在签批程序（R33/R34）全部完成后方可编号、加盖政府公章。",
)
def check_chain_complete(steps: list[SignOffStep], recorded_keys: Collection[str]) -> None:
    """R45.1 (and NUM): no number and no seal before every step of the chain is on record.
    The message lists every missing step; the rule ID is R45.1."""
    missing = [s.label for s in steps if s.key not in set(recorded_keys)]
    if missing:
        raise violation(
            "R45.1", f"签批程序尚未完成，不能编号、不能用印；缺少：{'；'.join(missing)}。"
        )


@rule(
    "NUM",
    "发文字号编号规则",
    "block",
    "发文字号为 机关代字〔年份〕序号号（如 同政发〔2018〕34号）；按机关代字、年度连续编号，签发后编号，不重复、不跳号、不复用。",
)
def check_doc_number(prefix: str, prefixes_allowed: list[str]) -> None:
    """NUM: the 机关代字 must be one configured for the issuer (and Chinese characters only)."""
    p = (prefix or "").strip()
    if not p or not DOC_NUMBER_RE.match(f"{p}〔2000〕1号"):
        raise violation("NUM", f"机关代字「{prefix}」格式不正确：只能由汉字组成（如 同政发）。")
    if p not in prefixes_allowed:
        allowed = "、".join(prefixes_allowed) or "（未设置）"
        raise violation("NUM", f"机关代字「{p}」不是本机关可用的代字；可用：{allowed}。")


def number_sequence_name(prefix: str, year: int) -> str:
    """NUM: one number sequence per 机关代字 per year — 「doc:同政发:2026」."""
    if not 1000 <= int(year) <= 9999:
        raise ValueError(f"年份不正确：{year}")
    return f"doc:{prefix.strip()}:{int(year)}"


@rule(
    "R49",
    "第四十九条",
    "block",
    "拟公开的政府信息须先做保密审查；涉及国家秘密、商业秘密和个人隐私的不予公开；涉密文件（第四十四条）一律不得公开。",
)
def check_publication(
    classified: bool, confidentiality_reviewed: bool, openness: str, reason: str = ""
) -> None:
    """R49/R44: 涉密 documents are never published; 主动公开/依申请公开 needs a recorded
    confidentiality review (保密审查) first; 不予公开 needs a reason."""
    if openness not in OPENNESS:
        raise ValueError(f"公开属性应为{'、'.join(OPENNESS)}之一，而不是「{openness}」。")
    if openness == "不予公开":
        if not (reason or "").strip():
            raise violation(
                "R49", "标记为「不予公开」须填写理由（如涉及国家秘密、商业秘密或个人隐私）。"
            )
        return
    if classified:
        raise violation("R49", "涉密文件不得公开（第四十四条），请标记为「不予公开」。")
    if not confidentiality_reviewed:
        raise violation("R49", f"标记为「{openness}」前须先登记保密审查。")


def default_prefix(city_short: str, issuer: str, doc_type: str) -> str:
    """NUM: the usual 机关代字 of an issuer and type — 同政发, 同政办发; 函 goes out as 同政函 or
    同政办函. The clerk may choose another configured prefix."""
    return f"{city_short}政{'办' if issuer == 'office' else ''}{'函' if doc_type == '函' else '发'}"


# ---- R10: major matters are decided by a 常务会议 or 全体会议 ---------------------------------

MAJOR_MATTERS = ("发展规划", "财政预算", "重大政策措施", "规范性文件", "政府投资", "其他重大事项")
DECIDING_MEETING_KINDS = {"executive": "常务会议", "plenary": "全体会议"}
_R10 = (
    "发展规划、财政预算草案、重大政策措施、政府规范性文件、政府投资等重大事项由市政府常务会议或全体会议讨论决定："
    "此类发文须注明作出决定的会议及议题。"
)


def major_matter_of(category: str, is_normative: bool) -> str:
    """R10: the major-matter category of a document ("" = none). A normative document is one by
    the article's own words (政府规范性文件) whatever the clerk chose."""
    if category and category not in MAJOR_MATTERS:
        raise ValueError(f"重大事项类别应为{'、'.join(MAJOR_MATTERS)}之一，而不是「{category}」。")
    return category or ("规范性文件" if is_normative else "")


@rule("R10", "第十条", "block", _R10)
def check_deciding_meeting(
    meeting_kind: str, meeting_status: str, item_on_meeting: bool, meeting_title: str = ""
) -> None:
    """R10: the meeting cited as deciding a major matter is a 常务会议 or 全体会议, it was held,
    and the agenda item cited was on it."""
    name = f"「{meeting_title}」" if meeting_title else "所选会议"
    if meeting_kind not in DECIDING_MEETING_KINDS:
        raise violation(
            "R10", f"{name}不是市政府常务会议或全体会议；重大事项须由常务会议或全体会议讨论决定。"
        )
    if meeting_status != "held":
        raise violation("R10", f"{name}尚未召开（或已取消），不能作为作出决定的会议。")
    if not item_on_meeting:
        raise violation("R10", f"所选议题不在{name}的议程上，请选择该会议讨论决定此事项的议题。")


@rule("R10", "第十条", "block", _R10)
def check_deciding_item(item_kind: str, item_status: str, item_title: str = "") -> None:
    """R10: the agenda item cited is one the meeting discussed and decided — not its 会前集体学法
    or a 事后报告 of an emergency decision (taken without the meeting), not a 传达通报类 item
    circulated in writing, not one the meeting sent back to be revised and resubmitted (R23.6.2:
    it is decided only when it returns). An item on a held meeting without its outcome recorded
    (history taken over from the ledger) stands as the ledger has it."""
    name = f"「{item_title}」" if item_title else "所选议题"
    why = {
        "law_study": "是会前集体学法",
        "after_report": "是紧急情况下临机处置的事后报告，并非会议讨论决定",
    }.get(item_kind) or {
        "circulated": "系书面传达，未经会议讨论决定",
        "revise": "经会议要求修改后重新报批，会议尚未作出决定",
    }.get(item_status)
    if why:
        raise violation(
            "R10", f"{name}{why}；重大事项须注明常务会议或全体会议讨论决定此事项的议题。"
        )


@rule("R10", "第十条", "block", _R10)
def check_issued_after_decision(
    major_matter: str, decided_on: date | None, issued_on: date
) -> None:
    """R10: a major matter is issued only after the meeting decided it — not dated before the
    day of the meeting cited (the same day is allowed)."""
    if major_matter and decided_on is not None and issued_on < decided_on:
        raise violation(
            "R10",
            f"印发日期（{format_date(issued_on)}）早于作出决定的会议日期"
            f"（{format_date(decided_on)}）：重大事项须经会议讨论决定后方可印发。",
        )


def check_major_matter_decided(major_matter: str, meeting_linked: bool) -> None:
    """R10: a document on a major matter is numbered only once it cites the meeting and the agenda
    item that decided it."""
    if major_matter and not meeting_linked:
        raise violation(
            "R10",
            f"此文件属重大事项（{major_matter}），须经市政府常务会议或全体会议"
            "讨论决定；请先登记作出决定的会议及议题，再编号印发。",
        )


# ---- R37: joint documents --------------------------------------------------------------------


@rule(
    "R37",
    "第三十七条",
    "block",
    "部门联合发文由主办部门协商；分歧协商不成的，列出各方理由及依据、提出建议性意见报市政府，由分管副市长协调；"
    "协调结果登记后方可编号印发。",
)
def check_disagreement_written_up(positions: list[tuple[str, str]], proposal: str) -> None:
    """R37: a disagreement is written up with each side's reasons and basis (two sides at least)
    and the lead department's proposal (建议性意见)."""
    sides = [(who.strip(), why.strip()) for who, why in positions if (who or "").strip()]
    if len(sides) < 2:
        raise violation("R37", "意见分歧须列出各方（至少两方）的理由及依据。")
    empty = [who for who, why in sides if not why]
    if empty:
        raise violation("R37", f"请写明{'、'.join(empty)}的理由及依据。")
    if not (proposal or "").strip():
        raise violation("R37", "主办部门须提出建议性意见，报市政府协调。")


def check_disagreements_settled(open_disagreements: list[str]) -> None:
    """R37: no number and no issue while a disagreement of a joint document has no recorded
    outcome (who coordinated, when, what was decided)."""
    if open_disagreements:
        raise violation(
            "R37",
            f"联合发文尚有未协调的意见分歧：{'；'.join(open_disagreements)}。"
            "请先登记协调结果（协调人、日期、结果），再编号印发。",
        )
