"""Cell values of an office's own ledger as clerks type them, read into plain values or refused
with a Chinese reason (the import names the row and the column): dates in every usual spelling,
document numbers with whatever brackets were at hand, counts, names close to the directory's."""

from __future__ import annotations

import difflib
import re
from datetime import date, datetime, time, timedelta
from typing import Any

EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0 (its 1900 leap-year bug folded in)
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0}
_DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:\s*[T ]?\s*(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}))?\s*秒?)?$"
)
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")  # 20180904
_CN_DATE = re.compile(
    r"^([〇零○Ｏ一二三四五六七八九]{4})年([〇一二三四五六七八九十]{1,3})月([〇一二三四五六七八九十]{1,3})日$"
)
# 同政发〔2018〕34号 and what offices type instead: [] 【】 () （） 〔〕 ［］, 第…号, spaces, 034
_NUMBER = re.compile(
    r"^\s*([\u4e00-\u9fa5]+)\s*[〔\[【(（［<《{]\s*(\d{4})\s*[〕\]】)）］>》}]\s*第?\s*0*(\d+)\s*号?\s*$"
)
_BRACKETS_EXAMPLE = "同政发〔2018〕34号"


class CellProblem(ValueError):
    """A cell that cannot be read; the message is Chinese and says what was expected."""


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: Any) -> str:
    """A cell as text: numbers without a trailing .0, dates as 2018-09-04."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M") if value.time() != time() else str(value.date())
    return str(value).strip()


def _cn_small(s: str) -> int:
    """一 … 三十一 (months and days written in Chinese numerals)."""
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
    return int("".join(str(_CN_DIGITS[c]) for c in s))


def _serial(value: float) -> datetime:
    if not 1 <= value < 2958466:  # 1900-01-01 … 9999-12-31
        raise CellProblem(f"「{text(value)}」不是日期")
    whole = int(value)
    seconds = round((value - whole) * 86400)
    return datetime.combine(EXCEL_EPOCH + timedelta(days=whole), time()) + timedelta(
        seconds=seconds
    )


def date_time(value: Any) -> datetime:
    """A naive local date and time (00:00 when only the day is given): Excel dates and serial
    numbers, 2018-9-4, 2018/09/04, 2018.9.4, 2018年9月4日, 二〇一八年九月四日, 20180904, with an
    optional 14:30 after the day."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime.combine(value, time())
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _serial(float(value))
    s = text(value).replace("\u3000", " ").strip()
    try:
        if m := _DATE.match(s):
            y, mo, d, hh, mm, ss = (int(g) if g else 0 for g in m.groups())
            return datetime(y, mo, d, hh, mm, ss)
        if m := _COMPACT_DATE.match(s):
            return datetime(int(m[1]), int(m[2]), int(m[3]))
        if m := _CN_DATE.match(s):
            year = int("".join(str(_CN_DIGITS[c]) for c in m[1]))
            return datetime(year, _cn_small(m[2]), _cn_small(m[3]))
        if re.fullmatch(r"\d{5}(\.\d+)?", s):  # a serial number stored as text
            return _serial(float(s))
    except (ValueError, KeyError) as exc:
        raise CellProblem(f"「{s}」不是有效日期（该日不存在）") from exc
    raise CellProblem(f"「{s}」不是可识别的日期（应如 2018-9-4、2018年9月4日）")


def day(value: Any) -> date:
    return date_time(value).date()


def doc_number(value: Any, prefix: str | None = None) -> tuple[str, int, int]:
    """(机关代字, year, number) of 同政发〔2018〕34号, its brackets and spacing normalised; with
    `prefix`, the 代字 must be that one (收文〔2026〕15号)."""
    s = text(value)
    m = _NUMBER.match(s)
    if not m or int(m[3]) < 1:
        example = f"{prefix}〔2018〕34号" if prefix else _BRACKETS_EXAMPLE
        raise CellProblem(f"编号「{s}」格式不正确（应如 {example}）")
    if prefix is not None and m[1] != prefix:
        raise CellProblem(f"编号「{s}」应以「{prefix}」开头，如 {prefix}〔2018〕34号")
    year = int(m[2])
    if not 1949 <= year <= 2100:
        raise CellProblem(f"编号「{s}」的年份 {year} 不正确")
    return m[1], year, int(m[3])


def count(value: Any, least: int = 1) -> int:
    s = text(value)
    if not re.fullmatch(r"\d+", s) or int(s) < least:
        raise CellProblem(f"「{s}」不是份数（应为不小于 {least} 的整数）")
    return int(s)


def nearest(name: str, names: list[str], n: int = 3) -> list[str]:
    """The directory's names closest to `name`, for a message that helps correct a typo."""
    close = difflib.get_close_matches(name, names, n=n, cutoff=0.4)
    if len(close) < n:  # names that contain it or are contained in it
        close += [x for x in names if x not in close and (name in x or x in name)][: n - len(close)]
    return close


def unknown_name_message(kind: str, name: str, names: list[str]) -> str:
    near = nearest(name, names)
    hint = f"，最接近的是：{'、'.join(near)}" if near else ""
    return f"{kind}「{name}」不在人员与分管名录中{hint}"
