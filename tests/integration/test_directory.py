"""The dated directory (R4, R6.1–R6.3, R62.5) on both engines: who held what on a given day, and
the overlaps the write side refuses (with the article cited and nothing saved)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import func, select

from db.models import AbPair, Appointment, AuditEntry, Entrustment, Person, Portfolio, Unit
from desktop_app.rules.registry import RuleViolation
from desktop_app.services.directory import commands as directory
from desktop_app.services.directory import queries as q
from desktop_app.services.system.common import CurrentUser, ValidationError
from tests.two_threads import lined_up

CLERK = CurrentUser("wenmi", "文秘甲", "clerk")
D = date
CHANGE = D(2025, 7, 1)  # 李市长 succeeds 王市长; 孙 takes over 财政局 from 钱
BEFORE, AFTER = D(2025, 3, 2), D(2025, 8, 5)


@dataclass(frozen=True)
class City:
    wang: int  # 市长 until 2025-06-30
    li: int  # 市长 from 2025-07-01
    zhao: int  # 常务副市长 and 市政府党组成员
    qian: int  # 副市长; 分管财政局 until 2025-06-30
    sun: int  # 副市长; 分管财政局 from 2025-07-01
    chen: int  # 副市长, no AB partner
    zhou: int  # 财政局局长
    wu: int  # 街津口乡党委书记
    zheng: int  # 街津口乡乡长
    finance: int
    town: int
    wang_mayor: int  # appointment id
    qian_finance: int  # portfolio id
    ab_pair: int
    entrustment: int  # 李 → 赵, 2025-08-01 … 2025-08-10


def _appoint(db, person, post, start, end=None, unit=None) -> int:
    return directory.save_appointment(
        db, CLERK, person_id=person, post_code=post, unit_id=unit, start_date=start, end_date=end
    ).id


@pytest.fixture
def city(db) -> City:
    ids = {
        key: directory.save_person(db, CLERK, name=name).id
        for key, name in (
            ("wang", "王市长"),
            ("li", "李市长"),
            ("zhao", "赵常务"),
            ("qian", "钱副市长"),
            ("sun", "孙副市长"),
            ("chen", "陈副市长"),
            ("zhou", "周局长"),
            ("wu", "吴书记"),
            ("zheng", "郑乡长"),
        )
    }
    finance = directory.save_unit(db, CLERK, name="财政局", kind="department").id
    town = directory.save_unit(db, CLERK, name="街津口乡", kind="township").id
    start = D(2024, 1, 1)
    wang_mayor = _appoint(db, ids["wang"], "mayor", start, D(2025, 6, 30))
    _appoint(db, ids["li"], "mayor", CHANGE)
    _appoint(db, ids["zhao"], "exec_vice_mayor", start)
    _appoint(db, ids["zhao"], "party_group_member", start)
    for key in ("qian", "sun", "chen"):
        _appoint(db, ids[key], "vice_mayor", start)
    _appoint(db, ids["zhou"], "unit_head", start, unit=finance)
    _appoint(db, ids["wu"], "township_secretary", start, unit=town)
    _appoint(db, ids["zheng"], "township_head", start, unit=town)
    qian_finance = directory.save_portfolio(
        db,
        CLERK,
        person_id=ids["qian"],
        unit_id=finance,
        start_date=D(2025, 1, 1),
        end_date=D(2025, 6, 30),
    ).id
    directory.save_portfolio(db, CLERK, person_id=ids["sun"], unit_id=finance, start_date=CHANGE)
    pair = directory.save_ab_pair(
        db, CLERK, person_a_id=ids["qian"], person_b_id=ids["sun"], start_date=D(2025, 1, 1)
    )
    ent = directory.save_entrustment(
        db,
        CLERK,
        principal_id=ids["li"],
        agent_id=ids["zhao"],
        start_date=D(2025, 8, 1),
        end_date=D(2025, 8, 10),
    )
    return City(
        **ids,
        finance=finance,
        town=town,
        wang_mayor=wang_mayor,
        qian_finance=qian_finance,
        ab_pair=pair.id,
        entrustment=ent.id,
    )


def _count(db, model) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(model)))


def _blocked(excinfo, rule_id: str) -> None:
    assert excinfo.value.rule_id == rule_id
    assert "依据《工作规则》第" in excinfo.value.message
    assert f"（{rule_id}）" in excinfo.value.message


def _period(db, kind: str, record_id: int, include_voided: bool = False):
    return next(p for p in directory.list_periods(db, kind, include_voided) if p.id == record_id)


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


# --- R4: posts -----------------------------------------------------------------------------------


def test_R4_extending_a_mayors_term_over_the_successor_is_refused(db, city):
    old = _period(db, "appointment", city.wang_mayor)
    with pytest.raises(RuleViolation) as err:
        directory.save_appointment(
            db,
            CLERK,
            person_id=city.wang,
            post_code="mayor",
            unit_id=None,
            start_date=old.start_date,
            end_date=None,
            record_id=old.id,
            expected_version=old.version,
        )
    _blocked(err, "R4")
    assert "李市长" in err.value.message
    assert _period(db, "appointment", city.wang_mayor) == old


def test_R4_a_second_mayor_overlapping_is_refused(db, city):
    before = _count(db, Appointment)
    with pytest.raises(RuleViolation) as err:
        directory.save_appointment(
            db,
            CLERK,
            person_id=city.chen,
            post_code="mayor",
            unit_id=None,
            start_date=D(2025, 9, 1),
        )
    _blocked(err, "R4")
    assert _count(db, Appointment) == before


def test_R4_mayor_appointment_with_a_unit_is_refused(db, city):
    before = _count(db, Appointment)
    with pytest.raises(RuleViolation) as err:
        directory.save_appointment(
            db,
            CLERK,
            person_id=city.chen,
            post_code="mayor",
            unit_id=city.finance,
            start_date=D(2026, 1, 1),
        )
    _blocked(err, "R4")
    assert _count(db, Appointment) == before


def test_R4_unit_head_without_a_unit_or_in_a_township_is_refused(db, city):
    before = _count(db, Appointment)
    for unit in (None, city.town):
        with pytest.raises(RuleViolation) as err:
            directory.save_appointment(
                db,
                CLERK,
                person_id=city.chen,
                post_code="unit_head",
                unit_id=unit,
                start_date=D(2025, 9, 1),
            )
        _blocked(err, "R4")
    assert _count(db, Appointment) == before


def test_R4_allowed_shortening_a_term_changes_the_dated_answer(db, city):
    old = _period(db, "appointment", city.wang_mayor)
    saved = directory.save_appointment(
        db,
        CLERK,
        person_id=city.wang,
        post_code="mayor",
        unit_id=None,
        start_date=old.start_date,
        end_date=D(2025, 6, 15),
        record_id=old.id,
        expected_version=old.version,
    )
    assert (saved.version, saved.label) == (old.version + 1, "市长")
    with db.read() as s:
        assert q.holder(s, "mayor", D(2025, 6, 15)).person_id == city.wang
        assert q.holder(s, "mayor", D(2025, 6, 16)) is None


def test_R4_allowed_new_appointment_is_saved(db, city):
    saved = directory.save_appointment(
        db,
        CLERK,
        person_id=city.chen,
        post_code="unit_deputy",
        unit_id=city.finance,
        start_date=D(2025, 9, 1),
        title="副局长",
    )
    assert (saved.label, saved.other_name) == ("副局长", "财政局")


def test_R4_two_clerks_appointing_two_heads_at_once_do_not_both_succeed(db, city):
    """On a shared database two clerks save a 局长 for the same unit at the same moment."""
    unit = directory.save_unit(db, CLERK, name="发改局", kind="department").id
    day = D(2025, 9, 1)
    # Each save is held right after its overlap check, so both check before either inserts.
    _, errors = lined_up(
        db.engine,
        lambda sql: "appointment.post_code =" in sql,
        [
            lambda p=p: directory.save_appointment(
                db, CLERK, person_id=p, post_code="unit_head", unit_id=unit, start_date=day
            )
            for p in (city.chen, city.zhou)
        ],
    )

    with db.read() as s:
        assert len(q.holders(s, "unit_head", day, unit_id=unit)) == 1
    assert [type(e) for e in errors] == [RuleViolation]


def test_new_unit_is_saved_and_a_duplicate_name_refused(db, city):
    saved = directory.save_unit(db, CLERK, name="发改局", kind="department")
    assert saved.kind_name == "政府工作部门（局/委/办）"
    before = _count(db, Unit)
    with pytest.raises(ValidationError, match="已存在"):
        directory.save_unit(db, CLERK, name="财政局", kind="department")
    with pytest.raises(ValidationError, match="类别"):
        directory.save_unit(db, CLERK, name="审计局", kind="bureau")
    assert _count(db, Unit) == before


def test_unit_names_are_those_in_use_with_their_current_names(db, city):
    saved = directory.save_unit(db, CLERK, name="发改局", kind="department")
    gone = directory.save_unit(db, CLERK, name="粮食局", kind="department")
    directory.void(db, CLERK, "unit", gone.id, "机构改革撤并", gone.version)
    directory.save_unit(
        db,
        CLERK,
        name="发展和改革局",
        kind="department",
        record_id=saved.id,
        expected_version=saved.version,
    )
    names = directory.unit_names(db)
    assert names[saved.id] == "发展和改革局" and gone.id not in names
    assert names == {u.id: u.name for u in directory.list_units(db)}


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


# --- validation: refused, nothing half-saved ----------------------------------------------------


def _snapshot(db) -> tuple[int, ...]:
    return tuple(
        _count(db, m)
        for m in (Person, Unit, Appointment, Portfolio, AbPair, Entrustment, AuditEntry)
    )


def test_empty_name_is_refused_and_nothing_saved(db, city):
    before = _snapshot(db)
    for name in ("", "   ", None):
        with pytest.raises(ValidationError, match="姓名"):
            directory.save_person(db, CLERK, name=name, phone="0454-1111")
    assert _snapshot(db) == before


def test_end_before_start_is_refused_and_nothing_saved(db, city):
    before = _snapshot(db)
    start, end = D(2025, 9, 10), D(2025, 9, 9)
    calls = [
        lambda: directory.save_appointment(
            db,
            CLERK,
            person_id=city.chen,
            post_code="vice_mayor",
            unit_id=None,
            start_date=start,
            end_date=end,
        ),
        lambda: directory.save_portfolio(
            db,
            CLERK,
            person_id=city.chen,
            unit_id=None,
            area="农业战线",
            start_date=start,
            end_date=end,
        ),
        lambda: directory.save_ab_pair(
            db, CLERK, person_a_id=city.zhao, person_b_id=city.chen, start_date=start, end_date=end
        ),
        lambda: directory.save_entrustment(
            db, CLERK, principal_id=city.li, agent_id=city.qian, start_date=start, end_date=end
        ),
    ]
    for call in calls:
        with pytest.raises(ValidationError, match="结束日期不能早于起始日期"):
            call()
    assert _snapshot(db) == before


def test_entrustment_without_end_and_void_without_reason_are_refused(db, city):
    before = _snapshot(db)
    with pytest.raises(ValidationError, match="结束日期"):
        directory.save_entrustment(
            db,
            CLERK,
            principal_id=city.li,
            agent_id=city.qian,
            start_date=D(2025, 9, 1),
            end_date=None,
        )
    old = _period(db, "appointment", city.wang_mayor)
    with pytest.raises(ValidationError, match="原因"):
        directory.void(db, CLERK, "appointment", old.id, "  ", old.version)
    assert _snapshot(db) == before
    assert _period(db, "appointment", city.wang_mayor).void_reason is None


def test_a_refused_edit_leaves_record_and_audit_log_as_they_were(db, city):
    before = _snapshot(db)
    old = _period(db, "portfolio", city.qian_finance)
    with pytest.raises(RuleViolation):
        directory.save_portfolio(
            db,
            CLERK,
            person_id=city.qian,
            unit_id=city.finance,
            area="财政",
            start_date=old.start_date,
            end_date=D(2025, 12, 31),
            note="改",
            record_id=old.id,
            expected_version=old.version,
        )
    assert _snapshot(db) == before
    assert _period(db, "portfolio", city.qian_finance) == old


def test_R62_5_person_list_shows_the_posts_held_that_day_highest_first(db, city):
    """A person with several posts: the list shows them all, the one that counts first."""
    on_day = {p.name: p.posts for p in directory.list_persons(db, on=D(2025, 8, 1))}
    assert on_day["赵常务"] == "常务副市长、市政府党组成员"
    assert on_day["周局长"] == "财政局 · 局长/主任"  # the unit and the post kept apart
    assert on_day["王市长"] == ""  # his term ended on 2025-06-30
    assert {p.posts for p in directory.list_persons(db)} == {""}  # no day asked: no posts
