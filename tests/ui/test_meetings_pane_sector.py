"""The meetings pane for a 战线会议 (第二十八条, R28), driven like a clerk would: planning one picks
the area and derives its vice mayor in charge as presider (another vice mayor refused), and its
approvals are recorded in order (the mayor's before the executive vice mayor agreed refused)."""

from __future__ import annotations

from datetime import date, datetime

from tests.ui.conftest import choose, close_errors, finish, open_errors, wait_ops
from tests.ui.meetings_pane_support import (
    select,
    set_date,
    window_fixture,  # noqa: F401 - the `window` fixture
)


def test_R28_sector_meeting_approvals_in_order_from_the_pane(qtbot, window):
    """A 战线会议: the mayor's approval before the executive vice mayor agreed is refused; in
    order both are recorded."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from desktop_app.services.directory import commands as directory
    from desktop_app.services.meetings import planning as meetings

    ctx = window.ctx
    people = {p.name: p.id for p in directory.list_persons(ctx.db)}
    m = meetings.plan_meeting(
        ctx.db,
        ctx.user,
        kind="sector",
        title="全市农业农村战线工作会议",
        starts_at=datetime(2026, 12, 8, 9, tzinfo=ZoneInfo("Asia/Shanghai")),
        presider_id=people["孙立新"],
    )
    pane = window.show_pane("会议")

    def approve(step: str, who: str, day: date) -> bool:
        select(qtbot, pane.meetings, lambda row: row.id == m.id)
        dialog = pane.sector_approval()
        dialog.widgets["step"].setCurrentIndex(dialog.widgets["step"].findData(step))
        choose(dialog, "by", who)
        set_date(dialog, "on", day)
        ok = finish(dialog.try_save())
        if not ok:
            dialog.reject()
        return ok

    assert not approve("mayor_approved", "李明远", date(2026, 12, 1))
    assert any("第二十八条" in e for e in open_errors())
    close_errors()
    assert approve("exec_agreed", "张海峰", date(2026, 12, 1)), open_errors()
    assert approve("mayor_approved", "李明远", date(2026, 12, 2)), open_errors()
    saved = meetings.get_meeting(ctx.db, m.id)
    assert saved.version > m.version


def test_R28_planning_a_sector_meeting_picks_the_area_and_derives_its_presider(qtbot, window):
    """战线会议: the 战线 pick fills in its vice mayor in charge as presider; another vice mayor
    is refused citing 第二十八条."""
    pane = window.show_pane("会议")
    dialog = pane.plan_meeting()
    dialog.widgets["starts_at"].setDateTime(datetime(2026, 12, 8, 9, 0))
    dialog.widgets["title"].setText("全市农业农村工作会议")
    choose(dialog, "area", "农业农村战线")
    assert dialog.widgets["kind"].currentData() == "sector"
    wait_ops()  # the presider is read through the runner
    assert dialog.widgets["presider_id"].currentText().startswith("孙立新")
    choose(dialog, "presider_id", "周志强")
    assert not finish(dialog.try_save())
    assert any("第二十八条" in e and "由分管副市长孙立新主持" in e for e in open_errors())
    close_errors()
    choose(dialog, "presider_id", "孙立新")
    assert finish(dialog.try_save()), open_errors()
    select(qtbot, pane.meetings, lambda m: m.title == "全市农业农村工作会议")
    m = pane.meetings.current()
    assert (m.area, m.presider_name, m.kind) == ("农业农村战线", "孙立新", "sector")
