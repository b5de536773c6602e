"""Posts and units in the directory (R4) on both engines: the overlapping or misplaced
appointments the write side refuses (with the article cited and nothing saved), the allowed ones,
and the units' names."""

from __future__ import annotations

import pytest

from db.models import Appointment, Unit
from desktop_app.rules.registry import RuleViolation
from desktop_app.services.directory import commands as directory
from desktop_app.services.directory import queries as q
from desktop_app.services.system.common import ValidationError
from tests.integration.directory_support import (  # noqa: F401 - the city fixture
    CLERK,
    D,
    _blocked,
    _count,
    _period,
    city_fixture,
)
from tests.two_threads import lined_up

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
