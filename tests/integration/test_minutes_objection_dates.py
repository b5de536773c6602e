"""R29.4 (第二十九条) on both engines: objections are raised at the meeting or before the minutes are
issued — an issue dated before an objection on record would make it one taken after issue, and
is refused; the same day is allowed."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.rules.registry import RuleViolation
from desktop_app.services.meetings import minutes, minutes_issue, minutes_review
from tests.integration.minutes_support import people, plan, through_review, units


def test_R29_4_minutes_are_not_issued_before_an_objection_on_record(db, clerk):
    m = plan(db, clerk)
    rec = through_review(db, clerk, minutes.draft_minutes(db, clerk, m.id))  # last step 5月3日
    rec = minutes_issue.sign_minutes(
        db, clerk, rec.id, people(db)["李明远"], date(2024, 5, 4), rec.version
    )
    rec = minutes_review.record_objection(  # raised after signing, before issue: taken
        db,
        clerk,
        rec.id,
        what="项目资金来源尚未落实",
        raised_on=date(2024, 5, 6),
        unit_id=units(db)["财政局"],
        how="经主持会议的市长同意，资金安排另行报批",
        expected_version=rec.version,
    )
    with pytest.raises(RuleViolation) as err:
        minutes_issue.issue_minutes(db, clerk, rec.id, date(2024, 5, 5), rec.version)
    assert err.value.rule_id == "R29.4" and "第二十九条" in err.value.message
    assert "财政局于2024年5月6日提出不同意见，晚于所填印发日期（2024年5月5日）" in err.value.message
    assert minutes.get_minutes(db, rec.id).state == "signed"  # nothing half-done
    done = minutes_issue.issue_minutes(db, clerk, rec.id, date(2024, 5, 6), rec.version)
    assert done.state == "issued"  # allowed: issued the day the objection was raised
