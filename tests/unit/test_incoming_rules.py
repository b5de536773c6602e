"""Incoming-document rules (R32, R35, R36, R43, R44) as pure functions."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.rules import incoming as r
from desktop_app.rules.registry import RuleViolation, all_rules

D = date(2026, 3, 2)


def test_rules_are_registered_with_their_articles():
    info = {x.rule_id: x.article for x in all_rules()}
    assert info["R32"] == "第三十二条" and info["R44"] == "第四十四条"
    assert {"R35", "R36", "R43"} <= set(info)


def test_R32_only_proposed_documents_are_routed():
    for status, voided in (("registered", False), ("returned", False), ("proposed", True),
                           ("closed", False)):
        with pytest.raises(RuleViolation) as err:
            r.check_routable(status, voided)
        assert err.value.rule_id == "R32"
    r.check_routable("proposed", False)
    r.check_routable("routed", False)  # routed on to the next reader


def test_R32_irregular_and_reverse_flow_are_flagged():
    assert r.intake_flags("normal", False) == []
    assert len(r.intake_flags("irregular", True)) == 2


def test_R35_department_route_needs_lead_and_deadline():
    with pytest.raises(RuleViolation):
        r.check_department_route(None, True, D)
    with pytest.raises(RuleViolation):
        r.check_department_route(D, False, D)
    with pytest.raises(RuleViolation):
        r.check_department_route(date(2026, 3, 1), True, D)
    r.check_department_route(D, True, D)
    assert r.higher_route_warning(True, False)
    assert r.higher_route_warning(True, True) == "" and r.higher_route_warning(False, False) == ""


def test_R35_deadline_state():
    soon = date(2026, 3, 4)
    assert r.deadline_state(date(2026, 3, 1), False, D, soon) == "overdue"
    assert r.deadline_state(soon, False, D, soon) == "due"
    assert r.deadline_state(date(2026, 3, 5), False, D, soon) == ""
    assert r.deadline_state(date(2026, 3, 1), True, D, soon) == ""
    assert r.deadline_state(None, False, D, soon) == ""


def test_R36_reading_semantics():
    assert r.reading_opinion("notice", "") == ("circle", "已阅知")
    assert r.reading_opinion("notice", "请各部门知悉") == ("opinion", "请各部门知悉")
    for nature in ("request", "action"):
        for empty in ("", " ", "已阅知"):
            with pytest.raises(RuleViolation) as err:
                r.reading_opinion(nature, empty)
            assert err.value.rule_id == "R36"
        assert r.reading_opinion(nature, "同意") == ("opinion", "同意")


def test_R43_same_day_proposal():
    assert r.proposal_state(D, False, D) == "warn"
    assert r.proposal_state(date(2026, 3, 1), False, D) == "overdue"
    assert r.proposal_state(D, True, D) == ""
    assert r.proposal_state(date(2026, 3, 3), False, D) == ""


def test_R44_classified_access_and_fields():
    with pytest.raises(RuleViolation) as err:
        r.check_classified("秘密", False)
    assert err.value.rule_id == "R44"
    r.check_classified("秘密", True)
    r.check_classified("", False)
    with pytest.raises(RuleViolation):
        r.check_classified_fields("机密", "", 1, "001")
    with pytest.raises(RuleViolation):
        r.check_classified_fields("机密", "10年", 2, "001")
    with pytest.raises(RuleViolation):
        r.check_classified_fields("内部", "", 1, "")
    r.check_classified_fields("机密", "10年", 2, "001，002")
    r.check_classified_fields("", "", 3, "")
