"""Migration 0004 (发文) upgrades a database that holds data: the directory written at 0003 is
kept, the outgoing tables arrive empty, and documents can be drafted and numbered afterwards."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import insert, inspect, text

from db import migrate
from db.engine import Database
from db.models import Person, Unit
from desktop_app.services.directory import commands as directory
from desktop_app.services.documents import outgoing
from tests.integration.test_outgoing_support import CLERK, Org


def _row(**values) -> dict:
    now = datetime(2026, 3, 1, tzinfo=UTC)
    return dict(
        created_at=now, created_by="wenmi", updated_at=now, updated_by="wenmi", version=1, **values
    )


def test_0004_outgoing_upgrades_a_database_holding_data(empty_url, admin, tmp_path):
    d = Database(empty_url)
    try:
        migrate.upgrade(d, target="0003")
        # Rows written at 0003 with plain SQL: today's services expect the schema at head.
        with d.engine.begin() as conn:
            conn.execute(
                insert(Unit.__table__),
                [_row(name="市政府办公室", short_name="", kind="office", sort_order=0, note="")],
            )
            conn.execute(insert(Person.__table__), [_row(name="张海峰", phone="", note="")])
        migrate.upgrade(d, backup_dir=tmp_path / "bk", target="0004")
        assert {"outgoing_document", "outgoing_signoff"} <= set(inspect(d.engine).get_table_names())
        with d.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM outgoing_document")).scalar() == 0
            assert conn.execute(text("SELECT name FROM person")).scalars().all() == ["张海峰"]
        migrate.upgrade(d, backup_dir=tmp_path / "bk")
        org = Org(d)
        directory.save_appointment(
            d,
            admin,
            person_id=org.p["张海峰"],
            post_code="exec_vice_mayor",
            unit_id=None,
            start_date=date(2021, 10, 1),
        )
        doc = outgoing.create_outgoing(
            d,
            CLERK,
            issuer="office",
            doc_type="通知",
            title="关于调整春节值班安排的通知",
            drafting_unit_id=org.u["市政府办公室"],
            drafted_on=date(2026, 3, 2),
        )
        outgoing.record_signoff(
            d, CLERK, doc.id, step_key="sign", person_id=org.p["张海峰"], signed_on=date(2026, 3, 2)
        )
        done = outgoing.issue_outgoing(
            d, CLERK, doc.id, issued_on=date(2026, 3, 2), expected_version=None
        )
        assert done.number == "同政办发〔2026〕1号"
    finally:
        d.dispose()
