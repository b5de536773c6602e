"""Approval chains on 督办 items on both engines: fiscal spending (R13) reviewed by the vice mayor
in charge, then approved by the mayor, in that order and by no one else; a Taiwan visitor (R67)
through the Taiwan-affairs opinion, the office director and the executive vice mayor; an NPC
suggestion (R72) assigned on the approval of the handling unit's vice mayor in charge."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.rules.registry import RuleViolation
from desktop_app.services.absences import in_charge
from desktop_app.services.directory import commands as directory
from desktop_app.services.supervision import commands, steps
from tests.demo_db import fill_demo

DAY = date(2026, 9, 30)


@pytest.fixture
def gov(db, admin):
    fill_demo(db, admin, date(2026, 9, 1))
    units = {u.name: u.id for u in directory.list_units(db)}
    persons = {p.name: p.id for p in directory.list_persons(db)}
    with db.read() as s:
        vm = in_charge.find(s, DAY, unit_id=units["财政局"]).name
    return units, persons, vm


def _item(db, clerk, units, **kw):
    values = dict(
        kind="major",
        title="处置市政府所属车辆",
        unit_id=units["财政局"],
        responsible_person="徐东升",
        deadline=date(2026, 10, 30),
        assigned_on=DAY,
    )
    values.update(kw)
    return commands.create_item(db, clerk, **values)


def _refused(rule_id, fn, *a, **kw) -> str:
    with pytest.raises(RuleViolation) as e:
        fn(*a, **kw)
    assert e.value.rule_id == rule_id, e.value.message
    return e.value.message


def test_R13_the_vice_mayor_in_charge_reviews_then_the_mayor_approves(db, clerk, gov):
    units, persons, vm = gov
    item = _item(db, clerk, units, matter="fiscal")
    msg = _refused(
        "R13",
        steps.record_step,
        db,
        clerk,
        item.id,
        step="mayor_approve",
        signed_on=DAY,
        signer_id=persons["李明远"],
    )
    assert "分管副市长审核" in msg and "第十三条" in msg
    other = next(n for n in ("赵文华", "孙立新", "周志强", "吴秀兰") if n != vm)
    _refused(
        "R13",
        steps.record_step,
        db,
        clerk,
        item.id,
        step="vm_review",
        signed_on=DAY,
        signer_id=persons[other],
    )
    review = steps.record_step(
        db, clerk, item.id, step="vm_review", signed_on=DAY, signer_id=persons[vm]
    )
    assert (review.title, review.capacity) == ("分管副市长审核", "本人")
    assert "市长" in _refused(
        "R13",
        steps.record_step,
        db,
        clerk,
        item.id,
        step="mayor_approve",
        signed_on=DAY,
        signer_id=persons["张海峰"],
    )
    steps.record_step(
        db, clerk, item.id, step="mayor_approve", signed_on=DAY, signer_id=persons["李明远"]
    )
    assert [x.step for x in steps.steps_of(db, item.id)] == ["vm_review", "mayor_approve"]
    _refused(
        "R13",
        steps.record_step,
        db,
        clerk,
        item.id,
        step="mayor_approve",
        signed_on=DAY,
        signer_id=persons["李明远"],
    )


def test_R67_a_taiwan_visitor_through_tao_director_and_executive_vice_mayor(db, clerk, gov):
    units, persons, _vm = gov
    item = _item(db, clerk, units, title="会见台湾地区考察团", matter="taiwan_guest")
    _refused(
        "R67",
        steps.record_step,
        db,
        clerk,
        item.id,
        step="director_agree",
        signed_on=DAY,
        signer_id=persons["陈立"],
    )
    steps.record_step(
        db, clerk, item.id, step="tao_opinion", signed_on=DAY, signer_name="市台办", opinion="同意"
    )
    assert "办公室主任" in _refused(
        "R67",
        steps.record_step,
        db,
        clerk,
        item.id,
        step="director_agree",
        signed_on=DAY,
        signer_id=persons["周婷"],  # heads the 督办检查室, not the office
    )
    steps.record_step(
        db, clerk, item.id, step="director_agree", signed_on=DAY, signer_id=persons["陈立"]
    )
    _refused(
        "R67",
        steps.record_step,
        db,
        clerk,
        item.id,
        step="exec_decide",
        signed_on=DAY,
        signer_id=persons["徐东升"],
    )
    steps.record_step(
        db, clerk, item.id, step="exec_decide", signed_on=DAY, signer_id=persons["张海峰"]
    )
    assert len(steps.steps_of(db, item.id)) == 3


def test_R72_an_npc_suggestion_is_assigned_on_its_vice_mayor_in_charge_s_approval(db, clerk, gov):
    units, persons, vm = gov
    item = _item(db, clerk, units, kind="npc", title="关于加快老旧小区改造的建议")
    other = next(n for n in ("赵文华", "孙立新", "周志强", "吴秀兰") if n != vm)
    assert "第七十二条" in _refused(
        "R72",
        steps.record_step,
        db,
        clerk,
        item.id,
        step="proposal_approve",
        signed_on=DAY,
        signer_id=persons[other],
    )
    done = steps.record_step(
        db, clerk, item.id, step="proposal_approve", signed_on=DAY, signer_id=persons[vm]
    )
    assert done.signer_name == vm


def test_R72_the_yearly_summary_counts_received_assigned_on_time_and_late(db, clerk, gov):
    from desktop_app.services.supervision import summaries

    units, persons, vm = gov
    a = _item(db, clerk, units, kind="npc", title="建议一", deadline=date(2026, 10, 9))
    b = _item(db, clerk, units, kind="npc", title="建议二", deadline=date(2026, 10, 9))
    _item(db, clerk, units, kind="cppcc", title="提案一")
    steps.record_step(
        db, clerk, a.id, step="proposal_approve", signed_on=DAY, signer_id=persons[vm]
    )
    for item, on in ((a, date(2026, 10, 9)), (b, date(2026, 10, 12))):
        commands.record_report(db, clerk, item.id, received_on=on, text="已答复代表", today=on)
        commands.close_item(db, clerk, item.id, done=True, closed_on=on, evidence="答复函")
    assert summaries.proposal_summary(db, 2026) == {
        "npc": {"received": 2, "assigned": 1, "on_time": 1, "late": 1, "not_replied": 0},
        "cppcc": {"received": 1, "assigned": 0, "on_time": 0, "late": 0, "not_replied": 1},
    }
    assert summaries.proposal_summary(db, 2025) == {}


def test_R57_a_request_the_party_committee_must_know_is_forwarded_by_the_executive_vice_mayor(
    db, clerk, gov
):
    from datetime import datetime

    from desktop_app.formatting import CHINA
    from desktop_app.rules.supervision import MAJOR_CATEGORIES
    from desktop_app.services.supervision import requests

    units, persons, vm = gov
    item = requests.record_request(
        db,
        clerk,
        form="书面",
        title="关于重大汛情的报告",
        content="黑龙江水位超警戒",
        request_from="水务局",
        received_by="文秘甲",
        received_at=datetime(2026, 9, 30, 9, tzinfo=CHINA),
        unit_id=units["财政局"],
        responsible_person="徐东升",
        major_category=MAJOR_CATEGORIES[6],
        matter="party_report",
        deadline=date(2026, 10, 9),
    )
    _refused(
        "R57",
        steps.record_step,
        db,
        clerk,
        item.id,
        step="exec_forward",
        signed_on=DAY,
        signer_id=persons["李明远"],
    )
    done = steps.record_step(
        db, clerk, item.id, step="exec_forward", signed_on=DAY, signer_id=persons["张海峰"]
    )
    assert (done.title, done.signer_name) == ("常务副市长转报市委副书记", "张海峰")
