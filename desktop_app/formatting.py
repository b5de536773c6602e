"""How dates and numbers are written (FORMS.md → Headings and numbers). One function each, used by
every register, form and printed page."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

DOC_NUMBER_RE = re.compile(r"^[\u4e00-\u9fa5]+〔\d{4}〕[1-9]\d*号$")

CN_DIGITS = "〇一二三四五六七八九"

# Timestamps are stored timezone-aware and shown in China time (DESIGN.md → Data). Defined here,
# not in a service, so printing and services can both use it without importing each other.
CHINA = ZoneInfo("Asia/Shanghai")


def china_today() -> date:
    """Today in China: the day a clerk's entry is judged against (never later than today)."""
    return datetime.now(CHINA).date()


def format_date(d: date | None) -> str:
    """2018年9月4日 — Arabic numerals, full year, no leading zeros."""
    return "" if d is None else f"{d.year}年{d.month}月{d.day}日"


def format_local_time(moment: datetime | None) -> str:
    """2018年9月4日 10:30 — a stored timestamp as China time, empty for None."""
    if moment is None:
        return ""
    local = moment.astimezone(CHINA)
    return f"{format_date(local.date())} {local:%H:%M}"


def copies_text(copies: int, copy_numbers: str) -> str:
    """份数 with the 份号 of classified copies (R44: printed copies carry their 份号): 「3（份号：001-003）」."""
    return f"{copies}（份号：{copy_numbers}）" if copy_numbers else str(copies)


B_ROLE = "B角代签"  # printed after a signer who signs as the absent leader's B角 (R6.2)


def signer_label(signer: str, b_role: bool) -> str:
    """A signer's name as an opinion box shows it, marked when a B角 signed in the leader's stead."""
    return f"{signer}（{B_ROLE}）" if b_role else signer


def format_doc_number(prefix: str, year: int, seq: int) -> str:
    """机关代字〔年份〕序号号: 同政发〔2018〕34号 — hexagonal brackets, no leading zeros, no 「第」."""
    text = f"{prefix.strip()}〔{int(year):04d}〕{int(seq)}号"
    if not DOC_NUMBER_RE.match(text):
        raise ValueError(f"文号格式不正确：{text}（应如 同政发〔2018〕34号）")
    return text


def is_doc_number(text: str) -> bool:
    return bool(DOC_NUMBER_RE.match(text or ""))


def format_issue_number(year: int, seq: int, style: str = "bracket") -> str:
    """Minutes' issue number: 「〔2018〕12号」 or 「第12期」 (an organisation setting)."""
    if style == "period":
        return f"第{int(seq)}期"
    return f"〔{int(year):04d}〕{int(seq)}号"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 25 → 二十五, 103 → 一百零三: meeting ordinals and heading numbers."""
    if n <= 0 or n >= 1000:
        raise ValueError(n)
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = ""
    if hundreds:
        out += CN_DIGITS[hundreds] + "百"
        if rest and tens == 0:
            out += "零"
    if tens:
        out += ("" if tens == 1 and not hundreds else CN_DIGITS[tens]) + "十"
    if ones:
        out += CN_DIGITS[ones]
    return out
