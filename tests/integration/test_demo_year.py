"""`fuban demo --year` on both engines: a year of records entered through the services — every
register has rows, the 工作台 has things due and overdue, the integrity check passes, and every
printable form renders from the demo's own records."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop_app.services import areas, demo_year
from desktop_app.services.absences import printouts as absence_prints
from desktop_app.services.absences import queries as absence_queries
from desktop_app.services.documents import (
    incoming,
    outgoing,
    register_printouts,
    releases,
    sheets,
)
from desktop_app.services.meetings import agenda, agenda_sheet, decisions, minutes
from desktop_app.services.meetings import planning as meetings
from desktop_app.services.meetings import printouts as meeting_prints
from desktop_app.services.seals import catalogue, lending
from desktop_app.services.seals import printouts as seal_prints
from desktop_app.services.seals import queries as seal_queries
from desktop_app.services.seals import register_reads as seal_register
from desktop_app.services.supervision import printouts as supervision_prints
from desktop_app.services.supervision import queries as supervision_queries
from desktop_app.services.system import dashboard, maintenance, numbering
from desktop_app.services.system.common import ValidationError

TODAY = date(2026, 12, 7)  # a Monday
YEAR_AGO = TODAY - timedelta(days=366)


@pytest.fixture
def office(db, admin):
    areas.compose()
    counts = demo_year.fill_year(db, admin, today=TODAY)
    return counts


def _rendered(result) -> None:
    assert result.pdf.startswith(b"%PDF") and result.pages >= 1


def test_a_lived_in_year_every_register_dashboard_check_and_form(db, admin, office):
    # every register has rows
    held = [m for m in meetings.list_meetings(db) if m.status == "held"]
    planned = [m for m in meetings.list_meetings(db) if m.status == "planned"]
    assert len(held) >= 10 and planned
    # the term began years before: its count goes on from the paper registers (编号续接)
    assert "市政府第四十一次常务会议" in {m.title for m in held}
    assert agenda.list_items(db) and decisions.list_decisions(db, user=admin)
    docs_in = incoming.list_documents(db, admin)
    docs_out = outgoing.list_outgoing(db, admin)
    assert len(docs_in) >= 30 and any(d.status == "routed" for d in docs_in)
    assert any(d.status == "closed" for d in docs_in)
    assert any(incoming.readings(db, admin, d.id) for d in docs_in if d.leader_id)
    assert any(d.status == "issued" for d in docs_out) and any(
        d.status != "issued" for d in docs_out
    )
    assert any(d.published_on for d in docs_out)
    assert {r.status for r in releases.list_releases(db)} >= {"released", "draft"}
    assert catalogue.list_seals(db) and seal_queries.list_applications(db)
    assert [x.returned_at is not None for x in lending.list_loans(db)] == [True]
    assert seal_register.register_rows(db, YEAR_AGO, TODAY)
    absences = absence_queries.list_absences(db, today=TODAY)
    assert len(absences) >= 5
    items = supervision_queries.list_items(db, TODAY, user=admin)
    assert items and {i.status for i in items} >= {"open", "done"}
    assert set(office) >= {"会议", "收文", "发文", "用印", "外出报备", "督办"}

    # 工作台: something overdue and something due, dated from today
    attention = dashboard.collect(db, TODAY, admin)
    kinds = {dashboard.category(a, TODAY) for a in attention}
    assert len(attention) >= 5 and len(kinds) >= 2, kinds
    assert any(dashboard.urgency(a, TODAY) == 0 for a in attention)  # overdue first

    # the numbers continue where the year left off, and fuban check passes
    rows = {r.name: r for r in numbering.list_sequences(db, admin, TODAY.year)}
    assert rows[f"incoming:{TODAY.year}"].highest_issued >= 1
    result = maintenance.check(db)
    assert result.ok, result.problems

    # every printable form renders from the demo's records
    m = held[-1]
    _rendered(meeting_prints.meeting_notice_pdf(db, planned[0].id, TODAY, user=admin))
    _rendered(meeting_prints.agenda_pdf(db, m.id, user=admin))
    issued_minutes = [
        r for mt in held for r in minutes.minutes_of_meeting(db, mt.id, admin) if r.issue_number
    ]
    assert issued_minutes
    _rendered(minutes.minutes_pdf(db, issued_minutes[0].id, user=admin))
    item = next(i for i in agenda.list_items(db, meeting_id=m.id) if i.kind != "law_study")
    _rendered(agenda_sheet.agenda_sheet_pdf(db, admin, item.id, TODAY))
    _rendered(register_printouts.incoming_register_pdf(db, admin, start=YEAR_AGO, end=TODAY))
    _rendered(register_printouts.outgoing_register_pdf(db, admin, start=YEAR_AGO, end=TODAY))
    _rendered(sheets.incoming_sheet_pdf(db, admin, docs_in[0].id, TODAY))
    _rendered(sheets.outgoing_sheet_pdf(db, admin, docs_out[0].id, TODAY))
    app = seal_queries.list_applications(db)[0]
    _rendered(seal_prints.seal_form_pdf(db, app.id, admin))
    _rendered(seal_prints.seal_register_pdf(db, YEAR_AGO, TODAY, user=admin))
    _rendered(absence_prints.absence_form_pdf(db, absences[0].id))
    _rendered(absence_prints.absence_list_pdf(db, absences, "全部", TODAY))
    _rendered(supervision_prints.notice_pdf(db, items[0].id, TODAY, user=admin))
    _rendered(supervision_prints.circular_pdf(db, YEAR_AGO, TODAY, TODAY))

    # the demo never mixes with real work: a second year is refused
    with pytest.raises(ValidationError, match="已有会议记录"):
        demo_year.fill_year(db, admin, today=TODAY)


def test_command_line_demo_year(tmp_path, monkeypatch, capsys):
    from desktop_app.cli import main

    monkeypatch.setenv("FUBAN_DB_URL", f"sqlite:///{tmp_path / 'demo.db'}")
    monkeypatch.setenv("FUBAN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("FUBAN_CONFIG_DIR", str(tmp_path / "cfg"))
    assert main(["demo", "--year"]) == 0
    out = capsys.readouterr().out
    assert "一年的台账" in out and "次会议" in out and "件收文" in out
    assert main(["check"]) == 0
    assert main(["demo", "--year"]) == 2
    assert "已有会议记录" in capsys.readouterr().err
