"""外出请示报备 on both engines: filing (R62.1, R62.4–R62.6), the approval chains with dated
signers and 「B角代签」 (R62.2, R62.3, R62.10, R6.2, R6.3), changes of itinerary (R62.7).

The helpers here are shared by the other absence and who-is-away tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from desktop_app.rules.registry import RuleViolation
from desktop_app.services.absences import approvals as absences_approvals
from desktop_app.services.absences import away
from desktop_app.services.absences import commands as absences
from desktop_app.services.absences import queries as absences_queries
from desktop_app.services.absences.commands import AbsenceInput
from tests.integration import test_meeting_plan as base
from tests.integration.test_meeting_plan import CLERK, Gov, T, blocked

gov = base.gov  # the shared demo government: 孙立新 is in charge of 乐业镇, AB partner 赵文华
TRIP = T + timedelta(days=14)  # 2026-03-16, a Monday


def data(
    gov: Gov, name: str, start: date = TRIP, days: int = 3, filed: date = T, **kw
) -> AbsenceInput:
    base_values = dict(
        person_id=gov.person[name],
        category="出差",
        reason="赴省汇报工作",
        destination="哈尔滨",
        start_date=start,
        start_half="上午",
        end_date=start + timedelta(days=days - 1),
        end_half="晚上",
        transport="火车",
        contact="13945400000",
        acting_name="王强",
        acting_post="副职负责同志",
        acting_contact="13945400001",
        filed_on=filed,
    )
    base_values.update(kw)
    return AbsenceInput(**base_values)


def file(db, gov: Gov, name: str, **kw) -> absences.AbsenceDTO:
    return absences.file_request(db, CLERK, data(gov, name, **kw))


def sign(db, absence_id: int, step: str, on: date, **kw) -> absences.AbsenceDTO:
    if step in ("cc_party", "abroad_register", "mayor_record"):
        kw.setdefault(
            "note",
            {
                "cc_party": "已书面报送",
                "abroad_register": "督查室登记第1号",
                "mayor_record": "市长秘书电话告知",
            }[step],
        )
    if step == "party_line":  # R62.3: the 市委's approval as written on its reply
        kw.setdefault("signer_name", "王建国")
        kw.setdefault("signer_post", "市委书记")
    if step == "fao_opinion":  # R66: the foreign-affairs office's opinion
        kw.setdefault("signer_name", "市外事处刘处长")
        kw.setdefault("opinion", "同意出访，按规定办理出入境手续")
    return absences_approvals.record_approval(
        db, CLERK, absence_id, step, on, today=max(on, date.today()), **kw
    )


def approve_all(db, d: absences.AbsenceDTO, on: date | None = None) -> absences.AbsenceDTO:
    """Every step, each by that day's post holder (defaults)."""
    on = on or d.filed_on
    for st in d.steps:
        if not st.done:
            d = sign(db, d.id, st.code, on)
    assert d.status == "approved", d.missing
    return d


# --- R62.6 / R62.5: what a request states, whose procedure ---------------------------------------


def test_R62_6_missing_acting_person_is_refused_and_nothing_saved(db, gov):
    with pytest.raises(RuleViolation) as e:
        file(db, gov, "邓磊", acting_name="", acting_post="", acting_contact="", destination="")
    msg = blocked(e, "R62.6", "第六十二条")
    assert "目的地" in msg and "主持工作负责同志姓名、主持工作负责同志职务" in msg
    assert absences_queries.list_absences(db) == []
    d = file(db, gov, "邓磊")
    assert (d.status_name, d.post_title, d.procedure) == ("待审批", "乐业镇镇长", "head")
    assert [s.title for s in d.steps] == ["分管副市长同意", "市长批准", "抄报市委"]
    assert d.missing == ("分管副市长同意", "市长批准", "抄报市委") and d.days == 3


def test_R62_5_highest_post_of_that_day_decides_the_procedure(db, gov, admin):
    from desktop_app.services.directory import commands as directory

    directory.save_appointment(
        db,
        admin,
        person_id=gov.person["袁成"],
        post_code="vice_mayor",
        unit_id=None,
        start_date=TRIP - timedelta(days=1),
    )
    before = file(db, gov, "袁成", start=TRIP - timedelta(days=7), days=1)
    after = file(db, gov, "袁成")
    # R62.3 (corrected): as township party secretary he reports in the 市委 line.
    assert (before.procedure, before.post_title) == ("party_line", "乐业镇乡镇党委书记")
    assert (after.procedure, after.post_title) == ("vice_mayor", "副市长")
    assert [s.code for s in after.steps] == ["mayor_agree", "secretary_approve"]


def test_R62_5_a_person_outside_article_62_is_refused(db, gov, admin):
    from desktop_app.services.directory import commands as directory

    pid = directory.save_person(db, admin, name="钱副局长").id
    directory.save_appointment(
        db, admin, person_id=pid, post_code="unit_deputy", unit_id=gov.unit["财政局"], start_date=T
    )
    with pytest.raises(RuleViolation) as e:
        absences.file_request(db, CLERK, replace(data(gov, "邓磊"), person_id=pid))
    blocked(e, "R62.5")


# --- R62.1: three days ahead -----------------------------------------------------------------


def test_R62_1_late_request_needs_the_emergency_reason_and_is_flagged(db, gov):
    with pytest.raises(RuleViolation) as e:
        file(db, gov, "邓磊", filed=TRIP - timedelta(days=2))
    assert "不足3天" in blocked(e, "R62.1", "第六十二条")
    assert absences_queries.list_absences(db) == []
    d = file(db, gov, "邓磊", filed=TRIP - timedelta(days=2), emergency_reason="省里临时通知")
    assert d.late and not d.notice_ok and d.emergency_reason == "省里临时通知"
    assert [x.id for x in absences_queries.list_absences(db, status="late")] == [d.id]


def test_R62_1_three_days_ahead_is_on_time(db, gov):
    d = file(db, gov, "邓磊", filed=TRIP - timedelta(days=3), emergency_reason="不需要")
    assert not d.late and d.notice_ok and d.emergency_reason == ""


# --- R62.2: a vice mayor ---------------------------------------------------------------------


def test_R62_2_vice_mayor_mayor_agrees_then_party_secretary_approves(db, gov):
    d = file(db, gov, "赵文华")
    assert [s.title for s in d.steps] == ["市长同意", "市委主要负责同志批准"]
    with pytest.raises(RuleViolation) as e:
        sign(db, d.id, "secretary_approve", T)
    assert "须先登记「市长同意」" in blocked(e, "R62.2")
    with pytest.raises(RuleViolation) as e:
        sign(db, d.id, "mayor_agree", T, signer_id=gov.person["孙立新"])
    blocked(e, "R62.2")
    d = sign(db, d.id, "mayor_agree", T, opinion="同意")
    assert d.status == "pending" and d.missing == ("市委主要负责同志批准",)
    with pytest.raises(RuleViolation):
        sign(db, d.id, "secretary_approve", T, signer_id=gov.person["李明远"])
    d = sign(db, d.id, "secretary_approve", T + timedelta(days=1), opinion="同意")
    assert (d.status_name, d.approved_on) == ("已批准", T + timedelta(days=1))
    names = [(a.box, a.signer_name, a.signer_post, a.opinion, a.capacity) for a in d.approvals]
    assert names == [
        ("市长意见", "李明远", "市长", "同意", "本人"),
        ("市委主要负责同志意见", "王建国", "市委书记", "同意", "本人"),
    ]


def test_R62_2_R6_3_entrusted_executive_vice_mayor_cannot_agree_in_the_mayors_place(db, gov):
    entrusted_day = T + timedelta(days=8)  # the demo entrusts 张海峰 from T+7 to T+10
    d = file(db, gov, "赵文华", filed=entrusted_day, start=entrusted_day + timedelta(days=5))
    with pytest.raises(RuleViolation) as e:
        sign(db, d.id, "mayor_agree", entrusted_day, signer_id=gov.person["张海峰"])
    blocked(e, "R6.3", "第六条")
    assert sign(db, d.id, "mayor_agree", entrusted_day).approvals[0].signer_name == "李明远"


# --- R62.3: a township or department head ----------------------------------------------------


def test_R62_3_head_vice_mayor_in_charge_agrees_mayor_approves_copy_to_party(db, gov):
    d = file(db, gov, "罗健")  # 农业农村局局长, in 孙立新's portfolio
    with pytest.raises(RuleViolation) as e:
        sign(db, d.id, "mayor_approve", T)
    assert "须先登记「分管副市长同意」" in blocked(e, "R62.3", "第六十二条")
    with pytest.raises(RuleViolation) as e:
        sign(db, d.id, "vm_agree", T, signer_id=gov.person["周志强"])
    # Neither the vice mayor in charge nor the AB partner: 第六十二条 (R62.3) names whose
    # signature this is, so it decides the refusal (it was cited under 第六条, R6.2).
    assert "分管副市长孙立新" in blocked(e, "R62.3", "第六十二条")
    d = sign(db, d.id, "vm_agree", T)
    assert d.approvals[0].signer_name == "孙立新"
    d = sign(db, d.id, "mayor_approve", T)
    assert d.status == "pending" and d.missing == ("抄报市委",)
    with pytest.raises(RuleViolation) as e:
        sign(db, d.id, "cc_party", T, note="")
    blocked(e, "R62.3")
    d = sign(db, d.id, "cc_party", T, note="书面抄报市委办公室", signer_name="文秘甲")
    assert d.status == "approved" and d.approvals[-1].capacity == "记录"


def test_R62_3_R6_2_partner_agrees_while_the_vice_mayor_in_charge_is_away(db, gov):
    away_day = T + timedelta(days=5)
    vm_trip = file(db, gov, "孙立新", start=away_day, days=2)
    head = file(db, gov, "邓磊")  # 乐业镇乡长, in 孙立新's portfolio
    with pytest.raises(RuleViolation) as e:  # 孙立新 not yet approved to be away: no B role
        sign(db, head.id, "vm_agree", away_day, signer_id=gov.person["赵文华"])
    assert "未经批准外出" in blocked(e, "R6.2")
    approve_all(db, vm_trip, T)
    d = sign(db, head.id, "vm_agree", away_day, signer_id=gov.person["赵文华"], opinion="同意")
    a = d.approvals[0]
    assert (a.signer_name, a.capacity, a.b_role) == ("赵文华", "B角代签", True)
    with pytest.raises(RuleViolation):  # the partner signs only on the days the VM is away
        sign(
            db,
            file(db, gov, "罗健").id,
            "vm_agree",
            T + timedelta(days=1),
            signer_id=gov.person["赵文华"],
        )


# --- R62.4: both township leaders ------------------------------------------------------------


def test_R62_4_both_township_leaders_away_needs_the_reason(db, gov):
    file(db, gov, "邓磊")
    with pytest.raises(RuleViolation) as e:
        file(db, gov, "袁成", start=TRIP + timedelta(days=2))
    assert "邓磊" in blocked(e, "R62.4", "第六十二条")
    assert len(absences_queries.list_absences(db)) == 1
    d = file(
        db, gov, "袁成", start=TRIP + timedelta(days=2), both_away_reason="省委要求党政正职参加"
    )
    assert d.both_away_reason == "省委要求党政正职参加"


def test_R62_4_other_township_or_other_days_are_fine(db, gov):
    file(db, gov, "邓磊")
    assert file(db, gov, "袁成", start=TRIP + timedelta(days=3)).both_away_reason == ""
    assert file(db, gov, "彭浩").status == "pending"  # 八岔乡党委书记: another township


# --- R62.7: changes of itinerary -------------------------------------------------------------


def test_R62_7_amendment_is_approved_the_same_way_and_then_in_force(db, gov):
    d = approve_all(db, file(db, gov, "邓磊"))
    later = TRIP + timedelta(days=7)
    amended = absences.amend_request(
        db, CLERK, d.id, data(gov, "邓磊", start=later, destination="北京")
    )
    assert (amended.amends_id, amended.status, amended.destination) == (d.id, "pending", "北京")
    assert [s.code for s in amended.steps] == ["vm_agree", "mayor_approve", "cc_party"]
    with db.read() as s:  # until approved, the approved itinerary stays in force
        assert away.is_away(s, gov.person["邓磊"], TRIP)
        assert not away.is_away(s, gov.person["邓磊"], later)
    with pytest.raises(RuleViolation) as e:  # one pending change at a time (R62.7 decides)
        absences.amend_request(db, CLERK, d.id, data(gov, "邓磊", start=later))
    blocked(e, "R62.7", "第六十二条")
    approve_all(db, amended)
    with db.read() as s:
        assert not away.is_away(s, gov.person["邓磊"], TRIP)
        info = away.away_on(s, later)[gov.person["邓磊"]]
    assert (info.absence_id, info.itinerary_id, info.destination) == (d.id, amended.id, "北京")
    root = absences.get_absence(db, d.id)
    assert root.amendment_ids == (amended.id,) and root.effective_id == amended.id


def test_R62_7_no_amendment_once_back_or_voided(db, gov):
    from desktop_app.services.absences import returns as absences_return

    d = approve_all(db, file(db, gov, "邓磊"))
    absences_return.record_return(
        db, CLERK, d.id, TRIP + timedelta(days=2), "晚上", today=TRIP + timedelta(days=3)
    )
    with pytest.raises(RuleViolation) as e:
        absences.amend_request(db, CLERK, d.id, data(gov, "邓磊"))
    blocked(e, "R62.7")
    other = file(db, gov, "罗健")
    absences.void_request(db, CLERK, other.id, "行程取消", other.version)
    with pytest.raises(RuleViolation):
        absences.amend_request(db, CLERK, other.id, data(gov, "罗健"))


# --- R62.10: going abroad --------------------------------------------------------------------


def test_R62_10_abroad_needs_report_to_the_mayor_and_registration(db, gov):
    d = file(db, gov, "罗健", category="出国（境）", destination="俄罗斯哈巴罗夫斯克")
    for st in ("vm_agree", "mayor_approve", "cc_party"):
        d = sign(db, d.id, st, T)
    assert d.status == "pending"
    assert d.missing == ("向市长报告（出国（境））", "市政府督查室登记")
    with pytest.raises(RuleViolation) as e:
        sign(db, d.id, "abroad_register", T, note="")
    blocked(e, "R62.10", "第六十二条")
    with pytest.raises(RuleViolation):
        sign(db, d.id, "abroad_report", T, signer_id=gov.person["张海峰"])
    d = sign(db, d.id, "abroad_report", T)
    d = sign(db, d.id, "abroad_register", T, note="督查室登记2026-05号")
    assert d.status == "approved"


def test_approval_voided_returns_the_request_to_pending(db, gov):
    d = approve_all(db, file(db, gov, "罗健"))
    last = d.approvals[-1]
    d = absences_approvals.void_approval(db, CLERK, last.id, "录入错误", last.version)
    assert d.status == "pending" and d.missing == ("抄报市委",)


def test_R62_2_without_a_party_secretary_in_the_directory_the_approver_is_recorded(db, gov, admin):
    from desktop_app.services.directory import commands as directory

    row = next(
        p for p in directory.list_periods(db, "appointment") if p.post_code == "party_secretary"
    )
    directory.void(db, admin, "appointment", row.id, "市委人员不在本名录维护", row.version)
    d = sign(db, file(db, gov, "赵文华").id, "mayor_agree", T)
    with pytest.raises(RuleViolation) as e:
        sign(db, d.id, "secretary_approve", T, signer_name="王建国")
    assert "姓名和职务" in blocked(e, "R62.2")
    d = sign(
        db,
        d.id,
        "secretary_approve",
        T,
        signer_name="王建国",
        signer_post="市委书记",
        opinion="同意",
    )
    a = d.approvals[-1]
    assert (d.status, a.signer_id, a.signer_name, a.signer_post, a.capacity) == (
        "approved",
        None,
        "王建国",
        "市委书记",
        "记录",
    )
