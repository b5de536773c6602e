"""The vice mayors' portfolios (R6.1), AB pairs (R6.2) and the mayor's entrustments (R6.3) in the
directory on both engines: the overlaps and wrong holders the write side refuses (with the article
cited and nothing saved), and the allowed ones as the dated answers see them."""

from __future__ import annotations

import pytest

from db.models import AbPair, Entrustment, Portfolio
from desktop_app.rules.registry import RuleViolation
from desktop_app.services.directory import commands as directory
from desktop_app.services.directory import queries as q
from tests.integration.directory_support import (  # noqa: F401 - the city fixture
    AFTER,
    BEFORE,
    CHANGE,
    CLERK,
    D,
    _blocked,
    _count,
    _period,
    city_fixture,
)

# --- R6.1: portfolios ----------------------------------------------------------------------------


def test_R6_1_portfolio_for_a_non_vice_mayor_is_refused(db, city):
    before = _count(db, Portfolio)
    for person in (city.zhou, city.li):
        with pytest.raises(RuleViolation) as err:
            directory.save_portfolio(
                db, CLERK, person_id=person, unit_id=None, area="工业战线", start_date=AFTER
            )
        _blocked(err, "R6.1")
    assert _count(db, Portfolio) == before


def test_R6_1_extending_a_portfolio_over_the_successors_is_refused(db, city):
    old = _period(db, "portfolio", city.qian_finance)
    with pytest.raises(RuleViolation) as err:
        directory.save_portfolio(
            db,
            CLERK,
            person_id=city.qian,
            unit_id=city.finance,
            start_date=old.start_date,
            end_date=None,
            record_id=old.id,
            expected_version=old.version,
        )
    _blocked(err, "R6.1")
    assert "孙副市长" in err.value.message
    assert _period(db, "portfolio", city.qian_finance) == old


def test_R6_1_two_vice_mayors_in_charge_of_the_same_unit_are_refused(db, city):
    before = _count(db, Portfolio)
    with pytest.raises(RuleViolation) as err:
        directory.save_portfolio(
            db, CLERK, person_id=city.chen, unit_id=city.finance, start_date=D(2025, 9, 1)
        )
    _blocked(err, "R6.1")
    assert _count(db, Portfolio) == before


def test_R6_1_allowed_area_portfolio_for_a_vice_mayor(db, city):
    saved = directory.save_portfolio(
        db, CLERK, person_id=city.qian, unit_id=None, area="工业战线", start_date=CHANGE
    )
    assert (saved.person_name, saved.label) == ("钱副市长", "工业战线")
    with db.read() as s:
        assert [p.area for p in q.portfolio_of(s, city.qian, AFTER)] == ["工业战线"]


def test_R6_1_allowed_new_unit_portfolio(db, city):
    directory.save_portfolio(
        db, CLERK, person_id=city.chen, unit_id=city.town, start_date=D(2025, 9, 1)
    )
    with db.read() as s:
        assert q.vice_mayor_in_charge(s, city.town, D(2025, 9, 1)).person_id == city.chen


# --- R6.2: AB pairs ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["self", "non_vice_mayor", "already_paired"])
def test_R6_2_invalid_ab_pairs_are_refused(db, city, who):
    a, b = {
        "self": (city.chen, city.chen),
        "non_vice_mayor": (city.chen, city.zhou),
        "already_paired": (city.chen, city.qian),
    }[who]
    before = _count(db, AbPair)
    with pytest.raises(RuleViolation) as err:
        directory.save_ab_pair(db, CLERK, person_a_id=a, person_b_id=b, start_date=AFTER)
    _blocked(err, "R6.2")
    assert _count(db, AbPair) == before


def test_R6_2_allowed_pair_of_two_unpaired_vice_mayors(db, city):
    saved = directory.save_ab_pair(
        db, CLERK, person_a_id=city.zhao, person_b_id=city.chen, start_date=AFTER
    )
    assert (saved.person_name, saved.other_name) == ("赵常务", "陈副市长")
    with db.read() as s:
        assert q.ab_partner(s, city.chen, AFTER) == city.zhao
        assert q.ab_partner(s, city.chen, BEFORE) is None


# --- R6.3: entrustments --------------------------------------------------------------------------


def test_R6_3_entrustment_by_a_non_mayor_is_refused(db, city):
    before = _count(db, Entrustment)
    for principal, day in (
        (city.zhao, D(2025, 9, 1)),
        (city.wang, D(2025, 9, 1)),
        (city.li, D(2025, 6, 1)),
    ):  # 李 is not yet mayor on 6月1日
        with pytest.raises(RuleViolation) as err:
            directory.save_entrustment(
                db, CLERK, principal_id=principal, agent_id=city.qian, start_date=day, end_date=day
            )
        _blocked(err, "R6.3")
    assert _count(db, Entrustment) == before


def test_R6_3_overlapping_entrustments_are_refused(db, city):
    before = _count(db, Entrustment)
    with pytest.raises(RuleViolation) as err:
        directory.save_entrustment(
            db,
            CLERK,
            principal_id=city.li,
            agent_id=city.qian,
            start_date=D(2025, 8, 10),
            end_date=D(2025, 8, 15),
        )
    _blocked(err, "R6.3")
    assert "赵常务" in err.value.message
    assert _count(db, Entrustment) == before


def test_R6_3_allowed_entrustment_by_the_mayor_of_the_day(db, city):
    saved = directory.save_entrustment(
        db,
        CLERK,
        principal_id=city.li,
        agent_id=city.qian,
        start_date=D(2025, 8, 11),
        end_date=D(2025, 8, 15),
    )
    assert (saved.person_name, saved.other_name, saved.label) == (
        "李市长",
        "钱副市长",
        "主持市政府全面工作",
    )
    with db.read() as s:
        assert q.entrusted_agent(s, D(2025, 8, 10)).agent_id == city.zhao
        assert q.entrusted_agent(s, D(2025, 8, 11)).agent_id == city.qian
