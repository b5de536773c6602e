"""Absence rules (第六十二条, 第六十六条, 第二十七条, 第六条): R62.1–R62.10, R66.

Pure functions of plain values; the absences services supply the facts of the day (who held which
post, who is the vice mayor in charge, who is away) and record what these functions allow.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from desktop_app.formatting import format_date
from desktop_app.rules.org import POSTS, SignerCheck, entrusted_may_sign_for_mayor
from desktop_app.rules.registry import rule, violation
from desktop_app.workdays import WorkCalendar

CATEGORIES = ("出差", "考察", "学习培训", "休假", "因私", "出国（境）")
ABROAD = "出国（境）"
HALVES = ("上午", "下午", "晚上")
NOTICE_DAYS = 3  # R62.1: calendar days ahead (CAL2)
RETURN_WORKING_DAYS = 1  # R62.8
REPORT_CATEGORIES = ("考察", "学习培训")  # R62.9, plus trips to attend a meeting

# Procedures of article 62, by the post that decides it (R62.5).
VICE_MAYOR, HEAD, MAYOR, PARTY_LINE = "vice_mayor", "head", "mayor", "party_line"
PROCEDURE_NAMES = {
    VICE_MAYOR: "副市长外出",
    HEAD: "乡镇、部门主要负责同志外出",
    MAYOR: "市长外出（报市委主要负责同志，登记备案）",
    PARTY_LINE: "乡镇党委书记外出（按所属序列报市委）",
}
# R62.3: a township party secretary reports in the 市委 line (按所属序列分别报送): the office
# records the 市委's approval; the government's chain (分管副市长 → 市长) is not his.
_PROCEDURE_OF_POST = {
    "exec_vice_mayor": VICE_MAYOR,
    "vice_mayor": VICE_MAYOR,
    "township_secretary": PARTY_LINE,
    "township_head": HEAD,
    "unit_head": HEAD,
    "mayor": MAYOR,
}
# R66: the members of the city government's leadership (市政府领导成员).
GOVERNMENT_LEADERS = (VICE_MAYOR, MAYOR)
_HEAD_UNIT_KINDS = ("township", "department", "office")  # 乡镇 and 市政府各部门

# Required fields of a request (R62.6), in the order of the printed form.
REQUIRED_FIELDS = {
    "person": "外出人员",
    "category": "外出类别",
    "reason": "事由",
    "destination": "目的地",
    "start": "出发时间",
    "end": "返回时间",
    "transport": "交通方式",
    "contact": "外出期间联系方式",
    "acting_name": "主持工作负责同志姓名",
    "acting_post": "主持工作负责同志职务",
    "acting_contact": "主持工作负责同志联系方式",
}


@dataclass(frozen=True)
class Step:
    """One step of the approval chain of a request."""

    code: str
    title: str  # shown in the checklist
    box: str  # the opinion box on the printed form
    rule_id: str
    post: str  # mayor | party_secretary | vm_in_charge | "" (recorded by the office)


STEPS = {
    s.code: s
    for s in (
        Step("mayor_agree", "市长同意", "市长意见", "R62.2", "mayor"),
        Step(
            "secretary_approve",
            "市委主要负责同志批准",
            "市委主要负责同志意见",
            "R62.2",
            "party_secretary",
        ),
        Step("vm_agree", "分管副市长同意", "分管副市长意见", "R62.3", "vm_in_charge"),
        Step("mayor_approve", "市长批准", "市长意见", "R62.3", "mayor"),
        Step("cc_party", "抄报市委", "抄报市委", "R62.3", ""),
        # R62.3 (party line): recorded by the office — who in the 市委 approved, and when.
        Step("party_line", "报市委批准（按所属序列）", "市委意见", "R62.3", ""),
        # R66: recorded by the office — who gave the opinion, when, and what it says.
        Step("fao_opinion", "市外事处意见（因公出访）", "外事处意见", "R66", ""),
        Step("abroad_report", "向市长报告（出国（境））", "向市长报告", "R62.10", "mayor"),
        Step("abroad_register", "市政府督查室登记", "督查室登记", "R62.10", ""),
        # R62.10/R6.3: the mayor's own trip — article 62 does not list him, so nobody approves it;
        # the office records it (who told the office) so the board and the entrustment work.
        Step("mayor_record", "登记市长外出行程", "行程登记", "R62.10", ""),
    )
}
# (agreement, approval): the approval is recorded after the agreement.
_ORDER = {"secretary_approve": "mayor_agree", "mayor_approve": "vm_agree"}


@rule("R62.5", "第六十二条", "rule", "一人兼任多个职务的，按最高职务履行外出请示报备程序。")
def procedure_of(held: Sequence[tuple[str, str | None]]) -> tuple[str, str]:
    """R62.5: (post code, procedure) for a person holding `held` = [(post code, unit kind)] on
    the departure day. The highest post that article 62 covers decides; a person holding none
    of them is not subject to this procedure."""
    covered = [
        (code, kind)
        for code, kind in held
        if code in _PROCEDURE_OF_POST and (code != "unit_head" or kind in _HEAD_UNIT_KINDS)
    ]
    if not covered:
        raise violation(
            "R62.5",
            "此人当日不任副市长、乡（镇）主要负责人或市政府部门主要负责人，"
            "不属于外出请示报备范围。",
        )
    code = max(covered, key=lambda c: POSTS[c[0]].rank)[0]
    return code, _PROCEDURE_OF_POST[code]


@rule(
    "R62.6",
    "第六十二条",
    "block",
    "外出请示须写明外出人员、事由、时间、地点、联系方式，以及主持工作负责人的姓名、职务和联系方式。",
)
def check_request_complete(values: Mapping[str, object]) -> None:
    """R62.6: every required field present, listed in one message; the itinerary in order."""
    missing = [
        label
        for key, label in REQUIRED_FIELDS.items()
        if values.get(key) in (None, "")
        or (isinstance(values.get(key), str) and not str(values.get(key)).strip())
    ]
    if missing:
        raise violation("R62.6", f"外出请示缺少：{'、'.join(missing)}。请补齐后再登记。")
    if values["category"] not in CATEGORIES:
        raise violation("R62.6", f"外出类别应为：{'、'.join(CATEGORIES)}。")
    for key in ("start_half", "end_half"):
        if values.get(key) not in HALVES:
            raise violation("R62.6", "出发、返回时间须注明上午、下午或晚上。")
    start = (values["start"], HALVES.index(values["start_half"]))
    end = (values["end"], HALVES.index(values["end_half"]))
    if end < start:
        raise violation("R62.6", "返回时间早于出发时间，请检查。")


@rule(
    "R62.1",
    "第六十二条",
    "warn",
    "外出须提前3天请示报批；因紧急事项临时外出的要及时请示，并说明紧急事由。",
)
def check_notice(filed_on: date, start: date, emergency_reason: str) -> bool:
    """R62.1: True when the request is late (fewer than 3 calendar days before departure); a
    late request is accepted only with its emergency reason."""
    late = (start - filed_on).days < NOTICE_DAYS
    if late and not (emergency_reason or "").strip():
        raise violation(
            "R62.1",
            f"请示日期{format_date(filed_on)}距出发{format_date(start)}不足3天，"
            "只能按紧急事项临时外出登记，请填写紧急事由。",
        )
    return late


@rule(
    "R62.4",
    "第六十二条",
    "block",
    "乡镇党委、政府主要负责同志原则上不能同时外出；确需同时外出的，应在报备中说明情况。",
)
def check_not_both_away(others: Sequence[str], reason: str) -> None:
    """R62.4: `others` = the same township's other principal leader(s) away on overlapping days."""
    if others and not (reason or "").strip():
        raise violation(
            "R62.4",
            f"{'、'.join(others)}同期外出，乡镇党委、政府主要负责同志原则上不能同时"
            "外出；确需同时外出的，请说明情况。",
        )


R66_SUMMARY = "市政府领导成员因公出访，由市外事处提出意见后按程序报批；出访结束后须形成出访报告。"


@rule("R66", "第六十六条", "block", R66_SUMMARY)
def official_trip_abroad(procedure: str, category: str, private: bool) -> bool:
    """R66: a member of the city government's leadership (the mayor, a vice mayor) going abroad
    on official business (因公离境出访): the foreign-affairs office's opinion comes before the
    approval, and a trip report (出访报告) is due after it. Heads of townships and departments are
    not 市政府领导成员; a private trip abroad is not 因公出访 (R62.10 still applies to both)."""
    return category == ABROAD and not private and procedure in GOVERNMENT_LEADERS


@rule("R62.2", "第六十二条", "block", "副市长外出，须经市长同意并报市委主要负责人批准。")
def approval_chain(procedure: str, category: str, private: bool = False) -> list[Step]:
    """R62.2/R62.3/R62.10/R66: the steps a request needs before it is approved (or, for the
    mayor and a township party secretary, recorded)."""
    if procedure == VICE_MAYOR:
        steps = ["mayor_agree", "secretary_approve"]
    elif procedure == HEAD:
        steps = ["vm_agree", "mayor_approve", "cc_party"]
    elif procedure == PARTY_LINE:  # R62.3: the 市委 line, recorded by the office
        steps = ["party_line"]
    else:  # the mayor: article 62 does not list him — recorded, approved by nobody (R62.10)
        steps = ["mayor_record"]
    if official_trip_abroad(procedure, category, private):
        steps = ["fao_opinion", *steps]  # R66: the opinion comes before the approval
    if category == ABROAD:
        # R62.10: reported to the mayor — except the mayor's own trip (he cannot report to
        # himself: that step could never be recorded); registered at 督查室 in every case.
        steps += ["abroad_register"] if procedure == MAYOR else ["abroad_report", "abroad_register"]
    return [STEPS[c] for c in steps]


@rule(
    "R62.3",
    "第六十二条",
    "block",
    "乡镇、部门主要负责同志外出，须经分管副市长同意并报市长批准，同时抄报市委。",
)
def check_step_order(
    step: str, chain: Sequence[str], recorded: Mapping[str, date], signed_on: date
) -> None:
    """R62.2/R62.3: the approval follows the agreement (市长同意 / 分管副市长同意 first)."""
    if step not in chain:
        raise violation(
            STEPS[step].rule_id if step in STEPS else "R62.3", "该环节不属于本请示的审批程序。"
        )
    if step in recorded:
        raise violation(STEPS[step].rule_id, f"「{STEPS[step].title}」已登记。")
    fao = STEPS["fao_opinion"]
    if "fao_opinion" in chain and step != "fao_opinion":
        # R66: the foreign-affairs office gives its opinion, then the trip is 报批.
        if "fao_opinion" not in recorded:
            raise violation(
                "R66",
                f"市政府领导成员因公出访，须先登记「{fao.title}」"
                f"（由市外事处提出意见），再登记「{STEPS[step].title}」。",
            )
        if recorded["fao_opinion"] > signed_on:
            raise violation("R66", f"「{STEPS[step].title}」的日期早于「{fao.title}」，请检查。")
    before = _ORDER.get(step)
    if before is None or before not in chain:
        return
    if before not in recorded:
        raise violation(
            STEPS[step].rule_id,
            f"须先登记「{STEPS[before].title}」，再登记「{STEPS[step].title}」。",
        )
    if recorded[before] > signed_on:
        raise violation(
            STEPS[step].rule_id,
            f"「{STEPS[step].title}」的日期早于「{STEPS[before].title}」，请检查。",
        )


def check_mayor_in_office(rule_id: str, mayor_id: int | None) -> int:
    """R62.2/R62.3/R62.10: a step the mayor signs needs a mayor in office that day; his id."""
    if mayor_id is None:
        raise violation(rule_id, "当日没有在任市长，无法登记市长意见。")
    return mayor_id


def check_mayor_signer(
    rule_id: str, mayor_id: int | None, signer_id: int, entrusted_id: int | None
) -> SignerCheck:
    """R62.2/R62.3/R62.10 with R6.3: the mayor signs in person; article 62 names no
    entrustment, so the entrusted executive vice mayor cannot sign in the mayor's place."""
    mayor_id = check_mayor_in_office(rule_id, mayor_id)
    if signer_id == mayor_id:
        return SignerCheck(True, "本人")
    if signer_id == entrusted_id:
        return entrusted_may_sign_for_mayor(rule_id, mayor_id, signer_id, entrusted_id)
    raise violation(rule_id, "签署人当日不任市长。")


def check_secretary_signer(
    secretary_id: int | None, signer_id: int | None, name: str, post: str
) -> SignerCheck:
    """R62.2: the party secretary (市委书记) held in the directory signs; where the directory has
    no holder that day, the office records the approver's name and post as written."""
    if secretary_id is not None:
        if signer_id != secretary_id:
            raise violation("R62.2", "签署人当日不任市委书记（市委主要负责人）。")
        return SignerCheck(True, "本人")
    if not (name or "").strip() or not (post or "").strip():
        raise violation("R62.2", "人员名录中当日没有市委书记，请照批件填写批准人姓名和职务。")
    return SignerCheck(True, "记录", "人员名录中当日无市委书记，按批件登记")


@rule("R62.10", "第六十二条", "block", "出国（境）应向市长报告并到市政府督查室登记。")
def check_recorded_step(
    step: str, note: str, who: str = "", post: str = "", opinion: str = ""
) -> None:
    """Steps recorded by the office from what was done: R62.3 抄报市委 and R62.10 督查室登记 (what
    was done); R62.3 the 市委's approval of a party-line request (who approved, with his post);
    R66 the foreign-affairs office's opinion (who gave it and what it says). The date is the
    step's date."""
    st = STEPS[step]
    if step == "party_line":
        if not (who or "").strip() or not (post or "").strip():
            raise violation(
                st.rule_id,
                "按所属序列报市委的外出请示，须照市委批件登记批准人姓名和职务（以及批准日期）。",
            )
        return
    if step == "fao_opinion":
        missing = [
            label
            for label, text in (("提出意见的人员或科室", who), ("意见内容", opinion))
            if not (text or "").strip()
        ]
        if missing:
            raise violation(st.rule_id, f"登记「{st.title}」须注明{'、'.join(missing)}。")
        return
    if not (note or "").strip():
        what = {"cc_party": "抄报方式或文号", "mayor_record": "行程告知人或来源"}.get(
            step, "登记编号或登记人"
        )
        raise violation(st.rule_id, f"登记「{st.title}」须注明{what}。")


def check_not_own_request(step: str, signer_id: int | None, person_id: int) -> None:
    """A request is approved by someone else: each step names its signer (R62.2 the mayor and
    the party secretary, R62.3 the vice mayor in charge and the mayor, R62.10 the mayor), and
    article 62 sends the request *to* them — the person going away is never that signer. The
    refusal cites the article of the step (its rule ID)."""
    if signer_id is not None and signer_id == person_id:
        raise violation(
            STEPS[step].rule_id,
            f"外出人员本人不能登记自己外出请示的「{STEPS[step].title}」；"
            "须由条文规定的其他负责同志签署。",
        )


def missing_steps(chain: Sequence[Step], recorded: Mapping[str, date]) -> list[Step]:
    """The steps still to record; the request is approved when none remain."""
    return [st for st in chain if st.code not in recorded]


@rule("R62.7", "第六十二条", "track", "行程有变的，应及时重新请示（变更与原请示关联，同样审批）。")
def check_amendable(voided: bool, returned: bool) -> None:
    """R62.7: an itinerary can be changed while the request stands and the person is not back."""
    if voided:
        raise violation("R62.7", "原请示已作废，不能变更行程；请重新登记外出请示。")
    if returned:
        raise violation("R62.7", "已登记返回，不能再变更行程。")


@rule("R62.8", "第六十二条", "track", "外出返回后1个工作日内向市委办公室、政府办公室销假。")
def return_due(cal: WorkCalendar, returned_on: date) -> tuple[date, bool]:
    """R62.8: (due date of the 销假, provisional) — provisional while the calendar has no official
    data for the due date's year (CAL1)."""
    due = cal.add_working_days(returned_on, RETURN_WORKING_DAYS)
    return due, cal.is_provisional(due) or cal.is_provisional(returned_on)


@rule("R62.9", "第六十二条", "track", "出市参加会议、考察访问、学习培训结束后，应及时书面报告。")
def report_required(category: str, for_meeting: bool) -> bool:
    """R62.9: a written report is due after meetings, visits or training."""
    return category in REPORT_CATEGORIES or bool(for_meeting)


@rule("R66", "第六十六条", "block", R66_SUMMARY)
def check_trip_report(required: bool, returned: bool) -> None:
    """R66: the trip report (出访报告) is recorded for an official trip abroad once back."""
    if not required:
        raise violation("R66", "此次外出不是市政府领导成员因公出访，不需要出访报告。")
    if not returned:
        raise violation("R66", "出访结束后形成出访报告：请先登记实际返回时间。")
