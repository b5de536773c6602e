"""R6.1 asked for many (unit, day) pairs at once — what a register of agenda items asks for each
item's day — gives, pair by pair, the answer of the one-question `in_charge`: through a handover
between vice mayors, a voided portfolio and a vice mayor who left the post while his portfolio
was not yet closed, on every day around each change."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from db.models import Appointment, Portfolio
from desktop_app.services.directory import commands as directory
from desktop_app.services.directory import queries as q
from tests import statements
from tests.integration import test_meeting_plan as base
from tests.integration.test_meeting_plan import Gov

gov = base.gov
HANDOVER = date(2026, 6, 30)
LEFT = date(2026, 9, 15)


def _rows(db, model) -> list:
    with db.read() as s:
        return [r for r in s.scalars(select(model).order_by(model.id)) if r.voided_at is None]


def test_many_pairs_answer_as_the_one_question_does(db, admin, gov: Gov):
    portfolios = [p for p in _rows(db, Portfolio) if p.unit_id is not None]
    vice_mayors = sorted({p.person_id for p in portfolios})
    handed, voided, kept = portfolios[0], portfolios[-1], portfolios[len(portfolios) // 2]
    successor = next(v for v in vice_mayors if v != handed.person_id)
    directory.save_portfolio(
        db,
        admin,
        person_id=handed.person_id,
        unit_id=handed.unit_id,
        start_date=handed.start_date,
        end_date=HANDOVER,
        record_id=handed.id,
        expected_version=handed.version,
    )
    directory.save_portfolio(
        db,
        admin,
        person_id=successor,
        unit_id=handed.unit_id,
        start_date=HANDOVER + timedelta(days=1),
    )
    directory.void(db, admin, "portfolio", voided.id, "录入有误", voided.version)
    post = next(
        a
        for a in _rows(db, Appointment)
        if a.person_id == kept.person_id and a.post_code in ("vice_mayor", "exec_vice_mayor")
    )
    directory.save_appointment(
        db,
        admin,
        person_id=post.person_id,
        post_code=post.post_code,
        unit_id=post.unit_id,
        start_date=post.start_date,
        end_date=LEFT,
        title=post.title,
        record_id=post.id,
        expected_version=post.version,
    )

    changes = {HANDOVER, LEFT, handed.start_date}
    days = sorted({d + timedelta(days=k) for d in changes for k in (-1, 0, 1)})
    units = sorted(set(gov.unit.values()))
    asked = [(u, d) for u in units for d in days]
    with db.read() as s:
        with statements.recorded(db) as seen:
            many = q.units_in_charge(s, asked)
        one = {(u, d): q.in_charge(s, d, unit_id=u) for u, d in asked}
    assert many == one
    assert len(seen) <= 3  # portfolios, posts, names: not two statements per pair
    # the cases are really there
    assert many[(handed.unit_id, HANDOVER)].person_id == handed.person_id
    assert many[(handed.unit_id, HANDOVER + timedelta(days=1))].person_id == successor
    assert many[(voided.unit_id, LEFT)] is None or many[(voided.unit_id, LEFT)].person_id != (
        voided.person_id
    )
    after = many[(kept.unit_id, LEFT + timedelta(days=1))]
    assert after is not None and after.title == "（已不任副市长）"


def test_the_directory_lists_its_dated_relations_in_a_few_statements(db, gov: Gov):
    from desktop_app.services.directory import listing

    for kind, model in listing._PERIODS.items():
        with statements.recorded(db) as seen:
            listed = listing.list_periods(db, kind)
        assert len(seen) <= 3, kind  # the rows, their people, their units
        with db.read() as s:  # each as the one-record path builds it
            alone = [listing.period_dto(s, s.get(model, d.id)) for d in listed]
        assert listed == alone and (listed or kind == "entrustment"), kind
