"""Per-unit summary of the 督办 register on both engines (R71, R29.3): each 承办单位's items done
on time, done late, not done, open and open past the deadline, on a given day; voided items left
out."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.services.directory import commands as directory
from desktop_app.services.supervision import commands, summaries
from desktop_app.services.system.common import ValidationError
from tests.demo_db import fill_demo

DAY = date(2026, 9, 1)
TODAY = date(2026, 10, 20)


@pytest.fixture
def units(db, admin):
    fill_demo(db, admin, DAY)
    return {u.name: u.id for u in directory.list_units(db)}


def _item(db, clerk, unit, deadline, title="督办事项"):
    return commands.create_item(
        db,
        clerk,
        kind="major",
        title=title,
        unit_id=unit,
        responsible_person="责任人",
        deadline=deadline,
        assigned_on=DAY,
    )


def _close(db, clerk, item, on, done=True):
    commands.record_report(db, clerk, item.id, received_on=on, text="已落实", today=on)
    commands.close_item(db, clerk, item.id, done=done, closed_on=on, evidence="材料")


def test_R71_each_unit_s_items_done_on_time_late_not_done_open_and_overdue(db, clerk, units):
    fin, edu = units["财政局"], units["教育局"]
    _close(db, clerk, _item(db, clerk, fin, date(2026, 9, 30)), date(2026, 9, 29))  # on time
    _close(db, clerk, _item(db, clerk, fin, date(2026, 9, 30)), date(2026, 10, 9))  # late
    _close(db, clerk, _item(db, clerk, fin, date(2026, 9, 30)), date(2026, 9, 30), done=False)
    _item(db, clerk, fin, date(2026, 10, 10))  # open past its deadline on TODAY
    _item(db, clerk, edu, date(2026, 10, 30))  # open, in time
    wrong = _item(db, clerk, edu, date(2026, 10, 1))
    commands.void_item(db, clerk, wrong.id, "重复登记", wrong.version)

    by_unit = {u.unit_name: u for u in summaries.unit_summary(db, TODAY)}
    assert set(by_unit) == {"财政局", "教育局"}
    f, e = by_unit["财政局"], by_unit["教育局"]
    assert (f.items, f.done_on_time, f.done_late, f.not_done, f.open, f.overdue) == (
        4,
        1,
        1,
        1,
        0,
        1,
    )
    assert (f.done, f.late) == (2, 2)
    assert (e.items, e.open, e.overdue, e.done) == (1, 1, 0, 0)  # the voided one not counted
    # a day later in time the open item of 教育局 is overdue too
    later = {u.unit_name: u for u in summaries.unit_summary(db, date(2026, 11, 2))}
    assert (later["教育局"].open, later["教育局"].overdue) == (0, 1)


def test_R72_the_yearly_summary_of_suggestions_and_proposals_printed(db, clerk, units):
    """R72: received, assigned on the vice mayor in charge's approval, replied on time, late and
    not yet, with the units late or not replied, in the printed summary (pdftotext)."""
    from desktop_app.services.absences import in_charge
    from desktop_app.services.supervision import printouts, steps
    from tests.pdf_text import pdftotext

    fin, edu = units["财政局"], units["教育局"]
    late = commands.create_item(
        db, clerk, kind="npc", title="建议二", unit_id=edu, responsible_person="甲",
        deadline=date(2026, 10, 9), assigned_on=DAY,
    )  # fmt: skip
    commands.create_item(
        db, clerk, kind="cppcc", title="提案一", unit_id=fin, responsible_person="乙",
        deadline=date(2026, 12, 9), assigned_on=DAY,
    )  # fmt: skip
    on_time = commands.create_item(
        db, clerk, kind="npc", title="建议一", unit_id=fin, responsible_person="丙",
        deadline=date(2026, 10, 9), assigned_on=DAY,
    )  # fmt: skip
    with db.read() as s:
        vm = in_charge.find(s, DAY, unit_id=fin).person_id
    steps.record_step(db, clerk, on_time.id, step="proposal_approve", signed_on=DAY, signer_id=vm)
    _close(db, clerk, on_time, date(2026, 10, 9))
    _close(db, clerk, late, date(2026, 10, 12))
    text = "".join(pdftotext(printouts.proposal_summary_pdf(db, 2026, TODAY).pdf).split())
    assert "2026年人大代表建议和政协委员提案办理情况汇总" in text
    assert "收到人大代表建议2件、政协委员提案1件" in text
    assert (
        "人大代表建议：收到2件，经分管副市长审批交办1件，按期答复1件，逾期答复1件，尚未答复0件"
        in text
    )
    assert "逾期答复的承办单位：教育局" in text and "尚未答复的承办单位：财政局" in text
    empty = "".join(pdftotext(printouts.proposal_summary_pdf(db, 2025, TODAY).pdf).split())
    assert "人大代表建议：本年度未收到" in empty
    with pytest.raises(ValidationError):
        printouts.proposal_summary_pdf(db, 0, TODAY)
