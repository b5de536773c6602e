"""A runtime guard for the UI tests: every database session the window opens must be opened by
an operation on the runner's worker (ui.operations), never on the GUI thread and never on another
pool (ui.worker).

It wraps Database.uow/read/snapshot and Engine.connect — the ways a service reaches the
database — and, when one is used with code of the `ui` package on the call stack, checks that
the stack passes through the runner's job (ui/operations.py `_Job.run`). Sessions a test opens itself (to set up
data or check the outcome) have no `ui` frame and are not its business.

A session opened directly by a function on ALLOWED is accepted: each entry says why it need not
wait for the runner.
"""

from __future__ import annotations

import sys
from contextlib import AbstractContextManager
from pathlib import Path
from types import FrameType

_UI = Path(__file__).resolve().parents[2] / "ui"
_RUNNER = (str(_UI / "operations.py"), "_Job.run")

# (module path from the repository root, qualified function name): why it reads on the GUI thread.
# The innermost ui function that opens the session, and why it need not wait for the runner. An
# entry is not a licence: it must say why the window cannot freeze there.
ALLOWED: dict[tuple[str, str], str] = {
    ("ui/dialogs/sign_in.py", "sign_in"): (
        "at start, before the main window exists, or after 退出登录 once it has closed "
        "(ui.account_session): whether any account exists decides which dialog comes first; "
        "there is no window to keep responsive"
    ),
    ("ui/app.py", "_open_database_interactively"): (
        "at start, before any window exists: the database is opened (and upgraded) before "
        "anything else can be shown"
    ),
    ("ui/app.py", "_sign_in"): (
        "at start, before the main window exists, or after 退出登录 once it has closed: whether "
        "the first administrator was made decides whether cancelling closes the app"
    ),
    ("ui/startup.py", "restore_newest_backup"): (
        "at start, before any window exists, when the clerk chose to restore the database file "
        "that could not be opened: there is nothing else to do until it is back"
    ),
}


def _ui_frames(frame: FrameType | None) -> list[tuple[str, str, int]]:
    found = []
    while frame is not None:
        path = frame.f_code.co_filename
        if path.startswith(str(_UI)):
            found.append((path, frame.f_code.co_qualname, frame.f_lineno))
        frame = frame.f_back
    return found


class DbThreadGuard:
    def __init__(self) -> None:
        self.violations: list[str] = []

    def check(self, what: str) -> None:
        frames = _ui_frames(sys._getframe(2))
        if not frames:
            return  # the test's own set-up or check
        if any((path, name) == _RUNNER for path, name, _ in frames):
            return  # inside an operation on the runner's worker
        # Only the innermost ui function may be allowed: one listed further out (e.g. a function
        # running a modal dialog's event loop) must not cover every read made beneath it.
        path, name, _ = frames[0]
        if (Path(path).relative_to(_UI.parent).as_posix(), name) in ALLOWED:
            return
        chain = " <- ".join(
            f"{Path(p).relative_to(_UI.parent).as_posix()}:{n}:{line}" for p, n, line in frames
        )
        self.violations.append(f"{what} outside the operation runner: {chain}")

    def install(self, monkeypatch) -> None:
        from sqlalchemy.engine import Engine

        from db.engine import Database

        for name in ("uow", "read", "snapshot"):
            original = getattr(Database, name)
            monkeypatch.setattr(Database, name, self._wrap(f"Database.{name}", original))
        # Services that use a connection without a session (connection checks, backup/restore,
        # migrations), and every session when it first executes, connect here.
        monkeypatch.setattr(Engine, "connect", self._wrap("Engine.connect", Engine.connect))

    def _wrap(self, name: str, original):
        guard = self

        def guarded(target, *args, **kwargs) -> AbstractContextManager:
            guard.check(name)
            return original(target, *args, **kwargs)

        guarded.__wrapped__ = original  # type: ignore[attr-defined]
        return guarded
