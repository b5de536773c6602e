"""One source of truth for attendance, on both engines (R27, R23.1): a vice mayor on an approved
absence that day is 请假 everywhere — the 出席 tab, the quorum, the minutes' 出席/请假 lines and the
printed minutes, the meetings register and its Excel export — even where the clerk had recorded him
出席 before the absence was approved."""

from __future__ import annotations

import re
from datetime import timedelta

import openpyxl
import pdfplumber
from sqlalchemy import select

from db.models import AgendaItem
from desktop_app.services.directory import commands as directory
from desktop_app.services.meetings import (
    attendance,
    attendance_record,
    minutes,
    minutes_issue,
    minutes_review,
)
from desktop_app.services.meetings import export as meeting_export
from desktop_app.services.meetings import planning as meetings
from tests.integration import test_meeting_plan as base
from tests.integration.test_absences import approve_all, file
from tests.integration.test_meeting_plan import CLERK, T, attend, hold, plan

gov = base.gov
DAY = T + timedelta(days=14)  # 2026-03-16


def _row(db, meeting_id: int, name: str) -> attendance.AttendanceDTO:
    return next(a for a in attendance.list_attendance(db, meeting_id) if a.person_name == name)


def _pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "纪要.pdf"
    path.write_bytes(pdf)
    with pdfplumber.open(path) as doc:
        text = "".join(page.extract_text() or "" for page in doc.pages)
    return re.sub(r"\s+", "", text)


def test_R27_R23_1_a_vice_mayor_away_that_day_is_on_leave_everywhere(db, gov, admin, tmp_path):
    m = plan(db, gov, DAY)
    row = _row(db, m.id, "赵文华")
    attendance_record.set_attendance(db, CLERK, row.id, "present", row.version)  # recorded first …
    approve_all(db, file(db, gov, "赵文华", start=DAY, days=2, destination="北京"))  # … then away
    attend(db, m.id)

    # the 出席 tab and the quorum
    row = _row(db, m.id, "赵文华")
    assert (row.status_name, row.recorded_status, row.away) == ("请假", "present", True)
    assert "经批准外出（出差，北京）" in row.note
    assert attendance.quorum(db, m.id) == (6, 5)

    # the register (one meeting and the list) and its export
    listed = meetings.list_meetings(db, kind="executive")[0]
    assert (listed.members, listed.present, listed.on_leave) == (6, 5, ("赵文华",))
    assert meetings.get_meeting(db, m.id).on_leave == ("赵文华",)
    path = tmp_path / "会议.xlsx"
    meeting_export.export_meetings_xlsx(db, path)
    ws = openpyxl.load_workbook(path).active
    exported = dict(zip([c.value for c in ws[1]], [c.value for c in ws[2]], strict=True))
    assert (exported["出席成员"], exported["请假成员"], exported["未登记"]) == (5, "赵文华", 0)

    # held, then the minutes: 赵文华 under 请假, not 出席 — in the record and on paper
    assert hold(db, m.id).present == 5
    secretary = directory.save_person(db, admin, name="钱文").id
    directory.save_appointment(
        db,
        admin,
        person_id=secretary,
        post_code="standing_secretary",
        unit_id=gov.unit["市政府办公室"],
        start_date=T,
    )
    with db.uow() as s:  # what was studied before the meeting (R23.3), recorded at it
        law = s.scalar(
            select(AgendaItem).where(AgendaItem.meeting_id == m.id, AgendaItem.kind == "law_study")
        )
        if law is not None:
            law.discussion = "会前，与会人员集体学习了《中华人民共和国行政复议法》。"
    rec = minutes.draft_minutes(db, CLERK, m.id)
    assert "赵文华" not in rec.present and rec.on_leave == ("赵文华",)
    for k, state in enumerate(("comments", "legal", "exec_review"), start=1):
        rec = minutes_review.advance_minutes(
            db, CLERK, rec.id, state, DAY + timedelta(days=k), rec.version
        )
    rec = minutes_issue.sign_minutes(
        db, CLERK, rec.id, gov.person["李明远"], DAY + timedelta(days=4), rec.version
    )
    rec = minutes_issue.issue_minutes(db, CLERK, rec.id, DAY + timedelta(days=5), rec.version)
    assert rec.on_leave == ("赵文华",) and "赵文华" not in rec.present
    text = _pdf_text(minutes.minutes_pdf(db, rec.id).pdf, tmp_path)
    present_line = text[text.index("出席：") : text.index("请假：")]
    assert "李明远" in present_line and "赵文华" not in present_line
    assert "请假：赵文华" in text


def test_R27_a_vice_mayor_away_on_another_day_is_recorded_as_the_clerk_says(db, gov):
    m = plan(db, gov, DAY)
    approve_all(db, file(db, gov, "赵文华", start=DAY + timedelta(days=1), days=2))
    row = _row(db, m.id, "赵文华")
    assert (row.status, row.away) == ("unrecorded", False)
    attend(db, m.id)
    assert _row(db, m.id, "赵文华").status_name == "出席"
    assert attendance.quorum(db, m.id) == (6, 6)
    assert meetings.get_meeting(db, m.id).on_leave == ()
