"""Migration 0011 upgrades a database that holds 议题 with a picked 分管副市长 and a 战线会议 with no
area, on both engines: a recorded signature keeps its signer (capacity 本人), an unsigned pick is
dropped (the vice mayor is derived from the unit from now on), the 战线会议 takes its presider's
one area; the downgrade puts the signer back as the sponsor."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa

from db import migrate
from db.engine import Database
from desktop_app.services.meetings import agenda
from desktop_app.services.meetings import planning as meetings
from tests.integration.migration_support import downgrade_to

NOW = datetime(2026, 3, 1, tzinfo=UTC)
RECORD = dict(created_at=NOW, created_by="wenmi", updated_at=NOW, updated_by="wenmi", version=1)


def _table(name: str, *columns: str) -> sa.TableClause:
    return sa.table(name, *(sa.column(c) for c in (*columns, *RECORD)))


def _fill_at_0010(conn) -> None:
    """Rows as the build at 0010 wrote them: 赵文华 in charge of 教育局 and of 农业农村战线,
    周志强 picked by hand as the sponsor of an 教育局 item and recorded as its signer."""
    conn.execute(
        _table("person", "id", "name", "phone", "note").insert(),
        [
            dict(id=1, name="赵文华", phone="", note="", **RECORD),
            dict(id=2, name="周志强", phone="", note="", **RECORD),
        ],
    )
    conn.execute(
        _table("unit", "id", "name", "short_name", "kind", "sort_order", "note").insert(),
        [
            dict(
                id=1,
                name="教育局",
                short_name="",
                kind="department",
                sort_order=0,
                note="",
                **RECORD,
            )
        ],
    )
    conn.execute(
        _table(
            "appointment", "person_id", "post_code", "unit_id", "title", "start_date", "note"
        ).insert(),
        [
            dict(
                person_id=p,
                post_code="vice_mayor",
                unit_id=None,
                title="",
                note="",
                start_date=date(2021, 10, 1),
                **RECORD,
            )
            for p in (1, 2)
        ],
    )
    conn.execute(
        _table("portfolio", "person_id", "unit_id", "area", "start_date", "note").insert(),
        [
            dict(person_id=1, unit_id=1, area="", start_date=date(2021, 10, 1), note="", **RECORD),
            dict(
                person_id=1,
                unit_id=None,
                area="教育战线",
                start_date=date(2021, 10, 1),
                note="",
                **RECORD,
            ),
        ],
    )
    conn.execute(
        _table(
            "meeting",
            "id",
            "kind",
            "number",
            "title",
            "starts_at",
            "room",
            "presider_id",
            "presider_capacity",
            "status",
            "confidential",
            "township_heads_required",
            "note",
        ).insert(),
        [
            dict(
                id=1,
                kind="sector",
                number=1,
                title="全市教育工作会议",
                starts_at=datetime(2026, 3, 10, 1, tzinfo=UTC),
                room="501",
                presider_id=1,
                presider_capacity="本人",
                status="planned",
                confidential=False,
                township_heads_required=False,
                note="",
                **RECORD,
            )
        ],
    )
    item = dict(
        kind="normal",
        department_id=1,
        category="report",
        is_policy=False,
        is_important=False,
        position=0,
        status="draft",
        coordination_method="会签",
        coordination_on=date(2026, 3, 2),
        consensus=True,
        disagreement="",
        solution="",
        materials_copies=0,
        reporter="",
        discussion="",
        conclusion="",
        **RECORD,
    )
    conn.execute(
        _table(
            "agenda_item",
            "id",
            "title",
            "sponsor_id",
            "sponsor_signed_on",
            *(k for k in item if k not in RECORD),
        ).insert(),
        [
            dict(
                id=1, title="已签字的议题", sponsor_id=2, sponsor_signed_on=date(2026, 3, 3), **item
            ),
            dict(id=2, title="未签字的议题", sponsor_id=2, sponsor_signed_on=None, **item),
        ],
    )


def test_0011_keeps_signatures_drops_unsigned_picks_and_names_the_area(empty_url, tmp_path):
    d = Database(empty_url)
    try:
        migrate.upgrade(d, target="0010")
        with d.engine.begin() as conn:
            _fill_at_0010(conn)
        migrate.upgrade(d, backup_dir=tmp_path / "bk", target="0011")
        with d.engine.connect() as conn:
            rows = conn.execute(
                sa.text(
                    "SELECT id, sponsor_signed_by, sponsor_signed_capacity FROM agenda_item "
                    "ORDER BY id"
                )
            ).all()
            assert [tuple(r) for r in rows] == [(1, 2, "本人"), (2, None, "")]
            assert conn.execute(sa.text("SELECT area FROM meeting")).scalar() == "教育战线"
            columns = {c["name"] for c in sa.inspect(conn).get_columns("agenda_item")}
            assert "sponsor_id" not in columns

        migrate.upgrade(d, backup_dir=tmp_path / "bk")  # the services expect the head schema
        signed = agenda.get_item(d, 1, today=date(2026, 3, 5))
        # readable: who signed, and the vice mayor the directory gives for 教育局
        assert (signed.sponsor_signed_by_name, signed.sponsor_name) == ("周志强", "赵文华")
        assert agenda.get_item(d, 2, today=date(2026, 3, 5)).sponsor_signed_by is None
        assert meetings.get_meeting(d, 1).area == "教育战线"

        downgrade_to(d, "0010")
        with d.engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT id, sponsor_id FROM agenda_item ORDER BY id"))
            assert [tuple(r) for r in rows] == [(1, 2), (2, None)]
            columns = {c["name"] for c in sa.inspect(conn).get_columns("meeting")}
            assert "area" not in columns
        migrate.upgrade(d, backup_dir=tmp_path / "bk")
    finally:
        d.dispose()
