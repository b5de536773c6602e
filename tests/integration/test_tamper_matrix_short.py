"""The short, in-suite part of the tamper matrix (tests/reliability/tamper_matrix.py runs every
audited table × edit/delete/insert): a row in every table checks clean, and the two edits the
matrix found unreported are reported on both engines — a second audit-head row, and a stored
scan deleted with the server's foreign keys switched off."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from db.base import Base
from desktop_app.services.system import maintenance
from tests.reliability.tamper_matrix import _foreign_keys_off, seed_every_table, tamper


def _behind_the_app(db_url: str, table: str, action: str) -> str:
    raw = create_engine(db_url)
    try:
        with raw.connect() as conn:
            _foreign_keys_off(conn)
            done = tamper(conn, Base.metadata.tables[table], action)
            conn.commit()
    finally:
        raw.dispose()
    assert done, f"{table} × {action} could not be made"
    return done


def test_a_row_in_every_table_checks_clean_and_a_second_audit_head_row_is_reported(db, db_url):
    assert seed_every_table(db) == []
    assert maintenance.check(db).problems == []

    _behind_the_app(db_url, "audit_head", "insert")

    assert any("审计链头表有 1 行多余记录" in p for p in maintenance.check(db).problems)


def test_a_deleted_scan_that_a_seal_record_names_is_reported(db, db_url):
    assert seed_every_table(db) == []

    _behind_the_app(db_url, "seal_file", "delete")

    problems = maintenance.check(db).problems
    assert any(p.startswith("外键不一致：表 seal_") for p in problems), problems


def test_a_counter_edited_behind_the_app_is_reported_on_a_full_database(db, db_url):
    assert seed_every_table(db) == []
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE sequence_counter SET last_value = last_value + 1 "
                "WHERE name = 'incoming:2026'"
            )
        )
    assert any("incoming:2026" in p for p in maintenance.check(db).problems)
