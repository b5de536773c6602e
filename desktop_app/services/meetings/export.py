"""Export the meetings register and the meeting decisions to Excel (.xlsx, openpyxl): Chinese
headers, dates as real Excel dates, column widths set, the header row frozen.

R44 (services.meeting_secrecy): a confidential meeting is exported like any other in the
register; its decisions' text (议题, 决定事项, 质量要求, 落实情况) is written only for an account with
the classified permission — for others, and without an account, 「（涉密会议，内容不显示）」 — and
each confidential meeting whose decisions a 机要 account exports is audited (export)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from db.engine import Database
from db.models import Meeting, MinutesRecord
from desktop_app.formatting import CHINA, format_issue_number
from desktop_app.services.meetings import decisions
from desktop_app.services.meetings import planning as meetings
from desktop_app.services.meetings import secrecy as meeting_secrecy
from desktop_app.services.meetings.planning import STATUS_NAMES
from desktop_app.services.system.common import CurrentUser
from desktop_app.services.system.spreadsheet import DATE_FORMAT, TIME_FORMAT, Column, write_sheet

MINUTES_STATES = {
    "draft": "起草",
    "comments": "征求意见",
    "legal": "合法性审查",
    "exec_review": "常务副市长审核",
    "signed": "已签发",
    "issued": "已印发",
}


MEETING_COLUMNS = [
    Column("序号", 6),
    Column("会议名称", 34),
    Column("类别", 14),
    Column("日期", 16, DATE_FORMAT),
    Column("时间", 8, TIME_FORMAT),
    Column("地点", 8),
    Column("主持人", 10),
    Column("主持身份", 10),
    Column("状态", 8),
    Column("议题数", 8),
    Column("应到成员", 10),
    Column("出席成员", 10),
    Column("请假成员", 20),
    Column("未登记", 8),
    Column("涉密", 6),
    Column("纪要状态", 14),
    Column("纪要编号", 14),
    Column("作废原因", 20),
]
DECISION_COLUMNS = [
    Column("序号", 6),
    Column("会议", 30),
    Column("会议日期", 16, DATE_FORMAT),
    Column("议题", 30),
    Column("决定事项", 50),
    Column("责任单位", 18),
    Column("分管副市长", 12),
    Column("完成时限", 16, DATE_FORMAT),
    Column("质量要求", 30),
    Column("状态", 8),
    Column("反馈日期", 16, DATE_FORMAT),
    Column("落实情况", 40),
]


def _minutes_cells(db: Database) -> dict[int, list[str]]:
    """Meeting id → [minutes state, issue number] of its (original) minutes."""
    out = {}
    with db.read() as s:
        for r in s.scalars(select(MinutesRecord).where(MinutesRecord.corrects_id.is_(None))):
            number = (
                format_issue_number(r.issued_on.year, r.issue_number)
                if r.issue_number and r.issued_on
                else ""
            )
            out[r.meeting_id] = [MINUTES_STATES.get(r.state, r.state), number]
    return out


def export_meetings_xlsx(
    db: Database,
    path: Path | str,
    *,
    kind: str | None = None,
    year: int | None = None,
    status: str | None = None,
    include_voided: bool = False,
    user: CurrentUser | None = None,
) -> int:
    """The meetings register with the filters of meetings.list_meetings, oldest first; the
    attendance columns are the register's (services.attendance: approved absences are 请假).
    Returns the number of data rows written."""
    found = meetings.list_meetings(
        db, include_voided=include_voided, kind=kind, year=year, status=status, user=user
    )
    minutes = _minutes_cells(db)
    rows = []
    for n, m in enumerate(sorted(found, key=lambda x: x.starts_at), start=1):
        local: datetime = m.starts_at.astimezone(CHINA)
        rows.append(
            [
                n,
                m.title,
                m.kind_name,
                local.date(),
                local.time(),
                m.room,
                m.presider_name,
                m.presider_capacity,
                STATUS_NAMES.get(m.status, m.status),
                m.items,
                m.members,
                m.present,
                "、".join(m.on_leave),
                m.unrecorded,
                "是" if m.confidential else "否",
                *minutes.get(m.id, ["未起草", ""]),
                m.void_reason or "",
            ]
        )
    return write_sheet(path, "会议", MEETING_COLUMNS, rows)


def export_decisions_xlsx(
    db: Database,
    path: Path | str,
    *,
    meeting_id: int | None = None,
    today: date | None = None,
    user: CurrentUser | None = None,
) -> int:
    """The decisions (R23.6.1) with their state on `today` — 未完成 / 已完成 / 已逾期 (R29.3);
    R44: a confidential meeting's decisions' text only for `user` with the classified
    permission, that export audited. Returns the number of data rows written."""
    today = today or date.today()
    found = decisions.list_decisions(db, meeting_id, user=user)
    with db.read() as s:
        secret = meeting_secrecy.confidential_ids(s, (d.meeting_id for d in found))
    rows = []
    for n, d in enumerate(found, start=1):
        rows.append(
            [
                n,
                d.meeting_title,
                d.meeting_day,
                d.item_title,
                d.content,
                d.unit_name,
                d.vice_mayor_name,
                d.deadline,
                d.quality,
                d.status_text(today),
                d.reported_on,
                d.report,
            ]
        )
    # R44: logged before the file is written, so a refused log leaves no unlogged copy
    if secret and user is not None and meeting_secrecy.may_see(user, True):
        meeting_secrecy.audit_content(
            db, user, Meeting.__tablename__, secret, "export", "会议决定事项"
        )
    return write_sheet(path, "会议决定事项", DECISION_COLUMNS, rows)
