"""Migration 0009 upgrades a database that holds 收文 written at 0008: the records are kept (not
filed as information, no bulletin approval), the register of spokesperson releases arrives empty,
and both work afterwards; its downgrade takes them away again."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import inspect, text

from db import migrate
from desktop_app.services import incoming, releases
from tests.integration.migration_support import downgrade_to
from tests.integration.test_incoming import CLERK

NOW = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def test_0009_upgrades_a_database_holding_incoming_documents(db, admin):
    downgrade_to(db, "0008")
    cols = {c["name"] for c in inspect(db.engine).get_columns("incoming_document")}
    assert "info_only" not in cols
    assert "spokesperson_release" not in inspect(db.engine).get_table_names()
    with db.engine.begin() as conn:  # a 收文 as the 0008 schema stores it
        conn.execute(text(
            "INSERT INTO incoming_document (year, seq, received_at, sender, sender_number, title,"
            " doc_type, secrecy, secrecy_term, urgency, copies, copy_numbers, channel,"
            " reverse_flow, nature, from_higher, status, return_reason, proposal, route_kind,"
            " assist_unit_ids, result, archive_ref, created_at, created_by, updated_at,"
            " updated_by, version) VALUES (2026, 1, :at, '乐业镇人民政府', '', '越级报送的请示',"
            " '请示', '', '', '', 1, '', 'irregular', :f, 'request', :f, 'proposed', '',"
            " '拟办', '', '', '', '', :at, 'wenmi', :at, 'wenmi', 1)"),
            {"at": NOW, "f": False})
    migrate.upgrade(db, backup_dir=None)
    assert migrate.current_revision(db) == migrate.HEAD
    [d] = incoming.list_documents(db, CLERK)
    assert (d.title, d.status, d.info_only, d.bulletin_approved_by) == (
        "越级报送的请示", "proposed", False, "")
    assert not d.may_go_to_leader  # R32 applies to the old record too
    filed = incoming.file_as_information(db, CLERK, d.id, note="作为信息存档。",
                                         filed_on=date(2026, 3, 2), expected_version=d.version)
    assert filed.status_name == "已作为信息处理"
    x = releases.create_release(db, CLERK, title="春耕新闻发布", planned_on=date(2026, 3, 5))
    assert releases.list_releases(db)[0].id == x.id
    downgrade_to(db, "0008")
    assert "spokesperson_release" not in inspect(db.engine).get_table_names()
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT title FROM incoming_document")).scalars().all() == [
            "越级报送的请示"]
    migrate.upgrade(db, backup_dir=None)
