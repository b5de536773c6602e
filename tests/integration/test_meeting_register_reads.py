"""The registers of agenda items and of decisions build their rows with what the rows refer to
(meetings, units, signers, each unit's vice mayor in charge on the item's day) read for the whole
list: each listed row is the one its own read builds, and a list of many decisions takes as many
statements as a list of one."""

from __future__ import annotations

from datetime import date, timedelta

from desktop_app.services.meetings import agenda, decisions
from tests import statements
from tests.integration.minutes_support import ITEMS, plan
from tests.integration.test_decisions import MEETING_DAY, _add, _meeting

UNITS = ["财政局", "教育局", "住房和城乡建设局", "农业农村局"]


def test_listed_decisions_are_their_own_reads_in_as_few_statements(db, clerk):
    m, _items = _meeting(db, clerk)
    first = _add(db, clerk, m, MEETING_DAY + timedelta(days=30), unit=UNITS[0])

    def listed() -> tuple[list, int]:
        with statements.recorded(db) as seen:
            rows = decisions.list_decisions(db, meeting_id=m.id, user=clerk)
        return rows, len(seen)

    one, statements_for_one = listed()
    assert one == [first]  # add_decision's DTO, built alone
    added = [first] + [
        _add(db, clerk, m, MEETING_DAY + timedelta(days=31 + k), unit=unit, content=f"事项{k}")
        for k, unit in enumerate(UNITS[1:])
    ]
    many, statements_for_many = listed()
    assert many == added and len({d.vice_mayor_name for d in many}) > 1
    assert statements_for_many == statements_for_one


def test_listed_agenda_items_are_their_own_reads(db, clerk):
    m = plan(db, clerk, day=MEETING_DAY)
    later = plan(db, clerk, day=MEETING_DAY + timedelta(days=14), demo_fill=False, held=False)
    rows = agenda.list_items(db, user=clerk, today=date(2024, 5, 20))
    assert {r.meeting_id for r in rows} == {m.id, later.id}
    assert len([r for r in rows if r.kind == "normal"]) == 2 * len(ITEMS)
    assert any(r.sponsor_name for r in rows)
    for r in rows:
        assert r == agenda.get_item(db, r.id, date(2024, 5, 20), user=clerk)
