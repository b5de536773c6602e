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

Here are the parser and the dispatch; the commands live with their kind, each module loaded only
when one of its commands runs: desktop_app.cli_database (server, db upgrade, db repair-audit,
check), cli_backup (db backup, db restore), cli_setup (demo, numbering, calendar), cli_program
(rules, print, --self-test), cli_import (import, import-template), and cli_session (signing in and
opening the database, for all of them).
"""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from db.errors import FubanError
from desktop_app import failures
from desktop_app.cli_help import ChineseArgumentParser, command, command_lines

if TYPE_CHECKING:
    from collections.abc import Callable

log = logging.getLogger("fuban.cli")
# The module that signs in and keeps the databases a command tried to open (_attempted_url).
_SESSION = "desktop_app.cli_session"


def _later(module: str, function: str) -> Callable[[argparse.Namespace], int]:
    """The command `function` of desktop_app.`module`, imported only when the command runs:
    `fuban --help` and the window's start load none of the commands' modules."""

    def run(args: argparse.Namespace) -> int:
        from importlib import import_module

        return getattr(import_module(f"desktop_app.{module}"), function)(args)

    return run


def _import_records(args: argparse.Namespace) -> int:
    from desktop_app import cli_import, cli_session

    return cli_import.cmd_import(args, cli_session.open_db, cli_session.records_user)


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
    up.set_defaults(func=_later("cli_database", "cmd_db_upgrade"))
    b = command(dbs, "backup", "备份到文件（已签名，可在任一种数据库上恢复）")
    b.add_argument("file", metavar="文件", help="备份文件名（.zip）")
    b.set_defaults(func=_later("cli_backup", "cmd_db_backup"))
    r = command(dbs, "restore", "从备份文件恢复（先自动备份当前数据）")
    r.add_argument("file", metavar="文件", help="fuban db backup 生成的备份文件（.zip）")
    r.add_argument("--yes", action="store_true", help="不再确认")
    r.add_argument(
        "--key-file", metavar="密钥文件", help="备份由另一台电脑生成时，那台电脑的备份密钥文件"
    )
    r.add_argument(
        "--unsigned", action="store_true", help="恢复旧版本生成的未签名备份（仍核对审计记录）"
    )
    r.set_defaults(func=_later("cli_backup", "cmd_db_restore"))
    ra = command(dbs, "repair-audit", "审计链末尾损坏时重新接续（修复本身记入审计）")
    ra.set_defaults(func=_later("cli_database", "cmd_db_repair_audit"))
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
    sp.set_defaults(func=_later("cli_database", "cmd_server"))
    dm = command(sub, "demo", "在空数据库中写入演示数据")
    dm.add_argument(
        "--year",
        action="store_true",
        help="另写入一年的会议、公文、用印、外出报备和督办记录（日期相对今天）",
    )
    dm.set_defaults(func=_later("cli_setup", "cmd_demo"))
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
    nb.set_defaults(func=_later("cli_setup", "cmd_numbering"))
    cal = command(sub, "calendar", "工作日历")
    cals = cal.add_subparsers(dest="action", required=True, metavar="子命令")
    imp = command(cals, "import", "导入放假通知文本文件")
    imp.add_argument("file", metavar="文件", help="放假通知文本文件（格式见 README）")
    imp.add_argument("--replace", action="store_true", help="替换已录入的同年安排")
    show = command(cals, "show", "列出某年工作日放假的日期")
    show.add_argument("year", metavar="年份", type=_year, help="四位数字，如 2027")
    cal.set_defaults(func=_later("cli_setup", "cmd_calendar"))
    rp = command(sub, "rules", "列出本软件执行的全部规则")
    rp.add_argument(
        "ids", nargs="*", metavar="规则编号", help="只列出这些规则（连同条文），如 R45.1"
    )
    rp.add_argument("--json", action="store_true", help="以 JSON 格式输出")
    rp.add_argument("--text", action="store_true", help="在每条规则下列出其依据条文的全文")
    rp.set_defaults(func=_later("cli_program", "cmd_rules"))
    ck = command(sub, "check", "检查数据库完整性和审计链")
    ck.set_defaults(func=_later("cli_database", "cmd_check"))
    from desktop_app import cli_import

    imp, tpl = cli_import.add_commands(sub, command)
    imp.set_defaults(func=_import_records)
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
    pr.set_defaults(func=_later("cli_program", "cmd_print"))
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
    _forget_attempted_urls()
    _chinese_output()
    try:
        log_path = setup_logging()
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.self_test:
            from desktop_app.cli_program import cmd_self_test

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


def _forget_attempted_urls() -> None:
    """A new command names only the databases it tried itself (tests run many in one process).
    The list is kept by desktop_app.cli_session, loaded only once a command has run: this
    does not load it, so `fuban --help` and the window's start stay as cheap as before."""
    session = sys.modules.get(_SESSION)
    if session is not None:
        session.ATTEMPTED.clear()


def _attempted_url() -> str | None:
    """The database this command used or tried to use (names the file in a failure)."""
    session = sys.modules.get(_SESSION)
    if session is not None and session.ATTEMPTED:
        return session.ATTEMPTED[-1]
    try:
        from desktop_app import config

        return config.load().database_url()
    except Exception:  # the settings themselves may be what failed
        return None


if __name__ == "__main__":
    sys.exit(main())
