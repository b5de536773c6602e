"""Back in the city: the actual return, the 销假 (R62.8), the written report (R62.9) and, after an
official trip abroad of a government leader, the trip report (出访报告, R66).

All four are recorded on the original request. The 销假 is due within 1 working day of the
return by the working-day calendar; in a year without an official calendar the due date is
provisional (暂定) until that year's holiday notice is entered (CAL1), so the DTO recomputes it
from the calendar each time rather than trusting the date stored when the return was entered.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy.orm import Session

from db.engine import Database
from db.models.absences import Absence
from desktop_app.rules import absences as r
from desktop_app.rules.registry import violation
from desktop_app.services.absences.commands import group_rows
from desktop_app.services.absences.dto import AbsenceDTO, absence_dto
from desktop_app.services.system.calendar_admin import work_calendar
from desktop_app.services.system.common import (
    CurrentUser,
    ValidationError,
    load_for_update,
    require,
)
from desktop_app.workdays import WorkCalendar


def _approved_root(s: Session, absence_id: int, expected_version: int | None) -> Absence:
    row = load_for_update(s, Absence, absence_id, expected_version)
    if row.amends_id is not None:
        raise ValidationError("返回、销假和书面报告登记在原请示上，请选中原请示。")
    if row.voided_at is not None:
        raise ValidationError("该外出请示已作废。")
    if not any(a.status == "approved" and a.voided_at is None for a in group_rows(s, row.id)):
        # R62.8: the return and 销假 close an approved trip (经批准后方可外出).
        raise violation("R62.8", "该外出请示尚未批准，不能登记返回或销假。")
    return row


def _check_day(day: date | None, label: str, today: date) -> date:
    if day is None:
        raise ValidationError(f"请填写{label}。")
    if day > today:
        raise ValidationError(f"{label}不能晚于今天。")
    return day


def record_return(
    db: Database,
    user: CurrentUser,
    absence_id: int,
    returned_on: date,
    returned_half: str,
    reported_back_on: date | None = None,
    expected_version: int | None = None,
    today: date | None = None,
) -> AbsenceDTO:
    """The actual return (date + 上午/下午/晚上), optionally with the 销假 at once."""
    require(user, "records")
    today = today or date.today()
    _check_day(returned_on, "实际返回日期", today)
    if returned_half not in r.HALVES:
        raise ValidationError("请注明返回时间为上午、下午或晚上。")
    cal = work_calendar(db)

    def enter(s: Session, row: Absence) -> None:
        first_start = min(a.start_date for a in group_rows(s, row.id) if a.voided_at is None)
        if returned_on < first_start:
            raise ValidationError("实际返回日期早于出发日期，请检查。")
        row.returned_on, row.returned_half = returned_on, returned_half
        row.return_due = r.return_due(cal, returned_on)[0]
        if reported_back_on is not None:
            _report_back(row, reported_back_on, today)

    return _on_approved_root(db, user, absence_id, expected_version, enter, cal)


def _on_approved_root(
    db: Database,
    user: CurrentUser,
    absence_id: int,
    expected_version: int | None,
    enter: Callable[[Session, Absence], None],
    cal: WorkCalendar | None = None,
) -> AbsenceDTO:
    """`enter` what came back on the approved original request, in one transaction, and the
    request as it is then. The checks of plain values are made by the caller before this opens
    the transaction; `enter` makes those that need the record and raises to keep nothing."""
    cal = cal or work_calendar(db)
    with db.uow(user.username) as s:
        row = _approved_root(s, absence_id, expected_version)
        enter(s, row)
        s.flush()
        return absence_dto(s, row, cal)


def _report_back(row: Absence, on: date, today: date) -> None:
    _check_day(on, "销假日期", today)
    if row.returned_on is None:
        raise violation("R62.8", "销假在返回后办理：请先登记实际返回时间，再登记销假。")
    if on < row.returned_on:
        raise ValidationError("销假日期不能早于返回日期。")
    row.reported_back_on = on


def record_report_back(
    db: Database,
    user: CurrentUser,
    absence_id: int,
    on: date,
    expected_version: int | None = None,
    today: date | None = None,
) -> AbsenceDTO:
    """R62.8: 销假 to the party committee's and the government's offices."""
    require(user, "records")
    day = today or date.today()
    return _on_approved_root(
        db, user, absence_id, expected_version, lambda _s, row: _report_back(row, on, day)
    )


def record_written_report(
    db: Database,
    user: CurrentUser,
    absence_id: int,
    received_on: date,
    note: str = "",
    expected_version: int | None = None,
    today: date | None = None,
) -> AbsenceDTO:
    """R62.9: the written report on the meeting, visit or training, received."""
    require(user, "records")
    _check_day(received_on, "书面报告收到日期", today or date.today())

    def enter(_s: Session, row: Absence) -> None:
        if not row.report_required:
            raise violation(
                "R62.9", "此次外出不需要书面报告（仅参加会议、考察访问、学习培训须报告）。"
            )
        if row.returned_on is None:
            raise violation("R62.9", "书面报告在活动结束后提交：请先登记实际返回时间。")
        row.report_received_on, row.report_note = received_on, (note or "").strip()

    return _on_approved_root(db, user, absence_id, expected_version, enter)


def record_trip_report(
    db: Database,
    user: CurrentUser,
    absence_id: int,
    received_on: date,
    note: str = "",
    expected_version: int | None = None,
    today: date | None = None,
) -> AbsenceDTO:
    """R66: the trip report (出访报告) of an official trip abroad, received after the return."""
    require(user, "records")
    _check_day(received_on, "出访报告收到日期", today or date.today())

    def enter(_s: Session, row: Absence) -> None:
        r.check_trip_report(bool(row.trip_report_required), row.returned_on is not None)
        assert row.returned_on is not None
        if received_on < row.returned_on:
            raise ValidationError("出访报告收到日期不能早于返回日期。")
        row.trip_report_received_on = received_on
        row.trip_report_note = (note or "").strip()

    return _on_approved_root(db, user, absence_id, expected_version, enter)
