"""纪要 on both engines from signing on: who signs (R29.1, R6.3), issued minutes locked and
corrected by linked records (R29.2), gap-free issue numbers, and confidential minutes never
published (R23.6.3)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from db.errors import StaleRecordError
from db.models import MinutesRecord
from desktop_app.rules.registry import RuleViolation
from desktop_app.services.directory import commands as directory
from desktop_app.services.meetings import minutes, minutes_issue
from desktop_app.services.system.common import ValidationError
from tests.demo_db import fill_demo
from tests.integration.minutes_support import (
    ENTRUSTED_DAY,
    ITEMS,
    MEETING_DAY,
    TODAY,
    appoint_secretary,
    hold,
    issued,
    people,
    plan,
    through_review,
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
