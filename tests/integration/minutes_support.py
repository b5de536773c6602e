"""What the 纪要 tests share with the meeting print, export, import, decision and supervision
tests: a meeting with placed agenda items, held with its attendance recorded (`plan`, `hold`), and
its minutes taken through review (`through_review`) to issue (`issued`)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select

from db.models import AgendaItem
from desktop_app.formatting import CHINA
from desktop_app.services import demo
from desktop_app.services.directory import commands as directory
from desktop_app.services.meetings import (
    attendance,
    attendance_record,
    holding,
    minutes,
    minutes_issue,
    minutes_review,
)
from desktop_app.services.meetings import planning as meetings
from tests.demo_db import fill_demo

TODAY = date(2024, 5, 6)  # demo entrustment 李明远 → 张海峰: 2024-05-13 … 2024-05-16
MEETING_DAY = date(2024, 4, 30)
ENTRUSTED_DAY = TODAY + timedelta(days=7)

ITEMS = [
    (
        "关于审议《同江市城区供热管理办法》的议题",
        "住房和城乡建设局",
        "局长郑红梅",
        "与会人员对供热收费标准和应急保障提出了意见。",
        "会议原则同意该办法，由住房和城乡建设局修改完善后印发。",
    ),
    (
        "关于2024年春季农业生产工作的汇报",
        "农业农村局",
        "局长罗健",
        "",
        "会议要求各乡镇抓好春耕备耕，确保农时。",
    ),
    (
        "关于城市基础设施建设项目资金安排的请示",
        "财政局",
        "局长徐东升",
        "",
        "会议原则同意所提资金安排意见。",
    ),
]
OPENING = (
    "2024年4月30日，市长李明远主持召开市政府第一次常务会议，研究了审议《同江市城区供热管理办法》、"
    "2024年春季农业生产工作、城市基础设施建设项目资金安排等事项。现纪要如下："
)


def people(db) -> dict[str, int]:
    return {p.name: p.id for p in directory.list_persons(db)}


def units(db) -> dict[str, int]:
    return {u.name: u.id for u in directory.list_units(db)}


SECRETARY = "钱文"  # 常务秘书 of 市政府办公室 from the term's start (R23.7.2 drafts the minutes)


def appoint_secretary(db, user) -> int:
    pid = directory.save_person(db, user, name=SECRETARY).id
    directory.save_appointment(
        db,
        user,
        person_id=pid,
        post_code="standing_secretary",
        unit_id=units(db)["市政府办公室"],
        start_date=demo.TERM,
    )
    return pid


def hold(db, user, meeting_id: int, on_leave: tuple[str, ...] = ()) -> None:
    """The clerk records the attendance — `on_leave` ask leave of 常务副市长张海峰, everyone else
    is recorded 出席 — and marks the meeting held (nobody is 出席 by default, R23.1)."""
    for a in attendance.list_attendance(db, meeting_id):
        if a.person_name in on_leave:
            attendance_record.set_attendance(
                db, user, a.id, "leave", a.version, leave_approved_by=people(db)["张海峰"]
            )
    attendance_record.record_rest_present(db, user, meeting_id)
    m = meetings.get_meeting(db, meeting_id)
    holding.mark_held(db, user, meeting_id, m.version)


def plan(
    db,
    user,
    *,
    kind="executive",
    presider="李明远",
    day=MEETING_DAY,
    items=ITEMS,
    confidential=False,
    demo_fill=True,
    held=True,
) -> meetings.MeetingDTO:
    """A meeting at 9:00 on `day` with placed agenda items written directly as ORM rows; unless
    `held` is False its attendance is recorded (everyone present) and it is marked held."""
    if demo_fill:
        fill_demo(db, user, TODAY)
        appoint_secretary(db, user)
    who, where = people(db), units(db)
    m = meetings.plan_meeting(
        db,
        user,
        kind=kind,
        presider_id=who[presider],
        starts_at=datetime(day.year, day.month, day.day, 9, tzinfo=CHINA),
        confidential=confidential,
    )
    with db.uow(user.username) as s:
        for n, (title, unit, reporter, discussion, conclusion) in enumerate(items, start=1):
            s.add(
                AgendaItem(
                    title=title,
                    meeting_id=m.id,
                    position=n,
                    status="placed",
                    department_id=where[unit],
                    reporter=reporter,
                    discussion=discussion,
                    conclusion=conclusion,
                )
            )
        record_law_study(s, m.id)
    if held:
        hold(db, user, m.id)
    return m


LAW_STUDIED = "会前，与会人员集体学习了《中华人民共和国行政复议法》。"


def record_law_study(s, meeting_id: int) -> None:
    """What the 常务会议 studied before the meeting (R23.3), as recorded at the meeting."""
    law = s.scalar(
        select(AgendaItem).where(
            AgendaItem.meeting_id == meeting_id, AgendaItem.kind == "law_study"
        )
    )
    if law is not None:
        law.discussion = LAW_STUDIED


def through_review(db, user, rec: minutes.MinutesDTO, day=MEETING_DAY) -> minutes.MinutesDTO:
    for k, state in enumerate(("comments", "legal", "exec_review"), start=1):
        rec = minutes_review.advance_minutes(
            db, user, rec.id, state, day + timedelta(days=k), expected_version=rec.version
        )
    return rec


def issued(
    db,
    user,
    m,
    signer="李明远",
    signed_on=MEETING_DAY + timedelta(days=4),
    issued_on=MEETING_DAY + timedelta(days=5),
) -> minutes.MinutesDTO:
    rec = through_review(db, user, minutes.draft_minutes(db, user, m.id))
    rec = minutes_issue.sign_minutes(db, user, rec.id, people(db)[signer], signed_on, rec.version)
    return minutes_issue.issue_minutes(db, user, rec.id, issued_on, rec.version)
