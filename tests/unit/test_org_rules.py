"""Pure ORG rule functions (R4, R6.1, R6.2, R6.3, R62.5): allowed and blocked cases."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.rules.org import (
    b_role_may_sign,
    check_portfolio_holder,
    check_post_unit,
    entrusted_may_sign_for_mayor,
    highest_post,
)
from desktop_app.rules.registry import RuleViolation, all_rules

A, B, C = 1, 2, 3  # person ids: vice mayor A, A's AB partner B, someone else C
MAYOR, AGENT = 10, 11


def _assert_cites(err, rule_id: str) -> None:
    assert err.value.rule_id == rule_id
    assert err.value.message.startswith("依据《工作规则》第")
    assert f"（{rule_id}）" in err.value.message


def test_org_rules_are_registered_with_their_articles():
    by_id = {r.rule_id: r for r in all_rules()}
    for rule_id, article in (
        ("R4", "第四条"),
        ("R6.1", "第六条"),
        ("R6.2", "第六条"),
        ("R6.3", "第六条"),
        ("R62.5", "第六十二条"),
    ):
        assert by_id[rule_id].article == article
        assert by_id[rule_id].functions


# --- R4 -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "post, unit_kind",
    [
        ("mayor", None),
        ("vice_mayor", None),
        ("unit_head", "department"),
        ("township_head", "township"),
        ("unit_deputy", "township"),
        ("standing_secretary", "office"),
    ],
)
def test_R4_post_fits_its_unit(post, unit_kind):
    check_post_unit(post, unit_kind)


@pytest.mark.parametrize(
    "post, unit_kind",
    [
        ("mayor", "department"),
        ("exec_vice_mayor", "township"),
        ("unit_head", None),
        ("unit_head", "township"),
        ("township_head", "department"),
        ("no_such_post", None),
    ],
)
def test_R4_post_in_the_wrong_place_is_refused(post, unit_kind):
    with pytest.raises(RuleViolation) as err:
        check_post_unit(post, unit_kind)
    _assert_cites(err, "R4")


# --- R6.1 -----------------------------------------------------------------------------------------


def test_R6_1_vice_mayors_may_hold_a_portfolio():
    check_portfolio_holder(["vice_mayor"], date(2025, 3, 1))
    check_portfolio_holder(["party_group_member", "exec_vice_mayor"], date(2025, 3, 1))


@pytest.mark.parametrize("posts", [[], ["mayor"], ["unit_head", "party_group_member"]])
def test_R6_1_others_may_not_hold_a_portfolio(posts):
    with pytest.raises(RuleViolation) as err:
        check_portfolio_holder(posts, date(2025, 3, 1))
    _assert_cites(err, "R6.1")
    assert "2025年3月1日" in err.value.message


# --- R6.2 -----------------------------------------------------------------------------------------


def test_R6_2_addressee_signs_in_person():
    assert b_role_may_sign(A, A, B, addressee_away=False).capacity == "本人"
    assert b_role_may_sign(A, A, None, addressee_away=True).capacity == "本人"


def test_R6_2_ab_partner_signs_while_addressee_is_away():
    check = b_role_may_sign(A, B, B, addressee_away=True)
    assert (check.allowed, check.capacity) == (True, "B角代签")


@pytest.mark.parametrize(
    "signer, partner, away",
    [
        (B, B, False),  # partner, but the vice mayor is not away that day
        (C, B, True),  # away, but the signer is not the partner
        (B, None, True),  # no AB pair that day
    ],
)
def test_R6_2_others_may_not_sign_for_the_vice_mayor(signer, partner, away):
    with pytest.raises(RuleViolation) as err:
        b_role_may_sign(A, signer, partner, addressee_away=away)
    _assert_cites(err, "R6.2")


# --- R6.3 -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("rule_id", ["R23.1", "R29.1", "R33.3"])
def test_R6_3_mayor_signs_in_person_for_anything(rule_id):
    assert entrusted_may_sign_for_mayor(rule_id, MAYOR, MAYOR, AGENT).capacity == "本人"


@pytest.mark.parametrize("rule_id", ["R23.1", "R29.1"])
def test_R6_3_entrusted_person_signs_where_the_article_names_entrustment(rule_id):
    check = entrusted_may_sign_for_mayor(rule_id, MAYOR, AGENT, AGENT)
    assert (check.allowed, check.capacity) == (True, "受委托")


@pytest.mark.parametrize(
    "rule_id, signer, entrusted",
    [
        ("R33.3", AGENT, AGENT),  # the article does not allow entrustment
        ("R23.1", C, AGENT),  # entrusted someone else
        ("R29.1", AGENT, None),  # no entrustment that day
    ],
)
def test_R6_3_signing_for_the_mayor_without_entrustment_is_refused(rule_id, signer, entrusted):
    with pytest.raises(RuleViolation) as err:
        entrusted_may_sign_for_mayor(rule_id, MAYOR, signer, entrusted)
    _assert_cites(err, "R6.3")


# --- R62.5 ----------------------------------------------------------------------------------------


def test_R62_5_highest_post_decides_the_procedure():
    assert highest_post(["party_group_member", "exec_vice_mayor"]) == "exec_vice_mayor"
    assert highest_post(["unit_deputy", "township_secretary"]) == "township_secretary"
    assert highest_post(["party_group_member"]) == "party_group_member"


def test_R62_5_no_known_post_gives_no_procedure():
    assert highest_post([]) is None
    assert highest_post(["no_such_post"]) is None
