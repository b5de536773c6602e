"""Attendance and the course of a meeting on both engines: attendance recorded explicitly and the
quorum of a 常务会议 (R23.1), leave and substitutes (R27), 战线会议 approvals and township heads
(R28), cancelling."""

from __future__ import annotations

from datetime import timedelta

import pytest

from db.errors import StaleRecordError
from desktop_app.rules.registry import RuleViolation
from desktop_app.services.meetings import agenda, attendance, attendance_record, holding
from desktop_app.services.meetings import planning as meetings
from desktop_app.services.system.common import ValidationError
from tests.integration import test_meeting_plan as base
from tests.integration.test_meeting_plan import CLERK, LEADERS, T, attend, blocked, hold, plan

gov = base.gov  # the shared demo-government fixture

DAY = T + timedelta(days=14)


def line(db, meeting_id: int, name: str) -> attendance.AttendanceDTO:
    return next(
        a
        for a in attendance.list_attendance(db, meeting_id)
        if name in (a.person_name, a.unit_name)
    )


def set_status(db, meeting_id: int, name: str, status: str, **kw) -> attendance.AttendanceDTO:
    row = line(db, meeting_id, name)
    return attendance_record.set_attendance(db, CLERK, row.id, status, row.version, **kw)


# --- R23.1: quorum ------------------------------------------------------------------------------


def test_R23_1_attendance_starts_unrecorded_and_the_meeting_is_held_only_once_recorded(db, gov):
    """第二十三条 (R23.1): planning marks nobody 出席; 标记已召开 names who is still 未登记."""
    m = plan(db, gov, DAY)
    assert {a.status_name for a in attendance.list_attendance(db, m.id)} == {"未登记"}
    assert attendance.quorum(db, m.id) == (6, 0)
    for name in ("李明远", "张海峰", "赵文华", "孙立新"):
        set_status(db, m.id, name, "present")
    with pytest.raises(RuleViolation) as e:
        hold(db, m.id)
    message = blocked(e, "R23.1", "第二十三条")
    assert "尚未登记——成员 周志强、吴秀兰；列席 市政府办公室" in message
    assert "赵文华" not in message and meetings.get_meeting(db, m.id).status == "planned"
    assert (
        attendance_record.record_rest_present(db, CLERK, m.id) == 2 + 10
    )  # 2 members, 10 attendees
    assert hold(db, m.id).status == "held"


def test_R23_1_half_of_the_members_is_a_quorum(db, gov):
    """第二十三条「须有半数以上常务会议成员出席」: 以上 includes the number (民法典第一千二百五十九条),
    so 3 of 6 members may hold the 常务会议 (this test used to lock in the opposite reading)."""
    m = plan(db, gov, DAY)
    evm = gov.person["张海峰"]
    for name in ("赵文华", "孙立新"):
        set_status(db, m.id, name, "leave", leave_approved_by=evm)
    set_status(db, m.id, "周志强", "absent")
    attend(db, m.id)
    assert attendance.quorum(db, m.id) == (6, 3)
    held = hold(db, m.id)
    assert (held.status, held.members, held.present) == ("held", 6, 3)
    with pytest.raises(ValidationError):  # a held meeting's attendance is settled
        set_status(db, m.id, "周志强", "present")


def test_R23_1_fewer_than_half_of_the_members_is_refused(db, gov):
    """第二十三条: 2 of 6 is fewer than half — refused, and the message asks for 3."""
    m = plan(db, gov, DAY)
    evm = gov.person["张海峰"]
    for name in ("赵文华", "孙立新"):
        set_status(db, m.id, name, "leave", leave_approved_by=evm)
    for name in ("周志强", "吴秀兰"):
        set_status(db, m.id, name, "absent")
    attend(db, m.id)
    assert attendance.quorum(db, m.id) == (6, 2)
    with pytest.raises(RuleViolation) as e:
        hold(db, m.id)
    message = blocked(e, "R23.1", "第二十三条")
    assert "半数以上（含半数）成员出席方能召开：成员 6 人，出席 2 人，至少需要 3 人" in message
    assert meetings.get_meeting(db, m.id).status == "planned"


def test_R23_1_the_members_come_from_the_directory_on_the_meeting_day(db, gov, admin):
    """第二十三条: the members are the mayor and vice mayors on the meeting day — a vice mayor
    appointed after the meeting was planned counts, and must be recorded too."""
    from desktop_app.services.directory import commands as directory

    m = plan(db, gov, DAY)
    new = directory.save_person(db, admin, name="钱新民").id
    directory.save_appointment(
        db,
        admin,
        person_id=new,
        post_code="vice_mayor",
        unit_id=None,
        start_date=DAY - timedelta(days=1),
    )
    attend(db, m.id)
    assert attendance.quorum(db, m.id) == (7, 6)
    with pytest.raises(RuleViolation) as e:
        hold(db, m.id)
    assert "钱新民（未列入名单）" in blocked(e, "R23.1")
    row = attendance_record.add_attendee(db, CLERK, m.id, person_id=new)
    assert (row.role, row.status) == ("member", "unrecorded")
    attendance_record.set_attendance(db, CLERK, row.id, "present", row.version)
    assert attendance.quorum(db, m.id) == (7, 7)
    assert hold(db, m.id).status == "held"


def test_R23_1_quorum_is_only_a_rule_of_the_executive_meeting(db, gov):
    m = plan(db, gov, DAY, kind="mayor_office")
    for name in LEADERS[2:]:
        set_status(db, m.id, name, "absent")
    with pytest.raises(RuleViolation) as e:  # 第二十七条: attendance is recorded all the same
        hold(db, m.id)
    assert "李明远、张海峰" in blocked(e, "R27", "第二十七条")
    attend(db, m.id)
    assert hold(db, m.id).status == "held"


# --- R27: leave and substitutes ---------------------------------------------------------------


def test_R27_leave_is_recorded_with_the_executive_vice_mayor(db, gov):
    m = plan(db, gov, DAY)
    with pytest.raises(RuleViolation) as e:
        set_status(db, m.id, "赵文华", "leave")
    blocked(e, "R27", "第二十七条")
    with pytest.raises(RuleViolation) as e:
        set_status(db, m.id, "赵文华", "leave", leave_approved_by=gov.person["孙立新"])
    assert "孙立新在2026年3月16日不任常务副市长" in blocked(e, "R27")
    assert line(db, m.id, "赵文华").status == "unrecorded"
    row = set_status(
        db, m.id, "赵文华", "leave", leave_approved_by=gov.person["张海峰"], note="赴省汇报工作"
    )
    assert (row.status_name, row.leave_approved_by_name, row.note) == (
        "请假",
        "张海峰",
        "赴省汇报工作",
    )
    with pytest.raises(RuleViolation):  # the executive vice mayor asks the mayor, not himself
        set_status(db, m.id, "张海峰", "leave", leave_approved_by=gov.person["张海峰"])
    own = set_status(db, m.id, "张海峰", "leave", leave_approved_by=gov.person["李明远"])
    assert own.leave_approved_by_name == "李明远"


def test_R27_substitute_for_a_department_head_needs_the_executive_vice_mayor(db, gov):
    m = plan(db, gov, DAY)
    with pytest.raises(RuleViolation) as e:
        set_status(
            db,
            m.id,
            "财政局",
            "leave",
            leave_approved_by=gov.person["张海峰"],
            substitute="财政局副局长王某",
        )
    assert "须经常务副市长同意" in blocked(e, "R27", "第二十七条")
    with pytest.raises(RuleViolation):
        set_status(
            db,
            m.id,
            "财政局",
            "leave",
            leave_approved_by=gov.person["张海峰"],
            substitute="财政局副局长王某",
            substitute_approved_by=gov.person["赵文华"],
        )
    assert line(db, m.id, "财政局").substitute == ""
    row = set_status(
        db,
        m.id,
        "财政局",
        "leave",
        leave_approved_by=gov.person["张海峰"],
        substitute="财政局副局长王某",
        substitute_approved_by=gov.person["张海峰"],
    )
    assert (row.substitute, row.substitute_approved_by_name) == ("财政局副局长王某", "张海峰")
    # Article 27 lets only a department's principal head send a substitute: a leader who cannot
    # attend asks leave, so nobody sits in for him (a refusal under 第二十七条, not an input error).
    with pytest.raises(RuleViolation) as e:
        set_status(
            db,
            m.id,
            "赵文华",
            "present",
            substitute="某某",
            substitute_approved_by=gov.person["张海峰"],
        )
    assert "市政府领导不能由他人代替出席" in blocked(e, "R27", "第二十七条")
    assert line(db, m.id, "赵文华").substitute == ""


def test_R27_a_department_attends_through_its_principal_head(db, gov):
    m = plan(db, gov, DAY)
    with pytest.raises(RuleViolation) as e:
        attendance_record.add_attendee(
            db, CLERK, m.id, unit_id=gov.unit["教育局"], person_id=gov.person["何斌"]
        )  # 何斌 heads 安监局
    blocked(e, "R27")
    row = attendance_record.add_attendee(db, CLERK, m.id, unit_id=gov.unit["教育局"])
    assert (row.role_name, row.unit_name, row.person_name) == ("列席", "教育局", "高雪")
    with pytest.raises(ValidationError):  # already on the list
        attendance_record.add_attendee(db, CLERK, m.id, person_id=gov.person["高雪"])
    assert attendance.list_attendance(db, m.id)[-1].id == row.id


def test_attendance_is_protected_by_its_version(db, gov):
    m = plan(db, gov, DAY)
    row = line(db, m.id, "孙立新")
    attendance_record.set_attendance(db, CLERK, row.id, "absent", row.version)
    with pytest.raises(StaleRecordError):
        attendance_record.set_attendance(db, CLERK, row.id, "present", row.version)


# --- R28: 战线会议 -------------------------------------------------------------------------------


def test_R28_sector_meeting_needs_the_executive_vice_mayor_then_the_mayor(db, gov):
    m = plan(db, gov, DAY, kind="sector", presider="孙立新", title="全市春季农业生产工作会议")
    with pytest.raises(RuleViolation) as e:
        hold(db, m.id)
    blocked(e, "R28", "第二十八条")
    with pytest.raises(RuleViolation):  # the mayor approves after the executive vice mayor agreed
        holding.record_sector_approval(db, CLERK, m.id, "mayor_approved", T)
    with pytest.raises(RuleViolation):  # 赵文华 is not the executive vice mayor
        holding.record_sector_approval(db, CLERK, m.id, "exec_agreed", T, gov.person["赵文华"])
    holding.record_sector_approval(db, CLERK, m.id, "exec_agreed", T)
    approved = holding.record_sector_approval(
        db, CLERK, m.id, "mayor_approved", T + timedelta(days=1), gov.person["李明远"]
    )
    attend(db, m.id)
    assert hold(db, m.id).status == "held" and approved.status == "planned"


def test_R28_township_heads_attend_a_sector_meeting_only_with_the_mayors_approval(db, gov):
    m = plan(db, gov, DAY, kind="sector", presider="孙立新", title="全市春季农业生产工作会议")
    with pytest.raises(RuleViolation) as e:
        attendance_record.add_attendee(db, CLERK, m.id, person_id=gov.person["邓磊"])  # 乐业镇镇长
    assert "须经市长批准" in blocked(e, "R28")
    holding.record_sector_approval(db, CLERK, m.id, "township_heads", T)
    assert (
        attendance_record.add_attendee(db, CLERK, m.id, person_id=gov.person["邓磊"]).person_name
        == "邓磊"
    )


# --- cancelling ---------------------------------------------------------------------------------


def test_cancelled_meeting_keeps_its_reason_and_returns_its_items(db, gov):
    m = plan(db, gov, DAY)
    item = agenda.save_item(db, CLERK, title="关于春季防火工作的通报", category="report")
    with pytest.raises(ValidationError):
        holding.cancel_meeting(db, CLERK, m.id, " ", m.version)
    with pytest.raises(StaleRecordError):
        holding.cancel_meeting(db, CLERK, m.id, "市长赴省开会", m.version + 1)
    done = holding.cancel_meeting(db, CLERK, m.id, "市长赴省开会", m.version)
    assert done.status == "cancelled"
    assert agenda.get_item(db, item.id).status == "draft"
    with pytest.raises(ValidationError):
        hold(db, m.id)
    with pytest.raises(ValidationError):
        attendance_record.add_attendee(db, CLERK, m.id, unit_id=gov.unit["教育局"])
