"""R44 份号 with two clerks printing the same confidential minutes at the same moment on a shared
database: each print's numbers are taken in one statement that holds the record's row until
COMMIT (db.copy_numbers), so the two never get the same 份号 — on PostgreSQL and on an SQLite
file, two threads each with its own connections."""

from __future__ import annotations

import json
import threading

from sqlalchemy import select

from db.engine import Database
from db.models import AuditEntry, MinutesRecord
from desktop_app.services.system import copy_numbers
from desktop_app.services.system.common import CurrentUser
from tests.integration.minutes_support import plan
from tests.integration.test_r44_copy_numbers import JIYAO

JIYAO_B = CurrentUser("jiyao_b", "机要员乙", "confidential")
PRINTS = 20  # per clerk, two copies each


def test_R44_two_clerks_printing_at_once_never_get_the_same_copy_number(db, db_url, clerk):
    from desktop_app.services.meetings import minutes

    rec = minutes.draft_minutes(db, clerk, plan(db, clerk, confidential=True).id)
    other = Database(db_url)  # the second clerk's PC: its own engine and connections
    start = threading.Barrier(2, timeout=30)
    taken: dict[str, list[str]] = {}
    errors: list[BaseException] = []

    def clerk_prints(database: Database, user: CurrentUser) -> None:
        try:
            start.wait()
            got = taken.setdefault(user.username, [])
            for _ in range(PRINTS):
                numbers = copy_numbers.take_for_print(
                    database, user, MinutesRecord, "copies_printed", rec.id, 2, "纪要（草稿）"
                )
                got += numbers.labels
        except BaseException as exc:  # collected for the test to assert
            errors.append(exc)

    threads = [
        threading.Thread(target=clerk_prints, args=(db, JIYAO)),
        threading.Thread(target=clerk_prints, args=(other, JIYAO_B)),
    ]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    finally:
        other.dispose()
    assert errors == []
    every = taken[JIYAO.username] + taken[JIYAO_B.username]
    assert sorted(every) == [f"{n:06d}" for n in range(1, 4 * PRINTS + 1)]  # none twice, no gap
    for labels in taken.values():  # each print's two copies are consecutive
        pairs = list(zip(labels[0::2], labels[1::2], strict=True))
        assert all(int(b) == int(a) + 1 for a, b in pairs)
    with db.read() as s:
        assert s.scalar(select(MinutesRecord.copies_printed).where(MinutesRecord.id == rec.id)) == (
            4 * PRINTS
        )
        logged = [
            (actor, json.loads(after)["what"])
            for actor, after in s.execute(
                select(AuditEntry.actor, AuditEntry.after_json).where(
                    AuditEntry.table_name == "minutes",
                    AuditEntry.record_id == rec.id,
                    AuditEntry.action == "print",
                )
            )
        ]
    # every print logged by who printed it, with the range that clerk got
    expected = sorted(
        (name, f"纪要（草稿）第{labels[i]}—{labels[i + 1]}份")
        for name, labels in taken.items()
        for i in range(0, len(labels), 2)
    )
    assert sorted(logged) == expected
