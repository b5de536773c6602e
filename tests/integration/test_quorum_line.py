"""R23.1 on both engines: the 出席 tab's quorum line (attendance.quorum_line) reads the quorum as
标记已召开 decides it — the members of the 常务会议 from the directory on the meeting day, not the
member lines of the list — when the two differ: a vice mayor appointed after the list was made,
one whose post ended before the meeting."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop_app.rules.registry import RuleViolation
from desktop_app.services.directory import commands as directory
from desktop_app.services.directory import listing
from desktop_app.services.meetings import attendance, attendance_record
from tests.integration import test_meeting_plan as base
from tests.integration.test_meeting_plan import CLERK, T, blocked, hold, plan

gov = base.gov  # the shared demo-government fixture

DAY = T + timedelta(days=14)


def set_status(db, meeting_id: int, name: str, status: str) -> None:
    row = next(a for a in attendance.list_attendance(db, meeting_id) if a.person_name == name)
    attendance_record.set_attendance(db, CLERK, row.id, status, row.version)


def test_R23_1_quorum_line_counts_a_vice_mayor_appointed_after_the_list_was_made(db, gov, admin):
    """Six member lines, seven members that day: 3 present is not 半数以上 of 7."""
    m = plan(db, gov, DAY)
    new = directory.save_person(db, admin, name="钱新民").id
    directory.save_appointment(
        db, admin, person_id=new, post_code="vice_mayor", unit_id=None, start_date=DAY
    )
    for name in ("李明远", "张海峰", "赵文华"):
        set_status(db, m.id, name, "present")
    for name in ("孙立新", "周志强", "吴秀兰"):
        set_status(db, m.id, name, "absent")
    line = attendance.quorum_line(db, m.id)
    assert (line.members, line.present) == attendance.quorum(db, m.id) == (7, 3)
    assert (line.needed, line.quorate) == (4, False)
    assert line.unrecorded_members == ("钱新民（未列入名单）",)
    assert line.not_members == ()
    with pytest.raises(RuleViolation) as e:  # what the line names is what the save refuses
        hold(db, m.id)
    assert "钱新民（未列入名单）" in blocked(e, "R23.1")
    assert len(line.unrecorded_attendees) == 10  # the standing 列席 lines, named likewise
    assert "列席 " + "、".join(line.unrecorded_attendees) in blocked(e, "R23.1")
    row = attendance_record.add_attendee(db, CLERK, m.id, person_id=new)
    attendance_record.set_attendance(db, CLERK, row.id, "absent", row.version)
    attendance_record.record_rest_present(db, CLERK, m.id)  # the 列席 lines
    line = attendance.quorum_line(db, m.id)
    assert (line.members, line.present, line.quorate, line.unrecorded_members) == (7, 3, False, ())
    with pytest.raises(RuleViolation) as e:
        hold(db, m.id)
    assert "成员 7 人，出席 3 人，至少需要 4 人" in blocked(e, "R23.1")


def test_R23_1_quorum_line_leaves_out_a_member_whose_post_ended_before_the_meeting(db, gov):
    """Her line stays on the list, recorded 出席, but she is no member that day: 2 of 5."""
    m = plan(db, gov, DAY)
    post = next(
        p
        for p in listing.list_periods(db, "appointment")
        if p.person_name == "吴秀兰" and p.post_code == "vice_mayor"
    )
    directory.save_appointment(
        db,
        CLERK,
        person_id=post.person_id,
        post_code=post.post_code,
        unit_id=post.other_id,
        start_date=post.start_date,
        end_date=DAY - timedelta(days=1),
        record_id=post.id,
        expected_version=post.version,
    )
    for name in ("李明远", "张海峰", "吴秀兰"):
        set_status(db, m.id, name, "present")
    for name in ("赵文华", "孙立新", "周志强"):
        set_status(db, m.id, name, "absent")
    attendance_record.record_rest_present(db, CLERK, m.id)  # the 列席 lines
    line = attendance.quorum_line(db, m.id)
    assert (line.members, line.present) == attendance.quorum(db, m.id) == (5, 2)
    assert (line.needed, line.quorate, line.not_members) == (3, False, ("吴秀兰",))
    assert line.unrecorded_members == ()
    with pytest.raises(RuleViolation) as e:
        hold(db, m.id)
    assert "成员 5 人，出席 2 人，至少需要 3 人" in blocked(e, "R23.1")


def test_R27_quorum_line_of_another_kind_counts_its_list_and_needs_no_quorum(db, gov):
    m = plan(db, gov, DAY, kind="mayor_office")
    set_status(db, m.id, "李明远", "present")
    line = attendance.quorum_line(db, m.id)
    assert (line.kind, line.members, line.present, line.needed, line.quorate) == (
        "mayor_office",
        6,
        1,
        0,
        True,
    )
    assert line.unrecorded_members == ("张海峰", "赵文华", "孙立新", "周志强", "吴秀兰")
