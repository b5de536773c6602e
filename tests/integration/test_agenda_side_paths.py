"""Side paths around the 议题 on a meeting (R23.4.1a, R23.4.2a, R23.4.2b): a second way to reach the state the main
command refuses must be refused as well, citing the same article, and save nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop_app.rules.registry import RuleViolation
from desktop_app.services.meetings import agenda, agenda_meeting
from tests.integration import test_meeting_plan as base
from tests.integration.agenda_support import MEETING_DAY, approve, new_item, place, step
from tests.integration.test_meeting_plan import CLERK, T, attend_and_hold, blocked, plan

gov = base.gov  # the shared demo-government fixture


def test_R23_4_2a_circulated_item_cannot_be_turned_into_a_deliberation_item(db, gov):
    """circulate_in_writing refuses a 审议类 item; editing a circulated 传达通报类 item into a
    审议类 one (its statutory sheet on record, so the chain is complete) must be refused too."""
    m = plan(db, gov, MEETING_DAY)
    item = new_item(db, gov, category="report")
    approve(db, item.id)
    step(db, item.id, "procedure_sheet", T + timedelta(days=5))
    done = agenda_meeting.circulate_in_writing(
        db, CLERK, item.id, m.id, agenda.get_item(db, item.id).version
    )
    assert done.status == "circulated"
    with pytest.raises(RuleViolation) as e:
        agenda.save_item(
            db,
            CLERK,
            title=done.title,
            category="deliberation",
            department_id=done.department_id,
            record_id=item.id,
            expected_version=done.version,
            today=T,
        )
    blocked(e, "R23.4.2a", "第二十三条")
    after = agenda.get_item(db, item.id)
    assert (after.category, after.status) == ("report", "circulated")  # nothing saved


def test_R23_4_1a_chain_of_an_item_decided_at_the_meeting_cannot_be_undone(db, gov):
    """An item on a 常务会议 keeps its chain complete (undoing a step is refused while it is
    placed); once the meeting decided it, taking a step off or making it 审议类 without the
    statutory sheet must be refused as well."""
    m = plan(db, gov, MEETING_DAY)
    item = new_item(db, gov, category="report")
    approve(db, item.id)
    place(db, item.id, m.id)
    attend_and_hold(db, m.id)
    done = agenda_meeting.record_outcome(
        db,
        CLERK,
        item.id,
        reporter="教育局局长",
        discussion="",
        conclusion="原则同意。",
        expected_version=agenda.get_item(db, item.id).version,
    )
    assert done.status == "decided"
    with pytest.raises(RuleViolation) as e:
        step(db, item.id, "mayor_approved", None)
    blocked(e, "R23.4.1a", "第二十三条")
    with pytest.raises(RuleViolation) as e:
        agenda.save_item(
            db,
            CLERK,
            title=done.title,
            category="deliberation",
            department_id=done.department_id,
            record_id=item.id,
            expected_version=done.version,
            today=T,
        )
    blocked(e, "R23.4.2b", "第二十三条")
    after = agenda.get_item(db, item.id)
    assert (after.category, after.missing) == ("report", ())  # nothing saved
