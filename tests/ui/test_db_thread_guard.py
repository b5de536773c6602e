"""The guard every UI test runs under (tests/ui/db_thread_guard.py) catches what it is for: a
pane's read on the GUI thread, or on the general thread pool, is named; the same read through the
operation runner passes; a test's own read is not its business."""

from __future__ import annotations

import pytest

from desktop_app.services.directory import commands as directory
from tests.ui.conftest import wait_ops
from ui import operations, worker
from ui.panes import meeting_choices as choices


def test_a_pane_read_on_the_gui_thread_is_named(ctx, _db_off_gui_thread):
    guard = _db_off_gui_thread
    choices.units(ctx.db)  # ui code reading on the GUI thread
    found, guard.violations[:] = list(guard.violations), []
    assert any(f.startswith("Database.read outside the operation runner") for f in found)
    assert any(f.startswith("Engine.connect outside the operation runner") for f in found)
    assert all("ui/panes/meeting_choices.py:units" in f for f in found), found


def test_a_pane_read_on_the_general_pool_is_named(ctx, qtbot, _db_off_gui_thread):
    guard = _db_off_gui_thread
    got = []
    worker.run(lambda: choices.units(ctx.db), got.append, got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    found, guard.violations[:] = list(guard.violations), []
    assert found and all("ui/panes/meeting_choices.py:units" in f for f in found), found
    assert all("ui/worker.py:_Job.run" in f for f in found)


def test_the_same_read_through_the_runner_passes(ctx, _db_off_gui_thread):
    op = operations.run(lambda: choices.units(ctx.db))
    wait_ops()
    assert op.ok and op.result  # the units were read
    directory.list_units(ctx.db)  # the test's own read: no ui frame, not the guard's business
    assert _db_off_gui_thread.violations == []


def test_an_allowed_function_covers_only_its_own_reads(ctx, _db_off_gui_thread):
    """sign_in reads on the GUI thread at start (allowed, with its reason); a read made by
    another ui function while sign_in is further out on the stack is still named."""
    from tests.ui.db_thread_guard import ALLOWED
    from ui.dialogs import sign_in

    assert ("ui/dialogs/sign_in.py", "sign_in") in ALLOWED
    guard = _db_off_gui_thread

    class Refused(Exception):
        pass

    def stop_at_first_dialog(*_a, **_k):
        choices.units(ctx.db)  # a pane helper reading beneath sign_in
        raise Refused

    mp = pytest.MonkeyPatch()
    mp.setattr(sign_in, "first_admin_dialog", stop_at_first_dialog)
    mp.setattr(sign_in, "sign_in_dialog", stop_at_first_dialog)
    try:
        with pytest.raises(Refused):
            sign_in.sign_in(ctx.db)
    finally:
        mp.undo()
    found, guard.violations[:] = list(guard.violations), []
    # has_accounts beneath sign_in itself is allowed; the helper's read is named
    assert found and all("ui/panes/meeting_choices.py:units" in f for f in found), found
