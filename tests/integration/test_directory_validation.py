"""Refused input in the directory on both engines: an empty name, an end before the start, an
entrustment without an end or a void without a reason saves nothing, and a refused edit leaves the
record and the audit log as they were."""

from __future__ import annotations

import pytest

from db.models import AbPair, Appointment, AuditEntry, Entrustment, Person, Portfolio, Unit
from desktop_app.rules.registry import RuleViolation
from desktop_app.services.directory import commands as directory
from desktop_app.services.system.common import ValidationError
from tests.integration.directory_support import (  # noqa: F401 - the city fixture
    CLERK,
    D,
    _count,
    _period,
    city_fixture,
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
