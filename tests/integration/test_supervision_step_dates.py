"""R67 (第六十七条) — and R13, whose chain is recorded the same way — on both engines: the steps of an
approval chain are dated in order (a step before the one it follows is refused, the same day is
allowed), and a meeting with foreign guests or Taiwan visitors (or fiscal spending) is marked
已办结 only once its chain is on record; 未办结 with the reason stays possible."""

from __future__ import annotations

from datetime import timedelta

from desktop_app.services.supervision import commands, queries, steps
from tests.integration import test_supervision_steps as chain

# The demo government, an item of the register and a refusal's message, as the chain's own tests
# make them.
DAY, _item, _refused, gov = chain.DAY, chain._item, chain._refused, chain.gov


def test_R67_a_step_dated_before_the_step_it_follows_is_refused(db, clerk, gov):
    units, persons, _vm = gov
    item = _item(db, clerk, units, matter="taiwan_guest", title="会见台湾地区考察团")
    later = DAY + timedelta(days=2)
    steps.record_step(
        db,
        clerk,
        item.id,
        step="tao_opinion",
        signed_on=later,
        signer_name="市台办",
        opinion="同意",
    )
    msg = _refused(
        "R67",
        steps.record_step,
        db,
        clerk,
        item.id,
        step="director_agree",
        signed_on=DAY + timedelta(days=1),
        signer_id=persons["陈立"],
    )
    assert (
        "「办公室主任同意」的日期（2026年10月1日）早于「对台部门审核意见」（2026年10月2日）" in msg
    )
    steps.record_step(  # the same day: allowed
        db, clerk, item.id, step="director_agree", signed_on=later, signer_id=persons["陈立"]
    )
    _refused(
        "R67",
        steps.record_step,
        db,
        clerk,
        item.id,
        step="exec_decide",
        signed_on=DAY,
        signer_id=persons["张海峰"],
    )
    steps.record_step(
        db, clerk, item.id, step="exec_decide", signed_on=later, signer_id=persons["张海峰"]
    )
    assert [x.step for x in steps.steps_of(db, item.id)] == [
        "tao_opinion",
        "director_agree",
        "exec_decide",
    ]


def _report_and_close(db, clerk, item_id: int, done: bool):
    commands.record_report(db, clerk, item_id, received_on=DAY, text="已安排会见", today=DAY)
    return commands.close_item(
        db, clerk, item_id, done=done, closed_on=DAY, evidence="会见已举行" if done else "未会见"
    )


def test_R67_a_meeting_with_foreign_guests_is_done_only_after_the_opinion(db, clerk, gov):
    units, _persons, _vm = gov
    item = _item(
        db, clerk, units, matter="foreign_guest", title="会见俄罗斯哈巴罗夫斯克边疆区代表团"
    )
    msg = _refused("R67", _report_and_close, db, clerk, item.id, True)
    assert "尚缺外事部门审核意见" in msg
    assert queries.get_item(db, item.id, DAY).status == "open"  # nothing half-done
    steps.record_step(
        db,
        clerk,
        item.id,
        step="fao_opinion",
        signed_on=DAY,
        signer_name="市外事处",
        opinion="同意",
    )
    closed = commands.close_item(
        db, clerk, item.id, done=True, closed_on=DAY, evidence="会见已举行"
    )
    assert closed.status == "done"
    other = _item(db, clerk, units, matter="taiwan_guest", title="会见台湾地区考察团")
    assert _report_and_close(db, clerk, other.id, False).status == "not_done"  # allowed


def test_R13_fiscal_spending_is_done_only_after_the_mayor_approved(db, clerk, gov):
    units, _persons, _vm = gov
    item = _item(db, clerk, units, matter="fiscal", title="处置市政府所属车辆")
    assert "市长审批" in _refused("R13", _report_and_close, db, clerk, item.id, True)
