"""`fuban db backup FILE` and `fuban db restore FILE [--yes] [--key-file KEY] [--unsigned]`:
a signed backup of every table, and restoring one (services.system.maintenance), both by an
administrator's sign-in."""

from __future__ import annotations

from pathlib import Path

from db.errors import FubanError
from desktop_app import cli_session as session


def cmd_db_backup(args) -> int:
    from desktop_app.services.system import maintenance

    d = session.open_db()
    session.admin_user(d)
    manifest = maintenance.backup(d, Path(args.file))
    rows = sum(manifest["tables"].values())
    print(f"已备份到 {args.file}（{len(manifest['tables'])} 个表，{rows} 行，已签名）。")
    return 0


def cmd_db_restore(args) -> int:
    from desktop_app import config
    from desktop_app.services.system import backup_signature as signature
    from desktop_app.services.system import maintenance

    maintenance.read_manifest(Path(args.file))  # refuse a foreign file before asking
    d = session.open_db()
    if id(d) in session.SIGNED_IN:  # an account's own server login may not replace every row
        raise FubanError(
            "恢复会替换全部记录，只能由 IT 人员用数据库服务器的管理账户进行：设置环境变量 "
            "FUBAN_DB_URL 为超级用户的数据库地址后运行 fuban db restore（见 docs/SERVER.md）。"
        )
    session.admin_user(d)
    if not args.yes:
        answer = session.ask(
            "恢复将用备份替换当前全部数据（会先自动备份当前数据）。继续？[y/N] ",
            "恢复将用备份替换当前全部数据，须先确认，但这里无法询问："
            "确认无误后请加 --yes 重新运行（fuban-cli db restore 文件 --yes）。",
        )
        if answer.strip().lower() not in ("y", "yes", "是"):
            print("已取消。")
            return 1
    key = signature.read_key(Path(args.key_file)) if args.key_file else None
    safety = maintenance.restore(
        d, Path(args.file), config.data_dir() / "backups", key=key, allow_unsigned=args.unsigned
    )
    print(f"已恢复。恢复前的数据已备份到 {safety}。")
    return 0
