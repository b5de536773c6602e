"""Migration 0009 upgrades a database that holds 收文 written at 0008: the records are kept (not
filed as information, no bulletin approval), the register of spokesperson releases arrives empty,
and both work afterwards; its downgrade takes them away again."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy import inspect, text

from db import migrate
from desktop_app.services.documents import incoming, releases
from tests.integration.migration_support import downgrade_to, drift_after_upgrade, insert_audited
from tests.integration.test_incoming import CLERK

NOW = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def test_0009_upgrades_a_database_holding_incoming_documents(db, admin):
    downgrade_to(db, "0008")
    cols = {c["name"] for c in inspect(db.engine).get_columns("incoming_document")}
    assert "info_only" not in cols
    assert "spokesperson_release" not in inspect(db.engine).get_table_names()
    with db.engine.begin() as conn:  # a 收文 as the 0008 schema stores it, audited
        table = sa.Table("incoming_document", sa.MetaData(), autoload_with=conn)
        insert_audited(
            conn,
            table,
            [
                dict(
                    id=1,
                    year=2026,
                    seq=1,
                    received_at=NOW,
                    sender="乐业镇人民政府",
                    sender_number="",
                    title="越级报送的请示",
                    doc_type="请示",
                    secrecy="",
                    secrecy_term="",
                    urgency="",
                    copies=1,
                    copy_numbers="",
                    channel="irregular",
                    reverse_flow=False,
                    nature="request",
                    from_higher=False,
                    status="proposed",
                    return_reason="",
                    proposal="拟办",
                    route_kind="",
                    assist_unit_ids="",
                    result="",
                    archive_ref="",
                    created_at=NOW,
                    created_by="wenmi",
                    updated_at=NOW,
                    updated_by="wenmi",
                    version=1,
                )
            ],
        )
    migrate.upgrade(db, backup_dir=None)
    assert migrate.current_revision(db) == migrate.HEAD
    assert drift_after_upgrade(db) == []  # the upgrade changed no stored value
    [d] = incoming.list_documents(db, CLERK)
    assert (d.title, d.status, d.info_only, d.bulletin_approved_by) == (
        "越级报送的请示",
        "proposed",
        False,
        "",
    )
    assert not d.may_go_to_leader  # R32 applies to the old record too
    filed = incoming.file_as_information(
        db,
        CLERK,
        d.id,
        note="作为信息存档。",
        filed_on=date(2026, 3, 2),
        expected_version=d.version,
    )
    assert filed.status_name == "已作为信息处理"
    x = releases.create_release(db, CLERK, title="春耕新闻发布", planned_on=date(2026, 3, 5))
    assert releases.list_releases(db)[0].id == x.id
    downgrade_to(db, "0008")
    assert "spokesperson_release" not in inspect(db.engine).get_table_names()
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT title FROM incoming_document")).scalars().all() == [
            "越级报送的请示"
        ]
    migrate.upgrade(db, backup_dir=None)
