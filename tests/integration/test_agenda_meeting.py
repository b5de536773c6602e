"""议题 on their meeting (R23.4.5–R23.5) on both engines: an item whose 分管副市长 cannot attend
goes to the next meeting, positions close up as items leave, materials are due before the meeting
(R23.4.7), items go only on planned meetings and each gets its outcome recorded for the minutes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop_app.services.meetings import agenda, agenda_meeting, attendance, attendance_record
from desktop_app.services.system import org_profile
from desktop_app.services.system.common import ValidationError
from tests.integration import test_meeting_plan as base
from tests.integration.agenda_support import MEETING_DAY, approve, new_item, place, step
from tests.integration.test_meeting_plan import (
    CLERK,
    appoint_secretary,
    attend_and_hold,
    blocked,
    plan,
)

gov = base.gov  # the shared demo-government fixture


# --- R23.4.5: the sponsor must attend ----------------------------------------------------------


def _sponsor_on_leave(db, gov, meeting_id: int, sponsor: str = "赵文华") -> None:
    row = next(a for a in attendance.list_attendance(db, meeting_id) if a.person_name == sponsor)
    attendance_record.set_attendance(
        db, CLERK, row.id, "leave", row.version, leave_approved_by=gov.person["张海峰"]
    )


def test_R23_4_5_item_of_a_sponsor_on_leave_goes_to_the_next_meeting(db, gov):
    first = plan(db, gov, MEETING_DAY)
    second = plan(db, gov, MEETING_DAY + timedelta(days=14))
    _sponsor_on_leave(db, gov, first.id)
    item = new_item(db, gov, category="report")
    approve(db, item.id)
    with pytest.raises(agenda_meeting.SponsorAbsent) as e:
        place(db, item.id, first.id)
    assert "分管副市长赵文华不能参加本次会议" in blocked(e, "R23.4.5", "第二十三条")
    assert e.value.next_meeting_id == second.id and "市政府第二次常务会议" in e.value.message
    assert agenda_meeting.next_meeting_of_kind(db, first.id).id == second.id
    assert agenda_meeting.next_meeting_of_kind(db, second.id) is None
    assert place(db, item.id, e.value.next_meeting_id).meeting_id == second.id


def test_R23_4_5_leave_after_placing_is_flagged_and_the_item_moved(db, gov):
    first = plan(db, gov, MEETING_DAY)
    second = plan(db, gov, MEETING_DAY + timedelta(days=14))
    items = []
    for unit in ("教育局", "农业农村局"):  # 赵文华, 孙立新
        it = new_item(db, gov, category="report", unit=unit)
        approve(db, it.id)
        items.append(place(db, it.id, first.id))
    assert [i.position for i in items] == [1, 2]
    _sponsor_on_leave(db, gov, first.id)
    flagged = agenda.get_item(db, items[0].id)
    assert "R23.4.5" in [rid for rid, _text in flagged.warnings]
    moved = agenda_meeting.move_item(db, CLERK, flagged.id, second.id, flagged.version)
    assert (moved.meeting_id, moved.position, moved.warnings[0][0]) == (second.id, 1, "R23.4.7")
    assert [(i.title, i.position) for i in agenda.list_items(db, meeting_id=first.id)][1:] == [
        (items[1].title, 1)
    ]


def test_items_leave_a_meeting_and_positions_close_up(db, gov):
    m = plan(db, gov, MEETING_DAY)
    placed = []
    for _ in range(3):
        it = new_item(db, gov, category="report")
        approve(db, it.id)
        placed.append(place(db, it.id, m.id))
    back = agenda_meeting.remove_from_meeting(db, CLERK, placed[0].id, placed[0].version)
    assert (back.status, back.meeting_id) == ("draft", None)
    agenda.void_item(db, CLERK, placed[1].id, "重复登记", agenda.get_item(db, placed[1].id).version)
    assert [(i.id, i.position) for i in agenda.list_items(db, meeting_id=m.id)][1:] == [
        (placed[2].id, 1)
    ]
    assert placed[1].id not in [i.id for i in agenda.list_items(db)]
    assert placed[1].id in [i.id for i in agenda.list_items(db, include_voided=True)]


# --- R23.4.7: materials deadline ------------------------------------------------------------------


def test_R23_4_7_materials_missing_or_late_are_warned_on_time_are_not(db, gov):
    m = plan(db, gov, MEETING_DAY)
    item = new_item(db, gov, category="report")
    approve(db, item.id)
    placed = place(db, item.id, m.id)
    assert placed.warnings == (("R23.4.7", placed.warnings[0][1]),)
    assert "会议材料尚未送达文秘室，截止2026年3月14日" in placed.warnings[0][1]
    late = step(db, item.id, "materials", MEETING_DAY - timedelta(days=1), copies=30)
    assert late.materials_copies == 30
    assert "2026年3月15日送达，晚于截止日期2026年3月14日" in late.warnings[0][1]
    on_time = step(db, item.id, "materials", MEETING_DAY - timedelta(days=2), copies=30)
    assert on_time.warnings == ()


def test_R23_4_7_deadline_follows_the_organisation_profile(db, gov, admin):
    profile = org_profile.get_profile(db)
    org_profile.save_profile(db, admin, {"materials_days_before_meeting": 5}, profile.versions)
    m = plan(db, gov, MEETING_DAY)
    item = new_item(db, gov, category="report")
    approve(db, item.id)
    place(db, item.id, m.id)
    warned = step(db, item.id, "materials", MEETING_DAY - timedelta(days=2), copies=30)
    assert "晚于截止日期2026年3月11日" in warned.warnings[0][1]


# --- the register -------------------------------------------------------------------------------


def test_items_go_only_on_planned_meetings(db, gov):
    m = plan(db, gov, MEETING_DAY)
    attend_and_hold(db, m.id)
    item = new_item(db, gov, category="report")
    approve(db, item.id)
    with pytest.raises(ValidationError):
        place(db, item.id, m.id)


def test_R23_5_outcome_is_recorded_for_an_item_on_the_meeting_and_feeds_the_minutes(db, gov):
    """R23.5: reporter, discussion and conclusion per item; refused for an item not on a meeting."""
    from desktop_app.services.meetings import minutes

    m = plan(db, gov, date(2026, 11, 30))
    law_study = agenda.list_items(db, m.id)[0]
    loose = agenda.save_item(db, CLERK, title="未上会的议题", category="report")
    with pytest.raises(ValidationError):
        agenda_meeting.record_outcome(
            db,
            CLERK,
            loose.id,
            reporter="甲",
            discussion="",
            conclusion="同意",
            expected_version=loose.version,
        )
    with pytest.raises(ValidationError):  # no conclusion: nothing saved
        agenda_meeting.record_outcome(
            db,
            CLERK,
            law_study.id,
            reporter="法制办公室杨帆",
            discussion="",
            conclusion=" ",
            expected_version=law_study.version,
        )
    saved = agenda_meeting.record_outcome(
        db,
        CLERK,
        law_study.id,
        reporter="法制办公室杨帆",
        discussion="与会人员结合工作谈了体会。",
        conclusion="会议要求各部门严格依法行政。",
        expected_version=law_study.version,
    )
    assert (saved.status, saved.reporter) == ("decided", "法制办公室杨帆")
    appoint_secretary(db, gov)  # the 常务秘书 drafts the minutes (R23.7.2)
    draft = minutes.draft_minutes(db, CLERK, m.id)
    text = "".join(p for sec in draft.sections for p in sec.paragraphs)
    assert "会议要求各部门严格依法行政" in text
