"""The 分管副市长 of a 议题 is derived from the submitting unit through the dated directory (R6.1),
never picked (issue 12 §1), on both engines: R23.4.1a (his signature; his AB partner while he is
away, R6.2; another portfolio's vice mayor refused under 第二十三条), R23.4.5 (the vice mayor in
charge of the item's unit on the meeting's day must attend — not whoever the clerk picked)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from db.models import AgendaItem
from desktop_app.rules.registry import RuleViolation
from desktop_app.services.directory import commands as directory
from desktop_app.services.meetings import agenda, agenda_meeting
from desktop_app.services.system.common import ValidationError
from tests.integration import test_meeting_plan as base
from tests.integration.agenda_support import MEETING_DAY, approve, new_item, place, step
from tests.integration.test_away import away_trip
from tests.integration.test_meeting_plan import CLERK, T, blocked, plan

gov = base.gov


# --- R23.4.1a: derived, never picked ---------------------------------------------------------


def test_R23_4_1a_the_vice_mayor_comes_from_the_submitting_unit(db, gov):
    education = new_item(db, gov)
    farming = new_item(db, gov, unit="农业农村局")
    assert (education.sponsor_name, education.sponsor_id) == ("赵文华", gov.person["赵文华"])
    assert (farming.sponsor_name, farming.sponsor_day) == ("孙立新", T)
    shown = agenda.vice_mayor_for(db, gov.unit["住房和城乡建设局"], T)
    assert (shown.name, shown.partner_name) == ("周志强", "吴秀兰")
    assert agenda.vice_mayor_for(db, None, T) is None


def test_R23_4_1a_there_is_no_free_pick_in_the_service(db, gov):
    """The clerk confirms, never chooses: the service takes no sponsor."""
    with pytest.raises(TypeError):
        agenda.save_item(
            db,
            CLERK,
            title="某议题",
            category="report",
            sponsor_id=gov.person["周志强"],
            department_id=gov.unit["教育局"],
        )
    assert agenda.list_items(db) == []


def test_R23_4_1a_a_unit_without_a_vice_mayor_is_refused_pointing_to_the_directory(db, gov, admin):
    unit = directory.save_unit(db, admin, name="统计局", kind="department").id
    with pytest.raises(RuleViolation) as e:
        agenda.save_item(
            db,
            CLERK,
            title="关于统计执法检查的通报",
            category="report",
            department_id=unit,
            today=T,
        )
    message = blocked(e, "R23.4.1a", "第二十三条")
    assert "「统计局」没有登记分管副市长" in message and "人员与分管 → 分管" in message
    assert agenda.list_items(db) == []  # nothing saved
    directory.save_portfolio(db, admin, person_id=gov.person["周志强"], unit_id=unit, start_date=T)
    saved = agenda.save_item(
        db, CLERK, title="关于统计执法检查的通报", category="report", department_id=unit, today=T
    )
    assert saved.sponsor_name == "周志强"


def test_R23_4_1a_the_signature_needs_the_submitting_unit(db, gov):
    loose = agenda.save_item(db, CLERK, title="关于某事项的通报", category="report", today=T)
    assert (loose.sponsor_name, loose.vice_mayor_text) == ("", "（请先填写提请部门）")
    step(db, loose.id, "coordination", T, method="会签")
    with pytest.raises(ValidationError) as e:
        step(db, loose.id, "sponsor_signed", T)
    assert "提请部门" in e.value.message
    assert agenda.get_item(db, loose.id).sponsor_signed_on is None


def test_R23_4_1a_another_portfolios_vice_mayor_is_refused_the_unit_s_signs(db, gov):
    item = new_item(db, gov)
    step(db, item.id, "coordination", T, method="会签")
    with pytest.raises(RuleViolation) as e:
        step(db, item.id, "sponsor_signed", T, by=gov.person["周志强"])
    assert "周志强当日不分管此项工作" in blocked(e, "R23.4.1a", "第二十三条")
    done = step(db, item.id, "sponsor_signed", T, by=gov.person["赵文华"])
    assert (done.sponsor_signed_by_name, done.sponsor_signed_capacity) == ("赵文华", "本人")


def test_R6_2_R23_4_1a_the_ab_partner_signs_while_the_vice_mayor_is_away(db, gov):
    """The AB partner (孙立新) may sign 赵文华's items only while 赵文华 is away (R6.2)."""
    away_day = T + timedelta(days=3)
    away_trip(db, gov, "赵文华", start=away_day, days=2)
    item = new_item(db, gov)
    step(db, item.id, "coordination", T, method="会签")
    with pytest.raises(RuleViolation) as e:  # 赵文华 in the city: he signs himself
        step(db, item.id, "sponsor_signed", T + timedelta(days=1), by=gov.person["孙立新"])
    assert "AB角孙立新不能代签" in blocked(e, "R6.2", "第六条")
    done = step(db, item.id, "sponsor_signed", away_day, by=gov.person["孙立新"])
    assert (done.sponsor_signed_by_name, done.sponsor_signed_capacity) == ("孙立新", "B角代签")
    assert done.signature_text == "孙立新（B角代签） 2026年3月5日"
    # the B角 signature stands: the chain goes on and the item is placed
    for name, day in (("office_consolidated", 5), ("exec_reviewed", 6), ("mayor_approved", 7)):
        step(db, item.id, name, T + timedelta(days=day))
    step(db, item.id, "procedure_sheet", T + timedelta(days=7))
    m = plan(db, gov, MEETING_DAY)
    assert place(db, item.id, m.id).status == "placed"


def test_R23_4_1a_a_signature_recorded_by_a_picked_sponsor_is_not_placed(db, gov):
    """A signature recorded when the sponsor was picked by hand (kept by migration 0011) that is
    not the unit's vice mayor's: placing is refused until he signs."""
    m = plan(db, gov, MEETING_DAY)
    item = new_item(db, gov, category="report")
    approve(db, item.id)
    with db.uow("test") as s:  # what the old free pick let through
        s.get(AgendaItem, item.id).sponsor_signed_by = gov.person["周志强"]
    with pytest.raises(RuleViolation) as e:
        place(db, item.id, m.id)
    message = blocked(e, "R23.4.1a", "第二十三条")
    assert "记录为周志强" in message and "「教育局」的分管副市长为赵文华" in message
    assert agenda.get_item(db, item.id).status == "draft"
    step(db, item.id, "sponsor_signed", T + timedelta(days=1), by=gov.person["赵文华"])
    assert place(db, item.id, m.id).status == "placed"


# --- R23.4.5: the derived vice mayor must attend ------------------------------------------------


def test_R23_4_5_the_unit_s_vice_mayor_away_holds_the_item(db, gov):
    """The defect of issue 12: an 教育局 item was placed while 赵文华 (in charge of 教育局) was
    on approved leave, because a different, picked, vice mayor was checked."""
    first = plan(db, gov, MEETING_DAY)
    away_trip(db, gov, "赵文华", start=MEETING_DAY, days=1)
    item = new_item(db, gov, category="report")
    approve(db, item.id)
    with pytest.raises(agenda_meeting.SponsorAbsent) as e:
        place(db, item.id, first.id)
    assert "分管副市长赵文华不能参加本次会议" in blocked(e, "R23.4.5", "第二十三条")
    assert agenda.get_item(db, item.id).status == "draft"


def test_R23_4_5_another_vice_mayor_away_does_not_hold_the_item(db, gov):
    first = plan(db, gov, MEETING_DAY)
    away_trip(db, gov, "周志强", start=MEETING_DAY, days=1)
    item = new_item(db, gov, category="report")
    approve(db, item.id)
    placed = place(db, item.id, first.id)
    assert (placed.status, placed.sponsor_name, placed.sponsor_day) == (
        "placed",
        "赵文华",
        MEETING_DAY,
    )
    assert [rid for rid, _t in placed.warnings] == ["R23.4.7"]  # materials only
