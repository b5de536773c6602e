"""The lists of 外出请示报备 read what a status filter needs in SQL, and build years of requests
in a few statements: the 工作台's reminders and a filtered list must not read (and build) every
request ever filed, yet must show exactly what the unfiltered list shows under that filter."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop_app.services.absences import commands as absences
from desktop_app.services.absences import queries as absences_queries
from tests import statements
from tests.integration import test_meeting_plan as base
from tests.integration.test_absences import CLERK, TRIP, data, file
from tests.integration.test_absences_lines import ABROAD
from tests.integration.test_absences_return import back, trip

gov = base.gov


def week(k: int):
    return TRIP + timedelta(days=7 * k)


DAY = week(8) + timedelta(days=30)  # long after every trip: a 销假 not recorded is overdue


@pytest.fixture
def requests(db, gov) -> dict[str, int]:
    """One request in each state a filter tells apart, amendments included."""
    made = {"pending": file(db, gov, "邓磊", start=week(0)).id}
    made["approved"] = trip(db, gov, "罗健", week(1)).id
    d = trip(db, gov, "邓磊", week(2), category="休假")
    made["returned"] = back(db, d, week(2) + timedelta(days=2)).id
    d = trip(db, gov, "罗健", week(3), category="休假")
    on = week(3) + timedelta(days=2)
    made["reported"] = back(db, d, on, reported_back_on=on).id
    d = trip(db, gov, "邓磊", week(4), category="学习培训")
    on = week(4) + timedelta(days=2)
    made["report_missing"] = back(db, d, on, reported_back_on=on).id
    d = trip(db, gov, "罗健", week(5))
    made["voided"] = absences.void_request(db, CLERK, d.id, "行程取消", d.version).id
    root = trip(db, gov, "邓磊", week(6))
    first = absences.amend_request(
        db, CLERK, root.id, data(gov, "邓磊", start=week(6) + timedelta(1))
    )
    absences.void_request(db, CLERK, first.id, "录入有误", first.version)
    second = absences.amend_request(
        db, CLERK, root.id, data(gov, "邓磊", start=week(6) + timedelta(days=2))
    )
    made.update(amended=root.id, amendment=second.id, voided_amendment=first.id)
    made["late"] = file(
        db,
        gov,
        "罗健",
        start=week(7),
        filed=week(7) - timedelta(days=2),
        emergency_reason="省里临时通知",
    ).id
    d = trip(db, gov, "赵文华", week(8), category=ABROAD, destination="蒙古乌兰巴托")
    on = week(8) + timedelta(days=2)
    made["trip_report_missing"] = back(db, d, on, reported_back_on=on).id
    return made


def _kept(d, status: str | None, include_voided: bool) -> bool:
    """What a filter shows of the unfiltered list (FILTERS' meaning, on the DTOs)."""
    if not include_voided and status != "voided" and d.status == "voided":
        return False
    if status is None:
        return True
    if status in absences_queries.STATUS_NAMES:
        return d.status == status
    live = d.status != "voided"
    return {
        "overdue_return": live and d.overdue_return(DAY),
        "report_missing": live and d.report_missing,
        "trip_report_missing": live and d.trip_report_missing,
        "late": d.late,
    }[status]


SCOPES = {  # what the list is asked for besides the filter
    "every year": {},
    "a week, its amendments' own days": {
        "start": week(6) + timedelta(days=2),
        "end": week(6) + timedelta(days=3),
    },
    "one person": {"person_id": "邓磊"},
}


@pytest.mark.parametrize("scope", SCOPES)
def test_every_filter_shows_what_the_unfiltered_list_shows_under_it(db, gov, requests, scope):
    kw = {k: (gov.person[v] if k == "person_id" else v) for k, v in SCOPES[scope].items()}
    shown: set[int] = set()
    for include_amendments in (False, True):
        everything = absences_queries.list_absences(
            db, include_amendments=include_amendments, today=DAY, **kw
        )
        for status in [None, *absences_queries.FILTERS]:
            for include_voided in (True, False):
                got = absences_queries.list_absences(
                    db,
                    status=status,
                    include_voided=include_voided,
                    include_amendments=include_amendments,
                    today=DAY,
                    **kw,
                )
                expected = [d for d in everything if _kept(d, status, include_voided)]
                assert got == expected, (status, include_voided, include_amendments)
                if status is not None:
                    shown.update(d.id for d in got)
    if scope == "every year":  # each filter had something to find: the comparison is not empty
        for status in absences_queries.FILTERS:
            assert any(
                _kept(d, status, True)
                for d in absences_queries.list_absences(db, include_amendments=True, today=DAY)
            ), status
        assert shown == set(requests.values())


def test_a_listed_request_is_the_one_its_own_read_builds(db, gov, requests):
    listed = absences_queries.list_absences(db, include_amendments=True, today=DAY)
    assert {d.id for d in listed} == set(requests.values())
    for d in listed:
        assert d == absences.get_absence(db, d.id)
    root = next(d for d in listed if d.id == requests["amended"])
    assert root.amendment_ids == (requests["amendment"],)  # the voided change is not one
    assert root.pending_amendment and root.effective_id == root.id


def test_a_list_of_many_requests_takes_as_many_statements_as_a_list_of_one(db, gov, requests):
    def count(**kw) -> int:
        with statements.recorded(db) as seen:
            absences_queries.list_absences(db, include_amendments=True, today=DAY, **kw)
        return len(seen)

    one = count(start=week(0), end=week(0))
    assert len(absences_queries.list_absences(db, start=week(0), end=week(0), today=DAY)) == 1
    assert count() == one  # all twelve: their originals, approvals and amendments read at once


@pytest.mark.parametrize("scope", SCOPES)
def test_a_limit_reads_the_newest_requests_in_the_order_of_the_whole_list(db, gov, requests, scope):
    """The list's first page: the newest departures of what the filters let through, exactly
    as the whole list begins, with the limit in the statement, also for each status the
    statement chooses exactly; with 逾期未销假 (decided on the calendar after the read) or the
    amendments, the list is read whole."""
    kw = {k: (gov.person[v] if k == "person_id" else v) for k, v in SCOPES[scope].items()}
    for include_voided in (True, False):
        everything = absences_queries.list_absences(
            db, include_voided=include_voided, today=DAY, **kw
        )
        assert everything
        for limit in (0, 1, 3, len(everything), len(everything) + 2):
            with statements.recorded(db) as seen:
                got = absences_queries.list_absences(
                    db, include_voided=include_voided, today=DAY, limit=limit, **kw
                )
            assert got == everything[:limit], (include_voided, limit)
            assert any("LIMIT" in s for s, _ in seen if "FROM absence" in s)
    for status in absences_queries.PAGED_STATUSES - {None}:  # chosen exactly by the statement
        whole = absences_queries.list_absences(db, status=status, today=DAY, **kw)
        for limit in (0, 1, 2, len(whole) + 1):
            with statements.recorded(db) as seen:
                got = absences_queries.list_absences(
                    db, status=status, today=DAY, limit=limit, **kw
                )
            assert got == whole[:limit], (status, limit)
            assert any("LIMIT" in s for s, _ in seen if "FROM absence" in s), status
    overdue = absences_queries.list_absences(db, status="overdue_return", today=DAY, **kw)
    assert (
        absences_queries.list_absences(db, status="overdue_return", today=DAY, limit=0, **kw)
        == overdue
    )
    amended = absences_queries.list_absences(db, include_amendments=True, today=DAY, **kw)
    assert (
        absences_queries.list_absences(db, include_amendments=True, today=DAY, limit=1, **kw)
        == amended
    )


@pytest.mark.parametrize("scope", SCOPES)
def test_a_category_is_chosen_in_the_statement_and_pages_like_the_whole_list(
    db, gov, requests, scope
):
    """类别 is the stored row's: chosen in SQL, it shows exactly what the whole list shows of
    that category, and its first page is that list's beginning."""
    kw = {k: (gov.person[v] if k == "person_id" else v) for k, v in SCOPES[scope].items()}
    found = set()
    for include_amendments in (False, True):
        everything = absences_queries.list_absences(
            db, include_amendments=include_amendments, today=DAY, **kw
        )
        for category in ("出差", "休假", "学习培训", ABROAD):
            expected = [d for d in everything if d.category == category]
            got = absences_queries.list_absences(
                db, include_amendments=include_amendments, today=DAY, category=category, **kw
            )
            assert got == expected, (category, include_amendments)
            found.update(d.category for d in got)
            if not include_amendments:
                paged = absences_queries.list_absences(
                    db, today=DAY, category=category, limit=1, **kw
                )
                assert paged == expected[:1]
    if scope == "every year":
        assert found == {"出差", "休假", "学习培训", ABROAD}
