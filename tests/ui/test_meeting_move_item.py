"""移至下次会议 from the meeting's 议题 tab: the next meeting of the same kind is looked up on the
runner with the move (nothing read on the GUI thread, tests/ui/db_thread_guard.py); without one
the clerk is told to plan it first and nothing changes."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from desktop_app.services.directory import commands as directory
from desktop_app.services.meetings import agenda, agenda_meeting
from desktop_app.services.meetings import planning as meetings
from tests.ui.conftest import close_errors, open_errors, wait_ops
from tests.ui.test_meetings_pane import select

CHINA = ZoneInfo("Asia/Shanghai")
TITLE = "关于调整公交线路的通报"


@pytest.fixture
def window(qtbot, demo_ctx):
    from ui.main_window import MainWindow

    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    return win


def placed_item(ctx, meeting_id: int, mayor_id: int):
    units = {u.name: u.id for u in directory.list_units(ctx.db)}
    item = agenda.save_item(
        ctx.db, ctx.user, title=TITLE, category="report", department_id=units["住房和城乡建设局"]
    )
    for k, (step, extra) in enumerate(
        (
            ("coordination", {"method": "会签"}),
            ("sponsor_signed", {}),
            ("office_consolidated", {}),
            ("exec_reviewed", {}),
            ("mayor_approved", {}),
        )
    ):
        item = agenda.record_step(
            ctx.db,
            ctx.user,
            item.id,
            step,
            date(2026, 11, 16 + k),
            expected_version=item.version,
            **extra,
        )
    return agenda_meeting.place_on_meeting(ctx.db, ctx.user, item.id, meeting_id, item.version)


def test_move_item_to_the_next_meeting_of_its_kind(qtbot, window):
    ctx = window.ctx
    mayor = {p.name: p.id for p in directory.list_persons(ctx.db)}["李明远"]

    def plan(day: datetime):
        return meetings.plan_meeting(
            ctx.db, ctx.user, kind="executive", starts_at=day, presider_id=mayor
        )

    last = plan(datetime(2027, 6, 1, 9, tzinfo=CHINA))  # after every meeting of the demo
    item = placed_item(ctx, last.id, mayor)
    pane = window.show_pane("会议")
    select(qtbot, pane.meetings, lambda row: row.id == last.id)
    select(qtbot, pane.detail.items, lambda i: i.title == TITLE)

    pane.detail.move_item()
    wait_ops()
    assert any("没有下一次同类会议" in e for e in open_errors()), open_errors()
    close_errors()
    assert agenda.get_item(ctx.db, item.id).meeting_id == last.id  # nothing changed

    following = plan(datetime(2027, 6, 15, 9, tzinfo=CHINA))
    select(qtbot, pane.detail.items, lambda i: i.title == TITLE)
    pane.detail.move_item()
    wait_ops()
    assert open_errors() == []
    assert agenda.get_item(ctx.db, item.id).meeting_id == following.id
