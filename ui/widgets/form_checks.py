"""What a form checks before its save runs, and what a refused save is called.

Every required field left empty is listed in ONE message (as the 外出请示 form lists what R62.6
needs), with the form's own checks (e.g. a classified 收文's 份号) after it; the labels of the
missing fields turn red and the first of them takes the focus. Only fields the clerk can see and
edit count: a row the form hides or disables for the current choice is not asked for.

The message box is titled by what failed — 「无法登记」 for 登记收文, 「登录失败」 for the sign-in,
「无法签发」 for 记录纪要签发 — from the form's title (or the title a form names itself)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

# Leading words of a form's title → (the verb a message uses, the error box's title). The
# longest match wins (「记录纪要签发」 is a signature, 「记录…」 else a record).
_VERBS: dict[str, tuple[str, str]] = {
    "登录": ("登录", "登录失败"),
    "登记": ("登记", "无法登记"),
    "新建": ("保存", "无法新建"),
    "新增": ("保存", "无法新增"),
    "首次使用": ("创建", "无法创建账户"),
    "作废": ("作废", "无法作废"),
    "记录纪要签发": ("登记", "无法签发"),
    "签发": ("签发", "无法签发"),
    "编号印发": ("印发", "无法印发"),
    "印发": ("印发", "无法印发"),
    "退文": ("退文", "无法退文"),
    "分送": ("分送", "无法分送"),
    "办结": ("办结", "无法办结"),
    "报告办结": ("报告", "无法报告办结"),
    "催办": ("登记", "无法登记"),
    "阅批": ("登记", "无法登记"),
    "取消会议": ("取消", "无法取消会议"),
    "变更行程": ("登记", "无法变更"),
    "修改": ("保存", "无法修改"),
    "重置密码": ("重置", "无法重置密码"),
    "列入": ("列入", "无法列入"),
    "生成": ("生成", "无法生成"),
    "录入": ("保存", "无法保存"),
    "提交": ("提交", "无法提交"),
    "销假": ("登记", "无法销假"),
    "记录": ("记录", "无法记录"),
    "关联": ("关联", "无法关联"),
    "增加": ("保存", "无法增加"),
    "标记": ("标记", "无法标记"),
}
DEFAULT = ("保存", "无法保存")


def _match(title: str) -> tuple[str, str]:
    found = [w for w in _VERBS if title.startswith(w)]
    return _VERBS[max(found, key=len)] if found else DEFAULT


def error_title_for(title: str) -> str:
    """「登记收文」 → 「无法登记」; a title with no known verb → 「无法保存」."""
    return _match(title)[1]


def verb_for(title: str) -> str:
    """The action a refusal message asks the clerk to retry: 「请补齐后再登记」."""
    return _match(title)[0]


def short_label(label: str) -> str:
    """A field's name without its parenthesised hint: 「份号（涉密文件逐份登记…）」 → 「份号」."""
    for mark in ("（", "("):
        label = label.split(mark, 1)[0]
    return label.strip() or label


def is_empty(widget: QWidget) -> bool:
    """Nothing typed or chosen: blank text, or a pick list on 「（请选择）」 (no value)."""
    if isinstance(widget, QPlainTextEdit):
        return not widget.toPlainText().strip()
    if isinstance(widget, QLineEdit):
        return not widget.text().strip()
    if isinstance(widget, QComboBox):
        return widget.currentData() is None
    return False


def message(missing: Iterable[str], problems: Iterable[str], verb: str) -> str:
    """One message for everything a save lacks: the missing fields in the form's order, then
    each other problem on its own line."""
    lines = []
    names = list(missing)
    if names:
        lines.append(f"以下内容须填写或选择：{'、'.join(names)}。")
    lines.extend(problems)
    lines.append(f"请补齐后再{verb}；已填写的内容都保留在窗口中。")
    return "\n".join(lines)


def run_checks(checks: Iterable[Callable[[dict[str, Any]], str | None]], values: dict) -> list[str]:
    """The form's own checks: each returns a problem's text, or "" / None. A check that raises
    FubanError (a rule's RuleViolation) contributes its message."""
    from db.errors import FubanError

    found = []
    for check in checks:
        try:
            text = check(values)
        except FubanError as exc:
            text = exc.message
        if text:
            found.append(text)
    return found


def mark(label: QWidget | None, missing: bool) -> None:
    """Show a required field's label in red while it is missing. Once marked, the label follows
    its field as the clerk types or chooses (red again if emptied), not only on the next 保存:
    the field is the label's buddy (QFormLayout.addRow sets it)."""
    if label is None:
        return
    _paint(label, missing)
    if missing:
        _follow(label)


def _paint(label: QWidget, missing: bool) -> None:
    if label.property("missing") is missing:
        return
    label.setProperty("missing", missing)
    label.setStyleSheet("color: #c62828; font-weight: bold;" if missing else "")


def _follow(label: QWidget) -> None:
    """Connect the field's change signal once, to repaint the label as the field changes."""
    field = label.buddy() if isinstance(label, QLabel) else None
    if field is None or label.property("followsField"):
        return
    label.setProperty("followsField", True)

    def changed(*_args: Any) -> None:
        _paint(label, is_empty(field))

    if isinstance(field, QLineEdit | QPlainTextEdit):
        field.textChanged.connect(changed)
    elif isinstance(field, QComboBox):
        field.currentIndexChanged.connect(changed)
