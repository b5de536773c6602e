"""账户 → 修改密码: the signed-in clerk changes his own password (any role). The old password is
always asked for, an administrator's too (desktop_app.services.system.own_account). As every form
(ui.widgets.form): a wrong old password, two different new ones or one the password rule refuses
gets its message and the dialog stays open with what was typed — the sign-in dialog keeps a
refused password too."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QWidget

from desktop_app.services.system import own_account
from desktop_app.services.system.common import ValidationError
from ui.context import AppContext
from ui.panes.settings_accounts import _PASSWORD_HELP, _password_checks
from ui.widgets.form import FormDialog
from ui.widgets.form_fields import FieldSpec

CHANGED = "密码已修改，下次登录请使用新密码。"


def change_password_dialog(ctx: AppContext, parent: QWidget) -> FormDialog:
    """Open the dialog window-modally over `parent`; the main window's status bar says when the
    password has been changed."""
    db, user = ctx.db, ctx.user

    def save(v: dict) -> bool:
        if v["password"] != v["password2"]:
            raise ValidationError("两次输入的密码不一致。")
        own_account.change_own_password(db, user, v["old_password"], v["password"])
        return True

    dialog = FormDialog(
        "修改密码",
        [
            FieldSpec("old_password", "原密码", "password", required=True),
            FieldSpec("password", "新密码", "password", help=_PASSWORD_HELP, required=True),
            FieldSpec("password2", "确认新密码", "password", required=True),
        ],
        save,
        parent=parent,
        object_name="changePasswordDialog",
        intro=f"修改 {user.display_name}（{user.username}）的登录密码。新密码{_PASSWORD_HELP}。",
        error_title="无法修改密码",
    )
    dialog.checks.append(_password_checks)
    window = parent.window()
    if isinstance(window, QMainWindow):
        dialog.accepted.connect(lambda: window.statusBar().showMessage(CHANGED, 15000))
    dialog.setMinimumWidth(420)
    dialog.open()
    return dialog
