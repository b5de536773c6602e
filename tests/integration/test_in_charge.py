"""R6.1/R6.2: "the vice mayor in charge" of a unit or an area on a day comes from the dated
directory (never typed), with the AB partner as the stand-in while he is away — the one question
every step that the articles give to 分管副市长 asks (services.in_charge), on both engines."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop_app.rules.registry import RuleViolation
from desktop_app.services.absences import in_charge
from desktop_app.services.directory import commands as directory
from tests.integration import test_meeting_plan as base
from tests.integration.test_absences import T, approve_all, file

gov = base.gov
DAY = T + timedelta(days=14)


def test_R6_1_the_vice_mayor_in_charge_of_a_unit_and_of_an_area(db, gov):
    with db.read() as s:
        agri = in_charge.require(s, "R33.1", DAY, unit_id=gov.unit["农业农村局"])
        line = in_charge.require(s, "R28", DAY, area="农业农村战线")
    assert (agri.name, agri.subject, agri.away) == ("孙立新", "农业农村局", False)
    assert (agri.partner_name, agri.stand_in_id) == ("赵文华", None)
    assert [x[1] for x in agri.may_sign()] == ["孙立新"]
    assert line.person_id == agri.person_id


def test_R6_1_a_unit_without_a_vice_mayor_in_charge_is_refused_pointing_to_the_directory(
    db, gov, admin
):
    lonely = directory.save_unit(db, admin, name="统计局", kind="department").id
    with db.read() as s, pytest.raises(RuleViolation) as e:
        in_charge.require(s, "R33.1", DAY, unit_id=lonely)
    assert e.value.rule_id == "R33.1"
    assert "「统计局」没有登记分管副市长" in e.value.message
    assert "人员与分管 → 分管" in e.value.message
    with db.read() as s, pytest.raises(RuleViolation):
        in_charge.require(s, "R28", DAY, area="不存在的战线")


def test_R6_1_require_all_counts_distinct_vice_mayors(db, gov):
    with db.read() as s:
        one = in_charge.require_all(
            s, "R33.2", DAY, [gov.unit["农业农村局"], gov.unit["自然资源局"]], ["农业农村战线"]
        )
        two = in_charge.require_all(s, "R33.2", DAY, [gov.unit["农业农村局"], gov.unit["教育局"]])
    assert [x.name for x in one] == ["孙立新"]
    assert [x.name for x in two] == ["孙立新", "赵文华"]


def test_R6_2_partner_signs_only_while_the_vice_mayor_is_away(db, gov):
    with db.read() as s:
        edu = in_charge.require(s, "R45.2", DAY, unit_id=gov.unit["教育局"])
        assert (
            in_charge.check_signer(s, "R45.2", "分管副市长签字", edu, gov.person["赵文华"]).capacity
            == "本人"
        )
        with pytest.raises(RuleViolation) as e:
            in_charge.check_signer(s, "R45.2", "分管副市长签字", edu, gov.person["孙立新"])
        assert e.value.rule_id == "R6.2" and "未经批准外出" in e.value.message
    approve_all(db, file(db, gov, "赵文华", start=DAY, days=2))
    with db.read() as s:
        edu = in_charge.require(s, "R45.2", DAY, unit_id=gov.unit["教育局"])
        assert edu.away and edu.stand_in_id == gov.person["孙立新"]
        assert (
            in_charge.check_signer(s, "R45.2", "分管副市长签字", edu, gov.person["孙立新"]).capacity
            == "B角代签"
        )


def test_R45_2_someone_not_in_charge_is_refused_under_the_steps_own_article(db, gov):
    """A vice mayor of another portfolio is refused citing the article that asks for the vice
    mayor in charge (第四十五条), not R6.2's AB rule."""
    with db.read() as s:
        edu = in_charge.require(s, "R45.2", DAY, unit_id=gov.unit["教育局"])
        with pytest.raises(RuleViolation) as e:
            in_charge.check_signer(s, "R45.2", "分管副市长签字", edu, gov.person["周志强"])
    assert e.value.rule_id == "R45.2"
    assert e.value.message.startswith("依据《工作规则》第四十五条")
    assert "须由分管副市长赵文华签署" in e.value.message and "周志强当日不分管" in e.value.message


def test_R6_2_no_stand_in_when_the_partner_is_away_too(db, gov):
    approve_all(db, file(db, gov, "赵文华", start=DAY, days=2))
    approve_all(db, file(db, gov, "孙立新", start=DAY, days=2))
    with db.read() as s:
        edu = in_charge.require(s, "R45.2", DAY, unit_id=gov.unit["教育局"])
        assert edu.away and edu.partner_away and edu.stand_in_id is None
        assert [x[1] for x in edu.may_sign()] == ["赵文华"]
        with pytest.raises(RuleViolation) as e:
            in_charge.check_signer(s, "R45.2", "分管副市长签字", edu, gov.person["孙立新"])
    assert "也经批准外出" in e.value.message
