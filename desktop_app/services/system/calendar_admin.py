"""CAL1: holiday notices entered by an administrator, and the working-day calendar built from them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.engine import Database
from db.models import HolidayNotice
from desktop_app.services.system import read_once
from desktop_app.services.system.common import (
    CurrentUser,
    ValidationError,
    load_for_update,
    require,
)
from desktop_app.workdays import WorkCalendar, format_notice_text, parse_notice_text


@dataclass(frozen=True)
class NoticeDTO:
    id: int
    version: int
    year: int
    text: str
    holidays: int
    workdays: int
    updated_by: str


def list_notices(db: Database) -> list[NoticeDTO]:
    with db.read() as s:
        out = []
        for n in s.scalars(select(HolidayNotice).order_by(HolidayNotice.year)):
            parsed = parse_notice_text(n.text)
            out.append(
                NoticeDTO(
                    n.id,
                    n.version,
                    n.year,
                    n.text,
                    len(parsed.holidays),
                    len(parsed.workdays),
                    n.updated_by,
                )
            )
        return out


def work_calendar(db: Database) -> WorkCalendar:
    """The calendar every deadline uses: library data, overridden by entered notices."""

    def load() -> WorkCalendar:
        with db.read() as s:
            return _read_calendar(s)

    return read_once.once(_key(db.engine), load)


def calendar_in(s: Session) -> WorkCalendar:
    """The same calendar, read in `s` (inside read_once.reading(): the one read already)."""
    return read_once.once(_key(s.get_bind()), lambda: _read_calendar(s))


def _key(bind) -> tuple[str, str]:
    return ("calendar", bind.url.render_as_string())  # one database's, whichever engine reads it


def _read_calendar(s: Session) -> WorkCalendar:
    return WorkCalendar([parse_notice_text(t) for t in s.scalars(select(HolidayNotice.text))])


def save_notice(
    db: Database,
    user: CurrentUser,
    text: str,
    expected_version: int | None = None,
    record_id: int | None = None,
) -> NoticeDTO:
    """Enter a year's notice, or replace one. Replacing needs the version the admin saw; with
    `record_id` (the notice opened in the list) that row is the one replaced, whatever year its
    new text names — the row is never looked up by that year, which would compare the version
    with, and overwrite, another year's notice. A text naming a year that already has its own
    notice is refused (CAL1: one notice per year)."""
    require(user, "admin")
    try:
        notice = parse_notice_text(text)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    canonical = format_notice_text(notice)
    with db.uow(user.username) as s:
        same_year = s.scalar(select(HolidayNotice).where(HolidayNotice.year == notice.year))
        if record_id is not None:
            row = load_for_update(s, HolidayNotice, record_id, expected_version)
            if same_year is not None and same_year.id != row.id:
                raise ValidationError(
                    f"修改的是{row.year}年的放假安排，但文本中的年份是{notice.year}年，"
                    f"而{notice.year}年的放假安排已单独录入，未保存。请把「年份」改回"
                    f"{row.year}，或在列表中选中{notice.year}年的放假安排修改。"
                )
            row.year, row.text = notice.year, canonical
        elif same_year is None:
            row = HolidayNotice(year=notice.year, text=canonical)
            s.add(row)
        else:
            if expected_version is None:
                raise ValidationError(
                    f"{notice.year}年的放假安排已录入；如需更正，请在列表中选中后修改。"
                )
            row = load_for_update(s, HolidayNotice, same_year.id, expected_version)
            row.text = canonical
        s.flush()
        return NoticeDTO(
            row.id,
            row.version,
            row.year,
            row.text,
            len(notice.holidays),
            len(notice.workdays),
            row.updated_by,
        )


def import_notice_file(
    db: Database, user: CurrentUser, path: Path, replace: bool = False
) -> NoticeDTO:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            "文件不是 UTF-8 编码的文本文件，请用记事本另存为 UTF-8 后再导入。"
        ) from None
    except OSError as exc:
        raise ValidationError(f"无法读取文件：{exc.strerror or exc}") from None
    version = None
    if replace:
        try:
            year = parse_notice_text(text).year
        except ValueError as exc:
            raise ValidationError(str(exc)) from None
        version = next((n.version for n in list_notices(db) if n.year == year), None)
    return save_notice(db, user, text, version)


def needs_next_year_notice(cal: WorkCalendar, today: date) -> int | None:
    """From 1 November, the year whose notice should be entered now (if not covered yet)."""
    if today.month >= 11 and cal.source(today.year + 1) == "weekends":
        return today.year + 1
    return None
