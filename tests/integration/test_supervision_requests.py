"""请示报告 on both engines (R57, R58, R59, R60): a township's oral request written down by whoever
received it, due in 3 working days across the National Day holiday and its make-up Saturday;
one across several leaders' portfolios due in 5; an urgent major matter straight to the mayor
only with its article-60 category; the item followed in the 督办 register."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desktop_app.formatting import CHINA
from desktop_app.rules.registry import RuleViolation
from desktop_app.rules.supervision import MAJOR_CATEGORIES
from desktop_app.services import demo
from desktop_app.services.directory import commands as directory
from desktop_app.services.supervision import queries, requests

RECEIVED = datetime(2026, 9, 30, 15, 20, tzinfo=CHINA)


@pytest.fixture
def finance(db, admin) -> int:
    demo.fill(db, admin, today=date(2026, 9, 1))
    return next(u.id for u in directory.list_units(db) if u.name == "财政局")


def _record(db, clerk, unit, **kw):
    values = dict(
        form="口头",
        title="街津口乡请求拨付防汛物资",
        content="汛期堤防物资不足，请求市里调拨编织袋五千条",
        request_from="街津口赫哲族乡 王乡长",
        received_by="文秘甲",
        received_at=RECEIVED,
        unit_id=unit,
        responsible_person="财政局 李科长",
        from_grassroots=True,
    )
    values.update(kw)
    return requests.record_request(db, clerk, **values)


def test_R59_R58_an_oral_township_request_is_due_on_the_make_up_saturday(db, clerk, finance):
    item = _record(db, clerk, finance)
    assert item.deadline == date(2026, 10, 10)  # Oct 8, 9 and the make-up Saturday Oct 10
    assert (item.source_kind, item.request_form, item.assigned_on) == (
        "request",
        "口头",
        RECEIVED.date(),
    )
    assert item.vice_mayor_name  # routed to the vice mayor in charge of the unit (R57)
    overdue = queries.list_items(db, date(2026, 10, 12), state="overdue")
    assert [i.id for i in overdue] == [item.id]


def test_R58_an_oral_request_not_written_down_is_refused_and_nothing_saved(db, clerk, finance):
    with pytest.raises(RuleViolation) as e:
        _record(db, clerk, finance, received_by="", content="")
    assert e.value.rule_id == "R58" and "接受人、报告内容" in e.value.message
    assert queries.list_items(db, date(2026, 10, 1)) == []


def test_R59_several_portfolios_five_working_days_and_no_later_deadline(db, clerk, finance):
    item = _record(db, clerk, finance, form="书面", from_grassroots=False, several_portfolios=True)
    assert item.deadline == date(2026, 10, 13)
    with pytest.raises(RuleViolation) as e:
        _record(db, clerk, finance, deadline=date(2026, 10, 20))
    assert e.value.rule_id == "R59"


def test_R57_R60_straight_to_the_mayor_only_for_an_urgent_major_matter(db, clerk, finance):
    with pytest.raises(RuleViolation) as e:
        _record(db, clerk, finance, route="urgent_direct")
    assert e.value.rule_id == "R57" and "不得越级" in e.value.message
    with pytest.raises(RuleViolation) as e:
        _record(db, clerk, finance, route="urgent_direct", major_category="防汛")
    assert e.value.rule_id == "R60"
    item = _record(db, clerk, finance, route="urgent_direct", major_category=MAJOR_CATEGORIES[6])
    assert (item.route, item.major_category) == ("urgent_direct", MAJOR_CATEGORIES[6])
