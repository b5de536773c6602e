"""纪要 on both engines on their way to issue: the workflow and who takes each step (R23.7.2),
and objections before issue (R29.4)."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.rules.registry import RuleViolation
from desktop_app.services.meetings import minutes, minutes_issue, minutes_review
from desktop_app.services.system.common import ValidationError
from tests.demo_db import fill_demo
from tests.integration.minutes_support import (
    MEETING_DAY,
    SECRETARY,
    TODAY,
    appoint_secretary,
    hold,
    issued,
    people,
    plan,
    through_review,
    units,
)

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
