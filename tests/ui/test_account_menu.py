"""The main window's 账户 menu — 修改密码 and 退出登录 — and the window re-checking its account:
deactivated or demoted since sign-in, it returns to the sign-in dialog (ui.account_watch,
ui.account_session). The sign-in dialog and the notice run in their own exec() loops: a timer
answers them as the clerk would (`Clerk`)."""

from __future__ import annotations

from datetime import datetime

import pytest
import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from desktop_app.formatting import CHINA
from desktop_app.services.documents import incoming
from desktop_app.services.system import accounts
from desktop_app.services.system.common import ROLES, CurrentUser
from tests.integration.server_roles_support import PASSWORDS as SERVER_PASSWORDS
from tests.integration.server_roles_support import server_fixture  # noqa: F401 - `server`
from tests.ui.conftest import close_errors, finish, open_errors, wait_ops
from ui.widgets.form import FormDialog

PASSWORD = "tongjiang-2018"
NEW = "new-password-1"
ADMIN = CurrentUser("admin", "管理员", "admin")


@pytest.fixture
def office(qapp, sqlite_db):
    """An office's database: the administrator, a 文秘 and a 机要 account."""
    accounts.create_first_admin(sqlite_db, "admin", "管理员", PASSWORD)
    accounts.create_account(sqlite_db, ADMIN, "wenmi", "文秘甲", PASSWORD, "clerk")
    accounts.create_account(sqlite_db, ADMIN, "jiyao", "机要员", PASSWORD, "confidential")
    return sqlite_db


class Clerk:
    """Answers, from a timer, the windows that run their own exec() loop after signing out: the
    notice (its text kept, then closed) and the sign-in dialog (the name it shows kept, then the
    account's name and password typed and 登录 clicked)."""

    def __init__(self, username: str, password: str = PASSWORD):
        self.username, self.password = username, password
        self.notices: list[str] = []
        self.sign_ins: list[str] = []  # the name each sign-in dialog showed when it opened
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self.act)
        self.timer.start()

    def act(self) -> None:
        for w in QApplication.topLevelWidgets():
            if not (shiboken6.isValid(w) and w.isVisible()) or w.property("answered"):
                continue
            if w.objectName() == "signedOutNotice":
                w.setProperty("answered", True)
                self.notices.append(w.text())
                w.done(0)
            elif w.objectName() == "signInDialog":
                w.setProperty("answered", True)
                self.sign_ins.append(w.widgets["username"].text())
                w.widgets["username"].setText(self.username)
                w.widgets["password"].setText(self.password)
                w.try_save()

    def stop(self) -> None:
        self.timer.stop()


def _window(qtbot, db, username: str):
    from ui import preferences
    from ui.app import build_main_window

    preferences.remember_username(username)  # as the start's sign-in does
    window = build_main_window(db, accounts.authenticate(db, username, PASSWORD))
    window.show()
    qtbot.waitExposed(window)
    wait_ops()
    return window


def _action(window, name: str) -> QAction:
    action = window.findChild(QAction, name)
    assert action is not None, name
    return action


def _next_window(qtbot, session, old):
    qtbot.waitUntil(
        lambda: session.window is not None and session.window.isVisible(), timeout=20000
    )
    wait_ops()
    new = session.window
    assert new is not old and not (shiboken6.isValid(old) and old.isVisible())
    return new


def _close(window) -> None:
    window.close()
    wait_ops()
    window.deleteLater()


def test_the_account_menu_is_there_for_every_role(qtbot, sqlite_db):
    from ui.context import AppContext
    from ui.main_window import MainWindow

    for role in ROLES:
        win = MainWindow(AppContext(sqlite_db, CurrentUser("someone", "某人", role)))
        qtbot.addWidget(win)
        menus = {a.text(): a.menu() for a in win.menuBar().actions()}
        assert "账户" in menus, role
        assert [a.text() for a in menus["账户"].actions()] == ["修改密码…", "退出登录"], role
        wait_ops()


def test_changing_ones_password_keeps_the_dialog_open_until_it_is_right(qtbot, office):
    window = _window(qtbot, office, "wenmi")
    qtbot.addWidget(window)
    _action(window, "changePassword").trigger()
    dialog = window.findChild(FormDialog, "changePasswordDialog")
    assert dialog is not None and dialog.isVisible()
    assert dialog.isModal()

    def attempt(old: str, new: str, again: str, expected: str) -> None:
        dialog.widgets["old_password"].setText(old)
        dialog.widgets["password"].setText(new)
        dialog.widgets["password2"].setText(again)
        assert finish(dialog.try_save()) is False
        assert any(expected in e for e in open_errors()), open_errors()
        close_errors()
        assert dialog.isVisible()  # still open, with what was typed
        assert [dialog.widgets[k].text() for k in ("old_password", "password", "password2")] == [
            old,
            new,
            again,
        ]

    attempt("wrong-one-1", NEW, NEW, "原密码错误")
    attempt(PASSWORD, NEW, "new-password-2", "两次输入的密码不一致")
    attempt(PASSWORD, "short", "short", "密码至少 8 位")
    assert accounts.authenticate(office, "wenmi", PASSWORD).username == "wenmi"  # unchanged

    dialog.widgets["password"].setText(NEW)
    dialog.widgets["password2"].setText(NEW)
    assert finish(dialog.try_save())
    assert not dialog.isVisible()
    assert "密码已修改" in window.statusBar().currentMessage()
    assert accounts.authenticate(office, "wenmi", NEW).username == "wenmi"
    with pytest.raises(accounts.AuthError):
        accounts.authenticate(office, "wenmi", PASSWORD)


def test_an_administrator_is_asked_for_his_old_password_too(qtbot, office):
    window = _window(qtbot, office, "admin")
    qtbot.addWidget(window)
    dialog = window.change_password()
    assert [dialog.specs[k].label for k in dialog.widgets] == ["原密码", "新密码", "确认新密码"]
    dialog.widgets["old_password"].setText("wrong-one-1")
    dialog.widgets["password"].setText(NEW)
    dialog.widgets["password2"].setText(NEW)
    assert finish(dialog.try_save()) is False
    assert any("原密码错误" in e for e in open_errors())
    close_errors()
    assert dialog.isVisible()
    assert accounts.authenticate(office, "admin", PASSWORD).role == "admin"
    dialog.reject()


def test_signing_out_shows_the_sign_in_and_the_next_account_gets_its_own_window(qtbot, office):
    from ui import preferences
    from ui.account_session import AccountSession

    window = _window(qtbot, office, "admin")
    session = AccountSession(window)
    clerk = Clerk("wenmi")
    try:
        _action(window, "signOut").trigger()
        new = _next_window(qtbot, session, window)
    finally:
        clerk.stop()
    try:
        assert clerk.sign_ins == ["admin"]  # the sign-in of the start: the last name filled in
        assert preferences.last_username() == "wenmi"
        assert clerk.notices == []  # chosen by the clerk: nothing to explain
        assert new.ctx.user == CurrentUser("wenmi", "文秘甲", "clerk")
        assert new.ctx.db is office  # the same database, no restart
        assert "文秘甲" in new.windowTitle()
        assert new.objectName() == "mainWindow" and new.panes["工作台"] is not None
        qtbot.waitUntil(lambda: not shiboken6.isValid(window), timeout=5000)  # thrown away
    finally:
        _close(new)


@pytest.mark.parametrize("change", ["demoted", "deactivated"])
def test_a_window_whose_account_changed_returns_to_the_sign_in(qtbot, office, change):
    """The administrator demotes 机要 to 文秘 (or deactivates the account) in the database; the
    window's next check (the timer's, here called at once) says why and signs in again."""
    from ui.account_session import AccountSession

    window = _window(qtbot, office, "jiyao")
    session = AccountSession(window)
    qtbot.waitUntil(
        lambda: window.account_watch is not None and window.account_watch.timer.isActive()
    )
    j = next(a for a in accounts.list_accounts(office) if a.username == "jiyao")
    accounts.update_account(
        office,
        ADMIN,
        j.id,
        j.version,
        display_name="机要员",
        role="clerk",
        active=change == "demoted",
    )
    clerk = Clerk("jiyao" if change == "demoted" else "admin")
    try:
        window.check_account()
        new = _next_window(qtbot, session, window)
    finally:
        clerk.stop()
    try:
        if change == "demoted":
            assert clerk.notices == ["此账户的角色已改为「文秘」，请重新登录。"]
            assert new.ctx.user == CurrentUser("jiyao", "机要员", "clerk")
        else:
            assert len(clerk.notices) == 1 and clerk.notices[0].startswith("此账户已被管理员停用")
            assert new.ctx.user.username == "admin"
    finally:
        _close(new)


def test_a_demoted_window_never_lists_a_classified_title_again(qtbot, office):
    """R44: the check made as the clerk switches pane runs before the pane's reads, so a window
    of 机要 demoted to 文秘 signs out before the 收文 register (read with the role copied at
    sign-in) could show the classified title."""
    from ui.main_window import NAV
    from ui.widgets.table import RegisterView

    me = accounts.authenticate(office, "jiyao", PASSWORD)
    incoming.register_document(
        office,
        me,
        received_at=datetime(2026, 11, 20, 9, tzinfo=CHINA),
        sender="佳木斯市人民政府办公室",
        title="涉密事项的通知",
        doc_type="通知",
        nature="action",
        secrecy="机密",
        secrecy_term="10年",
        copies=1,
        copy_numbers="003",
    )
    window = _window(qtbot, office, "jiyao")
    qtbot.addWidget(window)
    signed_out: list[str] = []
    window.signed_out.connect(signed_out.append)
    j = next(a for a in accounts.list_accounts(office) if a.username == "jiyao")
    accounts.update_account(
        office, ADMIN, j.id, j.version, display_name="机要员", role="clerk", active=True
    )
    window.nav.setCurrentRow(NAV.index("公文"))
    wait_ops()
    assert signed_out == ["此账户的角色已改为「文秘」，请重新登录。"]
    assert not window.isVisible()
    shown = [
        row.title
        for view in window.panes["公文"].findChildren(RegisterView)
        for row in view.model.rows
        if hasattr(row, "title")
    ]
    assert "涉密事项的通知" not in shown


def test_on_a_server_of_own_logins_the_next_account_signs_in_as_its_own_login(qtbot, server):
    """Each account its own server login (docs/SERVER.md): after 退出登录 the sign-in opens the
    same server as the next account's login, not on the login of the account that left."""
    from db.server_roles import RoleNames
    from desktop_app.services.system import server_setup
    from ui.account_session import AccountSession
    from ui.app import build_main_window

    db, user = server_setup.open_as_clerk(
        server.url, "wenmi", SERVER_PASSWORDS["wenmi"], server.prefix
    )
    server.opened.append(db)
    window = build_main_window(db, user)
    window.show()
    session = AccountSession(window, (server.url, server.prefix))
    clerk = Clerk("jiyao", SERVER_PASSWORDS["jiyao"])
    try:
        _action(window, "signOut").trigger()
        new = _next_window(qtbot, session, window)
    finally:
        clerk.stop()
    server.opened.append(new.ctx.db)
    try:
        assert new.ctx.user == CurrentUser("jiyao", "机要员", "confidential")
        assert new.ctx.db is not db and session.db is new.ctx.db
        assert new.ctx.db.engine.url.username == RoleNames(server.prefix).login("jiyao")
        assert new.ctx.db.engine.url.database == db.engine.url.database
    finally:
        _close(new)
