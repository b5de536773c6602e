"""R29.2 for the 议题 on both engines: once a meeting's minutes are issued, its items are part of
the issued record — not voided, not rewritten, not sent back, and a 事后报告 among them is not
voided with its 临机处置; before issue the register may still be corrected."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop_app.rules.registry import RuleViolation
from desktop_app.services.meetings import agenda, agenda_meeting, decisions, emergency, minutes
from desktop_app.services.meetings import planning as meetings
from tests.integration.minutes_support import MEETING_DAY, hold, issued, plan


def _refused(err: pytest.ExceptionInfo, action: str) -> None:
    assert err.value.rule_id == "R29.2"
    assert "第二十九条" in err.value.message
    assert f"不能{action}" in err.value.message and "勘误/补充" in err.value.message


def _items(db, meeting_id: int) -> list[agenda.AgendaItemDTO]:
    return [i for i in agenda.list_items(db, meeting_id=meeting_id) if i.kind == "normal"]


def test_R29_2_an_item_of_issued_minutes_is_not_voided_or_rewritten(db, clerk):
    m = plan(db, clerk)
    first, _second, third = _items(db, m.id)
    # Held, minutes not yet issued: a wrongly registered item may still be voided.
    agenda.void_item(db, clerk, third.id, "重复登记", third.version)
    rec = issued(db, clerk, m)
    assert rec.state == "issued"
    item = agenda.get_item(db, first.id)

    with pytest.raises(RuleViolation) as err:
        agenda.void_item(db, clerk, item.id, "登记有误", item.version)
    _refused(err, "作废")
    with pytest.raises(RuleViolation) as err:
        agenda_meeting.record_outcome(
            db,
            clerk,
            item.id,
            reporter="局长郑红梅",
            discussion="",
            conclusion="会议不同意该办法。",
            expected_version=item.version,
        )
    _refused(err, "改写审议情况")
    with pytest.raises(RuleViolation) as err:
        decisions.send_back_for_revision(db, clerk, item.id, "请修改", item.version)
    _refused(err, "退回修改")
    with pytest.raises(RuleViolation) as err:
        agenda.save_item(
            db,
            clerk,
            title="另一个议题",
            category=item.category,
            department_id=item.department_id,
            record_id=item.id,
            expected_version=item.version,
        )
    _refused(err, "修改")

    after = agenda.get_item(db, item.id)
    assert (after.version, after.void_reason, after.title, after.conclusion, after.status) == (
        item.version,
        None,
        item.title,
        item.conclusion,
        item.status,
    )
    assert first.id in [i.id for i in _items(db, m.id)]


def test_R29_2_an_after_report_of_issued_minutes_stays_with_its_emergency_decision(db, clerk):
    m = plan(db, clerk, held=False)
    e = emergency.record_emergency(
        db, clerk, MEETING_DAY - timedelta(days=5), "口头汇报", "向阳乡防汛抢险", "转移沿江群众"
    )
    assert e.meeting_id == m.id
    report = agenda.get_item(db, e.item_id)
    agenda_meeting.record_outcome(
        db,
        clerk,
        report.id,
        reporter="常务副市长张海峰",
        discussion="",
        conclusion="会议听取了事后报告。",
        expected_version=report.version,
    )
    hold(db, clerk, m.id)
    issued(db, clerk, meetings.get_meeting(db, m.id))
    e = emergency.get_emergency(db, e.id)

    with pytest.raises(RuleViolation) as err:
        emergency.void_emergency(db, clerk, e.id, "重复登记", e.version)
    _refused(err, "随临机处置记录作废")
    assert emergency.get_emergency(db, e.id).version == e.version
    assert agenda.get_item(db, report.id).void_reason is None
    assert [x.state for x in minutes.minutes_of_meeting(db, m.id, clerk)] == ["issued"]
