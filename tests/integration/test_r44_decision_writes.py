"""R44 (第四十四条) in what the decision writes of the meetings area return, on both engines: the
decisions of a confidential meeting are its content (services.meetings.secrecy). A clerk without
the classified permission who records a unit's report on one, or adds one under an item of that
meeting, gets the decision back as the register shows it — not its text nor the item's title."""

from __future__ import annotations

from desktop_app.services.meetings import decisions
from tests.integration.r44_links_support import (  # noqa: F401 - the org and world fixtures
    CLERK,
    JIYAO,
    M_DAY,
    MEETING_NEEDLE,
    leaks,
    org_fixture,
    world_fixture,
)

HIDDEN = "（涉密会议，内容不显示）"


def test_R44_reporting_on_a_confidential_decision_returns_it_hidden(world):
    d = decisions.add_decision(
        world.db,
        JIYAO,
        meeting_id=world.meeting_id,
        content=f"由水务局落实{MEETING_NEEDLE}供水保障",
        unit_id=world.org.u["自然资源局"],
        deadline=M_DAY,
        agenda_item_id=world.item_id,
    )
    assert MEETING_NEEDLE in d.content  # 机要 sees what it recorded
    done = decisions.report_done(
        world.db, CLERK, d.id, reported_on=M_DAY, report="已书面反馈，按期完成。"
    )
    assert leaks(done) == []
    assert done.content == HIDDEN and done.status == "done"


def test_R44_a_decision_added_under_a_confidential_item_returns_the_item_hidden(world):
    d = decisions.add_decision(
        world.db,
        CLERK,
        meeting_id=world.meeting_id,
        content="由水务局做好供水保障",
        unit_id=world.org.u["自然资源局"],
        deadline=M_DAY,
        agenda_item_id=world.item_id,
    )
    assert leaks(d) == []
    assert d.item_title == HIDDEN
