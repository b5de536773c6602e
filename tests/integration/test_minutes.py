"""纪要 on both engines: the draft's text (R23.5) and one minutes record per meeting, confidential
when the meeting is."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from db.models import AgendaItem, EmergencyDecision
from desktop_app.rules.registry import RuleViolation
from desktop_app.services.meetings import minutes, minutes_issue
from desktop_app.services.meetings.after_reports import after_report_title
from desktop_app.services.system import org_profile
from desktop_app.services.system.common import ValidationError
from tests.demo_db import fill_demo
from tests.integration.minutes_support import (
    ENTRUSTED_DAY,
    ITEMS,
    LAW_STUDIED,
    OPENING,
    TODAY,
    appoint_secretary,
    hold,
    people,
    plan,
    through_review,
    units,
)

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
