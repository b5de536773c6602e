"""Cells of the registers other than 收文/发文 as offices type them (system.ledger_values has
dates, numbers and counts): a time of day, 是/否, 上午/下午/晚上, and 「姓名（身份）」 lists."""

from __future__ import annotations

import re
from datetime import datetime, time
from typing import Any

from desktop_app.services.system.ledger_values import CellProblem, text

_TIME = re.compile(r"^(\d{1,2})\s*[:：时点]\s*(\d{1,2})?\s*分?(?:\s*[:：]\s*\d{1,2})?$")
YES = ("是", "有", "√", "Y", "y", "yes", "true", "TRUE", "1")
NO = ("否", "无", "×", "N", "n", "no", "false", "FALSE", "0", "")
_NAMED = re.compile(r"^(.+?)\s*[（(]([^（()）]*)[）)]$")


def time_of_day(value: Any) -> time:
    """10:30, 10：30, 10时30分, an Excel time (a fraction of a day) or a date-time's time."""
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        return time(minutes // 60 % 24, minutes % 60)
    s = text(value)
    m = _TIME.match(s)
    if m:
        hour, minute = int(m[1]), int(m[2] or 0)
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise CellProblem(f"「{s}」不是可识别的时间（应如 10:30）")


def yes_no(value: Any) -> bool:
    s = text(value)
    if s in YES:
        return True
    if s in NO:
        return False
    raise CellProblem(f"「{s}」应为「是」或「否」")


def named_list(value: str, separators: str = "、，,;；") -> list[tuple[str, str]]:
    """「张三（副市长）、李四」 → [("张三", "副市长"), ("李四", "")]."""
    out = []
    for part in re.split(f"[{separators}]", value):
        part = part.strip()
        if not part:
            continue
        m = _NAMED.match(part)
        out.append((m[1].strip(), m[2].strip()) if m else (part, ""))
    return out
