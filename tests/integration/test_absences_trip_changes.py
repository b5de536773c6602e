"""R66 (第六十六条) through a change of itinerary (R62.7) on both engines: the 出访报告 is due after
the trip as it was made — the approved itinerary in force. A vice mayor's trip changed to an
official one abroad needs its trip report once back; one changed back home does not; voiding the
change's approval brings back the original's."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop_app.rules.registry import RuleViolation
from desktop_app.services.absences import approvals as absences_approvals
from desktop_app.services.absences import commands as absences
from desktop_app.services.absences import queries as absences_queries
from desktop_app.services.absences import returns as absences_return
from desktop_app.services.system import dashboard
from tests.integration import test_meeting_plan as base
from tests.integration.test_absences import CLERK, TRIP, T, approve_all, data, file

gov = base.gov
ABROAD = "出国（境）"
BACK = TRIP + timedelta(days=2)
DAY = TRIP + timedelta(days=4)


def _change(db, gov, d, **kw):
    return absences.amend_request(db, CLERK, d.id, data(gov, "赵文华", **kw))


def test_R66_a_trip_changed_to_an_official_one_abroad_needs_its_trip_report(db, gov):
    d = approve_all(db, file(db, gov, "赵文华"))  # 出差 to 哈尔滨: no trip report
    assert not d.trip_report_required
    change = _change(db, gov, d, category=ABROAD, destination="俄罗斯哈巴罗夫斯克")
    assert change.steps[0].code == "fao_opinion"  # R66 on the change itself
    approve_all(db, change, T)
    d = absences_return.record_return(db, CLERK, d.id, BACK, "晚上", today=DAY)
    assert d.trip_report_required and d.trip_report_missing
    items = [i for i in dashboard.collect(db, DAY) if i.rule_id == "R66"]
    assert [i.title for i in items] == ["赵文华出访报告未交"]
    assert [
        x.id for x in absences_queries.list_absences(db, status="trip_report_missing", today=DAY)
    ] == [d.id]
    d = absences_return.record_trip_report(db, CLERK, d.id, DAY, note="已报市政府", today=DAY)
    assert d.trip_report_received_on == DAY and not d.trip_report_missing


def test_R66_a_trip_abroad_changed_to_one_at_home_needs_none(db, gov):
    d = approve_all(db, file(db, gov, "赵文华", category=ABROAD, destination="蒙古乌兰巴托"))
    assert d.trip_report_required
    change = approve_all(db, _change(db, gov, d, destination="哈尔滨"), T)
    d = absences.get_absence(db, d.id)
    assert not d.trip_report_required
    # voiding the change's approval: the original itinerary (abroad) is in force again
    agreed = next(a for a in change.approvals if a.step == "mayor_agree")
    absences_approvals.void_approval(db, CLERK, agreed.id, "误登记", agreed.version)
    assert absences.get_absence(db, d.id).trip_report_required
    absences.void_request(db, CLERK, change.id, "行程未变", None)
    d = absences_return.record_return(db, CLERK, d.id, BACK, "晚上", today=DAY)
    assert d.trip_report_missing


def test_R66_the_trip_report_is_refused_for_a_trip_changed_back_home(db, gov):
    d = approve_all(db, file(db, gov, "赵文华", category=ABROAD, destination="蒙古乌兰巴托"))
    approve_all(db, _change(db, gov, d, destination="哈尔滨"), T)
    absences_return.record_return(db, CLERK, d.id, BACK, "晚上", today=DAY)
    with pytest.raises(RuleViolation) as e:
        absences_return.record_trip_report(db, CLERK, d.id, DAY, today=DAY)
    assert e.value.rule_id == "R66"
