"""账户: who may sign in and with which role. Administrators add, change and reset passwords;
everyone else sees the list only. The last active administrator cannot be demoted or disabled
(the service refuses; the dialog stays open with the message)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop_app.services.system import accounts
from desktop_app.services.system.common import ROLES, ValidationError
from ui.context import AppContext
from ui.panes.settings_common import keep_service_order
from ui.widgets.form import FormDialog
from ui.widgets.form_fields import FieldSpec
from ui.widgets.table import Column, RegisterView

ROLE_CHOICES = list(ROLES.items())
_PASSWORD_HELP = f"至少 {accounts.MIN_PASSWORD} 位"
ROLE_HELP = (
    "管理员：设置、账户和工作日历，也可登记台账；文秘：登记和修改台账；"
    "机要：另可查看涉密记录；督查：督办事项；只读：只能查看。"
)


def _status(a: accounts.AccountDTO) -> str:
    return "启用" if a.active else "已停用"


def _check_same(values: dict) -> None:
    if values["password"] != values["password2"]:
        raise ValidationError("两次输入的密码不一致。")


def _password_checks(values: dict) -> str:
    """Checked with the empty fields, so one message lists everything: the length the service
    asks for, and the two entries the same."""
    password = values["password"]
    if not password:
        return ""  # named among the missing fields
    problems = []
    if len(password) < accounts.MIN_PASSWORD:
        problems.append(f"密码至少 {accounts.MIN_PASSWORD} 位。")
    if values["password2"] and password != values["password2"]:
        problems.append("两次输入的密码不一致。")
    return "\n".join(problems)


class AccountsWidget(QWidget):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.setObjectName("accountsSettings")
        self.ctx = ctx
        self.editable = ctx.user.can("admin")
        columns = [
            Column("用户名", lambda a: a.username, 120),
            Column("姓名", lambda a: a.display_name, 120),
            Column("角色", lambda a: a.role_name, 90),
            Column("状态", _status, 70),
            Column("最近登录", lambda a: a.last_login_at or "从未登录"),
        ]
        self.view = RegisterView(
            "accounts", columns, lambda _v: accounts.list_accounts(ctx.db), voidable=False
        )
        keep_service_order(self.view)
        self.note = QLabel(objectName="accountsNote")
        if self.editable:
            self.view.add_action("新增账户", self.new_account, "newAccount")
            self.view.add_action("修改", self.edit_account, "editAccount", needs_row=True)
            self.view.add_action("重置密码", self.reset_password, "resetPassword", needs_row=True)
            self.view.table.doubleClicked.connect(lambda _i: self.edit_account())
            self.note.setText(
                "停用的账户不能登录，但其经办记录保留。至少保留一个启用的管理员账户。"
            )
        else:
            self.note.setText(
                "只有管理员可以新增、修改账户和重置密码。修改自己的密码：菜单「账户 → 修改密码」。"
            )
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.note)

    def reload(self) -> None:
        self.view.reload()

    def _open(self, dialog: FormDialog) -> FormDialog:
        """Window-modal, not exec(): tests and the event loop keep running."""
        if "password" in dialog.widgets:
            dialog.checks.append(_password_checks)
        dialog.accepted.connect(self.reload)
        dialog.setMinimumWidth(420)
        dialog.open()
        return dialog

    def new_account(self) -> FormDialog:
        def save(v: dict):
            _check_same(v)
            return accounts.create_account(
                self.ctx.db,
                self.ctx.user,
                v["username"],
                v["display_name"],
                v["password"],
                v["role"],
            )

        return self._open(
            FormDialog(
                "新增账户",
                [
                    FieldSpec(
                        "username", "用户名", help="登录时输入，建立后不能修改", required=True
                    ),
                    FieldSpec("display_name", "姓名", required=True),
                    FieldSpec("role", "角色", "combo", ROLE_CHOICES),
                    FieldSpec(
                        "password", "初始密码", "password", help=_PASSWORD_HELP, required=True
                    ),
                    FieldSpec("password2", "确认密码", "password", required=True),
                ],
                save,
                values={"role": "clerk"},
                parent=self,
                object_name="newAccountDialog",
                intro=f"{ROLE_HELP}密码{_PASSWORD_HELP}。",
            )
        )

    def edit_account(self) -> FormDialog | None:
        a = self.view.current()
        if a is None:
            return None

        def save(v: dict):
            return accounts.update_account(
                self.ctx.db,
                self.ctx.user,
                a.id,
                a.version,
                display_name=v["display_name"],
                role=v["role"],
                active=v["active"],
            )

        return self._open(
            FormDialog(
                f"修改账户：{a.username}",
                [
                    FieldSpec("display_name", "姓名", required=True),
                    FieldSpec("role", "角色", "combo", ROLE_CHOICES),
                    FieldSpec("active", "启用", "check"),
                ],
                save,
                values={"display_name": a.display_name, "role": a.role, "active": a.active},
                parent=self,
                object_name="editAccountDialog",
                intro=ROLE_HELP + "停用的账户不能登录，其经办记录保留。",
            )
        )

    def reset_password(self) -> FormDialog | None:
        a = self.view.current()
        if a is None:
            return None
        if a.username == self.ctx.user.username:
            # One's own password changes only with the old one, an administrator's too (the
            # service insists): the dialog of 账户 → 修改密码, which asks for it.
            from ui.dialogs.change_password import change_password_dialog

            return change_password_dialog(self.ctx, self)

        def save(v: dict):
            _check_same(v)
            accounts.set_password(self.ctx.db, self.ctx.user, a.id, v["password"])
            return a

        return self._open(
            FormDialog(
                f"重置密码：{a.username}（{a.display_name}）",
                [
                    FieldSpec("password", "新密码", "password", help=_PASSWORD_HELP, required=True),
                    FieldSpec("password2", "确认新密码", "password", required=True),
                ],
                save,
                parent=self,
                object_name="resetPasswordDialog",
                intro="重置后请把新密码当面告知本人。",
            )
        )
