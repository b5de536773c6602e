"""Migration 0013 upgrades an absence register that holds data (both engines): requests written
before it keep their rows; an official trip abroad of a vice mayor not yet back owes its trip
report (R66), one already back is not chased, a department head's is not 市政府领导成员's. The
downgrade drops only the new columns."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import inspect, text

from db import migrate
from db.engine import Database
from desktop_app.services import demo
from desktop_app.services.absences import commands as absences
from desktop_app.services.absences import returns as absences_return
from desktop_app.services.directory import commands as directory
from tests.integration.migration_support import downgrade_to
from tests.integration.test_absences import CLERK, TRIP, T, approve_all, file
from tests.integration.test_meeting_plan import Gov

NEW = {"abroad_private", "trip_report_required", "trip_report_received_on", "trip_report_note"}


def _columns(d: Database) -> set[str]:
    return {c["name"] for c in inspect(d.engine).get_columns("absence")}


def test_0013_upgrades_an_absence_register_holding_data_R66(empty_url, admin, tmp_path):
    d = Database(empty_url)
    try:
        migrate.upgrade(d)
        demo.fill(d, admin, today=T)
        gov = Gov(
            {p.name: p.id for p in directory.list_persons(d)},
            {u.name: u.id for u in directory.list_units(d)},
        )
        away_now = approve_all(d, file(d, gov, "赵文华", category="出国（境）"))
        came_back = approve_all(d, file(d, gov, "周志强", category="出国（境）"))
        back_on = TRIP + timedelta(days=2)
        absences_return.record_return(d, CLERK, came_back.id, back_on, "晚上", today=back_on)
        head = file(d, gov, "罗健", category="出国（境）")
        downgrade_to(d, "0012")
        assert not NEW & _columns(d)
        migrate.upgrade(d, backup_dir=tmp_path / "bk")
        assert NEW <= _columns(d)

        got = {
            x.id: x
            for x in (absences.get_absence(d, i) for i in (away_now.id, came_back.id, head.id))
        }
        assert got[away_now.id].trip_report_required
        assert not got[came_back.id].trip_report_required  # back before R66 was tracked
        assert not got[head.id].trip_report_required
        assert got[away_now.id].status == "approved"  # approvals recorded before are kept

        downgrade_to(d, "0012")
        assert not NEW & _columns(d)
        with d.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM absence")).scalar() == 3
    finally:
        d.dispose()
