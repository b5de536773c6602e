"""The command line's parser in Chinese: headings, -h/--help and argparse's own errors, raised
as one Chinese line (CommandLineError), and the list of commands `fuban --help` shows, one line
each, read from the parser so that no command is left out."""

from __future__ import annotations

import argparse
import re
import unicodedata

from db.errors import FubanError


class CommandLineError(FubanError):
    """The command line itself is wrong (unknown command, missing or bad argument)."""


_ARGUMENT_NAMES = {"command": "命令", "action": "子命令"}


def _chinese_argparse_message(message: str) -> str:
    """argparse's own (English) messages, in Chinese."""
    m = re.fullmatch(r"argument (?P<arg>[^:]+): (?P<rest>.*)", message, re.S)
    if m:
        arg = m["arg"].split("/")[0]
        rest = _chinese_argparse_message(m["rest"])
        return f"{_ARGUMENT_NAMES.get(arg, arg)}：{rest}"
    m = re.fullmatch(r"invalid choice: '?(?P<value>.*?)'? \(choose from (?P<choices>.*)\)", message)
    if m:
        choices = "、".join(c.strip(" '") for c in m["choices"].split(","))
        return f"没有「{m['value']}」（可选：{choices}）"
    patterns = (
        (r"the following arguments are required: (.*)", "缺少参数：{}"),
        (r"unrecognized arguments: (.*)", "无法识别的参数：{}"),
        (r"expected one argument", "需要一个值"),
        (r"ambiguous option: (.*?) could match .*", "选项「{}」不明确"),
        (r"invalid \S+ value: (.*)", "参数值无效：{}"),
    )
    for pattern, text in patterns:
        m = re.fullmatch(pattern, message, re.S)
        if m:
            if not m.groups():
                return text
            names = [_ARGUMENT_NAMES.get(n.strip(), n.strip()) for n in m[1].split(",")]
            return text.format("、".join(names))
    return message


class _ChineseHelpFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse in Chinese: headings, -h/--help, and errors raised as one Chinese line."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _ChineseHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def format_help(self) -> str:
        return re.sub(r"^(参数|选项):$", r"\1：", super().format_help(), flags=re.M)

    def error(self, message: str):
        raise CommandLineError(
            f"{_chinese_argparse_message(message)}。用 {self.prog} --help 查看用法。"
        )


def command(sub, name: str, text: str, **kwargs) -> argparse.ArgumentParser:
    return sub.add_parser(name, help=text, description=text, **kwargs)


def command_lines(parser: argparse.ArgumentParser, prefix: str = "fuban") -> list[str]:
    """One line per command (`fuban db restore 文件  从备份文件恢复`), read from the parser."""
    lines = []
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        for name, child in action.choices.items():
            if any(isinstance(a, argparse._SubParsersAction) for a in child._actions):
                lines.extend(command_lines(child, f"{prefix} {name}"))
                continue
            args = " ".join(
                f"[{a.metavar} …]"
                if a.nargs == "*"
                else f"{a.option_strings[0]} {a.metavar}"
                if a.option_strings
                else str(a.metavar or a.dest)
                for a in child._actions
                if not a.option_strings or a.required
            )
            usage = f"{prefix} {name} {args}".strip()
            lines.append(f"  {_pad(usage, 36)} {child.description}")
    return lines


def _pad(text: str, width: int) -> str:
    """Pad to `width` columns as a terminal shows them (a Chinese character takes two)."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(1, width - used)
