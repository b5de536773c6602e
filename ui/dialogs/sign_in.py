"""First start (create the administrator) and sign-in."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from db.engine import Database
from desktop_app.services.system import accounts, server_setup
from desktop_app.services.system.common import CurrentUser, ValidationError
from ui import preferences
from ui.widgets.form import FieldSpec, FormDialog


def first_admin_dialog(db: Database, parent=None) -> FormDialog:
    def save(v: dict):
        if v["password"] != v["password2"]:
            raise ValidationError("两次输入的密码不一致。")
        return accounts.create_first_admin(db, v["username"], v["display_name"], v["password"])

    return FormDialog(
        "首次使用：创建管理员账户",
        [
            FieldSpec("username", "用户名"),
            FieldSpec("display_name", "姓名"),
            FieldSpec("password", "密码", "password"),
            FieldSpec("password2", "确认密码", "password"),
        ],
        save,
        parent=parent,
        object_name="firstAdminDialog",
        intro="这是本数据库第一次使用。请创建管理员账户（管理设置、账户和工作日历）。密码至少 8 位。",
    )


def sign_in_dialog(db: Database, parent=None, username: str = "") -> FormDialog:
    dialog = FormDialog(
        "登录府办台账",
        [FieldSpec("username", "用户名"), FieldSpec("password", "密码", "password")],
        lambda v: accounts.authenticate(db, v["username"], v["password"]),
        values={"username": username},
        parent=parent,
        object_name="signInDialog",
    )
    dialog.buttons.button(dialog.buttons.StandardButton.Save).setText("登录")
    if username:  # the name is remembered: the clerk types only the password
        dialog.widgets["password"].setFocus()
    return dialog


def server_sign_in_dialog(
    base_url: str, prefix: str, parent=None, username: str = ""
) -> FormDialog:
    """A shared server with enforced roles (docs/SERVER.md): the name and password typed open
    the database as the account's own server login; the result is (database, user)."""
    dialog = FormDialog(
        "登录府办台账",
        [FieldSpec("username", "用户名"), FieldSpec("password", "密码", "password")],
        lambda v: server_setup.open_as_clerk(base_url, v["username"], v["password"], prefix),
        values={"username": username},
        parent=parent,
        object_name="signInDialog",
        intro="共享数据库服务器：用您自己的账户和密码登录。",
    )
    dialog.buttons.button(dialog.buttons.StandardButton.Save).setText("登录")
    if username:
        dialog.widgets["password"].setFocus()
    return dialog


def sign_in_to_server(base_url: str, prefix: str) -> tuple[Database, CurrentUser] | None:
    dialog = server_sign_in_dialog(base_url, prefix, username=preferences.last_username())
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    preferences.remember_username(dialog.result_value[1].username)
    return dialog.result_value


def sign_in(db: Database) -> CurrentUser | None:
    """Run the first-start and sign-in dialogs; None if the clerk cancels. The user name of the
    last sign-in on this PC is filled in (ui.preferences)."""
    username = preferences.last_username()
    if not accounts.has_accounts(db):
        first = first_admin_dialog(db)
        if first.exec() != QDialog.DialogCode.Accepted:
            return None
        username = first.result_value.username
    dialog = sign_in_dialog(db, username=username)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    preferences.remember_username(dialog.result_value.username)
    return dialog.result_value
