"""Who signs the approval steps of a 督办 item, from the dated directory and the absences area, on
both engines: R13 — the mayor approves fiscal spending himself; while he is away the executive
vice mayor entrusted to preside (第六条) is named in the refusal, not accepted in his place, and
the vice mayor in charge's AB partner reviews while he is away (R6.2); R67 — the office director
is whoever held the head post of the 市政府办公室 that day, refused with a clear message when
nobody did."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from db.models import Appointment, Entrustment
from db.models.absences import Absence
from desktop_app.rules.registry import RuleViolation
from desktop_app.services.absences import in_charge
from desktop_app.services.directory import commands as directory
from desktop_app.services.directory import queries as dq
from desktop_app.services.supervision import commands, steps
from tests.demo_db import fill_demo

DAY = date(2026, 9, 30)


@pytest.fixture
def gov(db, admin):
    fill_demo(db, admin, date(2026, 9, 1))
    units = {u.name: u.id for u in directory.list_units(db)}
    persons = {p.name: p.id for p in directory.list_persons(db)}
    return units, persons


def _item(db, clerk, units, matter, unit="财政局"):
    return commands.create_item(
        db,
        clerk,
        kind="major",
        title="处置市政府所属车辆",
        unit_id=units[unit],
        responsible_person="徐东升",
        deadline=date(2026, 10, 30),
        assigned_on=DAY,
        matter=matter,
    )


def _away(db, person_id: int, name: str, post: str, start: date, end: date) -> None:
    with db.uow("wenmi") as s:
        s.add(
            Absence(
                person_id=person_id,
                person_name=name,
                post_code=post,
                category="出差",
                start_date=start,
                start_half="上午",
                end_date=end,
                end_half="晚上",
                filed_on=start - timedelta(days=5),
                status="approved",
                approved_on=start - timedelta(days=4),
            )
        )


def _refused(rule_id, **kw) -> str:
    with pytest.raises(RuleViolation) as e:
        steps.record_step(**kw)
    assert e.value.rule_id == rule_id, e.value.message
    return e.value.message


def test_R13_while_the_mayor_is_away_the_entrusted_stand_in_does_not_approve(db, clerk, gov):
    units, persons = gov
    mayor, evm = persons["李明远"], persons["张海峰"]
    item = _item(db, clerk, units, "fiscal")
    with db.read() as s:
        vm = in_charge.find(s, DAY, unit_id=units["财政局"])
    steps.record_step(db, clerk, item.id, step="vm_review", signed_on=DAY, signer_id=vm.person_id)
    away_day = DAY + timedelta(days=2)
    _away(db, mayor, "李明远", "mayor", away_day, away_day + timedelta(days=3))
    with db.uow("wenmi") as s:
        s.add(Entrustment(principal_id=mayor, agent_id=evm, start_date=away_day, end_date=None))
    msg = _refused(
        "R13", db=db, user=clerk, item_id=item.id, step="mayor_approve", signed_on=away_day,
        signer_id=evm,
    )  # fmt: skip
    assert "市长李明远当日外出" in msg and "张海峰受市长委托主持" in msg and "第十三条" in msg
    assert "待市长李明远审批" in msg
    # the mayor himself approves (on the paper sent to him, or when back)
    done = steps.record_step(
        db, clerk, item.id, step="mayor_approve", signed_on=away_day, signer_id=mayor
    )
    assert (done.signer_name, done.capacity) == ("李明远", "本人")


def test_R13_R6_2_the_vice_mayor_s_ab_partner_reviews_while_he_is_away(db, clerk, gov):
    units, persons = gov
    item = _item(db, clerk, units, "fiscal", unit="教育局")
    with db.read() as s:
        vm = in_charge.find(s, DAY, unit_id=units["教育局"])
    assert (vm.name, vm.partner_name) == ("赵文华", "孙立新")
    # in town: the partner may not review in his place
    assert "B角" in _refused(
        "R6.2", db=db, user=clerk, item_id=item.id, step="vm_review", signed_on=DAY,
        signer_id=vm.partner_id,
    )  # fmt: skip
    _away(db, vm.person_id, vm.name, "vice_mayor", DAY, DAY + timedelta(days=2))
    done = steps.record_step(
        db, clerk, item.id, step="vm_review", signed_on=DAY, signer_id=vm.partner_id
    )
    assert done.capacity == "B角代签"


def test_R67_the_office_director_is_found_by_post_on_the_day(db, clerk, gov):
    units, persons = gov
    item = _item(db, clerk, units, "taiwan_guest")
    steps.record_step(
        db, clerk, item.id, step="tao_opinion", signed_on=DAY, signer_name="市台办", opinion="同意"
    )
    with db.read() as s:
        director = dq.office_director(s, DAY)
    assert director is not None and director.name == "陈立"
    # the director's appointment ends the day before: nobody holds the post that day
    with db.uow("admin") as s:
        for a in s.query(Appointment).filter_by(
            person_id=director.person_id, post_code="unit_head"
        ):
            a.end_date = DAY - timedelta(days=1)
    msg = _refused(
        "R67", db=db, user=clerk, item_id=item.id, step="director_agree", signed_on=DAY,
        signer_id=director.person_id,
    )  # fmt: skip
    assert "人员名录中没有市政府办公室主任" in msg and "第六十七条" in msg
    # a new director appointed that day signs; the former one no longer may
    _appoint(db, persons["周婷"], units["市政府办公室"], DAY)
    assert "周婷" in _refused(
        "R67", db=db, user=clerk, item_id=item.id, step="director_agree", signed_on=DAY,
        signer_id=director.person_id,
    )  # fmt: skip
    done = steps.record_step(
        db, clerk, item.id, step="director_agree", signed_on=DAY, signer_id=persons["周婷"]
    )
    assert (done.signer_name, done.capacity) == ("周婷", "本人")


def _appoint(db, person_id: int, unit_id: int, start: date) -> None:
    with db.uow("admin") as s:
        s.add(
            Appointment(
                person_id=person_id, post_code="unit_head", unit_id=unit_id, start_date=start
            )
        )


def test_the_step_form_lists_the_directory_s_signers_first(db, clerk, gov):
    units, persons = gov
    item = _item(db, clerk, units, "taiwan_guest")
    choices = steps.signer_choices(db, item.id, DAY)
    assert choices[0] == (None, "（请选择）")
    assert choices[1] == (persons["陈立"], "陈立（办公室主任同意）")
    assert (persons["张海峰"], "张海峰（常务副市长（或相关领导）决定）") in choices[:6]
