"""工作台 items of the meetings area on both engines: cadence (R21, R22, R23.2, R25) over held
meetings, materials of the coming meetings (R23.4.7), planned meetings left open."""

from __future__ import annotations

from datetime import date

from desktop_app.services.meetings import agenda
from desktop_app.services.system import dashboard
from tests.integration import test_meeting_plan as base
from tests.integration.agenda_support import approve, new_item, place, step
from tests.integration.test_meeting_plan import attend_and_hold, plan

gov = base.gov  # the shared demo-government fixture


def warnings(db, today: date, rule_id: str) -> list[str]:
    return [i.title for i in dashboard.collect(db, today) if i.rule_id == rule_id]


def held(db, gov, day: date, kind: str = "executive") -> None:
    attend_and_hold(db, plan(db, gov, day, kind=kind).id)


def test_no_cadence_warnings_before_any_meeting_is_recorded(db, gov):
    items = [i for i in dashboard.collect(db, date(2026, 8, 25)) if i.area == "会议"]
    assert items == []


# --- R23.2: 常务会议 monthly ----------------------------------------------------------------------


def test_R23_2_a_month_without_an_executive_meeting_is_warned(db, gov):
    held(db, gov, date(2026, 1, 15))
    held(db, gov, date(2026, 3, 10))
    [gap] = [i for i in dashboard.collect(db, date(2026, 3, 25)) if i.rule_id == "R23.2"]
    assert gap.title == "2026年2月没有召开常务会议（原则上每月一次）。"
    assert gap.detail.startswith("依据《工作规则》第二十三条（R23.2）")
    assert (gap.area, gap.severity, gap.ref_kind) == ("会议", "warn", "meeting")


def test_R23_2_every_month_held_means_no_warning(db, gov):
    for day in (date(2026, 1, 15), date(2026, 2, 12), date(2026, 3, 10)):
        held(db, gov, day)
    assert warnings(db, date(2026, 3, 25), "R23.2") == []
    # From the 20th, the month itself is due.
    assert warnings(db, date(2026, 4, 20), "R23.2") == [
        "2026年4月尚未召开常务会议（原则上每月一次）。"
    ]
    assert warnings(db, date(2026, 4, 19), "R23.2") == []


# --- R21, R22: half-yearly ------------------------------------------------------------------------


def test_R21_R22_half_year_without_plenary_or_integrity_meeting_is_warned(db, gov):
    held(db, gov, date(2026, 3, 5), kind="plenary")
    held(db, gov, date(2026, 3, 6), kind="integrity")
    assert warnings(db, date(2026, 6, 30), "R21") == []
    assert warnings(db, date(2026, 6, 30), "R22") == []
    assert warnings(db, date(2026, 7, 1), "R21") == [
        "2026年下半年尚未召开全体会议（一般每半年一次）。"
    ]
    assert warnings(db, date(2026, 7, 1), "R22") == [
        "2026年下半年尚未召开廉政工作会议（一般每半年一次）。"
    ]
    held(db, gov, date(2026, 7, 8), kind="plenary")
    assert warnings(db, date(2026, 7, 9), "R21") == []


# --- R25: 市长工作例会 every two weeks ----------------------------------------------------------


def test_R25_more_than_fourteen_days_without_a_regular_meeting_is_warned(db, gov):
    held(db, gov, date(2026, 3, 2), kind="mayor_regular")
    assert warnings(db, date(2026, 3, 16), "R25") == []
    assert warnings(db, date(2026, 3, 17), "R25") == [
        "市长工作例会已超过14天未召开（上次为2026年3月2日；原则上每两周一次）。"
    ]


# --- R23.4.7: materials of the coming meetings ----------------------------------------------------


def test_R23_4_7_missing_materials_are_due_then_overdue_and_late_ones_warned(db, gov):
    day = date(2026, 3, 16)  # materials due 2026-03-14
    m = plan(db, gov, day)
    item = new_item(db, gov, category="report")
    approve(db, item.id)
    place(db, item.id, m.id)

    def materials(today):
        return [i for i in dashboard.collect(db, today) if i.rule_id == "R23.4.7"]

    assert materials(date(2026, 3, 1)) == []  # too far ahead to list
    [due] = materials(date(2026, 3, 10))
    assert (due.severity, due.due, due.ref_kind, due.ref_id) == (
        "due",
        date(2026, 3, 14),
        "agenda_item",
        item.id,
    )
    assert due.title == "关于调整城区学校布局的议题（市政府第一次常务会议）"
    assert materials(date(2026, 3, 15))[0].severity == "overdue"
    step(db, item.id, "materials", date(2026, 3, 15), copies=40)
    assert materials(date(2026, 3, 15))[0].severity == "warn"
    step(db, item.id, "materials", date(2026, 3, 13), copies=40)
    assert materials(date(2026, 3, 15)) == []
    assert agenda.get_item(db, item.id).warnings == ()


# --- meetings left open ---------------------------------------------------------------------------


def test_a_past_planned_meeting_is_flagged_until_held(db, gov):
    m = plan(db, gov, date(2026, 3, 16))
    title = "市政府第一次常务会议尚未登记召开或取消"
    assert title not in [i.title for i in dashboard.collect(db, date(2026, 3, 16))]
    [flag] = [i for i in dashboard.collect(db, date(2026, 3, 17)) if i.title == title]
    assert (flag.severity, flag.ref_kind, flag.ref_id) == ("overdue", "meeting", m.id)
    attend_and_hold(db, m.id)
    assert title not in [i.title for i in dashboard.collect(db, date(2026, 3, 17))]
