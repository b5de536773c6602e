"""外出请示报备 read article by article, on both engines: the vice mayor in charge derived from the
directory (R62.3, R6.1, R6.2), a township party secretary's request in the 市委 line (R62.3), the
mayor's own trips abroad (R62.10, R6.3), a leader's official trip abroad with the foreign-affairs
office's opinion and the trip report (R66), both township leaders away with the secretary counted
and serialised (R62.4), and the refusals naming their article."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest

from db.engine import Database
from desktop_app.rules import absences as rules
from desktop_app.rules.registry import RuleViolation
from desktop_app.services.absences import approvals as absences_approvals
from desktop_app.services.absences import away
from desktop_app.services.absences import commands as absences
from desktop_app.services.absences import queries as absences_queries
from desktop_app.services.absences import returns as absences_return
from desktop_app.services.directory import commands as directory
from desktop_app.services.system import dashboard
from tests.integration import test_meeting_plan as base
from tests.integration.test_absences import CLERK, TRIP, T, approve_all, data, file, sign
from tests.integration.test_meeting_plan import blocked

gov = base.gov
ABROAD = "出国（境）"


# --- R62.3: the vice mayor in charge, derived ------------------------------------------------


def test_R62_3_unit_without_a_vice_mayor_in_charge_is_refused_pointing_to_the_directory(
    db, gov, admin
):
    unit = directory.save_unit(db, admin, name="统计局", kind="department").id
    pid = directory.save_person(db, admin, name="冯局长").id
    directory.save_appointment(
        db,
        admin,
        person_id=pid,
        post_code="unit_head",
        unit_id=unit,
        start_date=T - timedelta(days=30),
    )
    d = absences.file_request(db, CLERK, data(gov, "邓磊", person_id=pid))
    assert [s.code for s in d.steps] == ["vm_agree", "mayor_approve", "cc_party"]
    with pytest.raises(RuleViolation) as e:
        sign(db, d.id, "vm_agree", T)
    msg = blocked(e, "R62.3", "第六十二条")
    assert "「统计局」没有登记分管副市长" in msg and "人员与分管 → 分管" in msg
    with pytest.raises(RuleViolation):  # the dialog's hint refuses the same way
        absences_approvals.signer_hint(db, d.id, "vm_agree", T)
    assert absences.get_absence(db, d.id).approvals == ()
    # Allowed once the directory answers: 孙立新 is given 统计局 from T.
    directory.save_portfolio(db, admin, person_id=gov.person["孙立新"], unit_id=unit, start_date=T)
    assert "孙立新" in absences_approvals.signer_hint(db, d.id, "vm_agree", T)
    assert sign(db, d.id, "vm_agree", T).approvals[0].signer_name == "孙立新"


def test_R62_3_the_hint_names_the_derived_vice_mayor_and_his_stand_in_while_away(db, gov):
    head = file(db, gov, "罗健")  # 农业农村局, in 孙立新's portfolio
    day = T + timedelta(days=5)
    assert (
        absences_approvals.signer_hint(db, head.id, "vm_agree", day)
        == "农业农村局的分管副市长：孙立新"
    )
    approve_all(db, file(db, gov, "孙立新", start=day, days=2), T)
    hint = absences_approvals.signer_hint(db, head.id, "vm_agree", day)
    assert "孙立新" in hint and "AB角赵文华代签" in hint
    d = sign(db, head.id, "vm_agree", day, signer_id=gov.person["赵文华"])
    assert d.approvals[0].capacity == "B角代签"


# --- R62.3: a township party secretary reports in the 市委 line ------------------------------


def test_R62_3_party_secretary_is_recorded_as_approved_by_the_party_committee(db, gov):
    d = file(db, gov, "袁成")  # 乐业镇党委书记
    assert (d.procedure, d.status_name) == ("party_line", "待审批")
    assert [s.code for s in d.steps] == ["party_line"] and d.recorded_only
    with pytest.raises(RuleViolation) as e:  # no government chain for him
        sign(db, d.id, "vm_agree", T)
    blocked(e, "R62.3")
    with pytest.raises(RuleViolation) as e:
        sign(db, d.id, "party_line", T, signer_name="王建国", signer_post="")
    assert "批准人姓名和职务" in blocked(e, "R62.3", "第六十二条")
    with pytest.raises(RuleViolation) as e:  # he cannot record his own approval
        sign(db, d.id, "party_line", T, signer_id=gov.person["袁成"])
    assert "本人" in blocked(e, "R62.3", "第六十二条")
    assert absences.get_absence(db, d.id).status == "pending"
    d = sign(
        db,
        d.id,
        "party_line",
        T + timedelta(days=1),
        signer_name="王建国",
        signer_post="市委书记",
        opinion="同意",
    )
    a = d.approvals[0]
    assert (d.status, d.approved_on) == ("approved", T + timedelta(days=1))
    assert (a.step_title, a.signer_name, a.signer_post, a.capacity, a.box) == (
        "报市委批准（按所属序列）",
        "王建国",
        "市委书记",
        "记录",
        "市委意见",
    )
    board = away.who_is_away(db, TRIP, TRIP)
    assert [(x.name, x.post_title) for x in board] == [("袁成", "乐业镇乡镇党委书记")]


def test_R62_3_party_line_approver_picked_from_the_directory(db, gov):
    d = sign(db, file(db, gov, "袁成").id, "party_line", T, signer_id=gov.person["王建国"])
    assert (d.status, d.approvals[0].signer_name, d.approvals[0].signer_post) == (
        "approved",
        "王建国",
        "市委书记",
    )


def test_R62_4_the_secretary_approved_in_the_party_line_counts(db, gov):
    approve_all(db, file(db, gov, "袁成"))
    with pytest.raises(RuleViolation) as e:
        file(db, gov, "邓磊", start=TRIP + timedelta(days=1))
    assert "袁成" in blocked(e, "R62.4", "第六十二条")
    d = approve_all(
        db,
        file(
            db,
            gov,
            "邓磊",
            start=TRIP + timedelta(days=1),
            both_away_reason="省委省政府联合调研，党政正职均须参加",
        ),
    )
    assert d.both_away_reason.startswith("省委省政府")
    day = TRIP + timedelta(days=1)
    assert {a.name for a in away.who_is_away(db, day, day)} == {"袁成", "邓磊"}


def _race(db_url: str, gov, monkeypatch) -> list[object]:
    """Two clerks file for 乐业镇's party secretary and its head at the same moment, no reason
    given; the check sleeps before the write so that without a lock both would pass."""
    original = rules.check_not_both_away

    def slow(others, reason):
        original(others, reason)
        time.sleep(0.6)

    monkeypatch.setattr(rules, "check_not_both_away", slow)
    start, results = threading.Barrier(2), []

    def run(name: str) -> None:
        d = Database(db_url)
        try:
            start.wait(timeout=30)
            results.append(absences.file_request(d, CLERK, data(gov, name)))
        except Exception as exc:  # noqa: BLE001 - reported to the test
            results.append(exc)
        finally:
            d.dispose()

    threads = [threading.Thread(target=run, args=(n,)) for n in ("袁成", "邓磊")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def test_R62_4_two_clerks_filing_both_township_leaders_at_once_are_serialised(
    db_url, gov, db, monkeypatch
):
    results = _race(db_url, gov, monkeypatch)
    saved = [x for x in results if isinstance(x, absences.AbsenceDTO)]
    refused = [x for x in results if isinstance(x, RuleViolation)]
    assert (len(saved), len(refused)) == (1, 1), results
    assert refused[0].rule_id == "R62.4" and saved[0].person_name in refused[0].message
    assert len(absences_queries.list_absences(db)) == 1


# --- R62.10 / R6.3: the mayor's own trips ----------------------------------------------------


def test_R62_10_the_mayors_trip_abroad_is_recorded_and_shows_the_entrusted_vice_mayor(db, gov):
    start = T + timedelta(days=7)  # the demo entrusts 张海峰 from T+7 to T+10
    d = file(
        db,
        gov,
        "李明远",
        category=ABROAD,
        destination="俄罗斯哈巴罗夫斯克",
        start=start,
        days=4,
        acting_name="张海峰",
        acting_post="常务副市长",
    )
    # He cannot report to himself: the chain has no step that could never be recorded.
    assert [s.code for s in d.steps] == ["fao_opinion", "mayor_record", "abroad_register"]
    with pytest.raises(RuleViolation) as e:
        sign(db, d.id, "abroad_report", T)
    blocked(e, "R62.10")
    with pytest.raises(RuleViolation) as e:  # R66: the opinion comes first
        sign(db, d.id, "mayor_record", T)
    blocked(e, "R66", "第六十六条")
    d = sign(db, d.id, "fao_opinion", T)
    with pytest.raises(RuleViolation) as e:
        sign(db, d.id, "mayor_record", T, note=" ")
    assert "行程告知人" in blocked(e, "R62.10")
    d = sign(db, d.id, "mayor_record", T)
    with pytest.raises(RuleViolation) as e:
        sign(db, d.id, "abroad_register", T, note=" ")
    blocked(e, "R62.10", "第六十二条")
    with db.read() as s:
        assert not away.is_away(s, gov.person["李明远"], start)  # not yet registered
    d = sign(db, d.id, "abroad_register", T, note="督查室登记2026-03号")
    assert d.status == "approved" and d.trip_report_required
    a = away.who_is_away(db, start, start)[0]
    assert (a.name, a.category, a.entrusted_name) == ("李明远", ABROAD, "张海峰")
    items = [i for i in dashboard.collect(db, start) if i.title == "李明远在外"]
    assert "受委托主持工作：张海峰" in items[0].detail


# --- R66: a leader's official trip abroad ----------------------------------------------------


def test_R66_vice_mayors_official_trip_abroad_needs_the_opinion_before_approval(db, gov):
    d = file(db, gov, "赵文华", category=ABROAD, destination="俄罗斯哈巴罗夫斯克")
    assert [s.code for s in d.steps] == [
        "fao_opinion",
        "mayor_agree",
        "secretary_approve",
        "abroad_report",
        "abroad_register",
    ]
    with pytest.raises(RuleViolation) as e:
        sign(db, d.id, "mayor_agree", T)
    assert "市外事处" in blocked(e, "R66", "第六十六条")
    with pytest.raises(RuleViolation) as e:
        sign(db, d.id, "fao_opinion", T, opinion="")
    assert "意见内容" in blocked(e, "R66")
    with pytest.raises(RuleViolation) as e:
        sign(db, d.id, "fao_opinion", T, signer_name="")
    blocked(e, "R66")
    d = sign(db, d.id, "fao_opinion", T + timedelta(days=1), opinion="同意，注意出访实效")
    a = d.approvals[0]
    assert (a.signer_name, a.signed_on, a.opinion, a.capacity) == (
        "市外事处刘处长",
        T + timedelta(days=1),
        "同意，注意出访实效",
        "记录",
    )
    with pytest.raises(RuleViolation) as e:  # dated before the opinion
        sign(db, d.id, "mayor_agree", T)
    blocked(e, "R66")
    d = approve_all(db, d, T + timedelta(days=1))
    assert d.status == "approved" and d.trip_report_required and not d.trip_report_missing


def test_R66_trip_report_is_tracked_until_received(db, gov):
    d = approve_all(db, file(db, gov, "赵文华", category=ABROAD, destination="蒙古乌兰巴托"))
    with pytest.raises(RuleViolation) as e:  # not back yet
        absences_return.record_trip_report(db, CLERK, d.id, T, today=T)
    blocked(e, "R66", "第六十六条")
    back_on, day = TRIP + timedelta(days=2), TRIP + timedelta(days=4)
    d = absences_return.record_return(db, CLERK, d.id, back_on, "晚上", back_on, today=day)
    assert d.trip_report_missing
    items = [i for i in dashboard.collect(db, day) if i.rule_id == "R66"]
    assert [i.title for i in items] == ["赵文华出访报告未交"] and "第六十六条" in items[0].detail
    assert [
        x.id for x in absences_queries.list_absences(db, status="trip_report_missing", today=day)
    ] == [d.id]
    d = absences_return.record_trip_report(
        db, CLERK, d.id, day, note="出访报告已报市政府", today=day
    )
    assert not d.trip_report_missing and d.trip_report_received_on == day
    assert not [i for i in dashboard.collect(db, day) if i.rule_id == "R66"]


def test_R66_does_not_apply_to_a_private_trip_or_to_a_department_head(db, gov):
    private = file(db, gov, "赵文华", category=ABROAD, destination="香港", abroad_private=True)
    head = file(db, gov, "罗健", category=ABROAD, destination="俄罗斯哈巴罗夫斯克")
    for d in (private, head):
        assert "fao_opinion" not in [s.code for s in d.steps] and not d.trip_report_required
        assert [s.code for s in d.steps][-2:] == ["abroad_report", "abroad_register"]  # R62.10
    private = approve_all(db, private)
    back_on = TRIP + timedelta(days=2)
    absences_return.record_return(db, CLERK, private.id, back_on, "晚上", today=back_on)
    with pytest.raises(RuleViolation) as e:
        absences_return.record_trip_report(db, CLERK, private.id, back_on, today=back_on)
    blocked(e, "R66")


def test_R62_7_a_change_cannot_replace_the_person(db, gov):
    d = file(db, gov, "邓磊")
    with pytest.raises(RuleViolation) as e:
        absences.amend_request(db, CLERK, d.id, data(gov, "罗健"))
    blocked(e, "R62.7", "第六十二条")
