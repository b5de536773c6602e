"""Absence rules as pure functions (R62.1–R62.10, R66, with R6.2/R6.3), and the 销假 deadline on
the real working-day calendar (R62.8, CAL1)."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.rules import absences as r
from desktop_app.rules.registry import RuleViolation, all_rules
from desktop_app.workdays import WorkCalendar, parse_notice_text


def refused(excinfo, rule_id: str) -> str:
    assert excinfo.value.rule_id == rule_id
    assert excinfo.value.message.startswith("依据《工作规则》第")
    return excinfo.value.message


def test_every_absence_rule_is_registered_with_its_article_and_severity():
    by_id = {x.rule_id: x for x in all_rules()}
    severities = {
        "R62.1": "warn",
        "R62.2": "block",
        "R62.3": "block",
        "R62.4": "block",
        "R62.5": "rule",
        "R62.6": "block",
        "R62.7": "track",
        "R62.8": "track",
        "R62.9": "track",
        "R62.10": "block",
    }
    for rule_id, severity in severities.items():
        info = by_id[rule_id]
        assert (info.article, info.severity) == ("第六十二条", severity), rule_id
        assert any("rules.absences" in f for f in info.functions), rule_id
    info = by_id["R66"]
    assert (info.article, info.severity) == ("第六十六条", "block")
    assert any("rules.absences" in f for f in info.functions)


COMPLETE = {
    "person": 7,
    "category": "出差",
    "reason": "参加全省会议",
    "destination": "哈尔滨",
    "start": date(2026, 3, 10),
    "start_half": "上午",
    "end": date(2026, 3, 12),
    "end_half": "晚上",
    "transport": "火车",
    "contact": "13900000000",
    "acting_name": "王强",
    "acting_post": "副局长",
    "acting_contact": "13900000001",
}


def test_R62_6_missing_fields_are_listed_in_one_message():
    values = {**COMPLETE, "acting_name": "", "acting_contact": " ", "destination": None}
    with pytest.raises(RuleViolation) as e:
        r.check_request_complete(values)
    msg = refused(e, "R62.6")
    assert "目的地、主持工作负责同志姓名、主持工作负责同志联系方式" in msg


def test_R62_6_complete_request_passes_and_itinerary_order_is_checked():
    r.check_request_complete(COMPLETE)
    r.check_request_complete({**COMPLETE, "end": date(2026, 3, 10), "end_half": "上午"})
    with pytest.raises(RuleViolation) as e:
        r.check_request_complete(
            {**COMPLETE, "end": date(2026, 3, 10), "start_half": "下午", "end_half": "上午"}
        )
    assert "返回时间早于出发时间" in refused(e, "R62.6")
    with pytest.raises(RuleViolation):
        r.check_request_complete({**COMPLETE, "category": "开会"})


def test_R62_1_less_than_three_days_needs_an_emergency_reason():
    with pytest.raises(RuleViolation) as e:
        r.check_notice(date(2026, 3, 8), date(2026, 3, 10), "")
    assert "不足3天" in refused(e, "R62.1")
    assert r.check_notice(date(2026, 3, 8), date(2026, 3, 10), "省里临时通知参会") is True


def test_R62_1_three_calendar_days_ahead_is_on_time():
    assert r.check_notice(date(2026, 3, 7), date(2026, 3, 10), "") is False


def test_R62_5_highest_post_decides_the_procedure():
    held = [("township_secretary", "township"), ("vice_mayor", None)]
    assert r.procedure_of(held) == ("vice_mayor", r.VICE_MAYOR)
    assert r.procedure_of([("party_group_member", None), ("unit_head", "department")]) == (
        "unit_head",
        r.HEAD,
    )
    assert r.procedure_of([("township_head", "township")]) == ("township_head", r.HEAD)


def test_R62_5_persons_outside_article_62_are_refused():
    with pytest.raises(RuleViolation) as e:
        r.procedure_of([("unit_deputy", "department")])
    refused(e, "R62.5")
    with pytest.raises(RuleViolation):  # the head of an outside organ (市委 …) reports elsewhere
        r.procedure_of([("unit_head", "organ")])


def test_R62_2_R62_3_R62_10_chains():
    codes = [s.code for s in r.approval_chain(r.VICE_MAYOR, "出差")]
    assert codes == ["mayor_agree", "secretary_approve"]
    codes = [s.code for s in r.approval_chain(r.HEAD, "休假")]
    assert codes == ["vm_agree", "mayor_approve", "cc_party"]
    codes = [s.code for s in r.approval_chain(r.HEAD, r.ABROAD)]
    assert codes[-2:] == ["abroad_report", "abroad_register"]


def test_R62_3_approval_follows_the_agreement():
    chain = [s.code for s in r.approval_chain(r.HEAD, "出差")]
    with pytest.raises(RuleViolation) as e:
        r.check_step_order("mayor_approve", chain, {}, date(2026, 3, 3))
    assert "须先登记「分管副市长同意」" in refused(e, "R62.3")
    with pytest.raises(RuleViolation):
        r.check_step_order("mayor_approve", chain, {"vm_agree": date(2026, 3, 4)}, date(2026, 3, 3))
    r.check_step_order("mayor_approve", chain, {"vm_agree": date(2026, 3, 3)}, date(2026, 3, 3))
    r.check_step_order("cc_party", chain, {}, date(2026, 3, 3))  # any time


def test_R62_2_mayor_step_refused_on_a_day_without_a_mayor():
    assert r.check_mayor_in_office("R62.2", 7) == 7
    with pytest.raises(RuleViolation) as e:
        r.check_mayor_in_office("R62.2", None)
    assert "当日没有在任市长" in refused(e, "R62.2")
    with pytest.raises(RuleViolation) as e:
        r.check_mayor_signer("R62.2", None, 7, None)
    assert "当日没有在任市长" in refused(e, "R62.2")


def test_R62_2_mayor_signs_in_person_entrusted_agent_refused_R6_3():
    assert r.check_mayor_signer("R62.2", 1, 1, 2).capacity == "本人"
    with pytest.raises(RuleViolation) as e:
        r.check_mayor_signer("R62.2", 1, 2, 2)
    refused(e, "R6.3")  # article 62 names no entrustment
    with pytest.raises(RuleViolation) as e:
        r.check_mayor_signer("R62.2", 1, 3, 2)
    refused(e, "R62.2")


def test_R62_2_party_secretary_from_directory_or_recorded_as_written():
    assert r.check_secretary_signer(9, 9, "", "").capacity == "本人"
    with pytest.raises(RuleViolation):
        r.check_secretary_signer(9, 8, "", "")
    with pytest.raises(RuleViolation) as e:
        r.check_secretary_signer(None, None, "王建国", "")
    assert "姓名和职务" in refused(e, "R62.2")
    assert r.check_secretary_signer(None, None, "王建国", "市委书记").capacity == "记录"


def test_R62_3_R6_2_vice_mayor_in_charge_or_b_role_when_away():
    """The vice mayor in charge is derived (services.in_charge); who may sign for him is decided
    by rules.org: a signer who is neither him nor his AB partner is refused under 第六十二条
    (R62.3, the article asking for the signature), no longer under 第六条 (R6.2)."""
    from desktop_app.rules.org import check_in_charge_signer

    def check(signer, away):
        return check_in_charge_signer(
            "R62.3", "分管副市长同意", 5, "孙立新", signer, "某人", 6, "赵文华", away
        )

    assert check(5, False).capacity == "本人"
    assert check(6, True).capacity == "B角代签"
    with pytest.raises(RuleViolation) as e:
        check(7, True)
    assert "分管副市长孙立新" in refused(e, "R62.3") and "第六十二条" in e.value.message
    with pytest.raises(RuleViolation) as e:
        check(6, False)
    assert e.value.rule_id == "R6.2"  # the partner, while the vice mayor is in the city


def test_R62_3_township_party_secretary_reports_in_the_party_line():
    """R62.3 (corrected): 按所属序列分别报送 — the party secretary's request is recorded as
    approved by the 市委, with no 分管副市长/市长 chain."""
    assert r.procedure_of([("township_secretary", "township")]) == (
        "township_secretary",
        r.PARTY_LINE,
    )
    assert [s.code for s in r.approval_chain(r.PARTY_LINE, "出差")] == ["party_line"]
    with pytest.raises(RuleViolation) as e:
        r.check_recorded_step("party_line", "", "王建国", "")
    assert "批准人姓名和职务" in refused(e, "R62.3")
    r.check_recorded_step("party_line", "", "王建国", "市委书记")


def test_R62_10_the_mayors_trip_abroad_has_no_step_he_cannot_complete():
    """R62.10 (corrected): the mayor does not report to himself; his trip abroad is registered at
    督查室 (after, R66, the foreign-affairs office's opinion). Article 62 does not list the mayor,
    so no approval is asked for: the office records the trip (mayor_record)."""
    codes = [s.code for s in r.approval_chain(r.MAYOR, r.ABROAD)]
    assert codes == ["fao_opinion", "mayor_record", "abroad_register"]
    assert "abroad_report" not in codes and "secretary_approve" not in codes
    assert [s.code for s in r.approval_chain(r.MAYOR, "出差")] == ["mayor_record"]


def test_R66_official_trip_abroad_of_a_government_leader_needs_the_opinion_first():
    chain = [s.code for s in r.approval_chain(r.VICE_MAYOR, r.ABROAD)]
    assert chain == [
        "fao_opinion",
        "mayor_agree",
        "secretary_approve",
        "abroad_report",
        "abroad_register",
    ]
    with pytest.raises(RuleViolation) as e:
        r.check_step_order("mayor_agree", chain, {}, date(2026, 3, 3))
    msg = refused(e, "R66")
    assert "第六十六条" in msg and "市外事处" in msg
    with pytest.raises(RuleViolation):  # the agreement dated before the opinion
        r.check_step_order(
            "mayor_agree", chain, {"fao_opinion": date(2026, 3, 4)}, date(2026, 3, 3)
        )
    r.check_step_order("mayor_agree", chain, {"fao_opinion": date(2026, 3, 3)}, date(2026, 3, 3))
    with pytest.raises(RuleViolation) as e:
        r.check_recorded_step("fao_opinion", "", "外事处张科长", "", "")
    assert "意见内容" in refused(e, "R66")
    r.check_recorded_step("fao_opinion", "", "外事处张科长", "", "同意出访")


def test_R66_applies_to_official_trips_of_government_leaders_only():
    assert r.official_trip_abroad(r.VICE_MAYOR, r.ABROAD, private=False)
    assert r.official_trip_abroad(r.MAYOR, r.ABROAD, private=False)
    assert not r.official_trip_abroad(r.VICE_MAYOR, r.ABROAD, private=True)  # 因私
    assert not r.official_trip_abroad(r.HEAD, r.ABROAD, private=False)  # not 市政府领导成员
    assert not r.official_trip_abroad(r.VICE_MAYOR, "出差", private=False)
    assert "fao_opinion" not in [s.code for s in r.approval_chain(r.HEAD, r.ABROAD)]
    assert "fao_opinion" not in [s.code for s in r.approval_chain(r.VICE_MAYOR, r.ABROAD, True)]


def test_R66_trip_report_after_the_return():
    with pytest.raises(RuleViolation) as e:
        r.check_trip_report(required=True, returned=False)
    refused(e, "R66")
    with pytest.raises(RuleViolation):
        r.check_trip_report(required=False, returned=True)
    r.check_trip_report(required=True, returned=True)


def test_R62_2_R62_3_nobody_signs_his_own_request():
    with pytest.raises(RuleViolation) as e:
        r.check_not_own_request("party_line", 7, 7)
    assert "本人" in refused(e, "R62.3")
    with pytest.raises(RuleViolation) as e:
        r.check_not_own_request("mayor_agree", 7, 7)
    refused(e, "R62.2")
    r.check_not_own_request("mayor_agree", 8, 7)
    r.check_not_own_request("cc_party", None, 7)


def test_R62_4_both_township_leaders_away_needs_explanation():
    with pytest.raises(RuleViolation) as e:
        r.check_not_both_away(["乐业镇党委书记袁成"], "")
    assert "袁成" in refused(e, "R62.4")
    r.check_not_both_away(["乐业镇党委书记袁成"], "省里要求党政主要负责同志共同参加")
    r.check_not_both_away([], "")


def test_R62_7_amendment_only_while_the_request_stands():
    with pytest.raises(RuleViolation) as e:
        r.check_amendable(voided=False, returned=True)
    refused(e, "R62.7")
    with pytest.raises(RuleViolation):
        r.check_amendable(voided=True, returned=False)
    r.check_amendable(voided=False, returned=False)


def test_R62_10_recorded_steps_need_what_was_done():
    with pytest.raises(RuleViolation) as e:
        r.check_recorded_step("abroad_register", "")
    refused(e, "R62.10")
    r.check_recorded_step("abroad_register", "督查室登记第12号")


def test_R62_8_return_due_within_one_working_day_national_day_2026():
    cal = WorkCalendar()
    assert r.return_due(cal, date(2026, 9, 30)) == (date(2026, 10, 8), False)
    assert r.return_due(cal, date(2026, 10, 9)) == (date(2026, 10, 10), False)  # make-up day


def test_R62_8_a_2027_return_is_provisional_until_the_notice_is_entered():
    due, provisional = r.return_due(WorkCalendar(), date(2027, 9, 30))
    assert (due, provisional) == (date(2027, 10, 1), True)
    notice = parse_notice_text("年份: 2027\n休: 2027-10-01 至 2027-10-07 国庆节\n班: 2027-10-09\n")
    assert r.return_due(WorkCalendar([notice]), date(2027, 9, 30)) == (date(2027, 10, 8), False)


def test_R62_9_written_report_after_meetings_visits_training():
    assert r.report_required("考察", False) and r.report_required("学习培训", False)
    assert r.report_required("出差", True)
    assert not r.report_required("休假", False) and not r.report_required("出差", False)
