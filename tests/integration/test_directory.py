"""The dated directory (R4, R6.1–R6.3, R62.5) on both engines: who held what on a given day, and
how a voided record drops out of those answers while it still lists."""

from __future__ import annotations

import pytest

from desktop_app.services.directory import commands as directory
from desktop_app.services.directory import queries as q
from desktop_app.services.system.common import ValidationError
from tests.integration.directory_support import (  # noqa: F401 - the city fixture
    AFTER,
    BEFORE,
    CHANGE,
    CLERK,
    D,
    _period,
    city_fixture,
)

# --- dated answers -----------------------------------------------------------------------------


def test_R4_mayor_on_a_day_before_and_after_the_change(db, city):
    with db.read() as s:
        assert q.holder(s, "mayor", D(2025, 6, 30)).person_id == city.wang
        assert q.holder(s, "mayor", CHANGE).person_id == city.li
        assert q.holder(s, "mayor", D(2023, 12, 31)) is None
        head = q.holder(s, "township_head", AFTER, unit_id=city.town)
        assert (head.person_id, head.title, head.unit_name) == (city.zheng, "乡镇长", "街津口乡")
        assert q.holder(s, "township_secretary", AFTER, unit_id=city.town).person_id == city.wu
        assert q.holder(s, "unit_head", AFTER, unit_id=city.finance).person_id == city.zhou
        assert q.holder(s, "unit_head", AFTER, unit_id=city.town) is None


def test_R6_1_vice_mayor_in_charge_of_finance_changes_mid_year(db, city):
    with db.read() as s:
        assert q.vice_mayor_in_charge(s, city.finance, D(2024, 12, 31)) is None
        assert q.vice_mayor_in_charge(s, city.finance, D(2025, 6, 30)).person_id == city.qian
        assert q.vice_mayor_in_charge(s, city.finance, CHANGE).person_id == city.sun
        assert q.vice_mayor_in_charge(s, city.town, AFTER) is None


def test_R6_2_ab_partner_on_a_day(db, city):
    with db.read() as s:
        assert q.ab_partner(s, city.qian, BEFORE) == city.sun
        assert q.ab_partner(s, city.sun, BEFORE) == city.qian
        assert q.ab_partner(s, city.qian, D(2024, 12, 31)) is None
        assert q.ab_partner(s, city.chen, BEFORE) is None


def test_R6_3_entrusted_agent_on_a_day(db, city):
    with db.read() as s:
        assert q.entrusted_agent(s, D(2025, 7, 31)) is None
        assert q.entrusted_agent(s, D(2025, 8, 1)).agent_id == city.zhao
        assert q.entrusted_agent(s, D(2025, 8, 10)).agent_id == city.zhao  # end inclusive
        assert q.entrusted_agent(s, D(2025, 8, 11)) is None


def test_R62_5_highest_post_of_exec_vice_mayor_who_is_also_party_group_member(db, city):
    with db.read() as s:
        assert {h.post_code for h in q.posts_of(s, city.zhao, AFTER)} == {
            "exec_vice_mayor",
            "party_group_member",
        }
        assert q.highest_post_of(s, city.zhao, AFTER).post_code == "exec_vice_mayor"
        assert q.highest_post_of(s, city.wu, AFTER).post_code == "township_secretary"
        assert q.highest_post_of(s, city.wang, AFTER) is None  # no post after his term


def test_day_view_brings_the_day_together(db, city):
    view = directory.day_view(db, AFTER)
    assert view.mayor == "李市长"
    assert view.entrusted == "赵常务（主持市政府全面工作）"
    leaders = {ld.name: ld for ld in view.leaders}
    assert set(leaders) == {"赵常务", "钱副市长", "孙副市长", "陈副市长"}
    assert leaders["孙副市长"].portfolio == "财政局"
    assert leaders["钱副市长"].portfolio == ""
    assert leaders["钱副市长"].ab_partner == "孙副市长"
    assert directory.day_view(db, BEFORE).mayor == "王市长"
    assert directory.day_view(db, BEFORE).entrusted == ""


def test_R62_5_person_list_shows_the_posts_held_that_day_highest_first(db, city):
    """A person with several posts: the list shows them all, the one that counts first."""
    on_day = {p.name: p.posts for p in directory.list_persons(db, on=D(2025, 8, 1))}
    assert on_day["赵常务"] == "常务副市长、市政府党组成员"
    assert on_day["周局长"] == "财政局 · 局长/主任"  # the unit and the post kept apart
    assert on_day["王市长"] == ""  # his term ended on 2025-06-30
    assert {p.posts for p in directory.list_persons(db)} == {""}  # no day asked: no posts


# --- voiding ---------------------------------------------------------------------------------------


def test_voided_records_drop_out_of_dated_answers_but_still_list(db, city):
    for kind, record_id in (
        ("appointment", city.wang_mayor),
        ("portfolio", city.qian_finance),
        ("ab_pair", city.ab_pair),
        ("entrustment", city.entrustment),
    ):
        version = _period(db, kind, record_id).version
        directory.void(db, CLERK, kind, record_id, "登记错误", version)
        assert record_id not in {p.id for p in directory.list_periods(db, kind)}
        assert _period(db, kind, record_id, include_voided=True).void_reason == "登记错误"
    with db.read() as s:
        assert q.holder(s, "mayor", BEFORE) is None
        assert q.vice_mayor_in_charge(s, city.finance, BEFORE) is None
        assert q.ab_partner(s, city.qian, BEFORE) is None
        assert q.entrusted_agent(s, D(2025, 8, 5)) is None
        assert q.holder(s, "mayor", AFTER).person_id == city.li  # the rest is untouched


def test_a_voided_term_no_longer_blocks_and_cannot_be_edited(db, city):
    old = _period(db, "appointment", city.wang_mayor)
    directory.void(db, CLERK, "appointment", old.id, "登记错误", old.version)
    with pytest.raises(ValidationError, match="已作废"):
        directory.save_appointment(
            db,
            CLERK,
            person_id=city.wang,
            post_code="mayor",
            unit_id=None,
            start_date=old.start_date,
            end_date=old.end_date,
            record_id=old.id,
        )


def test_voided_person_lists_only_with_include_voided(db, city):
    p = next(p for p in directory.list_persons(db) if p.id == city.chen)
    directory.void(db, CLERK, "person", p.id, "重复登记", p.version)
    assert city.chen not in {p.id for p in directory.list_persons(db)}
    voided = next(p for p in directory.list_persons(db, include_voided=True) if p.id == city.chen)
    assert voided.void_reason == "重复登记"
    with pytest.raises(ValidationError):  # a voided person cannot be given a new relation
        directory.save_ab_pair(
            db, CLERK, person_a_id=city.chen, person_b_id=city.zhao, start_date=AFTER
        )
