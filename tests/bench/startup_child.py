"""The scripts the start's benchmark (tests.bench.startup) runs in its child processes (no
timing here): FLOOR, a bare Qt window; APP, the window's own start with the clerk signing in
(and, given --tour, opening every pane); KDF, the sign-in's password check alone. Each prints
what the parent reads from its output.
"""

from __future__ import annotations

FLOOR = r"""
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
win = QMainWindow()
win.resize(1200, 728)
win.show()
app.processEvents()
print("READY", flush=True)
"""

# The window's own start, `ui.app.main` as `python -m desktop_app` runs it (the core imported
# before Qt, as desktop_app.cli does). When the sign-in dialog shows, DIALOG is printed and the
# name and password are filled in; after BENCH_TYPING_MS (the clerk typing; 0: at once) CLICK is
# printed and 登录 clicked; READY when the main window shows and the 工作台's first load is done.
APP = r"""
import os
import sys
from desktop_app.bootstrap import setup_logging
setup_logging()
import ui.app as start
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

state = {"dialog": False, "ready": False, "cpu": []}


def cpu(at):
    # CPU seconds so far: the whole process (every thread) and the GUI thread alone (this one).
    import time
    state["cpu"].append(f"CPU_{at} {time.process_time():.4f} {time.thread_time():.4f}")


def tour(app, win):
    from ui import operations
    from ui.main_window import NAV
    for name in NAV[1:]:
        win.show_pane(name)
        app.processEvents()
        for _ in range(3):  # a pane's first screen may start a second read when the first lands
            app.processEvents()
            operations.runner().wait_idle()
        app.processEvents()


def signed_in(w):
    # The window is up: poll (only now, so that polling costs the start nothing before) until
    # the 工作台's first load has landed.
    app = QApplication.instance()
    pane = w.panes.get("工作台")
    if pane is None or pane.view.loading:
        QTimer.singleShot(2, lambda: signed_in(w))
        return
    app.processEvents()
    print("READY", flush=True)
    cpu("READY")
    for line in state["cpu"]:
        print(line, flush=True)
    import importlib.util
    spec = importlib.util.spec_from_file_location("machine", os.environ["BENCH_MACHINE"])
    machine = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(machine)
    print(f"RSS {machine.peak_rss_mb():.1f}", flush=True)
    print(f"NOW {machine.rss_now_mb():.1f}", flush=True)
    if "--tour" in sys.argv:
        tour(app, w)
        print(f"PANES {len(w.panes)}", flush=True)
        print(f"TOUR {machine.peak_rss_mb():.1f}", flush=True)
        print(f"TOURNOW {machine.rss_now_mb():.1f}", flush=True)
    app.quit()


def sign_in(w):
    print("DIALOG", flush=True)
    cpu("DIALOG")
    w.widgets["username"].setText("admin")
    w.widgets["password"].setText("bench-password")
    button = w.buttons.button(w.buttons.StandardButton.Save)

    def click(button=button):
        print("CLICK", flush=True)
        cpu("CLICK")
        button.click()

    typing = int(os.environ.get("BENCH_TYPING_MS", "0"))
    if typing:
        QTimer.singleShot(typing, click)
    else:
        click()


class Watch(QObject):
    # Reacts to the sign-in dialog and the main window being shown (no polling: a timer
    # scanning the windows every few ms would cost CPU in proportion to the wall time).
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Show and isinstance(obj, QWidget) and obj.isWindow():
            name = obj.objectName()
            if name == "signInDialog" and not state["dialog"]:
                state["dialog"] = True
                QTimer.singleShot(0, lambda w=obj: sign_in(w))
            elif name == "mainWindow" and not state["ready"]:
                state["ready"] = True
                QTimer.singleShot(0, lambda w=obj: signed_in(w))
        return False


make_app = start.make_app


def watched_app(*args, **kwargs):
    app = make_app(*args, **kwargs)
    app.watch = Watch(app)
    app.installEventFilter(app.watch)
    return app


start.make_app = watched_app
sys.exit(start.main([]))
"""

# The deliberate cost of the sign-in's password check (desktop_app.services.system.passwords,
# Argon2id m=24 MiB, t=3, p=1), timed in the same rounds as the starts.
KDF = r"""
import time
from desktop_app.services.system import passwords
stored = passwords.hash_password("bench-password")
t = time.perf_counter()
passwords.verify_password("bench-password", stored)
print(time.perf_counter() - t)
"""
