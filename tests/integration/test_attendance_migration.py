"""Migration 0010 upgrades (and downgrades) a database holding meetings written at 0009: a held
meeting keeps the attendance it was held with; a planned meeting's untouched 出席 lines (the old
default) become 未登记 while lines the clerk recorded stay; the minutes gain their step columns."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from db import migrate
from db.engine import Database
from tests.integration.migration_support import downgrade_to, drift_after_upgrade, insert_audited

NOW = datetime(2026, 3, 1, tzinfo=UTC)


def _stamp(version: int = 1) -> dict:
    return dict(
        created_at=NOW, created_by="wenmi", updated_at=NOW, updated_by="wenmi", version=version
    )


def _table(name: str, *columns: str) -> sa.TableClause:
    return sa.table(
        name,
        *(
            sa.column(c)
            for c in (*columns, "created_at", "created_by", "updated_at", "updated_by", "version")
        ),
    )


PERSON = _table("person", "id", "name", "phone", "note")
MEETING = _table(
    "meeting",
    "id",
    "kind",
    "number",
    "title",
    "starts_at",
    "room",
    "presider_capacity",
    "status",
    "confidential",
    "township_heads_required",
    "note",
)
ATTENDANCE = _table(
    "attendance", "id", "meeting_id", "person_id", "role", "status", "substitute", "note"
)
MINUTES = _table(
    "minutes",
    "id",
    "meeting_id",
    "state",
    "opening",
    "body_json",
    "cc",
    "signer_capacity",
    "confidential",
    "published",
    "correction_kind",
)


def _meeting(mid: int, status: str) -> dict:
    return dict(
        id=mid,
        kind="executive",
        number=mid,
        title=f"市政府第{mid}次常务会议",
        starts_at=datetime(2026, 3, mid, 1, tzinfo=UTC),
        room="501",
        presider_capacity="本人",
        status=status,
        confidential=False,
        township_heads_required=False,
        note="",
        **_stamp(),
    )


def _line(aid: int, meeting_id: int, person_id: int, status: str, version: int = 1) -> dict:
    return dict(
        id=aid,
        meeting_id=meeting_id,
        person_id=person_id,
        role="member",
        status=status,
        substitute="",
        note="",
        **_stamp(version),
    )


def _statuses(d: Database) -> dict[int, str]:
    with d.engine.connect() as conn:
        return dict(conn.execute(sa.text("SELECT id, status FROM attendance")).all())


def test_0010_attendance_upgrades_a_database_holding_meetings(empty_url, tmp_path):
    d = Database(empty_url)
    try:
        migrate.upgrade(d, target="0009")
        with d.engine.begin() as conn:
            conn.execute(
                sa.insert(PERSON),
                [
                    dict(id=i, name=n, phone="", note="", **_stamp())
                    for i, n in ((1, "李明远"), (2, "赵文华"))
                ],
            )
            conn.execute(sa.insert(MEETING), [_meeting(1, "held"), _meeting(2, "planned")])
            # The lines as the app wrote them: each with its insert in the audit chain.
            insert_audited(
                conn,
                ATTENDANCE,
                [
                    _line(1, 1, 1, "present"),
                    _line(2, 1, 2, "present"),  # held: as recorded
                    _line(3, 2, 1, "present"),  # planned, never touched: the old default
                    _line(4, 2, 2, "present", version=2),  # planned, recorded by the clerk
                ],
            )
            conn.execute(
                sa.insert(MINUTES),
                [
                    dict(
                        id=1,
                        meeting_id=1,
                        state="draft",
                        opening="……",
                        body_json="[]",
                        cc="",
                        signer_capacity="",
                        confidential=False,
                        published=False,
                        correction_kind="",
                        **_stamp(),
                    )
                ],
            )
        migrate.upgrade(d, backup_dir=tmp_path / "bk", target="0010")
        assert _statuses(d) == {1: "present", 2: "present", 3: "unrecorded", 4: "present"}
        with d.engine.connect() as conn:
            row = conn.execute(
                sa.text(
                    "SELECT drafter_id, drafted_on, legal_reviewer_id, exec_reviewer_id, "
                    "objections_json FROM minutes"
                )
            ).one()
        assert tuple(row) == (None, None, None, None, "[]")

        downgrade_to(d, "0009")
        assert _statuses(d) == {1: "present", 2: "present", 3: "present", 4: "present"}
        columns = {c["name"] for c in sa.inspect(d.engine).get_columns("minutes")}
        assert "objections_json" not in columns and "drafter_id" not in columns
        migrate.upgrade(d, backup_dir=tmp_path / "bk2", target="0010")
        assert _statuses(d)[3] == "unrecorded"
        # Each change the migration made to a line is in the audit chain: `fuban check` does
        # not report the upgraded lines as edited behind the app.
        migrate.upgrade(d, backup_dir=tmp_path / "bk3")
        assert [p for p in drift_after_upgrade(d) if "attendance" in p] == []
    finally:
        d.dispose()
