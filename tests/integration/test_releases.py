"""R52 (第五十二条) on both engines: the government spokesperson's releases need the 常务副市长's
approval, the 市长's when they concern important matters — checked against the post the approver
held on the day — and are marked released only after that approval."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop_app.rules.registry import RuleViolation
from desktop_app.services.documents import releases
from desktop_app.services.system.common import ValidationError
from tests.integration import test_meeting_plan as base
from tests.integration.test_incoming import CLERK, blocked

gov = base.gov
DAY = base.T + timedelta(days=14)


def new(db, important: bool = False, **kw) -> releases.ReleaseDTO:
    args = dict(
        title="春耕生产新闻发布会",
        planned_on=DAY + timedelta(days=2),
        topic="春耕备耕进展、农资供应",
        important=important,
        channel="新闻发布会",
    )
    args.update(kw)
    return releases.create_release(db, CLERK, **args)


def test_R52_routine_release_approved_by_the_executive_vice_mayor_then_released(db, gov):
    x = new(db)
    assert (x.status, x.status_name, x.needs) == ("draft", "待审批", "常务副市长")
    who = releases.expected_approver(db, False, DAY)
    assert (who.post_title, who.name) == ("常务副市长", "张海峰")
    with pytest.raises(RuleViolation) as err:  # not released before it is approved
        releases.mark_released(db, CLERK, x.id, released_on=DAY, expected_version=x.version)
    assert blocked(err, "R52").startswith("依据《工作规则》第五十二条")
    x = releases.approve_release(db, CLERK, x.id, approved_on=DAY, expected_version=x.version)
    assert (x.status, x.approver_name, x.approver_post) == ("approved", "张海峰", "常务副市长")
    assert x.approval_text == "常务副市长张海峰2026年3月16日批准"
    with pytest.raises(RuleViolation):  # released before the day of approval
        releases.mark_released(
            db, CLERK, x.id, released_on=DAY - timedelta(days=1), expected_version=x.version
        )
    with pytest.raises(RuleViolation):  # what was approved is not changed afterwards
        releases.update_release(
            db,
            CLERK,
            x.id,
            title=x.title,
            planned_on=x.planned_on,
            important=True,
            expected_version=x.version,
        )
    x = releases.mark_released(
        db, CLERK, x.id, released_on=DAY + timedelta(days=2), expected_version=x.version
    )
    assert (x.status_name, x.released_on) == ("已发布", DAY + timedelta(days=2))


def test_R52_routine_release_approved_by_anyone_else_is_refused(db, gov):
    x = new(db)
    for who in ("孙立新", "李明远"):  # a vice mayor; the mayor is not the post the article names
        with pytest.raises(RuleViolation) as err:
            releases.approve_release(
                db,
                CLERK,
                x.id,
                approved_on=DAY,
                approver_id=gov.person[who],
                expected_version=x.version,
            )
        msg = blocked(err, "R52")
        assert f"{who}于2026年3月16日不是常务副市长" in msg
    assert releases.get_release(db, x.id).status == "draft"  # nothing half-saved


def test_R52_important_release_needs_the_mayor(db, gov):
    x = new(db, important=True, title="重大项目签约情况发布")
    assert x.needs == "市长"
    with pytest.raises(RuleViolation) as err:
        releases.approve_release(
            db,
            CLERK,
            x.id,
            approved_on=DAY,
            approver_id=gov.person["张海峰"],
            expected_version=x.version,
        )
    assert "须报市长批准" in blocked(err, "R52")
    with pytest.raises(RuleViolation) as err:
        releases.mark_released(db, CLERK, x.id, released_on=DAY, expected_version=x.version)
    assert "市长批准" in blocked(err, "R52")
    x = releases.approve_release(
        db, CLERK, x.id, approved_on=DAY, note="同意发布", expected_version=x.version
    )
    assert (x.approver_name, x.approver_post, x.approval_note) == ("李明远", "市长", "同意发布")
    x = releases.mark_released(db, CLERK, x.id, released_on=DAY, expected_version=x.version)
    assert x.status == "released"


def test_R52_no_holder_of_the_post_that_day_is_refused(db, gov):
    x = new(db)
    long_ago = DAY.replace(year=2015)  # before the demo term: nobody was 常务副市长
    with pytest.raises(RuleViolation) as err:
        releases.approve_release(db, CLERK, x.id, approved_on=long_ago, expected_version=x.version)
    assert "没有常务副市长任职记录" in blocked(err, "R52")


def test_release_register_input_and_void(db, gov):
    with pytest.raises(ValidationError, match="发布标题"):
        new(db, title=" ")
    with pytest.raises(ValidationError, match="拟发布日期"):
        new(db, planned_on=None)
    a = new(db)
    b = new(db, title="防汛工作情况发布", planned_on=DAY + timedelta(days=5))
    assert [x.title for x in releases.list_releases(db)] == [b.title, a.title]
    a = releases.update_release(
        db,
        CLERK,
        a.id,
        title="春耕生产情况发布",
        planned_on=a.planned_on,
        topic="",
        important=True,
        expected_version=a.version,
    )
    assert (a.title, a.needs) == ("春耕生产情况发布", "市长")
    releases.void_release(db, CLERK, b.id, "活动取消", b.version)
    assert [x.id for x in releases.list_releases(db)] == [a.id]
    assert releases.list_releases(db, include_voided=True)[0].void_reason == "活动取消"


def test_R52_an_approval_dated_after_today_is_refused_and_nothing_saved(db, gov):
    """An approval is recorded once it has been given: a date after today (in China) is a typing
    slip, refused as the other registers refuse one; today itself is accepted."""
    from desktop_app.formatting import china_today

    x = new(db)
    with pytest.raises(ValidationError, match="批准日期不能晚于今天"):
        releases.approve_release(
            db,
            CLERK,
            x.id,
            approved_on=china_today() + timedelta(days=1),
            expected_version=x.version,
        )
    assert releases.get_release(db, x.id).status == "draft"  # nothing half-saved
    x = releases.approve_release(
        db, CLERK, x.id, approved_on=china_today(), expected_version=x.version
    )
    assert (x.status, x.approved_on) == ("approved", china_today())


def test_R52_a_release_marked_with_a_date_after_today_is_refused(db, gov):
    """发布 is recorded once it has taken place: a date after today is refused, today accepted."""
    from desktop_app.formatting import china_today

    x = new(db)
    x = releases.approve_release(db, CLERK, x.id, approved_on=DAY, expected_version=x.version)
    with pytest.raises(ValidationError, match="发布日期不能晚于今天"):
        releases.mark_released(
            db,
            CLERK,
            x.id,
            released_on=china_today() + timedelta(days=1),
            expected_version=x.version,
        )
    assert releases.get_release(db, x.id).status == "approved"  # nothing half-saved
    x = releases.mark_released(
        db, CLERK, x.id, released_on=china_today(), expected_version=x.version
    )
    assert x.status == "released"
