"""退出登录 in the window's real start (ui.app.main, in a fresh interpreter: its own event loop):
the process does not end as the last window closes; the sign-in dialog shows again and the next
account gets a window of its own; cancelling that sign-in closes the app as at start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ui.start_sign_in_support import (
    PASSWORD,
    local_file_fixture,  # noqa: F401 - the `local_file` fixture
    with_admin_fixture,  # noqa: F401 - the `with_admin` fixture
)

# Signs in as admin, chooses 账户 → 退出登录 in the window, then (argv[2] "next") signs in as
# wenmi and closes that window, or ("cancel") cancels the sign-in.
CHILD = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication
import ui.app as start

password, mode = sys.argv[1], sys.argv[2]
windows = []
sign_ins = []


def later(call):
    QTimer.singleShot(200, QApplication.instance(), call)


def watch():
    for w in QApplication.topLevelWidgets():
        if not w.isVisible() or w.property("seen"):
            continue
        if w.objectName() == "signInDialog":
            w.setProperty("seen", True)
            sign_ins.append(w.widgets["username"].text())
            if windows and mode == "cancel":
                later(w.reject)
                continue
            w.widgets["username"].setText("wenmi" if windows else "admin")
            w.widgets["password"].setText(password)
            w.try_save()
        elif w.objectName() == "mainWindow":
            w.setProperty("seen", True)
            windows.append(w.ctx.user.username)
            print("WINDOW", w.ctx.user.username, flush=True)
            action = w.findChild(QAction, "signOut")
            if len(windows) > 1 or action is None:
                later(w.close)
            else:
                later(action.trigger)


make_app = start.make_app


def watched(*args, **kwargs):
    app = make_app(*args, **kwargs)
    timer = QTimer(app)
    timer.timeout.connect(watch)
    timer.start(5)
    return app


start.make_app = watched
code = start.main([])
print("EXIT", code, windows, "SIGN-INS", sign_ins, flush=True)
sys.exit(code)
"""


@pytest.mark.parametrize("mode", ["next", "cancel"])
def test_signing_out_in_the_real_start(with_admin, mode):
    from db.engine import Database
    from desktop_app.services.system import accounts
    from desktop_app.services.system.common import CurrentUser

    d = Database(f"sqlite:///{with_admin}")
    admin = CurrentUser("admin", "管理员", "admin")
    accounts.create_account(d, admin, "wenmi", "文秘甲", PASSWORD, "clerk")
    d.dispose()
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(root))
    out = subprocess.run(
        [sys.executable, "-c", CHILD, PASSWORD, mode],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    # the second sign-in shows the name last signed in on this PC, as at start
    expected = ["admin", "wenmi"] if mode == "next" else ["admin"]
    assert f"EXIT 0 {expected} SIGN-INS ['admin', 'admin']" in out.stdout, (
        out.stdout + out.stderr[-2000:]
    )
