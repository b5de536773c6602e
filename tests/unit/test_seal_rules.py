"""Seal rules as pure functions: what a use needs (R45.1–R48, R14), who may sign (R45.3, R46, R48),
and whether the seal may be applied as recorded (LOG, R47)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from desktop_app.rules import seals as r
from desktop_app.rules.registry import RuleViolation, all_rules

BASE = dict(
    seal_kind="gov",
    is_formal=False,
    important=False,
    is_contract=False,
    joint_with_party=False,
    tv_announcement=False,
)


def codes(**kw) -> list[tuple[str, str]]:
    return [(q.code, q.rule_id) for q in r.required_approvals(**(BASE | kw))]


def blocked(excinfo, rule_id: str) -> str:
    assert excinfo.value.rule_id == rule_id
    assert f"（{rule_id}）" in excinfo.value.message
    return excinfo.value.message


def test_every_seal_rule_is_registered_with_its_article():
    by_id = {x.rule_id: x for x in all_rules()}
    for rule_id, article in (
        ("R45.1", "第四十五条"),
        ("R45.2", "第四十五条"),
        ("R45.3", "第四十五条"),
        ("R46", "第四十六条"),
        ("R47", "第四十七条"),
        ("R48", "第四十八条"),
        ("R14", "第十四条"),
    ):
        assert by_id[rule_id].article == article
        assert any("rules.seals" in f for f in by_id[rule_id].functions)
    assert by_id["LOG"].severity == "block"


def test_R45_2_other_use_of_the_government_seal_needs_the_vice_mayor():
    assert codes() == [("vice_mayor", "R45.2")]
    assert codes(seal_kind="other") == []  # allowed path: no government seal, no R45.2


def test_R45_1_formal_document_needs_its_chain_instead_of_the_vice_mayor():
    assert codes(is_formal=True) == [("sign_off", "R45.1")]
    # the office seal keeps its director's signature (第四十六条) on a formal office document
    assert codes(is_formal=True, seal_kind="office") == [
        ("sign_off", "R45.1"),
        ("office_director", "R46"),
    ]


def doc(**kw) -> r.LinkedDocument:
    args = dict(
        label="同政发〔2026〕1号《关于做好春耕生产的通知》",
        issuer="government",
        status="issued",
        numbered=True,
        voided=False,
        chain_problem="",
    )
    return r.LinkedDocument(**(args | kw))


@pytest.mark.parametrize(
    "seal_kind, linked, words",
    [
        ("gov", None, "未关联发文"),
        ("gov", doc(status="draft", numbered=False), "尚未编号印发"),
        ("gov", doc(status="signed", numbered=False), "尚未编号印发"),
        ("gov", doc(voided=True), "已作废"),
        ("gov", doc(chain_problem="缺少：常务副市长签发。"), "签批程序未完成"),
        ("office", doc(), "应加盖市政府印章"),
        ("other", doc(), "应加盖市政府印章"),
        ("gov", doc(issuer="office"), "应加盖市政府办公室印章"),
    ],
)
def test_R45_1_formal_document_refused_unless_an_issued_record_of_the_seal_s_issuer(
    seal_kind, linked, words
):
    """第四十五条: a formal document is a linked 发文 record, numbered and not voided, its chain
    complete, sealed with its issuer's seal; anything else is an other use."""
    with pytest.raises(RuleViolation) as e:
        r.check_formal_document(True, seal_kind, linked)
    assert words in blocked(e, "R45.1")
    assert "第四十五条" in e.value.message


def test_R45_1_formal_document_allowed_for_an_issued_record_with_the_matching_seal():
    r.check_formal_document(True, "gov", doc())
    r.check_formal_document(True, "gov", doc(status="published"))
    r.check_formal_document(True, "office", doc(issuer="office"))
    r.check_formal_document(False, "gov", None)  # an other use links nothing
    assert r.formal_document_problem("gov", doc()) is None


def test_R45_3_important_use_needs_the_mayor_and_category_decides_importance():
    assert ("mayor", "R45.3") in codes(important=True)
    assert ("mayor", "R45.3") not in codes()
    cats = ["涉及重大财政支出"]
    assert r.is_important(False, "涉及重大财政支出", cats)
    assert r.is_important(True, "", cats)
    assert not r.is_important(False, "", cats)


def test_R46_office_seal_needs_the_office_director_not_the_vice_mayor():
    assert codes(seal_kind="office") == [("office_director", "R46")]


def test_R47_R48_R14_flags_add_their_items_in_form_order():
    assert codes(is_contract=True, joint_with_party=True, tv_announcement=True) == [
        ("legality", "R14"),
        ("vice_mayor", "R45.2"),
        ("tv", "R48"),
        ("party_seal", "R47"),
    ]


def test_R45_3_check_post_signer_refuses_a_non_holder_and_allows_the_holder():
    req = r.mayor_requirement(True)
    assert req is not None
    with pytest.raises(RuleViolation) as e:
        r.check_post_signer(req, 5, {1}, "市长")
    assert "不任此职" in blocked(e, "R45.3")
    with pytest.raises(RuleViolation) as e:
        r.check_post_signer(req, 5, set(), "市长")
    assert "未登记市长" in blocked(e, "R45.3")
    r.check_post_signer(req, 1, {1}, "市长")


def use_args(**kw) -> dict:
    args = dict(
        seal_status="active",
        voided=False,
        already_used=False,
        missing=[],
        copies_approved=5,
        copies_stamped=5,
        copies_spoiled=1,
        no_blank_paper=True,
        supervisor="赵监印",
    )
    return args | kw


@pytest.mark.parametrize(
    "change, words",
    [
        (dict(seal_status="suspended"), "不在启用状态"),
        (dict(voided=True), "已作废"),
        (dict(already_used=True), "已登记用印"),
        (dict(copies_stamped=6), "超过批准的 5 份"),
        (dict(copies_stamped=0), "至少为 1"),
        (dict(no_blank_paper=False), "未在空白文件上用印"),
        (dict(supervisor=" "), "监印人"),
    ],
)
def test_LOG_check_use_refuses(change, words):
    with pytest.raises(RuleViolation) as e:
        r.check_use(**use_args(**change))
    assert words in blocked(e, "LOG")


def test_R45_1_check_use_refuses_with_the_formal_document_s_reason():
    with pytest.raises(RuleViolation) as e:
        r.check_use(
            **use_args(
                formal_problem="未关联发文：……",
                missing=[r.Requirement("sign_off", "R45.1", "公文签批程序完成")],
            )
        )
    assert "未关联发文" in blocked(e, "R45.1")


def test_LOG_check_use_allows_a_complete_use_and_cites_the_first_missing_rule():
    r.check_use(**use_args())
    missing = [
        r.Requirement("legality", "R14", "合法性审查"),
        r.Requirement("vice_mayor", "R45.2", "分管副市长签批"),
    ]
    with pytest.raises(RuleViolation) as e:
        r.check_use(**use_args(missing=missing))
    assert "合法性审查；分管副市长签批" in blocked(e, "R14")


def test_R47_party_seal_first_and_LOG_approvals_before_use():
    party = datetime(2026, 3, 2, 2, tzinfo=UTC)
    with pytest.raises(RuleViolation) as e:
        r.check_party_seal_first(party, datetime(2026, 3, 2, 1, tzinfo=UTC))
    blocked(e, "R47")
    r.check_party_seal_first(party, datetime(2026, 3, 2, 3, tzinfo=UTC))
    with pytest.raises(RuleViolation) as e:
        r.check_approvals_before_use(date(2026, 3, 3), date(2026, 3, 2))
    blocked(e, "LOG")
    r.check_approvals_before_use(date(2026, 3, 2), date(2026, 3, 2))


def test_SEALMGT_lending_approver_and_destruction_witnesses_are_a_named_register_rule():
    """No article speaks of lending or destroying a seal: SEALMGT is registered in words
    (印章管理规则), listed in 设置 → 规则 and cited by name in its refusals."""
    info = next(x for x in all_rules() if x.rule_id == "SEALMGT")
    assert (info.article, info.severity, info.article_labels) == ("印章管理规则", "block", [])
    assert "不是《" in info.article_text() and "监销人" in info.article_text()
    with pytest.raises(RuleViolation) as e:
        r.check_loan_approver(False, "gov")
    assert blocked(e, "SEALMGT").startswith(
        "依据印章管理规则（SEALMGT）：印章外借须经市长、常务副市长批准"
    )
    with pytest.raises(RuleViolation) as e:
        r.check_loan_approver(False, "office")
    assert "或市政府办公室主任" in blocked(e, "SEALMGT")
    r.check_loan_approver(True, "gov")
    for w1, w2 in (("甲", ""), ("", "乙"), ("甲", " 甲 ")):
        with pytest.raises(RuleViolation) as e:
            r.check_destruction_witnesses(w1, w2)
        blocked(e, "SEALMGT")
    r.check_destruction_witnesses("甲", "乙")
