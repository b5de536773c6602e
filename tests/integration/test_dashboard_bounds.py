"""The 工作台 stays short and quick on a register of many years: R55 lists the documents issued
earliest and counts the rest in one line (issue 17: a 200,000-document database listed 29,254
documents and took seconds to open), and R35 reads only the routed documents whose deadline
falls by the reminder's limit (the same reminders as reading every routed document)."""

from __future__ import annotations

from datetime import timedelta

from desktop_app.services.documents import dashboard_outgoing
from tests.integration.test_dashboard_publication import T, _items, _outgoing


def test_R55_lists_the_earliest_issued_and_counts_the_rest(db, admin, monkeypatch):
    monkeypatch.setattr(dashboard_outgoing, "PUBLICATION_SHOWN", 2)
    ids = [
        _outgoing(db, admin, f"关于第{n}项工作的通知", seq=n, issued_on=T + timedelta(days=n))
        for n in range(1, 6)
    ]
    items = _items(db, T + timedelta(days=10), "R55")
    listed = [i for i in items if i.ref_id is not None]
    assert [i.ref_id for i in listed] == ids[:2]  # issued earliest first
    (rest,) = [i for i in items if i.ref_id is None]
    assert rest.title == "另有3件已印发公文待公开"
    assert (rest.area, rest.severity, rest.ref_kind) == ("发文", "warn", "")
    assert "印发最早的2件" in rest.detail and "其余3件" in rest.detail


def test_R55_no_count_line_when_all_fit(db, admin, monkeypatch):
    monkeypatch.setattr(dashboard_outgoing, "PUBLICATION_SHOWN", 2)
    ids = [_outgoing(db, admin, f"通知{n}", seq=n) for n in (1, 2)]
    assert sorted(i.ref_id for i in _items(db, T + timedelta(days=3), "R55")) == sorted(ids)
