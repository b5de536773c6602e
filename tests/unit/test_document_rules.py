"""Pure DOC rule functions (R33.1–R33.3, R34, R45.1, NUM, R16, R18, R49; R10, R17, R37 in
test_outgoing_rules.py): allowed and blocked."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.rules.documents import (
    OutgoingFacts,
    check_chain_complete,
    check_doc_number,
    check_publication,
    check_signoff,
    number_sequence_name,
    required_signoffs,
)
from desktop_app.rules.normative import (
    check_normative_before_meeting,
    filing_deadlines,
    overdue_filings,
)
from desktop_app.rules.registry import RuleViolation, all_rules

VICE, EXEC, MAYOR = ["vice_mayor"], ["exec_vice_mayor"], ["mayor"]


def _assert_cites(err, rule_id: str) -> None:
    assert err.value.rule_id == rule_id
    assert err.value.message.startswith("依据《工作规则》第")
    assert f"（{rule_id}）" in err.value.message


def _chain(**kw) -> list[tuple[str, str, str]]:
    facts = OutgoingFacts(**{"issuer": "government", "doc_type": "通知", **kw})
    return [(s.key, s.post, s.rule_id) for s in required_signoffs(facts)]


def test_document_rules_are_registered_with_their_articles():
    by_id = {r.rule_id: r for r in all_rules()}
    for rule_id, article in (
        ("R33.1", "第三十三条"),
        ("R33.2", "第三十三条"),
        ("R33.3", "第三十三条"),
        ("R34", "第三十四条"),
        ("R16", "第十六条"),
        ("R18", "第十八条"),
        ("R45.1", "第四十五条"),
        ("R49", "第四十九条"),
        ("NUM", "发文字号编号规则"),
    ):
        assert by_id[rule_id].article == article
        assert by_id[rule_id].functions


def test_R33_1_one_portfolio_chain_and_allowed_signers():
    chain = required_signoffs(OutgoingFacts("government", "通知", vice_mayors=1))
    assert [(s.key, s.post, s.rule_id) for s in chain] == [
        ("vice_mayor_agree", "vice_mayor_in_charge", "R33.1"),
        ("office_review", "office_review", "R33.1"),
        ("sign", "exec_vice_mayor", "R33.1"),
    ]
    assert check_signoff(chain[0], VICE, signer_is_in_charge=True) == "本人"
    assert check_signoff(chain[1], ["standing_secretary"], False) == "本人"
    assert check_signoff(chain[2], EXEC + ["party_group_member"], False) == "本人"


def test_R33_1_refuses_vice_mayor_not_in_charge_and_mayor_in_exec_step():
    chain = required_signoffs(OutgoingFacts("government", "意见"))
    with pytest.raises(RuleViolation) as err:
        check_signoff(chain[0], VICE, signer_is_in_charge=False)
    _assert_cites(err, "R33.1")
    with pytest.raises(RuleViolation) as err:
        check_signoff(chain[0], ["unit_head"], signer_is_in_charge=True)
    _assert_cites(err, "R33.1")
    with pytest.raises(RuleViolation) as err:
        check_signoff(chain[1], VICE, signer_is_in_charge=True)
    _assert_cites(err, "R33.1")
    with pytest.raises(RuleViolation) as err:
        check_signoff(chain[2], MAYOR, signer_is_in_charge=False)
    _assert_cites(err, "R33.1")
    assert "常务副市长" in err.value.message


def test_R33_2_two_portfolios_mayor_or_exec_signs():
    assert _chain(vice_mayors=3) == [
        ("vice_mayors_review", "vice_mayors_in_charge", "R33.2"),
        ("sign", "mayor_or_exec_vice_mayor", "R33.2"),
    ]
    chain = required_signoffs(OutgoingFacts("government", "通知", vice_mayors=2))
    assert "2位" in chain[0].label
    assert check_signoff(chain[-1], MAYOR, False) == "本人"
    assert check_signoff(chain[-1], EXEC, False) == "本人"


def test_R33_2_refuses_plain_vice_mayor_as_signer():
    chain = required_signoffs(OutgoingFacts("government", "通知", vice_mayors=2))
    with pytest.raises(RuleViolation) as err:
        check_signoff(chain[-1], VICE, signer_is_in_charge=True)
    _assert_cites(err, "R33.2")
    with pytest.raises(RuleViolation) as err:
        check_signoff(chain[0], VICE, signer_is_in_charge=False)
    _assert_cites(err, "R33.2")


@pytest.mark.parametrize(
    "kw",
    [
        {"doc_type": "决定"},
        {"doc_type": "命令（令）"},
        {"to_party_or_congress": True},
        {"to_higher_government": True},
        {"reports_on_higher_instructions": True},
    ],
)
def test_R33_3_mayor_signs_and_earlier_reviews_are_kept(kw):
    assert _chain(**kw) == [
        ("vice_mayor_agree", "vice_mayor_in_charge", "R33.1"),
        ("office_review", "office_review", "R33.1"),
        ("sign", "mayor", "R33.3"),
    ]
    assert _chain(vice_mayors=2, **kw)[-1] == ("sign", "mayor", "R33.3")


def test_R33_1_a_government_document_never_loses_the_vice_mayor_step():
    """R33.1 (Art. 33, as corrected in RULES.md) decides: "the vice mayor in charge" is derived
    from the directory, and the step is never dropped because no portfolio was selected. The
    old reading (`portfolios=0` → office review and 签发 only) let a 市政府 notice drafted by
    农业农村局 through without its vice mayor; 0 now means "not derived yet": the step stays."""
    assert _chain(vice_mayors=0) == [
        ("vice_mayor_agree", "vice_mayor_in_charge", "R33.1"),
        ("office_review", "office_review", "R33.1"),
        ("sign", "exec_vice_mayor", "R33.1"),
    ]
    assert _chain(vice_mayors=0, doc_type="决定")[0] == (
        "vice_mayor_agree",
        "vice_mayor_in_charge",
        "R33.1",
    )
    with pytest.raises(RuleViolation) as err:  # and it blocks numbering until recorded
        check_chain_complete(
            required_signoffs(OutgoingFacts("government", "通知", vice_mayors=0)),
            {"office_review", "sign"},
        )
    assert "分管副市长同意" in err.value.message


@pytest.mark.parametrize("doc_type", ["公告", "通知", "意见"])
def test_R33_3_important_government_documents_go_to_the_mayor(doc_type):
    """R33.3: 决定、命令 *and other important documents* — a 公告 or 通知 marked important is
    signed by the mayor; the vice mayor's and the office's steps are kept."""
    assert _chain(doc_type=doc_type, important=True) == [
        ("vice_mayor_agree", "vice_mayor_in_charge", "R33.1"),
        ("office_review", "office_review", "R33.1"),
        ("sign", "mayor", "R33.3"),
    ]
    assert _chain(doc_type=doc_type, important=True, vice_mayors=2)[-1] == (
        "sign",
        "mayor",
        "R33.3",
    )
    sign = required_signoffs(OutgoingFacts("government", doc_type, important=True))[-1]
    with pytest.raises(RuleViolation) as err:
        check_signoff(sign, EXEC, signer_is_in_charge=False)
    _assert_cites(err, "R33.3")
    assert check_signoff(sign, MAYOR, signer_is_in_charge=False) == "本人"


def test_R33_3_unmarked_notice_stays_with_the_exec_vice_mayor():
    """R33.3 allowed path: a routine 通知 (not marked important) is signed under R33.1."""
    assert _chain()[-1] == ("sign", "exec_vice_mayor", "R33.1")


def test_R33_3_mayor_signs_allowed():
    sign = required_signoffs(OutgoingFacts("government", "决定"))[-1]
    assert check_signoff(sign, MAYOR, signer_is_in_charge=False) == "本人"


def test_R33_3_refuses_exec_vice_mayor_even_when_entrusted():
    sign = required_signoffs(OutgoingFacts("government", "请示", to_higher_government=True))[-1]
    with pytest.raises(RuleViolation) as err:
        check_signoff(sign, EXEC, signer_is_in_charge=False, entrusted_for_mayor=True)
    _assert_cites(err, "R33.3")
    assert "受委托" in err.value.message
    with pytest.raises(RuleViolation) as err:
        check_signoff(sign, EXEC, signer_is_in_charge=False)
    _assert_cites(err, "R33.3")


def test_R34_office_documents_important_and_routine():
    important = OutgoingFacts("office", "通知", important=True)
    chain = required_signoffs(important)
    assert [(s.key, s.post, s.rule_id) for s in chain] == [
        ("vice_mayor_agree", "vice_mayor_in_charge", "R34"),
        ("sign", "exec_vice_mayor", "R34"),
    ]
    # Art. 34 covers office documents sent up too: R33.3 does not raise the signer
    routine = OutgoingFacts("office", "报告", to_higher_government=True)
    assert [(s.key, s.post) for s in required_signoffs(routine)] == [("sign", "exec_vice_mayor")]
    assert check_signoff(chain[-1], EXEC, False) == "本人"


def test_R34_refuses_vice_mayor_signing_office_document():
    sign = required_signoffs(OutgoingFacts("office", "通知"))[-1]
    with pytest.raises(RuleViolation) as err:
        check_signoff(sign, VICE, signer_is_in_charge=True)
    _assert_cites(err, "R34")


def test_bad_facts_are_rejected():
    for facts in (
        OutgoingFacts("department", "通知"),
        OutgoingFacts("government", "简报"),
        OutgoingFacts("government", "通知", vice_mayors=-1),
    ):
        with pytest.raises(ValueError):
            required_signoffs(facts)


def test_R45_1_no_number_or_seal_before_chain_complete():
    chain = required_signoffs(OutgoingFacts("government", "决定"))
    with pytest.raises(RuleViolation) as err:
        check_chain_complete(chain, ["vice_mayor_agree"])
    _assert_cites(err, "R45.1")
    assert "市政府办公室审核" in err.value.message and "市长签发" in err.value.message
    assert "分管副市长同意" not in err.value.message
    check_chain_complete(chain, {"vice_mayor_agree", "office_review", "sign"})


def test_NUM_prefix_must_be_allowed_and_well_formed():
    check_doc_number("同政发", ["同政发", "同政办发"])
    for bad in ("同政函", "TZF", "同政发〔", ""):
        with pytest.raises(RuleViolation) as err:
            check_doc_number(bad, ["同政发", "同政办发"])
        assert err.value.rule_id == "NUM"
        assert err.value.message.startswith("依据发文字号编号规则（NUM）")


def test_NUM_one_sequence_per_prefix_per_year():
    assert number_sequence_name("同政发", 2026) == "doc:同政发:2026"
    assert number_sequence_name("同政发", 2026) != number_sequence_name("同政办发", 2026)
    assert number_sequence_name("同政发", 2026) != number_sequence_name("同政发", 2027)
    with pytest.raises(ValueError):
        number_sequence_name("同政发", 26)


def test_R16_filing_deadlines_are_15_calendar_days():
    due = filing_deadlines(date(2026, 9, 25))  # crosses the National Day holiday: still 15 days
    assert due == (date(2026, 10, 10), date(2026, 10, 10))
    assert due.higher_government == due.congress_standing_committee
    assert overdue_filings(date(2026, 9, 25), date(2026, 10, 10), None, None) == []
    assert (
        overdue_filings(date(2026, 9, 25), date(2026, 12, 1), date(2026, 10, 9), date(2026, 10, 10))
        == []
    )


def test_R16_overdue_filings_are_flagged():
    out = overdue_filings(date(2026, 9, 25), date(2026, 10, 11), date(2026, 10, 1), None)
    assert len(out) == 1
    assert out[0].startswith("依据《工作规则》第十六条（R16）") and "人大常委会" in out[0]
    late = overdue_filings(date(2026, 9, 25), date(2026, 11, 1), date(2026, 10, 12), None)
    assert len(late) == 2


def test_R18_normative_document_needs_legal_review_before_meeting():
    check_normative_before_meeting(legal_reviewed=True)
    with pytest.raises(RuleViolation) as err:
        check_normative_before_meeting(legal_reviewed=False)
    _assert_cites(err, "R18")


def test_R49_publication_allowed_paths():
    check_publication(False, True, "主动公开")
    check_publication(False, True, "依申请公开")
    check_publication(True, False, "不予公开", "涉及国家秘密")


@pytest.mark.parametrize(
    "args",
    [
        (True, True, "主动公开", ""),  # classified: never published
        (False, False, "主动公开", ""),  # no confidentiality review recorded
        (False, False, "依申请公开", ""),
        (False, True, "不予公开", "  "),  # no reason
    ],
)
def test_R49_publication_blocked(args):
    with pytest.raises(RuleViolation) as err:
        check_publication(*args)
    _assert_cites(err, "R49")


def test_R49_unknown_openness_is_rejected():
    with pytest.raises(ValueError):
        check_publication(False, True, "公开")
