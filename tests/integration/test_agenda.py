"""议题 and their chain (R23.4.1a–R23.4.4) on both engines: every refusal cites its rule, lists what
is missing and saves nothing; the allowed path places the item after the law study. The item's
分管副市长 is derived from the submitting unit (R6.1), never picked: 教育局 → 赵文华,
农业农村局 → 孙立新, 住建局 → 周志强 (AB pairs 赵文华↔孙立新, 周志强↔吴秀兰)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from db.errors import StaleRecordError
from desktop_app.rules.registry import RuleViolation
from desktop_app.services.meetings import agenda, agenda_meeting
from desktop_app.services.meetings import planning as meetings
from desktop_app.services.system.common import ValidationError
from tests.integration import test_meeting_plan as base
from tests.integration.agenda_support import MEETING_DAY, approve, new_item, place, step
from tests.integration.test_meeting_plan import CLERK, T, blocked, plan

gov = base.gov  # the shared demo-government fixture


# --- R23.4.1a: the chain ------------------------------------------------------------------------


def test_R23_4_1a_item_is_refused_listing_every_missing_step_then_placed(db, gov):
    m = plan(db, gov, MEETING_DAY)
    item = new_item(db, gov, is_policy=True)
    with pytest.raises(RuleViolation) as e:
        place(db, item.id, m.id)
    message = blocked(e, "R23.4.1a", "第二十三条")
    for text in (
        "会签、分别征求意见或分管副市长协调会",
        "分管副市长审定签字",
        "市政府办公室综合汇总",
        "常务副市长审核",
        "市长审定",
        "法制部门审核同意",
        "重大行政决策法定程序完成情况表",
    ):
        assert text in message
    assert agenda.get_item(db, item.id).status == "draft"  # nothing saved
    assert meetings.get_meeting(db, m.id).items == 1

    approve(db, item.id)
    step(db, item.id, "legal_reviewed", T + timedelta(days=2))
    done = step(db, item.id, "procedure_sheet", T + timedelta(days=5))
    assert done.missing == () and done.exec_reviewed_by == gov.person["张海峰"]
    assert done.mayor_approved_by == gov.person["李明远"]
    placed = place(db, item.id, m.id)
    assert (placed.status, placed.meeting_id, placed.position) == ("placed", m.id, 1)
    other = new_item(db, gov, category="report")
    approve(db, other.id)
    assert place(db, other.id, m.id).position == 2
    assert [i.position for i in agenda.list_items(db, meeting_id=m.id)] == [0, 1, 2]


def test_R23_4_1a_exec_review_recorded_only_for_the_executive_vice_mayor_of_that_day(db, gov):
    item = new_item(db, gov)
    for name, on in (("coordination", T), ("sponsor_signed", T), ("office_consolidated", T)):
        step(db, item.id, name, on, **({"method": "协调会"} if name == "coordination" else {}))
    with pytest.raises(RuleViolation) as e:
        step(db, item.id, "exec_reviewed", T, by=gov.person["赵文华"])
    assert "赵文华在2026年3月2日不任常务副市长" in blocked(e, "R23.4.1a")
    assert agenda.get_item(db, item.id).exec_reviewed_on is None
    done = step(db, item.id, "exec_reviewed", T, by=gov.person["张海峰"])
    assert (done.exec_reviewed_on, done.exec_reviewed_by) == (T, gov.person["张海峰"])


def test_R23_4_1a_mayor_approval_only_by_the_mayor_of_that_day(db, gov):
    item = new_item(db, gov)
    approve(db, item.id)
    entrusted_day = T + timedelta(days=8)  # 张海峰 is entrusted, but not for approving items
    with pytest.raises(RuleViolation) as e:
        step(db, item.id, "mayor_approved", entrusted_day, by=gov.person["张海峰"])
    blocked(e, "R23.4.1a")
    with pytest.raises(RuleViolation):
        step(db, item.id, "mayor_approved", entrusted_day, by=gov.person["刘国栋"])  # former mayor
    assert (
        step(
            db, item.id, "mayor_approved", entrusted_day, by=gov.person["李明远"]
        ).mayor_approved_on
        == entrusted_day
    )


def test_R23_4_1a_sponsor_signature_and_the_order_of_the_steps(db, gov):
    item = new_item(db, gov)
    with pytest.raises(RuleViolation) as e:  # nothing before it: coordination comes first
        step(db, item.id, "sponsor_signed", T)
    assert "请先记录「协调（会签、分别征求意见或协调会）」" in blocked(e, "R23.4.1a")
    step(db, item.id, "coordination", T, method="分别征求意见")
    with pytest.raises(RuleViolation) as e:  # another portfolio's vice mayor
        step(db, item.id, "sponsor_signed", T, by=gov.person["周志强"])
    assert "须由分管副市长赵文华签署" in blocked(e, "R23.4.1a", "第二十三条")
    with pytest.raises(RuleViolation):  # earlier than the coordination
        step(db, item.id, "sponsor_signed", T - timedelta(days=1))
    with pytest.raises(ValidationError):
        step(db, item.id, "coordination", T, method="电话")
    assert step(db, item.id, "sponsor_signed", T).sponsor_signed_on == T


def test_R23_4_1a_a_placed_item_keeps_its_chain(db, gov):
    m = plan(db, gov, MEETING_DAY)
    item = new_item(db, gov, category="report")
    approve(db, item.id)
    placed = place(db, item.id, m.id)
    with pytest.raises(RuleViolation):  # taking the mayor's approval off the record
        step(db, item.id, "mayor_approved", None)
    with pytest.raises(RuleViolation):  # another unit's vice mayor has not signed
        agenda.save_item(
            db,
            CLERK,
            title=placed.title,
            category="report",
            department_id=gov.unit["农业农村局"],
            record_id=item.id,
            expected_version=placed.version,
            today=T,
        )
    kept = agenda.get_item(db, item.id)
    assert (kept.department_name, kept.sponsor_name) == ("教育局", "赵文华")


def test_R23_4_1a_another_unit_takes_the_chain_again_from_the_signature(db, gov):
    """R23.4.1a: the signature is that of the submitting unit's vice mayor; moving the item to a
    unit another vice mayor is in charge of takes the chain again from the signature on."""
    item = new_item(db, gov, category="report")
    done = approve(db, item.id)
    assert done.missing == ()
    same_vm = agenda.save_item(
        db,
        CLERK,
        title=done.title,
        category="report",
        department_id=gov.unit["卫生健康局"],
        record_id=item.id,
        expected_version=done.version,
        today=T,
    )  # also 赵文华's
    assert same_vm.missing == () and same_vm.sponsor_signed_by_name == "赵文华"
    changed = agenda.save_item(
        db,
        CLERK,
        title=done.title,
        category="report",
        department_id=gov.unit["农业农村局"],
        record_id=item.id,
        expected_version=same_vm.version,
        today=T,
    )
    assert changed.sponsor_name == "孙立新"
    assert changed.coordination_on == T and changed.coordination_method == "会签"
    assert (
        changed.sponsor_signed_on,
        changed.office_consolidated_on,
        changed.exec_reviewed_on,
        changed.mayor_approved_on,
        changed.mayor_approved_by,
    ) == (None,) * 5
    assert [text for _rid, text in changed.missing] == [
        "分管副市长审定签字",
        "市政府办公室综合汇总",
        "常务副市长审核",
        "市长审定",
    ]
    signed = step(db, item.id, "sponsor_signed", T + timedelta(days=9))
    assert (signed.sponsor_signed_by_name, signed.sponsor_signed_capacity) == ("孙立新", "本人")


# --- R23.4.1b: policy documents -------------------------------------------------------------------


def test_R23_4_1b_policy_item_needs_the_legal_review(db, gov):
    m = plan(db, gov, MEETING_DAY)
    item = new_item(db, gov, category="report", is_policy=True)
    approve(db, item.id)
    with pytest.raises(RuleViolation) as e:
        place(db, item.id, m.id)
    assert "法制部门审核同意" in blocked(e, "R23.4.1b", "第二十三条")
    step(db, item.id, "legal_reviewed", T + timedelta(days=5))
    assert place(db, item.id, m.id).status == "placed"


# --- R23.4.2a/b/c: categories, procedure sheet, briefing ------------------------------------------


def test_R23_4_2b_deliberation_item_needs_the_procedure_sheet(db, gov):
    m = plan(db, gov, MEETING_DAY)
    item = new_item(db, gov)
    approve(db, item.id)
    assert agenda.chain_status(agenda.get_item(db, item.id))[0][0] == "R23.4.2b"
    with pytest.raises(RuleViolation) as e:
        place(db, item.id, m.id)
    blocked(e, "R23.4.2b", "第二十三条")
    step(db, item.id, "procedure_sheet", T + timedelta(days=6))
    assert place(db, item.id, m.id).status == "placed"


def test_R23_4_2a_only_report_items_may_be_circulated_in_writing(db, gov):
    m = plan(db, gov, MEETING_DAY)
    deliberation = new_item(db, gov)
    approve(db, deliberation.id)
    with pytest.raises(RuleViolation) as e:
        agenda_meeting.circulate_in_writing(
            db, CLERK, deliberation.id, m.id, deliberation.version + 5
        )
    blocked(e, "R23.4.2a", "第二十三条")
    report = new_item(db, gov, category="report")
    approve(db, report.id)
    done = agenda_meeting.circulate_in_writing(
        db, CLERK, report.id, m.id, agenda.get_item(db, report.id).version
    )
    assert (done.status, done.status_name, done.meeting_id) == ("circulated", "书面传达", m.id)


def test_R23_4_2c_briefing_to_the_mayor_for_especially_important_items(db, gov):
    item = new_item(db, gov)
    with pytest.raises(RuleViolation) as e:
        step(db, item.id, "briefing", T)
    blocked(e, "R23.4.2c", "第二十三条")
    important = new_item(db, gov, is_important=True)
    assert step(db, important.id, "briefing", T).briefing_on == T


# --- R23.4.4: consensus -------------------------------------------------------------------------


def test_R23_4_4_item_without_consensus_needs_disagreement_solution_and_mayor_consent(db, gov):
    m = plan(db, gov, MEETING_DAY)
    item = new_item(db, gov, category="report")
    approve(db, item.id)
    with pytest.raises(RuleViolation) as e:  # no disagreement recorded: nothing to consent to
        step(db, item.id, "mayor_consent", T + timedelta(days=5))
    blocked(e, "R23.4.4")
    step(
        db,
        item.id,
        "disagreement",
        T,
        disagreement="财政局与教育局对资金来源意见不一",
        solution="倾向由市级财政分两年安排",
    )
    with pytest.raises(RuleViolation) as e:
        place(db, item.id, m.id)
    assert "未达成一致意见" in blocked(e, "R23.4.4", "第二十三条")
    with pytest.raises(RuleViolation) as e:
        step(db, item.id, "mayor_consent", T + timedelta(days=5), by=gov.person["张海峰"])
    blocked(e, "R23.4.4")
    step(db, item.id, "mayor_consent", T + timedelta(days=5))
    assert place(db, item.id, m.id).status == "placed"


def test_R23_4_4_a_new_disagreement_text_needs_the_mayors_consent_again(db, gov):
    item = new_item(db, gov, category="report")
    step(db, item.id, "disagreement", T, disagreement="甲", solution="乙")
    step(db, item.id, "mayor_consent", T)
    changed = step(db, item.id, "disagreement", T, disagreement="甲、丙", solution="乙")
    assert changed.mayor_consent_on is None
    assert (
        "R23.4.4",
        "未达成一致意见：须注明分歧意见、解决方案或倾向性意见，并经市长同意",
    ) in changed.missing
    assert step(db, item.id, "consensus", T).consensus is True


# --- the register -------------------------------------------------------------------------------


def test_items_are_listed_searched_and_protected_by_their_version(db, gov):
    first = new_item(db, gov)
    agenda.save_item(db, CLERK, title="关于全市冬季供暖工作的通报", category="report")
    assert [i.title for i in agenda.list_items(db, search="供暖")] == ["关于全市冬季供暖工作的通报"]
    assert len(agenda.list_items(db)) == 2
    step(db, first.id, "coordination", T, method="会签")
    with pytest.raises(StaleRecordError):
        agenda.record_step(db, CLERK, first.id, "legal_reviewed", T, expected_version=first.version)
    with pytest.raises(ValidationError):
        agenda.save_item(db, CLERK, title="  ", category="report")
    with pytest.raises(ValidationError):
        agenda.save_item(db, CLERK, title="某议题", category="other")
