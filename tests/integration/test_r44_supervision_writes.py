"""R44 (第四十四条) in what the 督办 writes return, on both engines: an account without the classified
permission (督查, 文秘) that closes or escalates an item of a classified 收文, or takes a confidential
meeting's decision into the register, gets the item back as the register shows it — its text hidden
— not the classified document's title or the meeting's decision."""

from __future__ import annotations

from datetime import timedelta

from desktop_app.services.meetings import decisions
from desktop_app.services.supervision import commands as supervision
from tests.integration.r44_links_support import (  # noqa: F401 - the org and world fixtures
    JIYAO,
    M_DAY,
    MEETING_NEEDLE,
    ROLES,
    T,
    leaks,
    org_fixture,
    world_fixture,
)

SUPERVISOR = ROLES["supervisor"]
HIDDEN = "（涉密事项，不显示）"


def test_R44_escalating_a_classified_item_returns_it_hidden(world):
    item_id = world.supervised_ids[0]  # the item of the classified 收文
    e = supervision.escalate(
        world.db,
        SUPERVISOR,
        item_id,
        to_person_id=world.org.p["张海峰"],  # 常务副市长
        on=T + timedelta(days=1),
        reason="跨部门，难以协调",
    )
    assert leaks(e) == []
    assert e.title == HIDDEN


def test_R44_closing_a_classified_item_returns_it_hidden(world):
    item_id = world.supervised_ids[0]
    supervision.record_report(
        world.db,
        SUPERVISOR,
        item_id,
        received_on=T + timedelta(days=1),
        text="已按期办结",
        today=T + timedelta(days=1),
    )
    closed = supervision.close_item(
        world.db,
        SUPERVISOR,
        item_id,
        done=True,
        closed_on=T + timedelta(days=2),
        evidence="办结报告",
    )
    assert leaks(closed) == []
    assert closed.title == HIDDEN and closed.status == "done"


def test_R44_a_confidential_meetings_decision_taken_into_the_register_returns_it_hidden(world):
    d = decisions.add_decision(
        world.db,
        JIYAO,
        meeting_id=world.meeting_id,
        content=f"由水务局落实{MEETING_NEEDLE}供水保障",
        unit_id=world.org.u["自然资源局"],
        deadline=M_DAY,
    )
    item = supervision.item_from_decision(world.db, SUPERVISOR, d.id, responsible_person="张局长")
    assert leaks(item) == []
    assert item.title == HIDDEN
    # the 机要 account sees what it took over
    d2 = decisions.add_decision(
        world.db,
        JIYAO,
        meeting_id=world.meeting_id,
        content=f"由交通运输局落实{MEETING_NEEDLE}道路保障",
        unit_id=world.org.u["自然资源局"],
        deadline=M_DAY,
    )
    seen = supervision.item_from_decision(world.db, JIYAO, d2.id, responsible_person="李局长")
    assert MEETING_NEEDLE in seen.title
