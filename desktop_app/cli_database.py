"""Administering the database and the shared server from the command line: `fuban server init |
check` (the server's roles, docs/SERVER.md), `fuban db upgrade`, `fuban db repair-audit` and
`fuban check` (integrity and the audit chain). Backup and restore are in desktop_app.cli_backup.
"""

from __future__ import annotations

import getpass

from db.errors import FubanError
from desktop_app import cli_session as session


def cmd_server(args) -> int:
    """The shared server's roles (docs/SERVER.md), run by the IT person with a superuser's URL."""
    from desktop_app.services.system import accounts, server_setup

    d = session.open_db(args.url)  # creates or upgrades the schema first
    if args.action == "check":
        problems = server_setup.check(d)
        for p in problems:
            print(f"  - {p}")
        print("服务器账户权限已全部就位。" if not problems else f"发现 {len(problems)} 个问题。")
        return 1 if problems else 0
    display = ""
    if accounts.has_accounts(d):
        name, password = session.credentials()
    else:
        print("数据库中尚无账户：请建立第一个管理员账户（密码至少 8 位）。")
        name, display = input("管理员用户名："), input("姓名：")
        password = getpass.getpass("密码：")
        if getpass.getpass("确认密码：") != password:
            raise FubanError("两次输入的密码不一致。")
    report = server_setup.init(d, args.prefix, name, password, display)
    print(
        f"已设置服务器账户权限（角色前缀 {report.prefix}）。管理员「{report.admin}」可用自己的密码登录。"
    )
    if report.without_password:
        print(
            "以下账户尚无数据库登录密码，请管理员在「设置 → 账户」中为其重设密码后再通知本人登录："
            + "、".join(report.without_password)
        )
    print("然后在每台电脑的数据库设置中选用「每人使用自己的数据库登录」，并删除保存的共享密码。")
    return 0


def cmd_db_upgrade(args) -> int:
    from db import migrate

    d = session.open_db(args.url)
    print(f"数据库已是最新结构（{migrate.current_revision(d)}）。")
    return 0


def cmd_db_repair_audit(args) -> int:
    from desktop_app.services.system import maintenance

    d = session.open_db()
    # The sign-in cannot be written to a chain whose tip is damaged: the administrator is then
    # checked without it, and the repair is recorded under his name.
    user = session.admin_user(d, damaged_chain_allowed=True)
    print(maintenance.repair_audit(d, actor=user.username))
    return 0


def cmd_check(args) -> int:
    from desktop_app.services.system import maintenance

    d = session.open_db()
    if id(d) in session.SIGNED_IN:
        # on a server with enforced roles only an administrator's login reads it all
        session.admin_user(d)
    result = maintenance.check(d)
    if result.ok:
        print(f"检查通过：{result.tables} 个台账表，审计记录 {result.audit_entries} 条，链条完整。")
        return 0
    print(f"发现 {len(result.problems)} 个问题：")
    for p in result.problems:
        print(f"  - {p}")
    return 1
