"""Pure 发文 rules added with the outgoing register: the usual prefix (NUM), the plan additions
(R38), the interpretation's order and the 常务会议 before issue (R18), the deciding meeting of a
major matter (R10), the drafting units of a normative document (R17) and a joint document's
disagreements (R37): allowed and blocked."""

from __future__ import annotations

import pytest

from desktop_app.rules.documents import (
    check_deciding_meeting,
    check_disagreement_written_up,
    check_disagreements_settled,
    check_major_matter_decided,
    default_prefix,
    major_matter_of,
)
from desktop_app.rules.normative import (
    check_interpretation_step,
    check_normative_decided,
    check_normative_drafting,
    interpretation_flags,
    normative_plan_flags,
)
from desktop_app.rules.registry import RuleViolation, all_rules


def _cites(err, rule_id: str) -> str:
    assert err.value.rule_id == rule_id
    assert f"（{rule_id}）" in err.value.message
    return err.value.message


def test_R38_is_registered_with_its_article():
    info = {r.rule_id: r for r in all_rules()}["R38"]
    assert info.article == "第三十八条" and info.severity == "track" and info.functions


@pytest.mark.parametrize(
    ("issuer", "doc_type", "prefix"),
    [
        ("government", "通知", "同政发"),
        ("government", "决定", "同政发"),
        ("government", "函", "同政函"),
        ("office", "通知", "同政办发"),
        ("office", "函", "同政办函"),
    ],
)
def test_NUM_usual_prefix_of_issuer_and_type(issuer, doc_type, prefix):
    assert default_prefix("同", issuer, doc_type) == prefix


def test_R38_additions_to_the_plan_are_flagged_until_reviewed_and_decided():
    flags = normative_plan_flags(True, False, False, False)
    assert len(flags) == 2 and all("（R38）" in f for f in flags)
    assert "法制部门审核" in flags[0] and "常务会议" in flags[1]
    assert len(normative_plan_flags(True, False, True, False)) == 1


def test_R38_planned_or_reviewed_and_decided_additions_are_fine():
    assert normative_plan_flags(True, True, False, False) == []  # in the plan
    assert normative_plan_flags(True, False, True, True) == []  # addition, reviewed and decided
    assert normative_plan_flags(False, False, False, False) == []  # not normative


def test_R18_interpretation_steps_in_order_blocked():
    with pytest.raises(RuleViolation) as err:
        check_interpretation_step("reviewed", drafted=False, reviewed=False)
    _cites(err, "R18")
    with pytest.raises(RuleViolation) as err:
        check_interpretation_step("published", drafted=True, reviewed=False)
    assert "法制部门审核" in _cites(err, "R18")
    with pytest.raises(ValueError):
        check_interpretation_step("approved", True, True)


def test_R18_interpretation_steps_in_order_allowed():
    check_interpretation_step("drafted", False, False)
    check_interpretation_step("reviewed", True, False)
    check_interpretation_step("published", True, True)


def test_R18_normative_document_issued_only_after_review_and_meeting():
    with pytest.raises(RuleViolation) as err:
        check_normative_decided(True, legal_reviewed=False, meeting_decided=False)
    assert "法制部门审核" in _cites(err, "R18")
    with pytest.raises(RuleViolation) as err:
        check_normative_decided(True, legal_reviewed=True, meeting_decided=False)
    assert "常务会议" in _cites(err, "R18")
    check_normative_decided(True, True, True)
    check_normative_decided(False, False, False)  # other documents: no such step


def test_R18_interpretation_tracked_once_numbered():
    assert "（R18）" in interpretation_flags(True, True, False)[0]
    assert interpretation_flags(True, True, True) == []
    assert interpretation_flags(True, False, False) == []  # not issued yet
    assert interpretation_flags(False, True, False) == []


def test_R10_R17_R37_are_registered_with_their_articles():
    info = {r.rule_id: r for r in all_rules()}
    assert (info["R10"].article, info["R17"].article, info["R37"].article) == (
        "第十条",
        "第十七条",
        "第三十七条",
    )
    assert all(info[x].functions for x in ("R10", "R17", "R37"))


def test_R10_major_matter_refused_without_its_deciding_meeting():
    with pytest.raises(RuleViolation) as err:
        check_major_matter_decided("财政预算", meeting_linked=False)
    assert "财政预算" in _cites(err, "R10")
    assert major_matter_of("", is_normative=True) == "规范性文件"  # the article names it
    with pytest.raises(RuleViolation) as err:
        check_major_matter_decided(major_matter_of("", True), False)
    _cites(err, "R10")
    with pytest.raises(ValueError):
        major_matter_of("小事", False)


def test_R10_major_matter_allowed_with_its_meeting_and_other_documents_free():
    check_major_matter_decided("政府投资", meeting_linked=True)
    check_major_matter_decided(major_matter_of("", False), meeting_linked=False)  # not major


@pytest.mark.parametrize(
    ("kind", "status", "on_it", "words"),
    [
        ("mayor_office", "held", True, "不是市政府常务会议或全体会议"),
        ("executive", "planned", True, "尚未召开"),
        ("executive", "cancelled", True, "尚未召开"),
        ("plenary", "held", False, "不在"),
    ],
)
def test_R10_deciding_meeting_refused(kind, status, on_it, words):
    with pytest.raises(RuleViolation) as err:
        check_deciding_meeting(kind, status, on_it, "市政府第三次常务会议")
    assert words in _cites(err, "R10")


def test_R10_deciding_meeting_allowed():
    check_deciding_meeting("executive", "held", True)
    check_deciding_meeting("plenary", "held", True)


def test_R17_normative_document_of_two_departments_refused_without_drafters():
    depts = {1: "财政局", 2: "发展和改革局"}
    with pytest.raises(RuleViolation) as err:
        check_normative_drafting(True, depts, {1}, "")
    assert "发展和改革局" in _cites(err, "R17")


def test_R17_jointly_drafted_designated_or_one_department_allowed():
    depts = {1: "财政局", 2: "发展和改革局"}
    check_normative_drafting(True, depts, {1, 2}, "")  # jointly drafted
    check_normative_drafting(True, depts, {1}, "市政府2026年第3次常务会议指定财政局起草")
    check_normative_drafting(True, {1: "财政局"}, {1}, "")  # one department only
    check_normative_drafting(False, depts, {1}, "")  # not normative


def test_R37_disagreement_must_list_each_side_and_a_proposal():
    with pytest.raises(RuleViolation) as err:
        check_disagreement_written_up([("财政局", "预算不足")], "建议分两年实施")
    assert "各方" in _cites(err, "R37")
    with pytest.raises(RuleViolation) as err:
        check_disagreement_written_up([("财政局", "预算不足"), ("农业农村局", " ")], "建议")
    assert "农业农村局" in _cites(err, "R37")
    with pytest.raises(RuleViolation) as err:
        check_disagreement_written_up([("财政局", "预算不足"), ("农业农村局", "时节紧")], "")
    assert "建议性意见" in _cites(err, "R37")
    check_disagreement_written_up(
        [("财政局", "预算不足"), ("农业农村局", "时节紧")], "建议分两年实施"
    )


def test_R37_open_disagreement_blocks_issue_settled_one_does_not():
    with pytest.raises(RuleViolation) as err:
        check_disagreements_settled(["2026-03-02提出的分歧"])
    assert "协调结果" in _cites(err, "R37")
    check_disagreements_settled([])
