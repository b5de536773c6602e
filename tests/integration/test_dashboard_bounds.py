"""The 工作台 stays short and quick on a register of many years: R55 lists the documents issued
earliest and counts the rest in one line (issue 17: a 200,000-document database listed 29,254
documents and took seconds to open), and R35 reads only the routed documents whose deadline
falls by the reminder's limit (the same reminders as reading every routed document), lists the
most overdue of them and counts the rest of the overdue ones in one line."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from desktop_app.formatting import CHINA
from desktop_app.services.directory import commands as directory
from desktop_app.services.documents import dashboard_incoming, dashboard_outgoing, incoming
from desktop_app.services.system import dashboard
from tests.integration.test_dashboard_classified import CLERK, JIYAO, READER
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


# R35: the most overdue 收文 one by one, the rest of the overdue ones in one line (issue 17's
# 200,000-document database had 423 overdue); those due soon are always listed. Both engines.

MONDAY = date(2026, 3, 2)


def _routed(db, admin, unit: int, working_days: int, secret: bool = False) -> int:
    user = JIYAO if secret else admin
    d = incoming.register_document(
        db,
        user,
        received_at=datetime(2026, 3, 2, 9, tzinfo=CHINA),
        sender="省政府办公厅",
        title=f"{'关于边境管控的机密通知' if secret else '关于春耕生产的通知'}{working_days}",
        doc_type="通知",
        nature="action",
        **(
            {"secrecy": "机密", "secrecy_term": "10年", "copies": 1, "copy_numbers": "003"}
            if secret
            else {}
        ),
    )
    d = incoming.propose(db, user, d.id, "转农业农村局办理。", d.version)
    incoming.route(
        db,
        user,
        d.id,
        to="department",
        lead_unit_id=unit,
        working_days=working_days,
        today=MONDAY,
        expected_version=d.version,
    )
    return d.id


def _r35(db, today: date, viewer):
    return [i for i in dashboard.collect(db, today, viewer) if i.rule_id == "R35"]


def test_R35_lists_the_most_overdue_and_counts_the_rest(db, admin, monkeypatch):
    monkeypatch.setattr(dashboard_incoming, "OVERDUE_SHOWN", 2)
    unit = directory.save_unit(db, admin, name="农业农村局", kind="department").id
    # Deadlines Tue 3, Wed 4, Thu 5, Fri 6 and Mon 9 March; one classified, due Tue 3 March.
    ids = {n: _routed(db, admin, unit, n) for n in (3, 1, 5, 2, 4)}
    secret = _routed(db, admin, unit, 1, secret=True)
    today = date(2026, 3, 9)  # four plain ones overdue, the fifth due today

    for viewer in (None, READER, CLERK):
        items = _r35(db, today, viewer)
        listed = [(i.severity, i.ref_id) for i in items if i.ref_id is not None]
        assert listed == [("overdue", ids[1]), ("overdue", ids[2]), ("due", ids[5])]
        (rest,) = [i for i in items if i.ref_id is None]
        # The classified one is neither listed nor counted for those who may not see it (R44).
        assert rest.title == "另有2件收文已超过办理时限"
        assert (rest.area, rest.severity, rest.ref_kind, rest.due) == ("收文", "overdue", "", None)
        assert "超期最久的2件" in rest.detail and "其余2件" in rest.detail
        assert "第三十五条" in rest.detail

    # The 机要 account sees the same list plus its classified reminder, which fits (1 of 2).
    mine = _r35(db, today, JIYAO)
    assert sorted(i.ref_id for i in mine if i.ref_id is not None) == sorted(
        [ids[1], ids[2], ids[5], secret]
    )
    assert [i.title for i in mine if i.ref_id is None] == ["另有2件收文已超过办理时限"]

    monkeypatch.setattr(dashboard_incoming, "OVERDUE_SHOWN", 0)
    mine = _r35(db, today, JIYAO)
    assert sorted(i.title for i in mine if i.ref_id is None) == [
        "另有1件涉密收文已超过办理时限",
        "另有4件收文已超过办理时限",
    ]
    assert [i.ref_id for i in mine if i.ref_id is not None] == [ids[5]]  # due today: listed


def test_R35_no_count_line_when_all_overdue_fit(db, admin, monkeypatch):
    monkeypatch.setattr(dashboard_incoming, "OVERDUE_SHOWN", 2)
    unit = directory.save_unit(db, admin, name="农业农村局", kind="department").id
    ids = [_routed(db, admin, unit, n) for n in (1, 2)]
    items = _r35(db, date(2026, 3, 9), None)
    assert [(i.severity, i.ref_id) for i in items] == [("overdue", ids[0]), ("overdue", ids[1])]
