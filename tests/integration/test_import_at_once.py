"""Two clerks importing into one register at the same moment on a shared database: the imports
run one after the other, so the second is checked against what the first wrote — a file
imported once, refused the second time with the reason, never a raw duplicate-key error."""

from __future__ import annotations

from sqlalchemy import func, select

from db.models.imports import ImportBatch
from db.models.supervision import SupervisionItem
from desktop_app.services.supervision.import_register import SPEC
from desktop_app.services.system import ledger_import as li
from desktop_app.services.system.common import CurrentUser, ValidationError
from tests.demo_db import fill_demo
from tests.integration.import_support import write_ledger
from tests.integration.test_import_supervision import HEADERS, TODAY, _row
from tests.two_threads import lined_up

CLERK_A = CurrentUser("wenmi_a", "文秘甲", "clerk")
CLERK_B = CurrentUser("wenmi_b", "文秘乙", "clerk")


def test_the_same_ledger_imported_by_two_clerks_at_once_is_imported_once(db, clerk, tmp_path):
    """Both clerks checked the office's 督办台账 and press 导入 at the same moment: each import
    looks for an earlier import of the file before the other has written its own."""
    fill_demo(db, clerk, TODAY)
    path = write_ledger(tmp_path / "督办.xlsx", HEADERS, [_row(1), _row(2)])
    results, errors = lined_up(
        db.engine,
        lambda sql: "FROM import_batch" in sql,
        [lambda c=c: li.import_file(db, c, SPEC, path) for c in (CLERK_A, CLERK_B)],
    )
    assert [r.count for r in results] == [2]
    assert len(errors) == 1
    assert isinstance(errors[0], ValidationError), repr(errors[0])
    assert "不能重复导入" in errors[0].message
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(ImportBatch)) == 1
        assert s.scalar(select(func.count()).select_from(SupervisionItem)) == 2
