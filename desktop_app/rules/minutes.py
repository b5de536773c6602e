"""Minutes rules (会议纪要: 第二十三条 R23.5, R23.6.3, R23.7.2; 第二十九条 R29.1, R29.2, R29.4): pure
functions of plain values.

Who signs the minutes (R29.1, with R6.3 entrustment), the placeholders a generated draft leaves for
the clerk (R23.5), the lock on issued minutes (R29.2), publishing (R23.6.3), the minutes' steps and
who takes each (R23.7.2), and objections before issue (R29.4). Services gather the facts (who held
which post on the step's day, what the record holds) and call these; each refusal names the article
and says what is missing. The meeting itself (convening, quorum, presider, agenda items) is in
rules.meetings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop_app.formatting import format_date
from desktop_app.rules.registry import rule, violation


@dataclass(frozen=True)
class SignerFacts:
    meeting_kind: str
    signer_id: int
    mayor_id: int | None
    exec_vice_mayor_id: int | None
    presider_id: int | None
    entrusted_id: int | None  # whom the mayor entrusted on the signing day
    portfolios: int  # how many vice mayors' portfolios the matters involve


@rule(
    "R29.1",
    "第二十九条",
    "block",
    "常务会议纪要由市长签发或市长委托常务副市长签发；市长办公会议纪要由主持人签发；涉及两位以上副市长分管工作的，由常务副市长或市长签发。",
)
def check_minutes_signer(f: SignerFacts) -> str:
    """R29.1 (with R6.3): who may sign minutes. Returns the capacity (本人 / 受委托)."""
    if f.signer_id == f.mayor_id:
        return "本人"
    if f.meeting_kind == "executive":
        if f.signer_id == f.exec_vice_mayor_id and f.entrusted_id == f.signer_id:
            return "受委托"
        raise violation("R29.1", "常务会议纪要须由市长签发，或由受市长委托的常务副市长签发。")
    if f.portfolios >= 2:
        if f.signer_id == f.exec_vice_mayor_id:
            return "本人"
        raise violation("R29.1", "纪要事项涉及两位以上副市长分管工作，须由常务副市长或市长签发。")
    if f.signer_id == f.presider_id:
        return "本人"
    raise violation("R29.1", "市长办公会议等会议纪要由会议主持人签发。")


PLACEHOLDER_OPEN, PLACEHOLDER_CLOSE = "【待补充：", "】"


def placeholder(what: str) -> str:
    """「【待补充：学法内容】」: a gap the generated draft cannot fill, to be written by the clerk."""
    return f"{PLACEHOLDER_OPEN}{what}{PLACEHOLDER_CLOSE}"


def placeholders_in(texts: list[str]) -> list[str]:
    """The placeholders left in `texts`, in order (「学法内容」 …)."""
    found = []
    for text in texts:
        start = text.find(PLACEHOLDER_OPEN)
        while start != -1:
            end = text.find(PLACEHOLDER_CLOSE, start)
            end = len(text) if end == -1 else end
            found.append(text[start + len(PLACEHOLDER_OPEN) : end])
            start = text.find(PLACEHOLDER_OPEN, end)
    return found


@rule(
    "R23.5",
    "第二十三条",
    "block",
    "议题由牵头部门主要负责人汇报（不能参会的由分管常务工作的负责人汇报），与会人员发表意见，召集人总结；"
    "纪要逐项记录汇报人、讨论意见和会议结论。",
)
def check_no_placeholders(texts: list[str], action: str) -> None:
    """R23.5: the minutes record what was actually said; a draft still holding a placeholder the
    generator put in (「【待补充：学法内容】」) is neither signed nor issued."""
    left = placeholders_in(texts)
    if left:
        what = "、".join(dict.fromkeys(left))
        raise violation(
            "R23.5",
            f"纪要中仍有{len(left)}处待补充的内容（{what}），请修改纪要补充后再{action}。",
        )


@rule(
    "R29.2",
    "第二十九条",
    "block",
    "纪要印发后即生效并锁定；更正只能以新的关联记录（勘误/补充）进行。",
)
def check_minutes_editable(issued: bool) -> None:
    """R29.2: issued minutes are locked."""
    if issued:
        raise violation("R29.2", "纪要已印发，不能再修改；如需更正，请新建「勘误/补充」记录。")


@rule(
    "R29.2",
    "第二十九条",
    "block",
    "纪要印发后即生效并锁定；更正只能以新的关联记录（勘误/补充）进行。",
)
def check_item_unlocked(minutes_issued_on: str | None, action: str) -> None:
    """R29.2: once a meeting's minutes are issued, its 议题 — what it was, what was said and
    concluded — are part of the issued record: not voided, not rewritten (`action`: 「作废」 …).
    `minutes_issued_on`: the issue date as text (None: no minutes issued)."""
    if minutes_issued_on is not None:
        raise violation(
            "R29.2",
            f"该议题所在会议的纪要已于{minutes_issued_on}印发，议题已是印发纪要的一部分，"
            f"不能{action}；如需更正，请在「纪要」中新建「勘误/补充」记录。",
        )


@rule(
    "R23.6.3",
    "第二十三条",
    "block",
    "常务会议讨论确定的主要内容除保密事项外应及时公开；涉密纪要不得标记为公开。",
)
def check_publishable(confidential: bool) -> None:
    """R23.6.3: confidential minutes can never be marked published."""
    if confidential:
        raise violation("R23.6.3", "涉密纪要不得公开。")


# --- R23.7.2 / R29.4: the minutes' steps, who takes each, and objections ----------------------

MINUTES_STATES = ("draft", "comments", "legal", "exec_review", "signed", "issued")
MINUTES_STATE_NAMES = {
    "draft": "起草",
    "comments": "征求汇报部门意见",
    "legal": "法制办合法性审查",
    "exec_review": "常务副市长审核",
    "signed": "已签发",
    "issued": "已印发",
}
# Who takes a step (R23.7.2): 常务秘书 drafts, 法制办 reviews legality, 常务副市长 reviews.
MINUTES_HANDS = {
    "draft": ("常务秘书", "纪要起草人"),
    "legal": ("法制办公室人员", "合法性审查人"),
    "exec_review": ("常务副市长", "纪要审核人"),
}


@rule(
    "R23.7.2",
    "第二十三条",
    "rule",
    "常务会议纪要由常务秘书起草，经征求议题汇报部门意见和法制办合法性审查后，由常务副市长审核，报市长签发，按规定范围印发。",
)
def check_minutes_step(meeting_kind: str, current: str, target: str) -> None:
    """R23.7.2: a 常务会议纪要 passes every step in order; for other kinds the review steps are
    optional, but minutes are always signed before they are issued."""
    states, names = MINUTES_STATES, MINUTES_STATE_NAMES
    now, nxt = states.index(current), states.index(target)
    strict = meeting_kind == "executive" or target == "issued"
    if nxt == now + 1 or (not strict and now < nxt <= states.index("signed")):
        return
    if nxt <= now:
        raise violation(
            "R23.7.2", f"纪要已处于「{names[current]}」阶段，不能回到「{names[target]}」。"
        )
    order = "起草→征求汇报部门意见→法制办合法性审查→常务副市长审核→市长签发→印发"
    raise violation(
        "R23.7.2",
        f"纪要须按「{order}」依次办理：当前为「{names[current]}」，"
        f"下一步应为「{names[states[now + 1]]}」，不能直接「{names[target]}」。",
    )


@rule(
    "R23.7.2",
    "第二十三条",
    "rule",
    "常务会议纪要由常务秘书起草，经征求议题汇报部门意见和法制办合法性审查后，由常务副市长审核，报市长签发，按规定范围印发。",
)
def check_minutes_hand(step: str, person_name: str, day_text: str, qualifies: bool) -> None:
    """R23.7.2: the drafter held the post 常务秘书, the legality reviewer belonged to 法制办公室 and
    the reviewer was the 常务副市长 — each on the day of the step (the directory is dated)."""
    if qualifies:
        return
    who, role = MINUTES_HANDS[step]
    if not person_name:
        raise violation(
            "R23.7.2",
            f"{day_text}没有{who}的任职记录，无法记录{role}；请先在「人员与分管」中登记。",
        )
    raise violation("R23.7.2", f"{person_name}在{day_text}不是{who}，不能记录为{role}。")


OBJECTION_KINDS = ("executive", "mayor_office")  # R29.4 names these two
_R29_4 = (
    "对常务会议、市长办公会议研究的事项有不同意见的，须在会上或纪要发出前提出；"
    "纪要印发后不再受理，未提出的视为同意。"
)


@rule("R29.4", "第二十九条", "rule", _R29_4)
def check_objection_open(meeting_kind: str, issued: bool) -> None:
    """R29.4: objections are taken at the meeting or before the minutes are issued, never after
    (for other kinds the issued text is simply locked, R29.2)."""
    if not issued:
        return
    if meeting_kind in OBJECTION_KINDS:
        raise violation(
            "R29.4",
            "纪要已印发，不再受理不同意见：未在会上或纪要发出前提出的，视为同意，"
            "须按纪要内容严格执行。",
        )
    check_minutes_editable(issued)


@rule("R29.4", "第二十九条", "rule", _R29_4)
def check_objections_settled(unsettled: list[str]) -> None:
    """R29.4: an objection is recorded with how it was settled before the minutes go further."""
    if unsettled:
        raise violation(
            "R29.4",
            f"{'、'.join(unsettled)}提出的不同意见尚未记录处理结果，"
            "请先在「征求意见」中记录如何处理。",
        )


@rule("R29.4", "第二十九条", "rule", _R29_4)
def check_objections_before_issue(issued_on: date, raised: list[tuple[str, date]]) -> None:
    """R29.4: objections are raised at the meeting or before the minutes are issued; `raised` =
    (who, day raised) of those on record. An issue dated before one of them would make it an
    objection taken after issue. The same day is allowed (the record has the day, not the hour)."""
    later = [(who, day) for who, day in raised if day > issued_on]
    if later:
        who, day = max(later, key=lambda x: x[1])
        raise violation(
            "R29.4",
            f"{who}于{format_date(day)}提出不同意见，晚于所填印发日期（{format_date(issued_on)}）："
            "不同意见须在会上或纪要发出前提出，纪要印发后不再受理；请核对印发日期或不同意见的提出日期。",
        )


def comment_outcomes(units: list[str], objections: list[tuple[str, str, str, str]]) -> list[str]:
    """R29.4: the 征求意见 step's summary — each objection (who, his unit, what, how settled),
    then every reporting unit that raised none, recorded as having agreed."""
    out = [
        f"{who}：提出「{what}」；处理：{how or '（尚未记录）'}"
        for who, _unit, what, how in objections
    ]
    raised = {unit for _who, unit, _what, _how in objections}
    out += [f"{u}：未提出不同意见，视为同意" for u in units if u not in raised]
    return out
