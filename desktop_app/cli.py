"""`fuban` command line. With no arguments it opens the window.

    fuban server init [--url URL] [--prefix P] | server check [--url URL]
    fuban db upgrade [--url URL] | db backup FILE | db restore FILE [--key-file KEY] [--unsigned]
    fuban db repair-audit
    fuban demo [--year]
    fuban numbering set KIND YEAR N | numbering show [YEAR]
    fuban calendar import FILE [--replace] | calendar show YEAR
    fuban rules [--json] [--text] [RULE_ID ...]
    fuban check
    fuban print sample --out FILE.pdf
    fuban --self-test

The installed program has two: `fuban` (the window; with a command it runs it) and the console
tool `fuban-cli`, which prints (a windowed program on Windows has no console to print to).

backup, restore, repair-audit, demo and calendar import ask for an administrator's sign-in once
the database has accounts. On a shared server with enforced roles (settings: own_logins) every
command signs in first and connects as that account's own server login (docs/SERVER.md).
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from db.errors import FubanError
from desktop_app import failures
from desktop_app.cli_help import ChineseArgumentParser, command, command_lines

if TYPE_CHECKING:  # services load lazily, per command
    from desktop_app.services.system.common import CurrentUser

# Databases opened by signing in as an account's own server login, with who signed in: the
# maintenance commands then ask for no second sign-in.
_SIGNED_IN: dict[int, CurrentUser] = {}
# The database URLs this process opened or tried to open, last one last: a failure names its file.
_ATTEMPTED: list[str] = []
log = logging.getLogger("fuban.cli")


def _ask(prompt: str, refusal: str) -> str:
    """A line typed at the console; with no console to ask (a scheduled task, the windowed
    program, input from nothing) the command stops with `refusal` instead of a traceback."""
    if sys.stdin is None:
        raise FubanError(refusal)
    try:
        return input(prompt)
    except EOFError:
        print()  # end the prompt's line
        raise FubanError(refusal) from None


NO_CONSOLE_SIGN_IN = (
    "此命令需要管理员登录，但没有可输入的控制台：请在命令提示符中运行 fuban-cli，"
    "或设置环境变量 FUBAN_ADMIN 和 FUBAN_ADMIN_PASSWORD。"
)


def _credentials() -> tuple[str, str]:
    name = os.environ.get("FUBAN_ADMIN") or _ask("管理员用户名：", NO_CONSOLE_SIGN_IN)
    password = os.environ.get("FUBAN_ADMIN_PASSWORD")
    if not password:
        if sys.stdin is None:
            raise FubanError(NO_CONSOLE_SIGN_IN)
        password = getpass.getpass("密码：")
    return name, password


def _admin(database):
    """Maintenance commands (backup, restore, repair, demo, calendar import) act as an
    administrator who signs in with the app's own account — whoever can open a terminal is not
    thereby an administrator. A database with no account yet (before the first start) asks for
    none. For a scheduled backup, FUBAN_ADMIN and FUBAN_ADMIN_PASSWORD may carry the sign-in."""
    from desktop_app.services.system import accounts
    from desktop_app.services.system.common import CurrentUser, PermissionDenied

    user = _SIGNED_IN.get(id(database))
    if user is None:
        if not accounts.has_accounts(database):
            return CurrentUser(f"cli:{getpass.getuser()}", "命令行", "admin")
        user = accounts.authenticate(database, *_credentials())
    if not user.can("admin"):
        raise PermissionDenied("此命令须由管理员账户执行。")
    return user


def _records_user(database):
    """`fuban import` writes records: the signed-in account (own server logins) or an
    administrator's sign-in, as the maintenance commands ask for."""
    return _SIGNED_IN.get(id(database)) or _admin(database)


def _db(url: str | None = None):
    from desktop_app import config
    from desktop_app.bootstrap import open_database

    settings = config.load()
    _ATTEMPTED.append(url or settings.database_url())
    if url is None and settings.uses_own_logins():
        from desktop_app.services.system import server_setup

        database, user = server_setup.open_as_clerk(
            settings.database_url(), *_credentials(), prefix=settings.database.role_prefix
        )
        _SIGNED_IN[id(database)] = user
        return database
    return open_database(url)


def cmd_server(args) -> int:
    """The shared server's roles (docs/SERVER.md), run by the IT person with a superuser's URL."""
    from desktop_app.services.system import accounts, server_setup

    d = _db(args.url)  # creates or upgrades the schema first
    if args.action == "check":
        problems = server_setup.check(d)
        for p in problems:
            print(f"  - {p}")
        print("服务器账户权限已全部就位。" if not problems else f"发现 {len(problems)} 个问题。")
        return 1 if problems else 0
    display = ""
    if accounts.has_accounts(d):
        name, password = _credentials()
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


def cmd_db(args) -> int:
    from desktop_app import config
    from desktop_app.services.system import backup_signature as signature
    from desktop_app.services.system import maintenance

    if args.action == "upgrade":
        from db import migrate

        d = _db(args.url)
        print(f"数据库已是最新结构（{migrate.current_revision(d)}）。")
    elif args.action == "backup":
        d = _db()
        _admin(d)
        manifest = maintenance.backup(d, Path(args.file))
        rows = sum(manifest["tables"].values())
        print(f"已备份到 {args.file}（{len(manifest['tables'])} 个表，{rows} 行，已签名）。")
    elif args.action == "restore":
        maintenance.read_manifest(Path(args.file))  # refuse a foreign file before asking
        d = _db()
        if id(d) in _SIGNED_IN:  # an account's own server login may not replace every row
            raise FubanError(
                "恢复会替换全部记录，只能由 IT 人员用数据库服务器的管理账户进行：设置环境变量 "
                "FUBAN_DB_URL 为超级用户的数据库地址后运行 fuban db restore（见 docs/SERVER.md）。"
            )
        _admin(d)
        if not args.yes:
            answer = _ask(
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
    elif args.action == "repair-audit":
        d = _db()
        _admin(d)
        print(maintenance.repair_audit(d))
    return 0


def cmd_demo(args) -> int:
    from desktop_app.services import demo

    d = _db()
    if args.year:
        from desktop_app.services import demo_year

        counts = demo_year.fill_year(d, _admin(d))
        print("已写入演示数据（一年的台账）：" + "，".join(demo_year.summary(counts)) + "。")
        return 0
    counts = demo.fill(d, _admin(d))
    print(f"已写入演示数据：{counts['persons']} 人，{counts['units']} 个单位。")
    return 0


def cmd_numbering(args) -> int:
    """编号续接: the last number used on paper, per sequence and year (administrators)."""
    from desktop_app.services.system import numbering

    d = _db()
    user = _admin(d)
    if args.action == "set":
        name = numbering.resolve(d, args.kind, args.year)
        row = numbering.set_last_on_paper(d, user, name, args.number)
        print(f"{row.period}{row.label}已用到 {row.last_used} 号，下一个编号为 {row.next_text}。")
        return 0
    for row in numbering.list_sequences(d, user, args.year):
        paper = f"纸质已用到 {row.on_paper}" if row.on_paper is not None else "未设置续接"
        print(
            f"{row.label:<10}{row.period:<18}已用到 {row.last_used:>5}  "
            f"（{paper}；本系统最大 {row.highest_issued}）  下一个：{row.next_text}"
        )
    return 0


def cmd_calendar(args) -> int:
    from desktop_app.services.system import calendar_admin

    d = _db()
    if args.action == "import":
        n = calendar_admin.import_notice_file(d, _admin(d), Path(args.file), replace=args.replace)
        print(f"已导入{n.year}年节假日安排：{n.holidays} 段假期，{n.workdays} 个调休上班日。")
        return 0
    cal = calendar_admin.work_calendar(d)
    year = args.year
    source = {
        "notice": "已录入的放假通知",
        "library": "内置日历数据",
        "weekends": "无数据，暂按周末计算",
    }[cal.source(year)]
    day, off = date(year, 1, 1), []
    while day.year == year:
        if not cal.is_working_day(day) and day.weekday() < 5:
            off.append(f"{day.isoformat()} {cal.holiday_name(day) or ''}".strip())
        day = date.fromordinal(day.toordinal() + 1)
    print(f"{year}年工作日来源：{source}")
    print("\n".join(off) or "（无工作日放假）")
    return 0


def cmd_rules(args) -> int:
    """List the enforced rules; with --text (or when rule IDs are named) each with the full text
    of its article, from the rules text shipped with the program."""
    from desktop_app.rules import all_rules
    from desktop_app.rules.articles import source_line

    rules = all_rules()
    if args.ids:
        known = {r.rule_id: r for r in rules}
        unknown = [i for i in args.ids if i not in known]
        if unknown:
            raise FubanError(
                f"没有这些规则：{'、'.join(unknown)}。用 fuban rules 列出全部规则编号。"
            )
        rules = [known[i] for i in args.ids]
    with_text = args.text or bool(args.ids)
    if args.json:
        rows = [
            asdict(r) | ({"article_text": r.article_text()} if with_text else {}) for r in rules
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for r in rules:
        print(f"{r.rule_id:<8} {r.article:<8} [{r.severity}] {r.summary}")
        if with_text:
            for line in r.article_text().splitlines():
                print(f"    {line}")
            print()
    if with_text:
        print(source_line())
    return 0


def cmd_check(args) -> int:
    from desktop_app.services.system import maintenance

    d = _db()
    if id(d) in _SIGNED_IN:
        _admin(d)  # on a server with enforced roles only an administrator's login reads it all
    result = maintenance.check(d)
    if result.ok:
        print(f"检查通过：{result.tables} 个台账表，审计记录 {result.audit_entries} 条，链条完整。")
        return 0
    print(f"发现 {len(result.problems)} 个问题：")
    for p in result.problems:
        print(f"  - {p}")
    return 1


def cmd_print(args) -> int:
    from desktop_app.printing.sample import write_sample

    written, notes = write_sample(Path(args.out))
    for path, pages in written:
        print(f"已生成 {path}（{pages} 页）")
    for note in notes:
        print(note)
    return 0


def cmd_self_test(args) -> int:
    """The technician's check of this PC (desktop_app.selftest): prints the report, which also
    goes to the log; exit code 1 when something failed."""
    from desktop_app import selftest

    print("正在自检，请稍候……", flush=True)
    report = selftest.run()
    print(report.text())
    return 0 if report.ok else 1


def _console_program() -> bool:
    """This is the installed console tool fuban-cli (not the window `fuban`)."""
    return bool(getattr(sys, "frozen", False)) and Path(sys.executable).stem.lower() == "fuban-cli"


class _ShowVersion(argparse.Action):
    """--version: the version is read only when asked (reading it costs the window's start)."""

    def __call__(self, parser, namespace, values, option_string=None):
        from desktop_app import version

        print(f"府办台账 {version()}")
        parser.exit()


def _year(text: str) -> int:
    if not text.isdigit() or not 1900 <= int(text) <= 2100:
        raise argparse.ArgumentTypeError(f"「{text}」不是年份，请写四位数字，如 2027")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    p = ChineseArgumentParser(prog="fuban")
    sub = p.add_subparsers(dest="command", metavar="命令", help=argparse.SUPPRESS)
    p.usage = "fuban [命令 …]"  # after add_subparsers: the commands' own usage stays `fuban db …`
    p.add_argument(
        "--self-test",
        action="store_true",
        help="自检：新建临时数据库并生成全部打印表单，检查字体、打印机和共享数据库（不改动本机数据）",
    )
    p.add_argument("--version", action=_ShowVersion, nargs=0, help="显示版本号")
    dbp = command(sub, "db", "数据库维护")
    dbs = dbp.add_subparsers(dest="action", required=True, metavar="子命令")
    up = command(dbs, "upgrade", "升级数据库结构（先备份本机数据库文件）")
    up.add_argument(
        "--url",
        metavar="地址",
        help="以该地址（如服务器管理账户 postgresql://postgres@服务器/fuban）连接",
    )
    b = command(dbs, "backup", "备份到文件（已签名，可在任一种数据库上恢复）")
    b.add_argument("file", metavar="文件", help="备份文件名（.zip）")
    r = command(dbs, "restore", "从备份文件恢复（先自动备份当前数据）")
    r.add_argument("file", metavar="文件", help="fuban db backup 生成的备份文件（.zip）")
    r.add_argument("--yes", action="store_true", help="不再确认")
    r.add_argument(
        "--key-file", metavar="密钥文件", help="备份由另一台电脑生成时，那台电脑的备份密钥文件"
    )
    r.add_argument(
        "--unsigned", action="store_true", help="恢复旧版本生成的未签名备份（仍核对审计记录）"
    )
    command(dbs, "repair-audit", "审计链末尾损坏时重新接续（修复本身记入审计）")
    dbp.set_defaults(func=cmd_db)
    sp = command(sub, "server", "共享数据库服务器的账户权限（IT 人员）")
    sps = sp.add_subparsers(dest="action", required=True, metavar="子命令")
    for action, text in (
        ("init", "建立服务器角色、授权和行级安全（可重复运行）"),
        ("check", "检查服务器是否执行账户权限"),
    ):
        a = command(sps, action, text)
        a.add_argument(
            "--url",
            metavar="地址",
            help="服务器超级用户的数据库地址，如 postgresql://postgres@服务器/fuban",
        )
        if action == "init":
            a.add_argument(
                "--prefix",
                metavar="前缀",
                default="fuban",
                help="角色名前缀（同一服务器上第二个府办台账数据库须另取）",
            )
    sp.set_defaults(func=cmd_server)
    dm = command(sub, "demo", "在空数据库中写入演示数据")
    dm.add_argument(
        "--year",
        action="store_true",
        help="另写入一年的会议、公文、用印、外出报备和督办记录（日期相对今天）",
    )
    dm.set_defaults(func=cmd_demo)
    nb = command(sub, "numbering", "编号续接：设置纸质台账已用到的号，系统从下一号续编")
    nbs = nb.add_subparsers(dest="action", required=True, metavar="子命令")
    nset = command(nbs, "set", "设置某编号序列某年已用到的号")
    nset.add_argument(
        "kind",
        metavar="序列",
        help="发文机关代字（如 同政发）、收文、用印、用印登记、某类会议纪要（如 常务会议纪要）"
        "或会议类别（如 常务会议，按届计次）",
    )
    nset.add_argument("year", metavar="年份", type=_year, help="四位数字，如 2026")
    nset.add_argument("number", metavar="号", type=int, help="已用到的号，如 57（下一号为 58）")
    nshow = command(nbs, "show", "列出某年各编号序列已用到的号")
    nshow.add_argument(
        "year", metavar="年份", type=_year, nargs="?", default=date.today().year, help="默认今年"
    )
    nb.set_defaults(func=cmd_numbering)
    cal = command(sub, "calendar", "工作日历")
    cals = cal.add_subparsers(dest="action", required=True, metavar="子命令")
    imp = command(cals, "import", "导入放假通知文本文件")
    imp.add_argument("file", metavar="文件", help="放假通知文本文件（格式见 README）")
    imp.add_argument("--replace", action="store_true", help="替换已录入的同年安排")
    show = command(cals, "show", "列出某年工作日放假的日期")
    show.add_argument("year", metavar="年份", type=_year, help="四位数字，如 2027")
    cal.set_defaults(func=cmd_calendar)
    rp = command(sub, "rules", "列出本软件执行的全部规则")
    rp.add_argument(
        "ids", nargs="*", metavar="规则编号", help="只列出这些规则（连同条文），如 R45.1"
    )
    rp.add_argument("--json", action="store_true", help="以 JSON 格式输出")
    rp.add_argument("--text", action="store_true", help="在每条规则下列出其依据条文的全文")
    rp.set_defaults(func=cmd_rules)
    command(sub, "check", "检查数据库完整性和审计链").set_defaults(func=cmd_check)
    from desktop_app import cli_import

    imp, tpl = cli_import.add_commands(sub, command)
    imp.set_defaults(func=lambda a: cli_import.cmd_import(a, _db, _records_user))
    tpl.set_defaults(func=cli_import.cmd_template)
    pr = command(sub, "print", "打印相关")
    prs = pr.add_subparsers(dest="action", required=True, metavar="子命令")
    smp = command(prs, "sample", "生成样张（纪要多页和登记簿一页），检查字体和打印机")
    smp.add_argument(
        "--out",
        metavar="PDF文件",
        required=True,
        help="PDF 文件名；登记簿样张另存为 <文件名>-登记簿.pdf",
    )
    pr.set_defaults(func=cmd_print)
    from desktop_app import config

    p.description = (
        "府办台账：会议、公文、用印、外出报备和督办台账。\n"
        "不带命令运行 fuban（或双击图标）打开府办台账窗口；下列命令在命令行中使用"
        "（安装版请用 fuban-cli，它能在命令提示符中显示结果）。\n\n命令：\n"
        + "\n".join(command_lines(p))
        + "\n\n技术人员检查本机：fuban-cli --self-test"
    )
    p.epilog = (
        "各命令的参数和选项：fuban 命令 --help，如 fuban db restore --help。\n"
        f"出错时的详细信息写入日志文件：{config.log_dir() / 'fuban.log'}"
    )
    return p


def _chinese_output() -> None:
    """Output to a pipe or a file is written in the PC's code page; one that cannot hold Chinese
    (an English Windows: cp1252) would fail on the first line, so such a stream is switched to
    UTF-8. A console is written in Unicode anyway."""
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None)
        if not encoding:
            continue
        try:
            "府办台账".encode(encoding)
        except (UnicodeEncodeError, LookupError):
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Run a command. Every failure ends as one Chinese line on stderr and exit code 2 (a
    database or file the clerk can fix is named with what to do; anything else is unexpected
    and its traceback is in the log file); `fuban check` exits 1 when it found problems."""
    from desktop_app.bootstrap import setup_logging

    log_path = None
    name = "?"
    _ATTEMPTED.clear()
    _chinese_output()
    try:
        log_path = setup_logging()
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.self_test:
            code = cmd_self_test(args)
            log.info("command --self-test finished: exit code %d", code)
            return code
        if args.command is None:
            if _console_program():  # the console tool opens no window: it says what it does
                parser.print_help()
                return 0
            from ui.app import main as run_window

            return run_window()
        name = _command_name(args)
        _warn_about_settings_file()
        code = int(args.func(args) or 0)
        log.info("command %s finished: exit code %d", name, code)
        return code
    except FubanError as exc:
        message = exc.message
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        log.info("command %s interrupted", name)
        return 130
    except Exception as exc:
        message = failures.explain(exc, _attempted_url()) or ""
        if message:
            log.warning("command failed: %s", exc, exc_info=True)
        else:
            log.error("unexpected error in command %s", sys.argv[1:], exc_info=True)
            message = failures.unexpected_message(log_path)
    print(f"错误：{failures.one_line(message)}", file=sys.stderr)
    log.warning("command %s failed: exit code 2: %s", name, failures.one_line(message))
    return 2


def _command_name(args) -> str:
    """「db backup」: the command and its sub-command, never its arguments (a --url may hold a
    password)."""
    action = getattr(args, "action", None)
    return f"{args.command} {action}" if isinstance(action, str) else str(args.command)


def _warn_about_settings_file() -> None:
    from desktop_app import config

    config.load()
    problem = config.settings_problem()
    if problem is not None:
        print(f"注意：{failures.one_line(problem.message)}", file=sys.stderr)


def _attempted_url() -> str | None:
    """The database this command used or tried to use (names the file in a failure)."""
    if _ATTEMPTED:
        return _ATTEMPTED[-1]
    try:
        from desktop_app import config

        return config.load().database_url()
    except Exception:  # the settings themselves may be what failed
        return None


if __name__ == "__main__":
    sys.exit(main())
