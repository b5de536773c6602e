"""Migration 0008 (发文: the vice mayors in charge derived, R37, R17, R10) upgrades a database that
holds 发文 records: they stay readable as they were (the vice mayor the clerk picked is kept,
marked as not derived), and a draft's next sign-off derives them from the directory."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import MetaData, Table, insert, inspect

from db import migrate
from db.engine import Database
from desktop_app.services.documents import outgoing
from tests.integration.migration_support import downgrade_to
from tests.integration.test_outgoing_support import CLERK, Org, T

NOW = datetime(2026, 3, 1, tzinfo=UTC)
STAMP = dict(created_at=NOW, created_by="wenmi", updated_at=NOW, updated_by="wenmi", version=1)


def _old_document(conn, **values) -> int:
    table = Table("outgoing_document", MetaData(), autoload_with=conn)
    row = dict(
        issuer="government",
        doc_type="通知",
        title="关于做好春耕生产工作的通知",
        drafted_on=T,
        register_on=T,
        vice_mayor_ids="",
        main_to="",
        cc="",
        to_party_or_congress=False,
        to_higher_government=False,
        reports_on_higher_instructions=False,
        is_normative=False,
        important=False,
        tv_announcement=False,
        secrecy="",
        secrecy_term="",
        copies=1,
        copy_numbers="",
        openness="",
        openness_reason="",
        status="draft",
        confidentiality_reviewed_by="",
        legal_reviewed_by="",
        in_normative_plan=True,
        meeting_ref="",
        archive_ref="",
        **STAMP,
    )
    row.update(values)
    return conn.execute(insert(table).returning(table.c.id), [row]).scalar_one()


def test_0008_keeps_old_records_readable_and_derives_at_the_next_signoff(
    empty_url, admin, tmp_path
):
    from desktop_app.services import demo

    d = Database(empty_url)
    try:
        migrate.upgrade(d)
        demo.fill(d, admin, today=T)
        org = Org(d)
        downgrade_to(d, "0007")
        with d.engine.begin() as conn:
            picked = _old_document(
                conn,
                drafting_unit_id=org.u["农业农村局"],
                vice_mayor_ids=f"{org.p['孙立新']},{org.p['周志强']}",
            )
            legacy = _old_document(
                conn,
                drafting_unit_id=org.u["农业农村局"],
                is_normative=True,
                meeting_decided_on=date(2026, 2, 27),
                meeting_ref="2026年第2次常务会议",
                title="同江市供热管理办法",
            )
        migrate.upgrade(d, backup_dir=tmp_path / "bk")
        cols = {c["name"] for c in inspect(d.engine).get_columns("outgoing_document")}
        assert {
            "touched_unit_ids",
            "touched_areas",
            "vice_mayors_on",
            "joint_unit_ids",
            "drafting_designation",
            "major_matter",
            "decided_meeting_id",
            "decided_item_id",
        } <= cols
        assert "outgoing_disagreement" in inspect(d.engine).get_table_names()
        old = outgoing.get_outgoing(d, CLERK, picked)
        assert (old.vice_mayor_names, old.vice_mayors_on) == ("孙立新、周志强", None)
        assert old.missing_steps == ("分管副市长分别审核（2位）", "市长或常务副市长签发")
        kept = outgoing.get_outgoing(d, CLERK, legacy)
        assert (kept.meeting_decided_on, kept.meeting_ref) == (
            date(2026, 2, 27),
            "2026年第2次常务会议",
        )
        # the next sign-off derives them: 农业农村局 alone → 孙立新, R33.1
        e = outgoing.record_signoff(
            d, CLERK, picked, step_key="vice_mayor_agree", person_id=org.p["孙立新"], signed_on=T
        )
        assert (e.vice_mayor_names, e.vice_mayors_on) == ("孙立新", T)
        assert e.missing_steps == ("市政府办公室审核", "常务副市长签发")
        downgrade_to(d, "0007")  # and back: the rows stay
        with d.engine.connect() as conn:
            table = Table("outgoing_document", MetaData(), autoload_with=conn)
            assert "touched_unit_ids" not in table.c
            assert len(conn.execute(table.select()).all()) == 2
    finally:
        d.dispose()
