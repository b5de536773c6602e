"""The 发文 chain is a sequence on both engines (Art. 33: 分管副市长同意 → 市政府办公室审核 →
签发): a sign-off dated before a step it follows is refused under the chain's article, the same
day is allowed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop_app.rules.registry import RuleViolation
from tests.integration.test_outgoing_support import (
    T,
    blocked,
    draft,
    org_fixture,  # noqa: F401 - the `org` fixture
    sign,
)


def test_R33_1_a_sign_off_dated_before_the_step_it_follows_is_refused(db, org):
    d = draft(db, org)
    sign(db, org, d.id, "vice_mayor_agree", "孙立新", day=T + timedelta(days=2))
    with pytest.raises(RuleViolation) as err:  # the office cannot review before he agreed
        sign(db, org, d.id, "office_review", "陈立", day=T + timedelta(days=1))
    msg = blocked(err, "R33.1")
    assert "「市政府办公室审核」的日期（2026年3月3日）早于「分管副市长同意」（2026年3月4日）" in msg
    sign(db, org, d.id, "office_review", "陈立", day=T + timedelta(days=2))  # same day: allowed
    with pytest.raises(RuleViolation) as err:
        sign(db, org, d.id, "sign", "张海峰", day=T + timedelta(days=1))
    assert "早于" in blocked(err, "R33.1")
    done = sign(db, org, d.id, "sign", "张海峰", day=T + timedelta(days=3))
    assert done.chain_complete and done.signed_on == T + timedelta(days=3)


def test_R33_3_the_mayor_signs_only_after_the_reviews_before_him(db, org):
    d = draft(db, org, important=True, title="关于全面推行河长制的通知")
    sign(db, org, d.id, "vice_mayor_agree", "孙立新", day=T + timedelta(days=1))
    sign(db, org, d.id, "office_review", "陈立", day=T + timedelta(days=2))
    with pytest.raises(RuleViolation) as err:
        sign(db, org, d.id, "sign", "李明远", day=T + timedelta(days=1))
    assert "「市长签发」的日期" in blocked(err, "R33.3")
    assert sign(db, org, d.id, "sign", "李明远", day=T + timedelta(days=2)).status == "signed"
