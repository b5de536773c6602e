"""Incoming-document rules (R32, R35, R36, R42, R43, R44) and the publication rules (R52, R54,
R55) as pure functions."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.rules import incoming as r
from desktop_app.rules import publication as pub
from desktop_app.rules.registry import RuleViolation, all_rules

D = date(2026, 3, 2)


def test_rules_are_registered_with_their_articles():
    info = {x.rule_id: x.article for x in all_rules()}
    assert info["R32"] == "第三十二条" and info["R44"] == "第四十四条"
    assert {"R35", "R36", "R43"} <= set(info)


def test_R32_only_proposed_documents_are_routed():
    for status, voided in (
        ("registered", False),
        ("returned", False),
        ("proposed", True),
        ("closed", False),
    ):
        with pytest.raises(RuleViolation) as err:
            r.check_routable(status, voided)
        assert err.value.rule_id == "R32"
    r.check_routable("proposed", False)
    r.check_routable("routed", False)  # routed on to the next reader


def test_R32_irregular_and_reverse_flow_are_flagged():
    assert r.intake_flags("normal", False) == []
    assert len(r.intake_flags("irregular", True)) == 2


def test_R32_an_irregular_document_is_refused_before_a_leader():
    """第三十二条: 市政府领导不受理和审批非正常程序传递的文件 — no longer only a warning."""
    with pytest.raises(RuleViolation) as err:
        r.check_leader_route("irregular")
    assert err.value.rule_id == "R32"
    assert err.value.message.startswith("依据《工作规则》第三十二条")
    assert "退文" in err.value.message and "作为信息处理" in err.value.message
    r.check_leader_route("normal")  # allowed


def test_R42_an_unapproved_bulletin_is_not_forwarded_to_a_leader():
    for kind in r.BULLETIN_KINDS:
        with pytest.raises(RuleViolation) as err:
            r.check_bulletin_leader_route(kind, "")
        assert err.value.rule_id == "R42"
        assert err.value.message.startswith("依据《工作规则》第四十二条")
    # approved by 市委 or 市政府: follows the document procedure
    r.check_bulletin_leader_route("简报", "市委")
    r.check_bulletin_leader_route("信息", "市政府")
    r.check_bulletin_leader_route("请示", "")  # not a bulletin: R42 says nothing


def test_R42_only_a_bulletin_is_approved_and_only_by_the_party_committee_or_government():
    with pytest.raises(RuleViolation) as err:
        r.check_bulletin_approval("简报", "财政局")
    assert err.value.rule_id == "R42"
    with pytest.raises(RuleViolation):
        r.check_bulletin_approval("通知", "市政府")
    r.check_bulletin_approval("情况", "市委")


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


def test_R52_release_approver_is_the_executive_vice_mayor_or_the_mayor_when_important():
    info = {x.rule_id: x for x in all_rules()}
    assert info["R52"].article == "第五十二条" and info["R52"].severity == "block"
    assert pub.check_release_approver(False, ["exec_vice_mayor"], "张海峰", D) == "常务副市长"
    assert pub.check_release_approver(True, ["mayor"], "李明远", D) == "市长"
    for important, posts in (
        (False, ["vice_mayor"]),
        (False, ["mayor"]),
        (True, ["exec_vice_mayor"]),
        (True, []),
    ):
        with pytest.raises(RuleViolation) as err:
            pub.check_release_approver(important, posts, "某某", D)
        assert err.value.rule_id == "R52"
        assert err.value.message.startswith("依据《工作规则》第五十二条")


def test_R52_released_only_after_approval():
    with pytest.raises(RuleViolation) as err:
        pub.check_releasable("draft", False, None, D)
    assert err.value.rule_id == "R52" and "常务副市长" in err.value.message
    with pytest.raises(RuleViolation) as err:
        pub.check_releasable("draft", True, None, D)
    assert "市长" in err.value.message
    with pytest.raises(RuleViolation):
        pub.check_releasable("approved", False, date(2026, 3, 3), D)  # before the approval
    with pytest.raises(RuleViolation):
        pub.check_releasable("released", False, D, D)
    pub.check_releasable("approved", False, D, D)


def test_R54_R55_tracking_rules_are_registered_and_decide_what_is_tracked():
    info = {x.rule_id: x for x in all_rules()}
    assert (info["R54"].article, info["R54"].severity) == ("第五十四条", "track")
    assert (info["R55"].article, info["R55"].severity) == ("第五十五条", "track")
    assert pub.meeting_decisions_unpublished("executive", True, False, False)
    assert pub.meeting_decisions_unpublished("plenary", True, False, False)
    assert not pub.meeting_decisions_unpublished("executive", True, False, True)  # published
    assert not pub.meeting_decisions_unpublished("executive", True, True, False)  # 涉密
    assert not pub.meeting_decisions_unpublished("mayor_office", True, False, False)
    assert not pub.meeting_decisions_unpublished("executive", False, False, False)
    assert pub.document_unpublished("issued", "", "主动公开")
    assert pub.document_unpublished("issued", "", "")  # openness undecided: still to publish
    assert not pub.document_unpublished("published", "", "主动公开")
    assert not pub.document_unpublished("issued", "秘密", "不予公开")
    assert not pub.document_unpublished("issued", "", "依申请公开")
    assert not pub.document_unpublished("signed", "", "主动公开")
