"""Pure 发文 rules added with the outgoing register: the usual prefix (NUM), the plan additions
(R38), the interpretation's order and the 常务会议 before issue (R18): allowed and blocked."""

from __future__ import annotations

import pytest

from desktop_app.rules.documents import (
    check_interpretation_step,
    check_normative_decided,
    default_prefix,
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


@pytest.mark.parametrize(("issuer", "doc_type", "prefix"), [
    ("government", "通知", "同政发"), ("government", "决定", "同政发"), ("government", "函", "同政函"),
    ("office", "通知", "同政办发"), ("office", "函", "同政办函")])
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
