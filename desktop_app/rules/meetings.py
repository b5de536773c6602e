"""MEET rules (第五章 会议办理, Art. 20–31): pure functions of plain values.

Services gather the facts (who holds which post on the meeting's day, what an agenda item has on
record) and call these; each refusal names the article and says what is missing. The meeting's
minutes (会议纪要: R23.5, R23.6.3, R23.7.2, R29.1, R29.2, R29.4) have their own module,
rules.minutes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop_app.rules.registry import register, rule, violation

# Meeting kinds (R20) with the presider each allows (R21–R25, R28).
KINDS: dict[str, str] = {
    "plenary": "全体会议",
    "integrity": "廉政工作会议",
    "executive": "常务会议",
    "mayor_office": "市长办公会议",
    "mayor_regular": "市长工作例会",
    "citywide": "全市性工作会议",
    "sector": "战线会议",
}
ARTICLE_OF_KIND = {
    "plenary": "R21",
    "integrity": "R22",
    "executive": "R23.1",
    "mayor_office": "R24",
    "mayor_regular": "R25",
    "citywide": "R28",
    "sector": "R28",
}

register(
    "R20",
    "第二十条",
    "data",
    "会议分全体会议、廉政工作会议、常务会议、市长办公会议、市长工作例会及全市性工作会议、战线会议；按类别在本届政府内编次。",
)
register(
    "R23.1b",
    "第二十三条",
    "data",
    "常务会议常设列席：市政府党组其他成员，市政府办公室（法制办公室、调查研究室、督办检查室）、社区管委会、财政局、发改局、审计局、信访局、安监局主要负责人。",
)
register("R23.3", "第二十三条", "data", "常务会议前开展集体学法：议程第一项为会前集体学法。")
register(
    "R23.4.2a",
    "第二十三条",
    "data",
    "议题分传达通报类和审议类；一般性传达通报类议题可书面传达，审议类须上会审议。",
)
register("R23.4.2c", "第二十三条", "data", "特别重要的议题可在常务会议前提请市长听取专题汇报。")
register(
    "R23.4.3",
    "第二十三条",
    "track",
    "紧急情况下以会签、口头汇报等方式临机处置的，事后必须及时向市政府常务会议报告。",
)
register(
    "R23.4.7",
    "第二十三条",
    "track",
    "议题材料（汇报、讨论稿）按统一格式和份数印刷，按时限送至文秘室（309室）。",
)
register(
    "R23.6.1",
    "第二十三条",
    "track",
    "会议决定事项由常务会议组成人员按分工组织实施，办公室全程督促检查：每项决定均有责任单位、分管副市长、完成时限和质量要求。",
)
register(
    "R23.6.2",
    "第二十三条",
    "track",
    "会议确定的事项有关部门不得擅自更改；会议要求修改的，由牵头部门完善后按规定程序重新报批。",
)
register(
    "R23.7.1",
    "第二十三条",
    "track",
    "议题确定后通知有关部门做好会前准备；会议时间确定后通知参会人员，材料按统一格式和份数送至文秘室（309室），"
    "会前将会议通知和材料发至参会人员；常务会议一般安排在501会议室。",
)
register(
    "R28",
    "第二十八条",
    "block",
    "全市性工作会议由市长主持；以市政府名义召开的战线会议须经常务副市长同意后报市长审批，"
    "由分管副市长主持；要求乡（镇）长参加的须经市长批准。",
)
register(
    "R29.3",
    "第二十九条",
    "track",
    "有关单位对会议决定事项的落实情况以书面形式向分管副市长和督查室反馈；未落实、未及时反馈的予以通报。",
)


@rule(
    "R23.1",
    "第二十三条",
    "block",
    "常务会议由市长（或受委托的常务副市长）主持，须有半数以上常务会议成员出席方能召开。",
)
def check_quorum(members: int, present: int) -> None:
    """R23.1: a 常务会议 may be held only if 半数以上 of its members attend. 以上 includes the
    number itself (民法典第一千二百五十九条): half is enough — 3 of 6 may hold it, 2 of 6 may not."""
    if members <= 0:
        raise violation(
            "R23.1", "当日没有常务会议成员（市长、副市长）的任职记录，无法计算法定人数。"
        )
    if present * 2 < members:
        raise violation(
            "R23.1",
            f"常务会议须有半数以上（含半数）成员出席方能召开：成员 {members} 人，"
            f"出席 {present} 人，至少需要 {quorum_needed(members)} 人。",
        )


def quorum_needed(members: int) -> int:
    """R23.1: the fewest members present that make 半数以上 (half, rounded up)."""
    return (members + 1) // 2


@rule(
    "R23.1",
    "第二十三条",
    "block",
    "常务会议由市长（或受委托的常务副市长）主持，须有半数以上常务会议成员出席方能召开。",
)
def check_attendance_recorded(
    kind: str, unrecorded_members: list[str], unrecorded_attendees: list[str]
) -> None:
    """R23.1 (常务会议) / R27 (other meetings): a meeting is marked held only once the attendance
    of every line is recorded — nobody is 出席 by default, so the quorum counts recorded facts."""
    if not (unrecorded_members or unrecorded_attendees):
        return
    parts = []
    if unrecorded_members:
        parts.append(f"成员 {'、'.join(unrecorded_members)}")
    if unrecorded_attendees:
        parts.append(f"列席 {'、'.join(unrecorded_attendees)}")
    what = "；".join(parts)
    if kind == "executive":
        raise violation(
            "R23.1",
            f"须有半数以上成员出席方能召开，出席情况须逐一登记：尚未登记——{what}。"
            "请在「出席」页登记出席、请假或缺席后再标记已召开。",
        )
    raise violation(
        "R27",
        f"不能出席会议的须向常务副市长告知或请假，出席情况须逐一登记：尚未登记——{what}。"
        "请在「出席」页登记出席、请假或缺席后再标记已召开。",
    )


@dataclass(frozen=True)
class PresiderFacts:
    kind: str
    presider_posts: list[str]  # posts the presider holds that day
    presider_is_mayor: bool
    entrusted_by_mayor: bool  # an entrustment by the mayor covering that day names the presider
    presider_in_charge_of_sector: bool = False  # R28: the vice mayor in charge of the 战线
    sector_area: str = ""  # R28: the area (战线) the meeting is held for
    sector_vice_mayor: str = ""  # R28: the name of that area's vice mayor in charge that day
    presider_name: str = ""


@rule("R21", "第二十一条", "block", "全体会议由市长召集和主持；一般每半年召开一次。")
def check_presider(f: PresiderFacts) -> str:
    """R21/R22/R23.1/R24/R25/R28: who may preside over each kind. Returns the capacity
    (本人 / 受委托) to record with the meeting."""
    name = KINDS[f.kind]
    rid = ARTICLE_OF_KIND[f.kind]
    vice = any(p in ("vice_mayor", "exec_vice_mayor") for p in f.presider_posts)
    if f.kind == "sector":  # R28: 由分管副市长主持 — not the mayor, not an AB partner
        return _sector_presider(f, vice)
    if f.presider_is_mayor:
        return "本人"
    if f.kind == "executive" and "exec_vice_mayor" in f.presider_posts and f.entrusted_by_mayor:
        return "受委托"
    if f.kind == "mayor_office" and vice and f.entrusted_by_mayor:
        return "受委托"
    if f.kind == "executive" and "exec_vice_mayor" in f.presider_posts:
        raise violation(
            rid, "常务副市长主持常务会议须有市长的委托，请先在「人员与分管 → 委托」登记。"
        )
    if f.kind == "mayor_office" and vice:
        raise violation(rid, "副市长主持市长办公会议须受市长委托，请先登记委托。")
    raise violation(rid, f"{name}由市长主持。")


def _sector_presider(f: PresiderFacts, vice: bool) -> str:
    """R28: a 战线会议 in the government's name is presided by the vice mayor in charge of that
    area (战线) on the meeting day. Article 28 names him alone: the mayor presides a 全市性工作会议,
    and the AB partner (R6.2) records sign-offs in his place, not his meetings."""
    if vice and f.presider_in_charge_of_sector:
        return "本人"
    area = f"「{f.sector_area}」" if f.sector_area else "该"
    who = f"分管副市长{f.sector_vice_mayor}" if f.sector_vice_mayor else "分管该战线的副市长"
    extra = "；由市长主持的请登记为全市性工作会议" if f.presider_is_mayor else ""
    raise violation(
        "R28",
        f"以市政府名义召开的{area}战线会议由{who}主持，"
        f"{f.presider_name or '所选人员'}不分管该战线，不能主持{extra}。",
    )


register("R22", "第二十二条", "block", "廉政工作会议由市长召集和主持；一般每半年召开一次。")
register(
    "R24",
    "第二十四条",
    "block",
    "市长办公会议由市长或受市长委托的副市长主持，参会人员由主持人确定。",
)
register("R25", "第二十五条", "block", "市长工作例会由市长召集和主持；原则上每两周召开一次。")


@dataclass(frozen=True)
class ItemChain:
    """What an agenda item (议题) has on record (R23.4.1–R23.4.4)."""

    category: str  # report (传达通报类) | deliberation (审议类)
    is_policy: bool  # 政策性文件 / 规范性文件
    coordination: bool  # 会签 / 分别征求意见 / 协调会 recorded with a date
    sponsor_signed: bool
    office_consolidated: bool
    exec_reviewed: bool
    mayor_approved: bool
    legal_reviewed: bool
    procedure_sheet: bool  # 公众参与、专家论证、风险评估、合法性审查 confirmed, signed and sealed
    consensus: bool
    disagreement_recorded: bool  # disagreement + solution/preference + mayor's consent
    written_circulation: bool = False  # a 传达通报类 item circulated in writing instead


def missing_steps(c: ItemChain) -> list[tuple[str, str]]:
    """Every step still missing, as (rule ID, what is missing)."""
    missing: list[tuple[str, str]] = []
    for done, text in (
        (c.coordination, "会签、分别征求意见或分管副市长协调会的记录"),
        (c.sponsor_signed, "分管副市长审定签字"),
        (c.office_consolidated, "市政府办公室综合汇总"),
        (c.exec_reviewed, "常务副市长审核"),
        (c.mayor_approved, "市长审定"),
    ):
        if not done:
            missing.append(("R23.4.1a", text))
    if c.is_policy and not c.legal_reviewed:
        missing.append(("R23.4.1b", "法制部门审核同意（政策性、规范性文件）"))
    if c.category == "deliberation" and not c.procedure_sheet:
        missing.append(
            (
                "R23.4.2b",
                "重大行政决策法定程序完成情况表（公众参与、专家论证、风险评估、"
                "合法性审查，部门主要领导签字盖章）",
            )
        )
    if not c.consensus and not c.disagreement_recorded:
        missing.append(
            ("R23.4.4", "未达成一致意见：须注明分歧意见、解决方案或倾向性意见，并经市长同意")
        )
    return missing


@rule(
    "R23.4.1a",
    "第二十三条",
    "block",
    "议题上会前须经充分协调（会签、分别征求意见或协调会）、分管副市长审定签字、办公室综合汇总、常务副市长审核、市长审定。",
)
def check_item_ready(c: ItemChain) -> None:
    """R23.4.1a/R23.4.1b/R23.4.2b/R23.4.4: an item goes on a meeting only with its chain complete.
    The message lists every missing step; the rule ID is the first one missing."""
    missing = missing_steps(c)
    if missing:
        steps = "；".join(text for _rid, text in missing)
        raise violation(missing[0][0], f"议题尚不能列入会议，缺少：{steps}。")


register(
    "R23.4.1b",
    "第二十三条",
    "block",
    "属于政策性文件或规范性文件的议题，须先经市政府法制部门审核同意后上会。",
)
register(
    "R23.4.2b",
    "第二十三条",
    "block",
    "审议类议题须履行公众参与、专家论证、风险评估、合法性审查等法定程序，完成情况经部门主要领导签字盖章后会前报送；否则不得上会。",
)
register(
    "R23.4.4",
    "第二十三条",
    "block",
    "未达成一致意见的议题原则上不得提交；确需提交的须注明分歧、提出方案并经市长同意。",
)


@rule(
    "R23.4.5",
    "第二十三条",
    "block",
    "分管副市长不能参加会议的，其分管战线提请的议题原则上不予上会。",
)
def check_sponsor_attends(sponsor_name: str, sponsor_attends: bool) -> None:
    """R23.4.5: the items of a vice mayor who cannot attend are not placed on that meeting."""
    if not sponsor_attends:
        raise violation(
            "R23.4.5",
            f"分管副市长{sponsor_name}不能参加本次会议，其分管议题不予上会；可移至下一次会议。",
        )


@rule(
    "R27",
    "第二十七条",
    "block",
    "部门参会须主要负责人；由他人代替须经常务副市长同意，且须熟悉议题。",
)
def check_substitute(approved_by_exec_vice_mayor: bool) -> None:
    """R27: a substitute for a department head needs the executive vice mayor's approval."""
    if not approved_by_exec_vice_mayor:
        raise violation(
            "R27", "部门主要负责人不能参会、由他人代替的，须经常务副市长同意，请先记录同意人。"
        )


@rule("R23.2", "第二十三条", "warn", "常务会议原则上每月召开一次。")
def cadence_gaps(kind: str, held: list[date], today: date) -> list[str]:
    """R21/R22/R23.2/R25: gaps in the cadence, as warning texts (empty = fine)."""
    if kind in ("plenary", "integrity"):
        half = (today.year, 1 if today.month <= 6 else 2)
        if not any((d.year, 1 if d.month <= 6 else 2) == half for d in held):
            part = "上半年" if half[1] == 1 else "下半年"
            return [f"{today.year}年{part}尚未召开{KINDS[kind]}（一般每半年一次）。"]
    if kind == "executive":
        months = {(d.year, d.month) for d in held}
        prev = (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
        out = []
        if held and prev not in months and min(held) < date(prev[0], prev[1], 1):
            out.append(f"{prev[0]}年{prev[1]}月没有召开常务会议（原则上每月一次）。")
        if today.day >= 20 and (today.year, today.month) not in months:
            out.append(f"{today.year}年{today.month}月尚未召开常务会议（原则上每月一次）。")
        return out
    if kind == "mayor_regular":
        last = max((d for d in held if d <= today), default=None)
        if last is None or (today - last).days > 14:
            since = f"上次为{last.year}年{last.month}月{last.day}日" if last else "尚无记录"
            return [f"市长工作例会已超过14天未召开（{since}；原则上每两周一次）。"]
    return []
