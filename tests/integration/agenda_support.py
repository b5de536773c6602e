"""Helpers of the 议题 tests, shared with the 在外人员, 工作台 and vice-mayor tests: an item
submitted by a unit (`new_item`), its chain recorded step by step (`step`, `approve`) and its
placing on a meeting (`place`)."""

from __future__ import annotations

from datetime import date, timedelta

from desktop_app.services.meetings import agenda, agenda_meeting
from tests.integration.test_meeting_plan import CLERK, Gov, T

MEETING_DAY = T + timedelta(days=14)  # 2026-03-16; materials due 2026-03-14 (2 days before)


def new_item(
    db,
    gov: Gov,
    category: str = "deliberation",
    is_policy: bool = False,
    unit: str = "教育局",
    **kw,
) -> agenda.AgendaItemDTO:
    return agenda.save_item(
        db,
        CLERK,
        title="关于调整城区学校布局的议题",
        category=category,
        department_id=gov.unit[unit],
        is_policy=is_policy,
        today=T,
        **kw,
    )


def step(
    db, item_id: int, name: str, on: date, by: int | None = None, **extra
) -> agenda.AgendaItemDTO:
    version = agenda.get_item(db, item_id).version
    return agenda.record_step(db, CLERK, item_id, name, on, by, expected_version=version, **extra)


def approve(db, item_id: int, first: date = T) -> agenda.AgendaItemDTO:
    """The R23.4.1a chain, one day per step, signed by that day's post holders."""
    step(db, item_id, "coordination", first, method="会签")
    step(db, item_id, "sponsor_signed", first + timedelta(days=1))
    step(db, item_id, "office_consolidated", first + timedelta(days=2))
    step(db, item_id, "exec_reviewed", first + timedelta(days=3))
    return step(db, item_id, "mayor_approved", first + timedelta(days=4))


def place(db, item_id: int, meeting_id: int) -> agenda.AgendaItemDTO:
    return agenda_meeting.place_on_meeting(
        db, CLERK, item_id, meeting_id, agenda.get_item(db, item_id).version
    )
