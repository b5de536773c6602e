"""The 用印审批单 list reads what a status needs in SQL: the 工作台 (what waits for approval or
for its seal) and a filtered list read the applications still open, not every year's, and show
exactly what the unfiltered list shows under that status."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop_app.services import seals
from tests import statements
from tests.integration.seals_support import CLERK, T, World, at, w_fixture  # noqa: F401

STATUSES = [None, "pending", "approved", "used", "voided", "open"]


@pytest.fixture
def apps(w) -> dict[str, int]:
    """One application in each state, and one whose use was voided (approved again)."""
    made = {"pending": w.apply(title="待审批").id}
    made["approved"] = w.approve(w.apply(title="已审批").id, "vice_mayor", w.vm).id
    used = w.approve(w.apply(title="已用印").id, "vice_mayor", w.vm)
    made["used"] = w.use(used.id).application_id
    again = w.approve(w.apply(title="用印作废").id, "vice_mayor", w.vm)
    use = w.use(again.id, used_at=at(hour=11))
    seals.void_use(w.db, CLERK, use.id, "份数登记错误", use.version)
    made["use voided"] = again.id
    gone = w.approve(w.apply(title="已作废").id, "vice_mayor", w.vm)
    made["voided"] = seals.void_application(w.db, CLERK, gone.id, "申请有误", gone.version).id
    return made


def _kept(row, status: str | None) -> bool:
    if status == "open":
        return row.status in ("pending", "approved")
    return status is None or row.status == status


def test_every_status_shows_what_the_unfiltered_list_shows_under_it(w, apps):
    everything = seals.list_applications(w.db)
    assert {x.status for x in everything} == {"pending", "approved", "used", "voided"}
    assert next(x for x in everything if x.id == apps["use voided"]).status == "approved"
    for status in STATUSES:
        for include_voided in (True, False):
            got = seals.list_applications(w.db, status=status, include_voided=include_voided)
            expected = [
                x
                for x in everything
                if _kept(x, status) and (include_voided or x.status != "voided")
            ]
            assert got == expected, (status, include_voided)


def test_the_workbench_reads_only_the_open_applications(w, apps):
    with statements.recorded(w.db) as seen:
        waiting = seals.waiting_applications(w.db, approved_before=T + timedelta(days=1))
    assert {x.id for x in waiting} == {apps["pending"], apps["approved"], apps["use voided"]}
    # used applications (every year's, most of them) are left out by the read itself
    application_reads = [s for s, _ in seen if "FROM seal_application" in s]
    assert len(application_reads) == 1
    assert "copies_stamped IS NULL" in application_reads[0]
    assert seals.waiting_applications(w.db) == [
        x for x in waiting if x.status == "pending"
    ]  # without a day, an approved one is not yet late


def test_a_limit_reads_the_newest_applications_and_every_open_one(w, apps):
    """The list's first page: the newest `limit` of what the filters let through, in the order
    of the whole list, and the limit in the statement itself (years are not read for a page).
    Pending and approved are told apart only after the read: those two are read whole."""
    everything = seals.list_applications(w.db)
    assert len(everything) == 5
    for limit in (0, 1, 3, 5, 9):
        with statements.recorded(w.db) as seen:
            got = seals.list_applications(w.db, limit=limit)
        assert got == everything[:limit]
        reads = [s for s, _ in seen if "FROM seal_application" in s]
        assert len(reads) == 1 and "LIMIT" in reads[0]
    for status in ("used", "voided", "open"):
        whole = seals.list_applications(w.db, status=status)
        assert seals.list_applications(w.db, status=status, limit=1) == whole[:1]
    approved = seals.list_applications(w.db, status="approved")
    assert len(approved) == 2  # one approved, one whose use was voided
    assert seals.list_applications(w.db, status="approved", limit=1) == approved
