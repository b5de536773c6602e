"""Migration 0026 on a database holding printed confidential minutes, on both engines: the 份号
counters are added (0 for papers never numbered before), minutes printed before continue after the
highest 份号 their print entries name — no number printed before is given again —, the change is
in the audit chain (`fuban check` finds nothing), and the downgrade drops the counters."""

from __future__ import annotations

from sqlalchemy import inspect, select

from db import migrate
from db.models import MinutesRecord
from desktop_app.services.meetings import minutes
from desktop_app.services.meetings import secrecy as meeting_secrecy
from tests.integration.migration_support import downgrade_to, drift_after_upgrade
from tests.integration.minutes_support import issued, plan
from tests.integration.test_r44_copy_numbers import JIYAO, copy_marks

COUNTERS = {
    "minutes": {"copies_printed"},
    "meeting": {"agenda_copies_printed", "notice_copies_printed"},
    "agenda_item": {"copies_printed"},
    "supervision_item": {"copies_printed"},
}


def _columns(db, table: str) -> set[str]:
    return {c["name"] for c in inspect(db.engine).get_columns(table)}


def test_0026_continues_the_numbering_of_minutes_printed_before(db, clerk, tmp_path):
    secret = issued(db, clerk, plan(db, clerk, confidential=True))
    plain = minutes.draft_minutes(db, clerk, plan(db, clerk, demo_fill=False).id)
    downgrade_to(db, "0025")
    for table, names in COUNTERS.items():
        assert not names & _columns(db, table)
    # how the code before 0026 logged each print of confidential minutes: 份号 000001 every time
    for _ in range(2):
        meeting_secrecy.audit_content(
            db, JIYAO, "minutes", [secret.id], "print", f"纪要{secret.issue_text}第000001份"
        )
    migrate.upgrade(db, backup_dir=tmp_path / "bk")
    for table, names in COUNTERS.items():
        assert names <= _columns(db, table)
    with db.read() as s:
        got = dict(s.execute(select(MinutesRecord.id, MinutesRecord.copies_printed)).all())
    assert got == {secret.id: 1, plain.id: 0}
    assert drift_after_upgrade(db) == []  # the counter set by the upgrade is in the chain
    assert copy_marks(minutes.minutes_pdf(db, secret.id, user=JIYAO).pdf) == ["000002"]
