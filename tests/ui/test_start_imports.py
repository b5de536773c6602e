"""What the window's start imports, checked in a fresh interpreter: the sign-in dialog is up
before SQLAlchemy and the models are imported, and PySide6 answers for the modules imported after
it without reading the core's sources."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.ui.start_sign_in_support import (
    PASSWORD,
    local_file_fixture,  # noqa: F401 - the `local_file` fixture
    with_admin_fixture,  # noqa: F401 - the `with_admin` fixture
)

# The window's own start; the opening behind the dialog is held until the dialog has been seen,
# so what the dialog needed is told apart from what the worker loads meanwhile.
CHILD = r"""
import gc
import sys
import threading
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import ui.app as start
import ui.start_sign_in

state = {}
seen = threading.Event()
real_open = ui.start_sign_in.Opening.open


def held_open(self):
    seen.wait(60)
    return real_open(self)


ui.start_sign_in.Opening.open = held_open


def watch():
    for w in QApplication.topLevelWidgets():
        if not w.isVisible():
            continue
        if w.objectName() == "signInDialog" and "dialog" not in state:
            state["dialog"] = sorted(
                n for n in ("sqlalchemy", "db.models", "db.engine") if n in sys.modules
            )
            seen.set()
            w.widgets["password"].setText(sys.argv[1])
            w.buttons.button(w.buttons.StandardButton.Save).click()
        elif w.objectName() == "mainWindow" and "window" not in state:
            state["window"] = w.windowTitle()
            print("AT DIALOG", state["dialog"], flush=True)
            print("WINDOW", state["window"], flush=True)
        elif "window" in state and gc.get_freeze_count():  # ui.heap, once settled
            print("FROZEN", gc.get_freeze_count() > 10_000, flush=True)
            QApplication.instance().quit()


make_app = start.make_app


def watched(*args, **kwargs):
    app = make_app(*args, **kwargs)
    timer = QTimer(app)
    timer.timeout.connect(watch)
    timer.start(5)
    return app


start.make_app = watched
sys.exit(start.main([]))
"""


def test_the_window_starts_with_the_sign_in_before_the_database_modules(with_admin):
    """The real start in a fresh interpreter: the sign-in dialog is up before SQLAlchemy or
    the models are imported; 登录 opens the main window."""
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(root))
    out = subprocess.run(
        [sys.executable, "-c", CHILD, PASSWORD],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert "AT DIALOG []" in out.stdout
    assert "WINDOW 府办台账 — 管理员" in out.stdout
    assert "FROZEN True" in out.stdout  # what the window is made of, out of full collections


# PySide6's answers for every module imported after it, and how many sources it read for them.
QT_IMPORTS = r"""
import json
import sys

import PySide6.QtWidgets
from ui.qt_imports import skip_reading_core_sources

feature = sys.modules["shibokensupport.feature"]
read = []
original = feature._mod_uses_pyside
feature._mod_uses_pyside = lambda m: read.append(m.__name__) or original(m)
if sys.argv[1] == "skip":
    assert skip_reading_core_sources()
import sqlalchemy.orm, db.models, desktop_app.services.system.accounts
import ui.widgets.form, ui.main_window
print(json.dumps({"read": read, "answers": feature.pyside_feature_dict}))
"""


def test_pyside_gives_the_same_answers_without_reading_the_cores_sources():
    """After PySide6, the core, its libraries and the standard library are answered without
    their source being read; every module gets the answer it got before (the Qt ones read)."""
    root = Path(__file__).resolve().parents[2]

    def run(mode: str) -> dict:
        out = subprocess.run(
            [sys.executable, "-c", QT_IMPORTS, mode],
            cwd=root,
            env=dict(os.environ, PYTHONPATH=str(root)),
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout
        return json.loads(out.splitlines()[-1])

    before, after = run("read"), run("skip")
    assert after["answers"] == before["answers"]
    assert after["answers"]["ui.widgets.table"] == 0  # a Qt module: read, uses PySide
    assert after["answers"]["sqlalchemy.orm"] == -1
    core = ("sqlalchemy", "db", "desktop_app", "json", "asyncio", "chinese_calendar", "argon2")
    assert any(n.partition(".")[0] in core for n in before["read"])
    assert {"chinese_calendar", "argon2"} <= {n.partition(".")[0] for n in before["read"]}
    assert not [n for n in after["read"] if n.partition(".")[0] in core]
    assert len(after["read"]) < len(before["read"]) // 5
