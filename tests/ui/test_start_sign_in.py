"""The sign-in dialog shows before the database modules have loaded, and the database is opened
behind it on the operation runner (ui.start_sign_in); where the opening finds the dialog was not
the right one — the file cannot be opened, or the database has no account yet — the start goes
on exactly as it does without it."""

from __future__ import annotations

import random
import shutil
import sys

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMessageBox
from sqlalchemy import func, select

from desktop_app import config
from tests.ui.conftest import open_errors, wait_ops
from tests.ui.start_sign_in_support import (
    PASSWORD,
    local_file_fixture,  # noqa: F401 - the `local_file` fixture
    with_admin_fixture,  # noqa: F401 - the `with_admin` fixture
)


def _visible(name: str):
    found = [w for w in QApplication.topLevelWidgets() if w.objectName() == name and w.isVisible()]
    return found[0] if found else None


def _click(button: QDialogButtonBox.StandardButton, password: str = PASSWORD) -> dict:
    """Once the sign-in dialog runs: note what it shows, type the password, click `button`."""
    seen: dict = {}

    def act() -> None:
        dialog = _visible("signInDialog")
        if dialog is None:
            QTimer.singleShot(5, act)
            return
        seen["username"] = dialog.widgets["username"].text()
        dialog.widgets["password"].setText(password)
        dialog.buttons.button(button).click()

    QTimer.singleShot(0, act)
    return seen


def test_sign_in_shows_first_and_the_database_opens_behind_it(with_admin):
    from ui import app, operations
    from ui.start_sign_in import Preload, likely_sign_in

    assert likely_sign_in(config.load()) == f"sqlite:///{with_admin}"
    seen = _click(QDialogButtonBox.StandardButton.Save)
    preload = Preload()
    result = app._signed_in(config.load(), preload)
    preload.wait()
    assert not isinstance(result, int)
    db, user, window = result
    try:
        assert seen["username"] == "admin"  # the last name signed in on this PC
        assert (user.username, user.role) == ("admin", "admin")
        assert str(db.engine.url) == f"sqlite:///{with_admin}"
        assert window.objectName() == "mainWindow" and window.ctx.user == user
        assert not window.isVisible()  # built while the password was checked; shown by ui.app
        wait_ops()
        assert operations.runner().is_idle() and not open_errors()
    finally:
        window.deleteLater()
        db.dispose()


def test_the_window_is_built_while_the_password_is_checked(with_admin, monkeypatch):
    """The check (Argon2id, on the runner's worker) waits here until the GUI thread has built the
    main window for the name typed: it would wait in vain if the window were built only after
    the check. A wrong password first: that window is thrown away, never shown."""
    import threading

    from desktop_app.services.system import accounts
    from ui import app
    from ui.start_sign_in import Preload, sign_in_first

    built = threading.Event()
    during: list[bool] = []
    real_verify = accounts.verify_password

    def verify(password, stored):
        ok = real_verify(password, stored)
        during.append(built.wait(30))  # the window was built while this check ran
        built.clear()
        return ok

    monkeypatch.setattr(accounts, "verify_password", verify)
    windows = []

    def build(db, user):
        window = app.build_main_window(db, user)
        windows.append(window)
        built.set()
        return window

    def act(password: str, then=None) -> None:
        dialog = _visible("signInDialog")
        if dialog is None:
            QTimer.singleShot(5, lambda: act(password, then))
            return
        dialog.widgets["password"].setText(password)
        op = dialog.try_save()

        def after() -> None:
            if not op.done:
                QTimer.singleShot(5, after)
                return
            for w in QApplication.topLevelWidgets():
                if isinstance(w, QMessageBox) and w.isVisible():
                    w.close()
            if then is not None:
                then()

        after()

    QTimer.singleShot(0, lambda: act("not-the-password", lambda: act(PASSWORD)))
    preload = Preload()
    outcome = sign_in_first(f"sqlite:///{with_admin}", preload, build)
    preload.wait()
    try:
        assert during == [True, True]
        assert len(windows) == 2 and outcome.window is windows[1]
        assert outcome.user is not None and outcome.window.ctx.user == outcome.user
        assert not outcome.window.isVisible()
        wait_ops()
        assert not shiboken6.isValid(windows[0])  # the wrong password's window: thrown away
    finally:
        outcome.window.deleteLater()
        outcome.database.dispose()


def test_a_database_of_an_older_version_is_upgraded_behind_the_sign_in(qapp, tmp_path):
    """The upgrade (backup first, then Alembic) runs on the runner's worker while the dialog
    shows; 登录 waits for it and signs in to the upgraded database."""
    from db import migrate
    from db.engine import Database
    from desktop_app.services.system import accounts
    from ui import preferences
    from ui.start_sign_in import Preload, sign_in_first

    path = tmp_path / "旧版本.db"
    old = Database(f"sqlite:///{path}")
    migrate.upgrade(old, target="0017")
    accounts.create_first_admin(old, "admin", "管理员", PASSWORD)
    old.dispose()
    preferences.remember_username("admin")
    _click(QDialogButtonBox.StandardButton.Save)
    preload = Preload()
    outcome = sign_in_first(f"sqlite:///{path}", preload)
    preload.wait()
    try:
        assert outcome.user is not None and outcome.user.username == "admin"
        assert migrate.current_revision(outcome.database) == migrate.head_revision() != "0017"
        assert any("升级前" in p.name for p in (config.data_dir() / "backups").iterdir())
        wait_ops()
    finally:
        outcome.database.dispose()


def test_both_engines_sign_in_first_through_the_window_start(qapp, db_url, monkeypatch):
    """The local file and the shared server with one login (FUBAN_DB_URL names either)."""
    from db.engine import Database
    from desktop_app.services.system import accounts
    from ui import app, preferences
    from ui.start_sign_in import Preload, likely_sign_in

    d = Database(db_url)
    accounts.create_first_admin(d, "admin", "管理员", PASSWORD)
    d.dispose()
    monkeypatch.setenv("FUBAN_DB_URL", db_url)
    preferences.remember_username("admin")
    assert likely_sign_in(config.load()) == db_url
    _click(QDialogButtonBox.StandardButton.Save)
    preload = Preload()
    result = app._signed_in(config.load(), preload)
    preload.wait()
    assert not isinstance(result, int)
    db, user, window = result
    try:
        assert user.username == "admin" and window.ctx.user == user
        assert db.dialect == db_url.partition(":")[0].partition("+")[0]
        wait_ops()
    finally:
        window.deleteLater()
        db.dispose()


def test_a_wrong_password_is_refused_in_the_dialog_shown_first(with_admin):
    from ui.start_sign_in import Preload, sign_in_first
    from ui.widgets.form import FormDialog

    attempts: list[bool] = []

    def act() -> None:
        dialog = _visible("signInDialog")
        if dialog is None:
            QTimer.singleShot(5, act)
            return
        dialog.widgets["password"].setText("not-the-password")
        op = dialog.try_save()

        def after() -> None:
            if not op.done:
                QTimer.singleShot(5, after)
                return
            attempts.append(bool(op.ok))
            errors = open_errors()
            assert any("用户名或密码错误" in e for e in errors), errors
            for w in QApplication.topLevelWidgets():
                if isinstance(w, QMessageBox) and w.isVisible():
                    w.close()
            assert isinstance(dialog, FormDialog) and dialog.isVisible()  # still there
            dialog.reject()

        after()

    QTimer.singleShot(0, act)
    preload = Preload()
    outcome = sign_in_first(f"sqlite:///{with_admin}", preload)
    preload.wait()
    assert attempts == [False] and outcome.cancelled and outcome.user is None
    assert outcome.database is not None
    outcome.database.dispose()


def test_cancelling_the_sign_in_shown_first_closes_after_the_opening(with_admin):
    """Cancelled at once: the opening (an upgrade, maybe) is not cut off by the exit."""
    from ui.start_sign_in import Preload, sign_in_first

    _click(QDialogButtonBox.StandardButton.Cancel)
    preload = Preload()
    outcome = sign_in_first(f"sqlite:///{with_admin}", preload)
    assert outcome.cancelled and outcome.user is None
    assert outcome.database is not None  # finished before the process would end
    wait_ops()
    preload.wait()
    outcome.database.dispose()


def test_a_database_without_an_account_turns_to_the_first_administrator(local_file, monkeypatch):
    """登录 clicked at once, before the opening found no account: the dialog closes without a
    word, no failed sign-in is recorded, and the first administrator's dialog follows (here
    cancelled, so the app says it will close)."""
    from db.engine import Database
    from db.models.system import SignInAttempt
    from ui import app, startup
    from ui.start_sign_in import Preload
    from ui.widgets.form import FormDialog

    shown: list[str] = []
    original = FormDialog.exec

    def exec_(dialog):
        shown.append(dialog.objectName())
        if dialog.objectName() == "signInDialog":
            dialog.widgets["password"].setText(PASSWORD)
            QTimer.singleShot(0, dialog.try_save)
            return original(dialog)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(FormDialog, "exec", exec_)
    boxes: list[str] = []

    def ask(box: QMessageBox):
        boxes.append(box.text())
        return next(b for b in box.buttons() if b.text() == "关闭府办台账")

    monkeypatch.setattr(startup, "ask", ask)
    preload = Preload()
    assert app._signed_in(config.load(), preload) == 0
    preload.wait()
    assert shown == ["signInDialog", "firstAdminDialog"]
    assert len(boxes) == 1 and "尚未创建管理员账户" in boxes[0]
    assert not open_errors()
    d = Database(f"sqlite:///{local_file}")
    with d.read() as s:
        assert s.scalar(select(func.count()).select_from(SignInAttempt)) == 0
    d.dispose()


def test_a_damaged_file_closes_the_sign_in_and_says_what_is_wrong(local_file, monkeypatch):
    from ui import app, startup
    from ui.start_sign_in import Preload

    local_file.write_bytes(random.Random(5).randbytes(40_000))
    boxes: list[dict] = []

    def ask(box: QMessageBox):
        boxes.append({"title": box.windowTitle(), "text": box.text()})
        assert _visible("signInDialog") is None  # closed before the failure is told
        return next(b for b in box.buttons() if b.text() == "退出")

    monkeypatch.setattr(startup, "ask", ask)
    preload = Preload()
    assert app._signed_in(config.load(), preload) == 1
    preload.wait()
    assert [b["title"] for b in boxes] == ["无法打开数据库"]
    assert f"不是有效的数据库文件：{local_file}" in boxes[0]["text"]
    assert local_file.read_bytes() == random.Random(5).randbytes(40_000)


def test_the_first_start_still_opens_the_database_first(qapp, sqlite_template, monkeypatch):
    """Nobody has signed in on this PC, or the file is not there: no sign-in shown first."""
    from ui import preferences
    from ui.start_sign_in import likely_sign_in

    monkeypatch.delenv("FUBAN_DB_URL", raising=False)
    settings = config.load()
    assert likely_sign_in(settings) is None  # neither
    preferences.remember_username("admin")
    assert likely_sign_in(settings) is None  # no file yet
    path = config.data_dir() / "fuban.db"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"")
    assert likely_sign_in(settings) is None  # an empty file is a new database
    shutil.copyfile(sqlite_template, path)
    assert likely_sign_in(settings) == f"sqlite:///{path}"


def test_the_sign_in_shown_first_limits_the_user_name_once_the_models_are_there(with_admin):
    """Built before the models are imported, the dialog gets its column limits from the
    worker: the user name stops at the account column's length, as in every other form."""
    from desktop_app.services.system.form_limits import text_limits
    from ui.dialogs.sign_in import sign_in_dialog_opening
    from ui.start_sign_in import Opening

    monkeypatch_modules = dict(sys.modules)
    del sys.modules["db.models"]  # as at start: not imported yet
    try:
        dialog = sign_in_dialog_opening(Opening(f"sqlite:///{with_admin}").for_sign_in)
        assert dialog.widgets["username"].maxLength() == 32767  # Qt's default: none yet
    finally:
        sys.modules["db.models"] = monkeypatch_modules["db.models"]
    wait_ops()
    limit = text_limits("signInDialog", ["username"])["username"]
    assert dialog.widgets["username"].maxLength() == limit == 64
    dialog.close()


def test_the_sign_in_shown_first_does_not_read_models_still_being_imported(with_admin):
    """The worker may be importing the models when the dialog is built: db.models is then in
    sys.modules, half run, its registry holding a class not yet mapped (a start once failed on
    it: 「Class 'db.models.seals.SealFile' is not mapped」). The dialog waits for the worker."""
    import types

    from ui.dialogs.sign_in import sign_in_dialog_opening
    from ui.start_sign_in import Opening

    real = sys.modules["db.models"]
    half = types.ModuleType("db.models")  # what another thread sees mid-import
    sys.modules["db.models"] = half
    try:
        dialog = sign_in_dialog_opening(Opening(f"sqlite:///{with_admin}").for_sign_in)
        assert dialog.widgets["username"].maxLength() == 32767  # not read from the registry
    finally:
        sys.modules["db.models"] = real
    wait_ops()
    assert dialog.widgets["username"].maxLength() == 64  # read on the worker, then applied
    dialog.close()
