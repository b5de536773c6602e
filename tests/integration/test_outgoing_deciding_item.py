"""R10 (第十条) on both engines: a major matter cites the agenda item the 常务会议 or 全体会议
discussed and *decided* — not its 会前集体学法, an emergency's 事后报告, an item circulated in
writing or one sent back to be revised and resubmitted (R23.6.2) — and is not issued before that
meeting's day. Asked when the link is made and again at issue."""

from __future__ import annotations

from datetime import timedelta

import pytest

from db.models.meetings import AgendaItem
from desktop_app.rules.registry import RuleViolation
from desktop_app.services.documents import outgoing
from tests.integration.test_outgoing_support import (
    CLERK,
    T,
    blocked,
    meeting,
    org_fixture,  # noqa: F401 - the `org` fixture
    signed_r33_1,
)


def _set_item(db, item_id: int, kind: str, status: str) -> None:
    with db.uow("wenmi") as s:
        item = s.get(AgendaItem, item_id)
        assert item is not None
        item.kind, item.status = kind, status


def _link(db, doc_id: int, ids: tuple[int, int]):
    return outgoing.record_deciding_meeting(
        db, CLERK, doc_id, meeting_id=ids[0], agenda_item_id=ids[1], expected_version=None
    )


def _issue(db, doc_id: int, day):
    return outgoing.issue_outgoing(db, CLERK, doc_id, issued_on=day, expected_version=None)


def test_R10_an_item_the_meeting_did_not_decide_is_refused(db, org):
    d = signed_r33_1(db, org, major_matter="财政预算")
    ids = meeting(db, item="审议2026年财政预算草案")
    for kind, status, words in (
        ("normal", "revise", "重新报批"),
        ("normal", "circulated", "书面传达"),
        ("law_study", "placed", "会前集体学法"),
        ("after_report", "decided", "事后报告"),
    ):
        _set_item(db, ids[1], kind, status)
        with pytest.raises(RuleViolation) as err:
            _link(db, d.id, ids)
        assert words in blocked(err, "R10")
        shown = [i for m in outgoing.deciding_meetings(db, CLERK) for i, _t in m.items]
        assert ids[1] not in shown  # the form does not offer it either
    _set_item(db, ids[1], "normal", "decided")
    assert ids[1] in [i for m in outgoing.deciding_meetings(db, CLERK) for i, _t in m.items]
    assert _link(db, d.id, ids).decided_item_id == ids[1]  # allowed: the meeting decided it


def test_R10_an_item_sent_back_for_revision_after_it_was_cited_blocks_the_issue(db, org):
    d = signed_r33_1(db, org, major_matter="政府投资")
    ids = meeting(db, item="审议2026年农田水利投资计划")
    _link(db, d.id, ids)
    _set_item(db, ids[1], "normal", "revise")
    with pytest.raises(RuleViolation) as err:
        _issue(db, d.id, T + timedelta(days=1))
    assert "重新报批" in blocked(err, "R10")
    _set_item(db, ids[1], "normal", "decided")
    assert _issue(db, d.id, T + timedelta(days=1)).number == "同政发〔2026〕1号"


def test_R10_a_major_matter_is_not_issued_before_its_deciding_meeting(db, org):
    d = signed_r33_1(db, org, major_matter="发展规划")
    ids = meeting(db, T + timedelta(days=3), item="审议同江市十五五规划纲要")
    _link(db, d.id, ids)
    with pytest.raises(RuleViolation) as err:
        _issue(db, d.id, T + timedelta(days=2))
    assert "早于作出决定的会议日期（2026年3月5日）" in blocked(err, "R10")
    assert _issue(db, d.id, T + timedelta(days=3)).number == "同政发〔2026〕1号"  # the same day
