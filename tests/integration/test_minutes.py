"""纪要 on both engines: the draft's text (R23.5), the workflow and who takes each step (R23.7.2),
who signs (R29.1, R6.3), objections before issue (R29.4), issued minutes locked and corrected by
linked records (R29.2), gap-free issue numbers, and confidential minutes never published
(R23.6.3)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from db.errors import StaleRecordError
from db.models import AgendaItem, EmergencyDecision, MinutesRecord
from desktop_app.formatting import CHINA
from desktop_app.rules.registry import RuleViolation
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
from desktop_app.services.meetings.after_reports import after_report_title
from desktop_app.services.system import org_profile
from desktop_app.services.system.common import ValidationError
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


# --- R23.5: the draft ---------------------------------------------------------------------------


def test_R23_5_draft_has_opening_sections_with_reporter_and_conclusion_and_attendance(db, clerk):
    m = plan(db, clerk, held=False)
    hold(db, clerk, m.id, on_leave=("吴秀兰",))
    rec = minutes.draft_minutes(db, clerk, m.id)
    assert rec.opening == OPENING
    assert rec.state == "draft" and rec.issue_text == "（草稿）" and rec.warnings == ()
    law, heating, farming, money = rec.sections
    assert law.heading == "会前集体学法"
    assert heating.heading == "关于审议《同江市城区供热管理办法》的问题"
    assert heating.paragraphs == (
        "会议听取了住房和城乡建设局局长郑红梅关于审议《同江市城区供热管理办法》的汇报。",
        ITEMS[0][3],
        ITEMS[0][4],
    )
    assert farming.paragraphs[-1] == ITEMS[1][4] and money.heading.startswith("关于城市基础设施")
    assert rec.present == ("李明远", "张海峰", "赵文华", "孙立新", "周志强")
    assert rec.on_leave == ("吴秀兰",)
    assert "财政局徐东升" in rec.attending and "发展和改革局朱宏" in rec.attending
    assert rec.cc == org_profile.get_profile(db)["minutes_cc"] and rec.confidential is False


def test_R23_5_item_without_reporter_or_conclusion_is_flagged_until_recorded(db, clerk):
    m = plan(db, clerk, items=[("关于信访积案化解工作的汇报", "信访局", "", "", "")])
    rec = minutes.draft_minutes(db, clerk, m.id)
    [warning] = rec.warnings
    assert "第二十三条" in warning and "未记录汇报人、会议结论" in warning
    assert rec.sections[1].paragraphs == ("会议听取了信访局关于信访积案化解工作的汇报。",)
    with db.uow() as s:
        item = s.scalar(select(AgendaItem).where(AgendaItem.title.like("关于信访%")))
        item.reporter, item.conclusion = "局长郭峰", "会议要求限期化解。"
    assert minutes.get_minutes(db, rec.id).warnings == ()


def test_R23_5_unrecorded_law_study_is_a_marked_gap_that_blocks_sign_off_and_issue(db, clerk):
    m = plan(db, clerk)
    with db.uow() as s:  # nothing recorded about the law study at the meeting
        s.scalar(
            select(AgendaItem).where(AgendaItem.meeting_id == m.id, AgendaItem.kind == "law_study")
        ).discussion = ""
    rec = through_review(db, clerk, minutes.draft_minutes(db, clerk, m.id))
    law = rec.sections[0]
    assert law.paragraphs == ("会前，与会人员集体学习了【待补充：学法内容】。",)
    with pytest.raises(RuleViolation) as err:
        minutes_issue.sign_minutes(
            db, clerk, rec.id, people(db)["李明远"], date(2024, 5, 4), rec.version
        )
    assert err.value.rule_id == "R23.5"
    assert (
        "第二十三条" in str(err.value) and "学法内容" in str(err.value) and "签发" in str(err.value)
    )
    assert minutes.get_minutes(db, rec.id).state == "exec_review"  # nothing half-done

    # filled in: signed; a gap typed back afterwards stops the issue, and nothing changes
    sections = [(x.heading, x.paragraphs) for x in rec.sections]
    sections[0] = (law.heading, [LAW_STUDIED])
    rec = minutes.save_minutes(
        db, clerk, rec.id, opening=rec.opening, sections=sections, expected_version=rec.version
    )
    rec = minutes_issue.sign_minutes(
        db, clerk, rec.id, people(db)["李明远"], date(2024, 5, 4), rec.version
    )
    assert rec.state == "signed"
    sections[1] = (sections[1][0], [*sections[1][1], "【待补充：会议结论】"])
    rec = minutes.save_minutes(
        db, clerk, rec.id, opening=rec.opening, sections=sections, expected_version=rec.version
    )
    with pytest.raises(RuleViolation) as err:
        minutes_issue.issue_minutes(db, clerk, rec.id, date(2024, 5, 5), rec.version)
    assert (
        "第二十三条" in str(err.value) and "会议结论" in str(err.value) and "印发" in str(err.value)
    )
    after = minutes.get_minutes(db, rec.id)
    assert after.state == "signed" and after.issue_number is None
    sections[1] = (sections[1][0], sections[1][1][:-1])
    rec = minutes.save_minutes(
        db, clerk, rec.id, opening=rec.opening, sections=sections, expected_version=rec.version
    )
    rec = minutes_issue.issue_minutes(db, clerk, rec.id, date(2024, 5, 5), rec.version)
    assert rec.state == "issued" and rec.issue_number == 1


def test_R23_5_a_report_on_some_question_is_headed_without_a_second_question(db, clerk):
    items = [("关于城区集中供热有关问题的汇报", "住房和城乡建设局", "局长郑红梅", "", "会议同意。")]
    rec = minutes.draft_minutes(db, clerk, plan(db, clerk, items=items).id)
    assert rec.sections[1].heading == "关于城区集中供热有关问题"
    assert "问题的问题" not in rec.opening + "".join(x.heading for x in rec.sections)
    assert rec.sections[1].paragraphs[0] == (
        "会议听取了住房和城乡建设局局长郑红梅关于城区集中供热有关问题的汇报。"
    )


def test_entrusted_presider_and_after_report_are_worded_accordingly(db, clerk):
    fill_demo(db, clerk, TODAY)
    appoint_secretary(db, clerk)
    m = plan(db, clerk, presider="张海峰", day=ENTRUSTED_DAY, demo_fill=False, items=[ITEMS[2]])
    with db.uow() as s:
        e = EmergencyDecision(
            decided_on=date(2024, 5, 8),
            method="会签",
            subject="防汛抢险物资调拨",
            decision="紧急调拨防汛物资。",
        )
        s.add(e)
        s.flush()
        s.add(
            AgendaItem(
                title=after_report_title("防汛抢险物资调拨"),
                kind="after_report",
                meeting_id=m.id,
                position=9,
                status="placed",
                emergency_id=e.id,
                department_id=units(db)["财政局"],
                reporter="局长徐东升",
            )
        )
    rec = minutes.draft_minutes(db, clerk, m.id)
    assert rec.opening == (
        "2024年5月13日，受市长委托，常务副市长张海峰主持召开市政府第一次常务会议，"
        "研究了城市基础设施建设项目资金安排事项，听取了防汛抢险物资调拨临机处置情况的事后报告。"
        "现纪要如下："
    )
    report = rec.sections[-1]
    assert report.heading == "关于防汛抢险物资调拨临机处置情况的事后报告"
    assert report.paragraphs[0] == (
        "会议听取了财政局局长徐东升关于防汛抢险物资调拨临机处置情况的"
        "事后报告（2024年5月8日以会签方式临机处置）。"
    )


def test_one_minutes_record_per_meeting_and_confidential_follows_the_meeting(db, clerk):
    m = plan(db, clerk, confidential=True)
    rec = minutes.draft_minutes(db, clerk, m.id)
    assert rec.confidential is True
    with pytest.raises(ValidationError, match="已有纪要"):
        minutes.draft_minutes(db, clerk, m.id)


# --- R23.7.2: the workflow ----------------------------------------------------------------------


def test_R23_7_2_skipping_a_step_is_refused_with_the_article(db, clerk):
    m = plan(db, clerk)
    rec = minutes.draft_minutes(db, clerk, m.id)
    with pytest.raises(RuleViolation) as err:
        minutes_review.advance_minutes(db, clerk, rec.id, "legal", MEETING_DAY, rec.version)
    assert err.value.rule_id == "R23.7.2" and "第二十三条" in err.value.message
    assert "下一步应为「征求汇报部门意见」" in err.value.message
    with pytest.raises(RuleViolation, match="R23.7.2"):
        minutes_issue.sign_minutes(
            db, clerk, rec.id, people(db)["李明远"], MEETING_DAY, rec.version
        )
    with pytest.raises(RuleViolation, match="R23.7.2"):
        minutes_issue.issue_minutes(db, clerk, rec.id, MEETING_DAY, rec.version)
    assert minutes.get_minutes(db, rec.id).state == "draft"


def test_R23_7_2_steps_in_order_are_recorded_with_dates(db, clerk):
    m = plan(db, clerk)
    rec = through_review(db, clerk, minutes.draft_minutes(db, clerk, m.id))
    assert rec.state == "exec_review"
    assert (rec.comments_on, rec.legal_on, rec.exec_reviewed_on) == (
        date(2024, 5, 1),
        date(2024, 5, 2),
        date(2024, 5, 3),
    )
    with pytest.raises(ValidationError, match="不能早于"):
        minutes_issue.sign_minutes(
            db, clerk, rec.id, people(db)["李明远"], date(2024, 5, 2), rec.version
        )
    rec = minutes_issue.sign_minutes(
        db, clerk, rec.id, people(db)["李明远"], date(2024, 5, 4), rec.version
    )
    rec = minutes_issue.issue_minutes(db, clerk, rec.id, date(2024, 5, 6), rec.version)
    assert (rec.state, rec.signed_on, rec.issued_on, rec.issue_text) == (
        "issued",
        date(2024, 5, 4),
        date(2024, 5, 6),
        "〔2024〕1号",
    )


# --- R29.1 / R6.3: who signs --------------------------------------------------------------------


def _ready(db, clerk, **kw) -> minutes.MinutesDTO:
    m = plan(db, clerk, **kw)
    return through_review(db, clerk, minutes.draft_minutes(db, clerk, m.id), m.day)


def test_R29_1_mayor_signs_executive_minutes(db, clerk):
    rec = _ready(db, clerk)
    rec = minutes_issue.sign_minutes(
        db, clerk, rec.id, people(db)["李明远"], date(2024, 5, 4), rec.version
    )
    assert (rec.state, rec.signer_name, rec.signer_capacity) == ("signed", "李明远", "本人")


def test_R29_1_exec_vice_mayor_without_entrustment_is_refused(db, clerk):
    rec = _ready(db, clerk)
    with pytest.raises(RuleViolation) as err:
        minutes_issue.sign_minutes(
            db, clerk, rec.id, people(db)["张海峰"], date(2024, 5, 4), rec.version
        )
    assert err.value.rule_id == "R29.1" and "第二十九条" in err.value.message
    assert minutes.get_minutes(db, rec.id).state == "exec_review"


def test_R29_1_R6_3_exec_vice_mayor_entrusted_on_the_signing_day_signs(db, clerk):
    rec = _ready(db, clerk)
    rec = minutes_issue.sign_minutes(
        db, clerk, rec.id, people(db)["张海峰"], ENTRUSTED_DAY, rec.version
    )
    assert (rec.signer_name, rec.signer_capacity) == ("张海峰", "受委托")


def _entrust_zhao(db, clerk, day):
    who = people(db)
    directory.save_entrustment(
        db, clerk, principal_id=who["李明远"], agent_id=who["赵文华"], start_date=day, end_date=day
    )


def test_R29_1_presider_signs_mayor_office_minutes_another_vice_mayor_may_not(db, clerk):
    fill_demo(db, clerk, TODAY)
    appoint_secretary(db, clerk)
    _entrust_zhao(db, clerk, MEETING_DAY)
    m = plan(
        db,
        clerk,
        kind="mayor_office",
        presider="赵文华",
        demo_fill=False,
        items=[("关于学校安全工作的汇报", "教育局", "局长高雪", "", "会议同意。")],
    )
    rec = minutes.draft_minutes(db, clerk, m.id)  # review steps are optional for this kind
    with pytest.raises(RuleViolation, match="R29.1"):
        minutes_issue.sign_minutes(
            db, clerk, rec.id, people(db)["孙立新"], date(2024, 5, 6), rec.version
        )
    rec = minutes_issue.sign_minutes(
        db, clerk, rec.id, people(db)["赵文华"], date(2024, 5, 6), rec.version
    )
    assert (rec.signer_name, rec.signer_capacity) == ("赵文华", "本人")


def test_R29_1_two_portfolios_need_the_exec_vice_mayor_or_the_mayor(db, clerk):
    fill_demo(db, clerk, TODAY)
    appoint_secretary(db, clerk)
    _entrust_zhao(db, clerk, MEETING_DAY)
    m = plan(
        db,
        clerk,
        kind="mayor_office",
        presider="赵文华",
        demo_fill=False,
        items=[("关于学校安全工作的汇报", "教育局", "局长高雪", "", "会议同意。"), ITEMS[1]],
    )  # 教育局 → 赵文华, 农业农村局 → 孙立新
    rec = minutes.draft_minutes(db, clerk, m.id)
    for name in ("赵文华", "孙立新"):
        with pytest.raises(RuleViolation, match="两位以上副市长"):
            minutes_issue.sign_minutes(
                db, clerk, rec.id, people(db)[name], date(2024, 5, 6), rec.version
            )
    rec = minutes_issue.sign_minutes(
        db, clerk, rec.id, people(db)["张海峰"], date(2024, 5, 6), rec.version
    )
    assert rec.signer_name == "张海峰"


# --- R29.2: issued minutes are locked -----------------------------------------------------------


def test_R29_2_minutes_are_edited_before_issue_with_optimistic_locking(db, clerk):
    m = plan(db, clerk, held=False)
    hold(db, clerk, m.id, on_leave=("吴秀兰",))
    rec = minutes.draft_minutes(db, clerk, m.id)
    sections = [*rec.sections[:2], minutes.Section("关于其他事项的问题", ("会议同意。",))]
    saved = minutes.save_minutes(
        db,
        clerk,
        rec.id,
        opening=rec.opening + "　",
        sections=sections,
        cc="市委办公室，市人大常委会办公室",
        expected_version=rec.version,
    )
    # The attendance lines are not typed into the minutes: they follow the attendance record
    # (第二十七条 leave is recorded there), so 吴秀兰 is 请假 because her leave was recorded.
    assert saved.sections[-1].heading == "关于其他事项的问题" and saved.on_leave == ("吴秀兰",)
    assert saved.present == rec.present and saved.cc == "市委办公室，市人大常委会办公室"
    with pytest.raises(StaleRecordError):
        minutes.save_minutes(
            db, clerk, rec.id, opening="x", sections=sections, expected_version=rec.version
        )


def test_R29_2_issued_minutes_are_locked_and_corrected_by_a_linked_record(db, clerk):
    m = plan(db, clerk)
    rec = issued(db, clerk, m)
    with pytest.raises(RuleViolation) as err:
        minutes.save_minutes(
            db, clerk, rec.id, opening="改", sections=rec.sections, expected_version=rec.version
        )
    assert err.value.rule_id == "R29.2" and "勘误/补充" in err.value.message
    fix = minutes_issue.correct_minutes(db, clerk, rec.id, "勘误", "第二项中“春耕”应为“春播”。")
    assert fix.corrects_id == rec.id and fix.correction_kind == "勘误" and fix.state == "draft"
    assert fix.opening == "现对市政府第一次常务会议纪要（〔2024〕1号）作如下勘误："
    assert minutes.get_minutes(db, rec.id) == rec  # the issued record is untouched
    assert [x.id for x in minutes.minutes_of_meeting(db, m.id)] == [rec.id, fix.id]
    with pytest.raises(ValidationError, match="尚未印发"):
        minutes_issue.correct_minutes(db, clerk, fix.id, "补充", "……")


# --- issue numbers ------------------------------------------------------------------------------


def test_issue_numbers_run_without_gaps_and_a_failed_issue_takes_none(db, clerk, monkeypatch):
    first = plan(db, clerk)
    second = plan(db, clerk, day=MEETING_DAY + timedelta(days=1), demo_fill=False)
    rec = through_review(db, clerk, minutes.draft_minutes(db, clerk, first.id))
    with pytest.raises(RuleViolation):  # refused before signing: no number
        minutes_issue.issue_minutes(db, clerk, rec.id, date(2024, 5, 6), rec.version)
    rec = minutes_issue.sign_minutes(
        db, clerk, rec.id, people(db)["李明远"], date(2024, 5, 4), rec.version
    )
    real_dto = minutes_issue.dto

    def fail_after_allocation(*_a):
        raise RuntimeError("disk full")

    monkeypatch.setattr(minutes_issue, "dto", fail_after_allocation)
    with pytest.raises(RuntimeError):
        minutes_issue.issue_minutes(db, clerk, rec.id, date(2024, 5, 6), rec.version)
    monkeypatch.setattr(minutes_issue, "dto", real_dto)
    assert (
        minutes_issue.issue_minutes(db, clerk, rec.id, date(2024, 5, 6), rec.version).issue_number
        == 1
    )
    other = issued(db, clerk, second, issued_on=date(2024, 5, 7))
    assert other.issue_number == 2 and other.issue_text == "〔2024〕2号"
    with db.read() as s:
        assert sorted(s.scalars(select(MinutesRecord.issue_number))) == [1, 2]


# --- R23.6.3: publication -----------------------------------------------------------------------


def test_R23_6_3_confidential_minutes_are_never_published(db, clerk):
    m = plan(db, clerk, confidential=True)
    rec = issued(db, clerk, m)
    with pytest.raises(RuleViolation) as err:
        minutes_issue.set_published(db, clerk, rec.id, True, rec.version)
    assert err.value.rule_id == "R23.6.3" and "第二十三条" in err.value.message
    assert minutes.get_minutes(db, rec.id).published is False


def test_R23_6_3_issued_minutes_are_published(db, clerk):
    m = plan(db, clerk)
    rec = minutes.draft_minutes(db, clerk, m.id)
    with pytest.raises(ValidationError, match="印发后"):
        minutes_issue.set_published(db, clerk, rec.id, True, rec.version)
    rec = through_review(db, clerk, rec)
    rec = minutes_issue.sign_minutes(
        db, clerk, rec.id, people(db)["李明远"], date(2024, 5, 4), rec.version
    )
    rec = minutes_issue.issue_minutes(db, clerk, rec.id, date(2024, 5, 6), rec.version)
    assert minutes_issue.set_published(db, clerk, rec.id, True, rec.version).published is True


# --- R23.7.2: who takes each step ----------------------------------------------------------------


def test_R23_7_2_the_drafter_is_the_standing_secretary_of_that_day(db, clerk):
    m = plan(db, clerk)
    with pytest.raises(RuleViolation) as err:  # 陈立 heads 市政府办公室 but is not 常务秘书
        minutes.draft_minutes(db, clerk, m.id, drafter_id=people(db)["陈立"])
    assert err.value.rule_id == "R23.7.2" and "陈立在2024年4月30日不是常务秘书" in err.value.message
    assert minutes.minutes_of_meeting(db, m.id) == []
    rec = minutes.draft_minutes(
        db, clerk, m.id, drafter_id=people(db)[SECRETARY], drafted_on=date(2024, 5, 1)
    )
    assert (rec.drafter_name, rec.drafted_on) == (SECRETARY, date(2024, 5, 1))
    with pytest.raises(ValidationError, match="不能早于"):  # comments after the drafting day
        minutes_review.advance_minutes(db, clerk, rec.id, "comments", MEETING_DAY, rec.version)


def test_R23_7_2_executive_minutes_without_a_standing_secretary_on_record_are_refused(db, clerk):
    fill_demo(db, clerk, TODAY)
    m = plan(db, clerk, demo_fill=False)
    with pytest.raises(RuleViolation) as err:
        minutes.draft_minutes(db, clerk, m.id)
    assert err.value.rule_id == "R23.7.2" and "没有常务秘书的任职记录" in err.value.message
    secretary = appoint_secretary(db, clerk)
    assert minutes.draft_minutes(db, clerk, m.id).drafter_id == secretary  # the day's only one


def test_R23_7_2_legality_is_reviewed_by_a_person_of_the_legal_office(db, clerk):
    m = plan(db, clerk)
    rec = minutes.draft_minutes(db, clerk, m.id)
    rec = minutes_review.advance_minutes(
        db, clerk, rec.id, "comments", date(2024, 5, 1), rec.version
    )
    with pytest.raises(RuleViolation) as err:  # 徐东升 heads 财政局
        minutes_review.advance_minutes(
            db,
            clerk,
            rec.id,
            "legal",
            date(2024, 5, 2),
            rec.version,
            by_person_id=people(db)["徐东升"],
        )
    assert err.value.rule_id == "R23.7.2" and "不是法制办公室人员" in err.value.message
    rec = minutes_review.advance_minutes(
        db, clerk, rec.id, "legal", date(2024, 5, 2), rec.version, by_person_id=people(db)["杨帆"]
    )
    assert (rec.state, rec.legal_reviewer_name) == ("legal", "杨帆")


def test_R23_7_2_the_review_is_by_the_executive_vice_mayor_of_that_day(db, clerk):
    m = plan(db, clerk)
    rec = minutes.draft_minutes(db, clerk, m.id)
    for state, day in (("comments", date(2024, 5, 1)), ("legal", date(2024, 5, 2))):
        rec = minutes_review.advance_minutes(db, clerk, rec.id, state, day, rec.version)
    with pytest.raises(RuleViolation) as err:
        minutes_review.advance_minutes(
            db,
            clerk,
            rec.id,
            "exec_review",
            date(2024, 5, 3),
            rec.version,
            by_person_id=people(db)["赵文华"],
        )
    assert (
        err.value.rule_id == "R23.7.2" and "赵文华在2024年5月3日不是常务副市长" in err.value.message
    )
    rec = minutes_review.advance_minutes(
        db,
        clerk,
        rec.id,
        "exec_review",
        date(2024, 5, 3),
        rec.version,
        by_person_id=people(db)["张海峰"],
    )
    assert (rec.exec_reviewer_name, rec.legal_reviewer_name, rec.drafter_name) == (
        "张海峰",
        "杨帆",
        SECRETARY,
    )  # none given: the legal office's head


def test_R23_7_2_minutes_are_issued_only_for_a_meeting_marked_held(db, clerk):
    """第二十三条 orders the minutes after the meeting: they are issued only once it is marked
    held, its attendance recorded."""
    m = plan(db, clerk, held=False)
    rec = through_review(db, clerk, minutes.draft_minutes(db, clerk, m.id))
    rec = minutes_issue.sign_minutes(
        db, clerk, rec.id, people(db)["李明远"], date(2024, 5, 4), rec.version
    )
    with pytest.raises(RuleViolation, match="尚未标记已召开") as e:
        minutes_issue.issue_minutes(db, clerk, rec.id, date(2024, 5, 6), rec.version)
    assert e.value.rule_id == "R23.7.2" and "第二十三条" in e.value.message
    hold(db, clerk, m.id)
    assert minutes_issue.issue_minutes(
        db, clerk, rec.id, date(2024, 5, 6), rec.version
    ).issue_number


# --- R29.4: objections before issue ----------------------------------------------------------------


def test_R29_4_objections_are_recorded_settled_and_the_silent_units_agreed(db, clerk):
    m = plan(db, clerk)
    rec = minutes.draft_minutes(db, clerk, m.id)
    rec = minutes_review.advance_minutes(
        db, clerk, rec.id, "comments", date(2024, 5, 1), rec.version
    )
    with pytest.raises(ValidationError):
        minutes_review.record_objection(
            db,
            clerk,
            rec.id,
            what=" ",
            raised_on=date(2024, 5, 1),
            unit_id=units(db)["财政局"],
            expected_version=rec.version,
        )
    rec = minutes_review.record_objection(
        db,
        clerk,
        rec.id,
        what="项目资金来源尚未落实",
        raised_on=date(2024, 5, 1),
        unit_id=units(db)["财政局"],
        person_id=people(db)["徐东升"],
        expected_version=rec.version,
    )
    [objection] = rec.objections
    assert (objection.who, objection.how) == ("财政局徐东升", "")
    with pytest.raises(RuleViolation) as err:  # settled before the minutes go further
        minutes_review.advance_minutes(db, clerk, rec.id, "legal", date(2024, 5, 2), rec.version)
    assert err.value.rule_id == "R29.4" and "第二十九条" in err.value.message
    rec = minutes_review.settle_objection(
        db, clerk, rec.id, 0, "经主持会议的市长同意，资金安排待财政局另行报批", rec.version
    )
    assert rec.comment_summary == (
        "财政局徐东升：提出「项目资金来源尚未落实」；处理：经主持会议的市长同意，资金安排待财政局另行报批",
        "住房和城乡建设局：未提出不同意见，视为同意",
        "农业农村局：未提出不同意见，视为同意",
    )
    rec = minutes_review.advance_minutes(db, clerk, rec.id, "legal", date(2024, 5, 2), rec.version)
    assert rec.state == "legal"


def test_R29_4_no_objection_is_taken_after_issue(db, clerk):
    m = plan(db, clerk)
    rec = issued(db, clerk, m)
    with pytest.raises(RuleViolation) as err:
        minutes_review.record_objection(
            db,
            clerk,
            rec.id,
            what="不同意资金安排",
            raised_on=date(2024, 5, 7),
            unit_id=units(db)["财政局"],
            expected_version=rec.version,
        )
    assert err.value.rule_id == "R29.4" and "视为同意" in err.value.message
    assert minutes.get_minutes(db, rec.id).objections == ()
