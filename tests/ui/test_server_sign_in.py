"""On a shared server with enforced roles the sign-in dialog opens the database as the account's
own server login (docs/SERVER.md); a wrong password is refused in the dialog. PostgreSQL only."""

from __future__ import annotations

from db.server_roles import RoleNames
from tests.integration.server_roles_support import PASSWORDS, server_fixture  # noqa: F401
from tests.ui.conftest import close_errors, finish, open_errors
from ui.dialogs.sign_in import server_sign_in_dialog


def test_sign_in_dialog_connects_as_the_accounts_login(qapp, server):
    dialog = server_sign_in_dialog(server.url, server.prefix)
    dialog.widgets["username"].setText("wenmi")
    dialog.widgets["password"].setText("wrong-password")
    assert not finish(dialog.try_save())
    assert any("用户名或密码错误" in e for e in open_errors())
    close_errors()
    dialog.widgets["password"].setText(PASSWORDS["wenmi"])
    assert finish(dialog.try_save()), open_errors()
    db, user = dialog.result_value
    server.opened.append(db)
    assert user.username == "wenmi" and user.role == "clerk"
    assert db.engine.url.username == RoleNames(server.prefix).login("wenmi")
