"""R44 (第四十四条, with R23.6.3) for a confidential meeting (涉密会议) on both engines: its item
titles, minutes and decisions appear only for 机要/管理员 while the meeting itself stays listed, and
printing or overwriting its content is refused for the others and audited for 机要."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.models import AuditEntry
from desktop_app.rules.registry import RuleViolation
from desktop_app.services.meetings import agenda, agenda_meeting, decisions, minutes
from desktop_app.services.meetings import planning as meetings
from desktop_app.services.system import dashboard
from tests.integration.r44_links_support import (  # noqa: F401 - the org and world fixtures
    CLERK,
    ITEM_TITLE,
    JIYAO,
    M_DAY,
    MEETING_NEEDLE,
    MEETING_QUERIES,
    MINUTES_TEXT,
    ROLES,
    T,
    _walk_all,
    leaks,
    org_fixture,
    world_fixture,
)

MEETING_HIDDEN = "（涉密会议，内容不显示）"

# what 机要 sees the content in (the others name the meeting only)
MEETING_CONTENT = (
    "会议登记 list",
    "议题 register",
    "议题 search",
    "会议 agenda",
    "议题 open",
    "纪要 open",
    "纪要 of meeting",
    "决定事项 list",
    "决定事项 of meeting",
    "决定事项 open",
    "决定事项 overdue",
    "决定事项 xlsx",
)


def test_R44_confidential_meeting_content_only_for_the_classified_permission(world):
    """第四十四条 (R44, with R23.6.3): a confidential meeting's item titles, minutes and
    decisions appear for 机要 and 管理员 only, in every meetings / 议题 / minutes / decisions /
    export query; the others see the meeting (name, day, kind) with 「（涉密会议，内容不显示）」."""
    found, seen = _walk_all(world, MEETING_QUERIES)
    assert found == []
    for role in ("admin", "confidential"):  # allowed: the classified permission sees them
        for name in MEETING_CONTENT:
            assert seen[f"{role}: {name}"], f"{role} does not see the content in {name}"
    rec = minutes.get_minutes(world.db, world.minutes_id, JIYAO)
    assert any(MINUTES_TEXT in p for sec in rec.sections for p in sec.paragraphs)
    # refused side: the meeting is listed and named, its content hidden
    listed = [m for m in meetings.list_meetings(world.db, user=CLERK) if m.id == world.meeting_id]
    assert len(listed) == 1 and listed[0].confidential and listed[0].day == M_DAY
    hidden = minutes.get_minutes(world.db, world.minutes_id, CLERK)
    assert hidden.opening == MEETING_HIDDEN and hidden.state == "draft"
    assert [s.heading for s in hidden.sections] == [MEETING_HIDDEN]
    assert [
        d.content for d in decisions.list_decisions(world.db, world.meeting_id, user=CLERK)
    ] == [MEETING_HIDDEN]
    assert [
        i.title
        for i in agenda.list_items(world.db, world.meeting_id, user=CLERK)
        if i.id == world.item_id
    ] == [MEETING_HIDDEN]
    assert agenda.list_items(world.db, search=MEETING_NEEDLE, user=CLERK) == []  # no oracle
    items = [
        i
        for i in dashboard.collect(world.db, M_DAY)
        if i.ref_kind == "agenda_item" and i.ref_id == world.item_id
    ]
    assert items and all(MEETING_HIDDEN in i.title for i in items)  # reminded, not named


def _audits(db, table: str, record_id: int, action: str) -> list[tuple[str, str]]:
    """(actor, after_json) of the audit entries of `action` on the record."""
    with db.read() as s:
        return list(
            s.execute(
                select(AuditEntry.actor, AuditEntry.after_json).where(
                    AuditEntry.table_name == table,
                    AuditEntry.record_id == record_id,
                    AuditEntry.action == action,
                )
            ).all()
        )


def test_R44_confidential_minutes_print_refused_for_a_clerk_allowed_and_audited_for_jiyao(world):
    """第四十四条: printing confidential minutes (or the 议程 of a confidential meeting) as a
    文秘 is refused citing R44; as 机要 it prints and the print — and the open — is audited."""
    from desktop_app.services.meetings import printouts as meeting_print

    for user in (CLERK, ROLES["supervisor"], ROLES["readonly"]):
        with pytest.raises(RuleViolation) as exc:
            minutes.minutes_pdf(world.db, world.minutes_id, user=user)
        assert exc.value.rule_id == "R44" and "第四十四条" in str(exc.value)
        assert not leaks(exc.value)
        with pytest.raises(RuleViolation) as exc:
            meeting_print.agenda_pdf(world.db, world.meeting_id, user=user)
        assert exc.value.rule_id == "R44"
    with pytest.raises(RuleViolation):
        minutes.minutes_pdf(world.db, world.minutes_id)  # no account: no print
    assert _audits(world.db, "minutes", world.minutes_id, "print") == []
    # the notice goes to the members: printed for the clerk without the items
    notice = meeting_print.meeting_notice_pdf(world.db, world.meeting_id, T, user=CLERK)
    assert any("R44" in n or "第四十四条" in n for n in notice.notes)
    assert _audits(world.db, "meeting", world.meeting_id, "print") == []

    result = minutes.minutes_pdf(world.db, world.minutes_id, user=JIYAO, copies=2)
    assert result.pdf.startswith(b"%PDF")
    printed = _audits(world.db, "minutes", world.minutes_id, "print")
    assert [(actor, "000002" in (after or "")) for actor, after in printed] == [
        (JIYAO.username, True)
    ]
    meeting_print.agenda_pdf(world.db, world.meeting_id, user=JIYAO)
    assert [actor for actor, _after in _audits(world.db, "meeting", world.meeting_id, "print")] == [
        JIYAO.username
    ]
    before = len(_audits(world.db, "minutes", world.minutes_id, "view"))
    minutes.get_minutes(world.db, world.minutes_id, JIYAO)
    minutes.get_minutes(world.db, world.minutes_id, CLERK)  # hidden: nothing opened, no entry
    assert len(_audits(world.db, "minutes", world.minutes_id, "view")) == before + 1


def test_R44_confidential_meeting_content_is_not_overwritten_by_a_clerk(world):
    """第四十四条: an account that sees 「（涉密会议，内容不显示）」 cannot save the minutes, an
    item's title or its outcome over the text it cannot see; 机要 can."""
    rec = minutes.get_minutes(world.db, world.minutes_id, CLERK)
    with pytest.raises(RuleViolation) as exc:
        minutes.save_minutes(
            world.db,
            CLERK,
            rec.id,
            opening=MEETING_HIDDEN,
            sections=[(MEETING_HIDDEN, [])],
            expected_version=rec.version,
        )
    assert exc.value.rule_id == "R44"
    item = agenda.get_item(world.db, world.item_id, user=CLERK)
    with pytest.raises(RuleViolation):
        agenda.save_item(
            world.db,
            CLERK,
            title=item.title,
            category="deliberation",
            department_id=item.department_id,
            record_id=item.id,
            expected_version=item.version,
            today=T,
        )
    with pytest.raises(RuleViolation):
        agenda_meeting.record_outcome(
            world.db,
            CLERK,
            item.id,
            reporter="x",
            discussion="",
            conclusion="y",
            expected_version=item.version,
        )
    assert agenda.get_item(world.db, world.item_id, user=JIYAO).title == ITEM_TITLE
    full = minutes.get_minutes(world.db, world.minutes_id, JIYAO)
    saved = minutes.save_minutes(
        world.db,
        JIYAO,
        full.id,
        opening=full.opening,
        sections=full.sections,
        expected_version=full.version,
    )
    assert saved.opening == full.opening  # allowed for 机要
