"""First start (create the administrator) and sign-in.

The sign-in dialogs import no database module until 登录 is clicked: the window shows them while
SQLAlchemy and the models load (ui.start_sign_in)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog

from ui import operations, preferences
from ui.widgets import field_limits
from ui.widgets.form import FormDialog
from ui.widgets.form_fields import FieldSpec

if TYPE_CHECKING:
    from db.engine import Database
    from desktop_app.services.system.common import CurrentUser


def first_admin_dialog(db: Database, parent=None, offer_demo: bool = False) -> FormDialog:
    """`offer_demo`: the database is empty, so 「写入示例数据（演示用）」 is offered (default off)."""
    from desktop_app.services.system import accounts
    from desktop_app.services.system.common import ValidationError
    from ui.dialogs.demo_start import DEMO_HELP, DEMO_LABEL

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
            *([FieldSpec("demo", DEMO_LABEL, "check", help=DEMO_HELP)] if offer_demo else []),
        ],
        save,
        parent=parent,
        object_name="firstAdminDialog",
        intro="这是本数据库第一次使用。请创建管理员账户（管理设置、账户和工作日历）。密码至少 8 位。",
    )


def _limit_fields(dialog: FormDialog) -> None:
    """The user name stops at the length its column holds, as in every form; the limits come
    from the models, which the window's first sign-in dialog is shown without: they are then
    read on the runner's worker (after the database it is opening) and applied when there."""
    if getattr(sys.modules.get("db.models"), "COMPLETE", False):  # imported, not importing
        field_limits.apply(dialog.objectName(), dialog.widgets)
        return

    def read_limits() -> None:
        from desktop_app.services.system.form_limits import text_limits

        text_limits(dialog.objectName(), dialog.widgets)  # the models imported, limits cached

    operations.run(
        read_limits,
        lambda _r: field_limits.apply(dialog.objectName(), dialog.widgets),
        lambda _exc: None,  # the save reports whatever is wrong with the database
        parent=None,
        still_wanted=lambda: not dialog.property("closed"),
    )


def sign_in_dialog(db: Database, parent=None, username: str = "") -> FormDialog:
    return sign_in_dialog_opening(lambda: db, parent, username)


def sign_in_dialog_opening(
    database: Callable[[], Database],
    parent=None,
    username: str = "",
    checking: Callable[[str], None] | None = None,
) -> FormDialog:
    """The sign-in dialog; `database()` gives the database on the runner's worker when 登录 is
    clicked (at start it is still being opened while the dialog shows: ui.start_sign_in).
    `checking(name)` is called there just before the password is checked."""

    def authenticate(v: dict) -> CurrentUser:
        from desktop_app.services.system import accounts

        opened = database()
        if checking is not None:
            checking(v["username"])
        return accounts.authenticate(opened, v["username"], v["password"])

    dialog = FormDialog(
        "登录府办台账",
        [FieldSpec("username", "用户名"), FieldSpec("password", "密码", "password")],
        authenticate,
        values={"username": username},
        parent=parent,
        object_name="signInDialog",
        column_limits=False,  # set by _limit_fields
    )
    _limit_fields(dialog)
    dialog.buttons.button(dialog.buttons.StandardButton.Save).setText("登录")
    if username:  # the name is remembered: the clerk types only the password
        dialog.widgets["password"].setFocus()
    return dialog


def server_sign_in_dialog(
    base_url: str, prefix: str, parent=None, username: str = ""
) -> FormDialog:
    """A shared server with enforced roles (docs/SERVER.md): the name and password typed open
    the database as the account's own server login; the result is (database, user)."""

    def open_as_clerk(v: dict) -> tuple[Database, CurrentUser]:
        from desktop_app.services.system import server_setup

        return server_setup.open_as_clerk(base_url, v["username"], v["password"], prefix)

    dialog = FormDialog(
        "登录府办台账",
        [FieldSpec("username", "用户名"), FieldSpec("password", "密码", "password")],
        open_as_clerk,
        values={"username": username},
        parent=parent,
        object_name="signInDialog",
        intro="共享数据库服务器：用您自己的账户和密码登录。",
        column_limits=False,  # set by _limit_fields
    )
    _limit_fields(dialog)
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
    from desktop_app.services.system import accounts

    username = preferences.last_username()
    if not accounts.has_accounts(db):
        from desktop_app.services import demo_start

        first = first_admin_dialog(db, offer_demo=demo_start.may_offer_demo(db))
        if first.exec() != QDialog.DialogCode.Accepted:
            return None
        admin = first.result_value
        username = admin.username
        demo = first.widgets.get("demo")
        if demo is not None and demo.isChecked():
            from desktop_app.services.system.common import CurrentUser
            from ui.dialogs.demo_start import fill_demo

            # written by the administrator just created, before the first sign-in
            fill_demo(None, db, CurrentUser(admin.username, admin.display_name, admin.role))
    dialog = sign_in_dialog(db, username=username)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    preferences.remember_username(dialog.result_value.username)
    return dialog.result_value
