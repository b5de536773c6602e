"""R44 份号 on the other papers that print classified content, on both engines: the 议程 and the
会议通知 (listing the items) of a confidential meeting, the 议题审批表 of an item placed on it and
the 督办通知单 of a classified 督办 item each carry 密级 and 份号 top left, take consecutive
numbers from a counter of their own (a reprint continues, N copies are one PDF), and are logged
with the numbers printed; the same papers of unclassified content print as before, without 份号."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from sqlalchemy import select

from db.models import AgendaItem, AuditEntry, Meeting
from db.models.supervision import SupervisionItem
from desktop_app.services.meetings import agenda_sheet
from desktop_app.services.meetings import planning as meetings
from desktop_app.services.meetings import printouts as meeting_print
from desktop_app.services.supervision import commands as supervision
from desktop_app.services.supervision import printouts as supervision_print
from tests.integration.migration_support import drift_after_upgrade
from tests.integration.r44_links_support import (  # noqa: F401 - the org and world fixtures
    CLERK,
    JIYAO,
    M_DAY,
    T,
    _at,
    org_fixture,
    world_fixture,
)
from tests.integration.test_r44_copy_numbers import pages

COPY = re.compile(r"(\d{6})(秘密|机密|涉密)")


def marks(pdf: bytes) -> list[tuple[str, str]]:
    """(份号, 密级) printed on each page that opens a copy."""
    return [m.groups() for p in pages(pdf) if (m := COPY.search(p))]


def printed(db, table: str, record_id: int) -> list[str]:
    with db.read() as s:
        rows = s.scalars(
            select(AuditEntry.after_json)
            .where(
                AuditEntry.table_name == table,
                AuditEntry.record_id == record_id,
                AuditEntry.action == "print",
            )
            .order_by(AuditEntry.seq)
        )
        return [json.loads(a)["what"] for a in rows]


def test_R44_agenda_and_notice_of_a_confidential_meeting_carry_their_own_copy_numbers(world):
    db, meeting = world.db, world.meeting_id
    first = meeting_print.agenda_pdf(db, meeting, user=JIYAO)
    assert marks(first.pdf) == [("000001", "秘密")]
    assert pages(first.pdf)[0].startswith("000001秘密市政府第一次常务会议议程")  # marks, then title
    two = meeting_print.agenda_pdf(db, meeting, user=JIYAO, copies=2)
    assert marks(two.pdf) == [("000002", "秘密"), ("000003", "秘密")]
    # a one-page 议程: the first copy's back stays blank, so each copy is a sheet of its own
    assert two.pages == 3 and pages(two.pdf)[1] == ""
    notice = meeting_print.meeting_notice_pdf(db, meeting, T, user=JIYAO)
    assert marks(notice.pdf) == [("000001", "秘密")]  # the notice is numbered on its own
    assert printed(db, "meeting", meeting) == [
        "议程第000001份",
        "议程第000002—000003份",
        "会议通知第000001份",
    ]
    # the notice a 文秘 prints for the members lists no item: no 份号, no number, no entry
    hidden = meeting_print.meeting_notice_pdf(db, meeting, T, user=CLERK)
    assert marks(hidden.pdf) == [] and hidden.copy_numbers == []
    assert len(printed(db, "meeting", meeting)) == 3
    with db.read() as s:
        row = s.get(Meeting, meeting)
        assert (row.agenda_copies_printed, row.notice_copies_printed) == (3, 1)
    assert drift_after_upgrade(db) == []


def test_R44_agenda_sheet_of_an_item_on_a_confidential_meeting_is_numbered(world):
    db, item = world.db, world.item_id
    two = agenda_sheet.agenda_sheet_pdf(db, JIYAO, item, T, copies=2)
    assert marks(two.pdf) == [("000001", "涉密"), ("000002", "涉密")]
    assert two.copy_numbers == ["000001", "000002"]
    again = agenda_sheet.agenda_sheet_pdf(db, JIYAO, item, T)
    assert marks(again.pdf) == [("000003", "涉密")]
    assert printed(db, "agenda_item", item) == [
        "议题审批表第000001—000002份",
        "议题审批表第000003份",
    ]
    assert drift_after_upgrade(db) == []


def test_R44_supervision_notice_of_a_classified_item_is_numbered(world):
    db = world.db
    from_document, from_decision = world.supervised_ids  # 机密 (its 收文) / 涉密 (its meeting)
    two = supervision_print.notice_pdf(db, from_document, T, user=JIYAO, copies=2)
    assert marks(two.pdf) == [("000001", "机密"), ("000002", "机密")]
    one = supervision_print.notice_pdf(db, from_decision, T, user=JIYAO)
    assert marks(one.pdf) == [("000001", "涉密")]  # each item counts its own
    again = supervision_print.notice_pdf(db, from_document, T, user=JIYAO)
    assert marks(again.pdf) == [("000003", "机密")]
    assert printed(db, "supervision_item", from_document) == [
        "督办通知单第000001—000002份",
        "督办通知单第000003份",
    ]
    assert drift_after_upgrade(db) == []


def test_unclassified_agenda_notice_sheet_and_supervision_notice_carry_no_copy_number(world):
    """The same papers of unclassified content, printed by 机要 with 份数 asked, stay as they
    were: no 份号, no 密级, one copy, no number taken and no print entry."""
    db, org = world.db, world.org
    m = meetings.plan_meeting(
        db,
        CLERK,
        kind="executive",
        presider_id=org.p["李明远"],
        starts_at=_at(M_DAY + timedelta(1)),
    )
    with db.uow(CLERK.username) as s:
        item = AgendaItem(
            title="关于城区道路维修的议题",
            meeting_id=m.id,
            position=1,
            status="placed",
            department_id=org.u["自然资源局"],
        )
        s.add(item)
        s.flush()
        item_id = item.id
    task = supervision.create_item(
        db,
        CLERK,
        kind="major",
        title="督促完成道路维修",
        unit_id=org.u["自然资源局"],
        responsible_person="王局长",
        deadline=T + timedelta(days=30),
        assigned_on=T,
    )
    builds = (
        lambda **kw: meeting_print.agenda_pdf(db, m.id, user=JIYAO, **kw),
        lambda **kw: meeting_print.meeting_notice_pdf(db, m.id, T, user=JIYAO, **kw),
        lambda **kw: agenda_sheet.agenda_sheet_pdf(db, JIYAO, item_id, T, **kw),
        lambda **kw: supervision_print.notice_pdf(db, task.id, T, user=JIYAO, **kw),
    )
    for build in builds:
        result = build(copies=3)
        text = "".join(pages(result.pdf))
        assert not COPY.search(text) and "秘密" not in text and "涉密" not in text
        assert result.copy_numbers == [] and result.pages == build().pages  # one copy
    with db.read() as s:
        assert (
            s.get(Meeting, m.id).agenda_copies_printed,
            s.get(Meeting, m.id).notice_copies_printed,
        ) == (0, 0)
        assert s.get(AgendaItem, item_id).copies_printed == 0
        assert s.get(SupervisionItem, task.id).copies_printed == 0
    assert printed(db, "meeting", m.id) == printed(db, "agenda_item", item_id) == []
    assert printed(db, "supervision_item", task.id) == []
