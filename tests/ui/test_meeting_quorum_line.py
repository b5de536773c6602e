"""R23.1 in the meeting detail: the 出席 tab's quorum line shows the count 标记已召开 decides by —
the 常务会议's members in the directory on the meeting day — when the directory and the list of
member lines differ (a vice mayor appointed after the list was made; one whose post ended)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from desktop_app.formatting import CHINA
from desktop_app.rules.registry import RuleViolation
from desktop_app.services.directory import commands as directory
from desktop_app.services.directory import listing
from desktop_app.services.meetings import attendance, attendance_record, holding, planning
from tests.ui.conftest import wait_loaded, wait_ops

DAY = date(2026, 12, 3)  # a Thursday after the demo's today


def plan(ctx):
    mayor = next(p.id for p in directory.list_persons(ctx.db) if p.name == "李明远")
    return planning.plan_meeting(
        ctx.db,
        ctx.user,
        kind="executive",
        starts_at=datetime(DAY.year, DAY.month, DAY.day, 9, tzinfo=CHINA),
        presider_id=mayor,
    )


def record(ctx, meeting_id: int, present: tuple[str, ...], absent: tuple[str, ...]) -> None:
    for a in attendance.list_attendance(ctx.db, meeting_id):
        if a.person_name in present + absent:
            status = "present" if a.person_name in present else "absent"
            attendance_record.set_attendance(ctx.db, ctx.user, a.id, status, a.version)


def shown_line(qtbot, ctx, meeting) -> str:
    from ui.panes.meeting_detail import MeetingDetail

    detail = MeetingDetail(ctx)
    qtbot.addWidget(detail)
    detail.show_meeting(planning.get_meeting(ctx.db, meeting.id))
    wait_loaded(qtbot, detail.attendance)
    wait_ops()  # the quorum line is read after the list
    return detail.quorum.text()


def refusal(ctx, meeting_id: int) -> str:
    m = planning.get_meeting(ctx.db, meeting_id)
    with pytest.raises(RuleViolation) as e:
        holding.mark_held(ctx.db, ctx.user, m.id, m.version)
    return e.value.message


def test_R23_1_quorum_line_counts_a_vice_mayor_appointed_after_the_list(qtbot, demo_ctx):
    """Six member lines, seven members on the day: 3 present is short of 4."""
    ctx = demo_ctx
    m = plan(ctx)
    new = directory.save_person(ctx.db, ctx.user, name="钱新民").id
    directory.save_appointment(
        ctx.db, ctx.user, person_id=new, post_code="vice_mayor", unit_id=None, start_date=DAY
    )
    record(ctx, m.id, ("李明远", "张海峰", "赵文华"), ("孙立新", "周志强", "吴秀兰"))
    assert attendance.quorum(ctx.db, m.id) == (7, 3)  # what the save counts
    text = shown_line(qtbot, ctx, m)
    assert "成员 7 人，出席 3 人；须半数以上（含半数，至少 4 人）" in text
    assert "不足半数，不能召开" in text
    assert "钱新民（未列入名单）" in text and "钱新民（未列入名单）" in refusal(ctx, m.id)


def test_R23_1_quorum_line_leaves_out_a_member_whose_post_ended(qtbot, demo_ctx):
    """Her line stays, recorded 出席, but she is no member on the day: 2 of 5, not 3 of 6 — the
    line says the meeting cannot be held, as the save then refuses."""
    ctx = demo_ctx
    m = plan(ctx)
    post = next(
        p
        for p in listing.list_periods(ctx.db, "appointment")
        if p.person_name == "吴秀兰" and p.post_code == "vice_mayor" and p.end_date is None
    )
    directory.save_appointment(
        ctx.db,
        ctx.user,
        person_id=post.person_id,
        post_code=post.post_code,
        unit_id=post.other_id,
        start_date=post.start_date,
        end_date=DAY - timedelta(days=1),
        record_id=post.id,
        expected_version=post.version,
    )
    record(ctx, m.id, ("李明远", "张海峰", "吴秀兰"), ("赵文华", "孙立新", "周志强"))
    attendance_record.record_rest_present(ctx.db, ctx.user, m.id)  # the 列席 lines
    assert attendance.quorum(ctx.db, m.id) == (5, 2)
    text = shown_line(qtbot, ctx, m)
    assert "成员 5 人，出席 2 人；须半数以上（含半数，至少 3 人）" in text
    assert "不足半数，不能召开" in text and "不计入：吴秀兰" in text
    assert "未登记" not in text
    assert "成员 5 人，出席 2 人，至少需要 3 人" in refusal(ctx, m.id)
