"""Working-day calendar (rules CAL1, CAL2).

CAL1: a day's status comes, per year, from exactly one source (``WorkCalendar.source``):
  "notice"   - an administrator entered that year's State Council holiday notice; it is
               authoritative and overrides the library for the whole year;
  "library"  - the ``chinese_calendar`` package has data for the year (range detected at import);
  "weekends" - neither: Monday-Friday only, and results are provisional (UI: 「暂按周末计算」).
CAL2: "N working days" are counted on working days only (``add_working_days``).

Notice text file (UTF-8, BOM tolerated), one entry per line; blank lines and lines starting
with ``#`` are ignored; ``:`` and ``：`` are both accepted::

    # 2027年部分节假日安排（国办发明电〔2026〕X号）
    年份: 2027
    休: 2027-01-01 至 2027-01-03 元旦
    休: 2027-10-01 国庆节
    班: 2027-02-14

``年份`` must appear exactly once.  ``休`` (also 放假) is a holiday: one date or
``开始 至 结束`` (inclusive; ``至``/``到``/``~``/``～``/``-`` all work) followed by the holiday
name.  ``班`` (also 上班) is a make-up working day (调休上班), normally a Saturday or Sunday.
Dates may be written 2027-01-01, 2027/1/1, 2027.1.1 or 2027年1月1日.  A New Year holiday may
start in late December of the previous year (as in the 2019 notice: 2018-12-30 至 2019-01-01,
班 2018-12-29), or a range may run into the next year.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from chinese_calendar import constants as _lib

_DAY = timedelta(days=1)
_WEEKDAYS = "一二三四五六日"
# A single holiday is at most ~9 days; a longer range is almost surely a typo that would
# silently freeze every deadline, so it is rejected.
_MAX_RANGE_DAYS = 31
# Every year the library covers has holidays (New Year's Day at least), so the holiday keys give
# its coverage; workday keys may spill into the previous December.
_LIB_YEARS = frozenset(d.year for d in _lib.holidays)
_LIB_NAMES = {h.value: h.chinese for h in _lib.Holiday}  # library stores English names

Range = tuple[date, date, str]


def _range_error(year: int, rng: Range, earlier: Sequence[Range]) -> str | None:
    """Why a holiday range is invalid (None when fine).  Shared by the dataclass and parser."""
    start, end, name = rng
    if not all(type(x) is date for x in (start, end)):
        return "日期格式错误，应为 2027-01-01"
    if not isinstance(name, str) or not name or name != name.strip() or len(name.splitlines()) > 1:
        return f"{start} 的假期缺少节日名称（例如 元旦、春节）"
    if start > end:
        return f"开始日期 {start} 晚于结束日期 {end}"
    if not (start.year == year or end.year == year) or end.year - start.year > 1:
        return f"假期 {start} 至 {end} 不在 {year} 年内"
    if (end - start).days + 1 > _MAX_RANGE_DAYS:
        return f"假期 {start} 至 {end} 超过 {_MAX_RANGE_DAYS} 天，请检查日期"
    for s, e, n in earlier:
        if start <= e and s <= end:
            return f"假期 {start} 至 {end} 与“{n}”（{s} 至 {e}）重叠"
    return None


def _workday_error(year: int, d: date, holidays: Sequence[Range]) -> str | None:
    """Why a make-up working day is invalid (None when fine)."""
    if type(d) is not date:
        return "日期格式错误，应为 2027-01-01"
    # The previous December is allowed: the 2019 notice made 2018-12-29 a make-up day.
    if not (d.year == year or (d.year == year - 1 and d.month == 12)):
        return f"调休上班日 {d} 不在 {year} 年内"
    for s, e, n in holidays:
        if s <= d <= e:
            return f"调休上班日 {d} 落在“{n}”假期（{s} 至 {e}）之内"
    if d.weekday() < 5:
        return f"{d} 是星期{_WEEKDAYS[d.weekday()]}，本来就上班，调休上班日应为周六或周日"
    return None


@dataclass(frozen=True)
class HolidayNotice:
    """One year's official holiday arrangement as entered by an administrator."""

    year: int
    holidays: tuple[tuple[date, date, str], ...] = ()  # inclusive ranges + holiday name
    workdays: tuple[date, ...] = ()  # make-up working days (调休上班)

    def __post_init__(self) -> None:
        if type(self.year) is not int or not 1900 <= self.year <= 2999:
            raise ValueError("年份应为四位数字，例如 2027")
        for i, rng in enumerate(self.holidays):
            if (msg := _range_error(self.year, rng, self.holidays[:i])) is not None:
                raise ValueError(msg)
        for d in self.workdays:
            if (msg := _workday_error(self.year, d, self.holidays)) is not None:
                raise ValueError(msg)


class WorkCalendar:
    """Answers CAL1/CAL2 questions.  For a notice year only the notice counts; dates a notice
    names outside its own year (New Year spill-over) are honoured too, but the own year's
    notice wins on conflict.  A later notice for the same year replaces an earlier one."""

    def __init__(self, notices: Iterable[HolidayNotice] = ()) -> None:
        by_year = {n.year: n for n in notices}
        self._notice_years = frozenset(by_year)
        entries: list[tuple[date, str | None, int]] = []  # (day, holiday name or None=work, year)
        for n in by_year.values():
            for start, end, name in n.holidays:
                entries += [(start + k * _DAY, name, n.year) for k in range((end - start).days + 1)]
            entries += [(d, None, n.year) for d in n.workdays]
        self._explicit: dict[date, str | None] = {}
        for own_year_pass in (False, True):  # own-year entries are written last so they win
            for d, holiday, y in entries:
                if (d.year == y) == own_year_pass:
                    self._explicit[d] = holiday

    def source(self, year: int) -> str:
        """Where the year's answers come from: "notice", "library" or "weekends"."""
        if year in self._notice_years:
            return "notice"
        return "library" if year in _LIB_YEARS else "weekends"

    def is_provisional(self, year_or_date: int | date) -> bool:
        """True when no notice and no library data cover the year (weekend-only guess).
        A date that some notice names explicitly is never provisional."""
        if isinstance(year_or_date, date):
            if _as_date(year_or_date) in self._explicit:
                return False
            year_or_date = year_or_date.year
        return self.source(year_or_date) == "weekends"

    def is_working_day(self, d: date) -> bool:
        d = _as_date(d)
        if d in self._explicit:
            return self._explicit[d] is None
        if self.source(d.year) == "library":
            return d in _lib.workdays or (d.weekday() < 5 and d not in _lib.holidays)
        return d.weekday() < 5

    def holiday_name(self, d: date) -> str | None:
        """Chinese name of the public holiday d falls in; None for working days and weekends."""
        d = _as_date(d)
        if d in self._explicit:
            return self._explicit[d]
        if self.source(d.year) == "library" and d in _lib.holidays:
            return _LIB_NAMES.get(_lib.holidays[d], _lib.holidays[d])
        return None

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after d."""
        return self.add_working_days(d, 1)

    def add_working_days(self, d: date, n: int) -> date:
        """n > 0: the n-th working day after d; n == 0: d if it is a working day, else the next
        one; n < 0: the |n|-th working day before d."""
        d = _as_date(d)
        if n == 0:
            while not self.is_working_day(d):
                d += _DAY
            return d
        step = _DAY if n > 0 else -_DAY
        remaining = abs(n)
        while remaining:
            d += step
            remaining -= self.is_working_day(d)
        return d

    def working_days_between(self, start: date, end: date) -> int:
        """Number of working days in the half-open interval (start, end]: after start, up to and
        including end.  0 when end <= start.  For n >= 1, add_working_days(s, n) == e gives n."""
        start, end = _as_date(start), _as_date(end)
        return sum(self.is_working_day(start + k * _DAY) for k in range(1, (end - start).days + 1))


def _as_date(d: date) -> date:
    # datetime is a date subclass; comparing it to the date keys would silently miss.
    return d.date() if isinstance(d, datetime) else d


_DEFAULT = WorkCalendar()


def is_working_day(d: date) -> bool:
    return _DEFAULT.is_working_day(d)


def add_working_days(d: date, n: int) -> date:
    return _DEFAULT.add_working_days(d, n)


def working_days_between(a: date, b: date) -> int:
    return _DEFAULT.working_days_between(a, b)


# ---- notice text format -------------------------------------------------------------------
_DATE = r"\d{4}\s*[-/.年－／．]\s*\d{1,2}\s*[-/.月－／．]\s*\d{1,2}(?!\d)\s*日?"
_HOLIDAY_RE = re.compile(rf"({_DATE})\s*(?:(至|到|~|～|-|－|—|–)\s*({_DATE})?)?\s*(.*)$")
_KEYS = {"年份": "year", "休": "rest", "放假": "rest", "班": "work", "上班": "work"}
_FORMAT_HINT = "日期格式错误，应为 2027-01-01"


def _parse_date(s: str) -> date:
    y, m, d = (int(x) for x in re.findall(r"\d+", s))  # \d also matches full-width digits
    try:
        return date(y, m, d)
    except ValueError:
        raise ValueError(f"日期 {s.strip()} 不存在，应为 2027-01-01 这样的日期") from None


def parse_notice_text(text: str) -> HolidayNotice:
    """Parse the clerk-facing notice format (see module docstring).  Raises ValueError with a
    Chinese message naming the line number."""
    year_line: tuple[int, int] | None = None  # (line number, year)
    rests: list[tuple[int, Range]] = []
    works: list[tuple[int, date]] = []
    for no, raw in enumerate(text.lstrip("\ufeff").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            m = re.match(r"([^:：]+)[:：]\s*(.*)$", line)
            kind = _KEYS.get(m.group(1).strip()) if m else None
            if m is None or kind is None:
                raise ValueError("无法识别，每行应以“年份:”“休:”或“班:”开头")
            body = m.group(2).strip()
            if kind == "year":
                if year_line is not None:
                    raise ValueError(f"“年份”只能写一次（第{year_line[0]}行已写）")
                if not (ym := re.fullmatch(r"(\d{4})\s*年?", body)):
                    raise ValueError("年份应为四位数字，例如 年份: 2027")
                year_line = (no, int(ym.group(1)))
            elif kind == "work":
                if not re.fullmatch(_DATE, body):
                    raise ValueError(_FORMAT_HINT + "，“班”行只写一个日期，例如 班: 2027-02-14")
                works.append((no, _parse_date(body)))
            else:
                hm = _HOLIDAY_RE.match(body)
                if not hm:
                    raise ValueError(_FORMAT_HINT + "，例如 休: 2027-01-01 至 2027-01-03 元旦")
                if hm.group(2) and not hm.group(3):
                    raise ValueError(f"“{hm.group(2)}”后面应写结束日期，" + _FORMAT_HINT)
                start = _parse_date(hm.group(1))
                end = _parse_date(hm.group(3)) if hm.group(3) else start
                rests.append((no, (start, end, hm.group(4).strip())))
        except ValueError as e:
            raise ValueError(f"第{no}行：{e}") from None
    if year_line is None:
        raise ValueError("缺少“年份”行，请在通知开头写上例如 年份: 2027")
    year = year_line[1]
    holidays = [r for _, r in rests]
    checks = [(no, _range_error(year, r, holidays[:i])) for i, (no, r) in enumerate(rests)]
    checks += [(no, _workday_error(year, d, holidays)) for no, d in works]
    for no, msg in checks:
        if msg is not None:
            raise ValueError(f"第{no}行：{msg}")
    return HolidayNotice(year, tuple(holidays), tuple(d for _, d in works))


def format_notice_text(notice: HolidayNotice) -> str:
    """Inverse of parse_notice_text: parse_notice_text(format_notice_text(n)) == n."""
    lines = [f"# {notice.year}年节假日安排", f"年份: {notice.year}"]
    for start, end, name in notice.holidays:
        span = str(start) if start == end else f"{start} 至 {end}"
        lines.append(f"休: {span} {name}")
    lines += [f"班: {d}" for d in notice.workdays]
    return "\n".join(lines) + "\n"
