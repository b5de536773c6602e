"""Each account is offered only the writes its role may take, as the services check them: the
外出报备, 会议 and 督办 panes hide a write button from an account the service would refuse at the
save (services.system.common.require / require_any), and keep the reads (查看, 打印, 导出)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPushButton

from desktop_app.services.system.common import CurrentUser

# Every write button of each pane, by the permissions its service function requires.
ABSENCE_WRITES = {  # services.absences: require(user, "records")
    "newAbsence",
    "recordApproval",
    "amendAbsence",
    "recordReturn",
    "reportBack",
    "writtenReport",
    "tripReport",
    "voidAbsence",
    "importAbsences",
}
ABSENCE_READS = {"printAbsenceForm", "printAbsenceList", "exportAbsences"}

MEETING_RECORD_WRITES = {  # services.meetings: require(user, "records")
    "planMeeting",
    "markHeld",
    "cancelMeeting",
    "sectorApproval",
    "addItem",
    "editItem",
    "recordStep",
    "placeOnMeeting",
    "recordEmergency",
    "placeItem",
    "removeItem",
    "moveItem",
    "recordOutcome",
    "sendBack",
    "editAttendance",
    "recordRestPresent",
    "addAttendee",
    "draftMinutes",
    "editMinutes",
    "advanceMinutes",
    "recordObjection",
    "settleObjection",
    "signMinutes",
    "issueMinutes",
    "correctMinutes",
    "publishMinutes",
    "importMeetings",
    "importDecisions",
}
MEETING_FOLLOW_UP = {"addDecision", "reportDone"}  # decisions: records or supervision (R29.3)
MEETING_READS = {
    "printNotice",
    "printAgenda",
    "exportMeetings",
    "printAgendaSheet",
    "previewMinutes",
    "exportDecisions",
}

SUPERVISION_WRITES = {  # services.supervision: require_supervision (records or supervision)
    "supFromDecision",
    "supNewItem",
    "supRequest",
    "supReport",
    "supStep",
    "supClose",
    "supEscalate",
    "supVoid",
    "importSupervision",
}
SUPERVISION_READS = {"supNotice", "supCircular", "supProposalSummary", "supExport"}

RECORD_KEEPERS = ("clerk", "confidential", "admin")  # 文秘, 机要, 管理员


def offered(pane) -> set[str]:
    """The names of the pane's buttons the account is shown (those not hidden from it)."""
    return {b.objectName() for b in pane.findChildren(QPushButton) if not b.isHidden()}


def pane_for(qtbot, demo_ctx, role: str, make):
    from ui.context import AppContext

    ctx = AppContext(demo_ctx.db, CurrentUser(f"u_{role}", "某人", role), today=demo_ctx.today)
    pane = make(ctx)
    qtbot.addWidget(pane)
    return pane


@pytest.mark.parametrize(
    ("role", "writes"),
    [
        ("readonly", set()),
        ("supervisor", set()),  # 督查 keeps no 外出报备
        *((role, ABSENCE_WRITES) for role in RECORD_KEEPERS),
    ],
)
def test_absences_pane_offers_the_writes_the_role_may_take(qtbot, demo_ctx, role, writes):
    from ui.panes.absences import AbsencesPane

    shown = offered(pane_for(qtbot, demo_ctx, role, AbsencesPane))
    assert shown & ABSENCE_WRITES == writes
    assert ABSENCE_READS <= shown


@pytest.mark.parametrize(
    ("role", "writes"),
    [
        ("readonly", set()),
        ("supervisor", MEETING_FOLLOW_UP),  # 督查 follows the decisions up, and nothing else
        *((role, MEETING_RECORD_WRITES | MEETING_FOLLOW_UP) for role in RECORD_KEEPERS),
    ],
)
def test_meetings_pane_offers_the_writes_the_role_may_take(qtbot, demo_ctx, role, writes):
    from ui.panes.meetings import MeetingsPane

    shown = offered(pane_for(qtbot, demo_ctx, role, MeetingsPane))
    assert shown & (MEETING_RECORD_WRITES | MEETING_FOLLOW_UP) == writes
    assert MEETING_READS <= shown


@pytest.mark.parametrize(
    ("role", "writes"),
    [
        ("readonly", set()),
        ("supervisor", SUPERVISION_WRITES),  # every 督办 write: require_supervision lets 督查
        *((role, SUPERVISION_WRITES) for role in RECORD_KEEPERS),
    ],
)
def test_supervision_pane_offers_the_writes_the_role_may_take(qtbot, demo_ctx, role, writes):
    from ui.panes.supervision import SupervisionPane

    shown = offered(pane_for(qtbot, demo_ctx, role, SupervisionPane))
    assert shown & SUPERVISION_WRITES == writes
    assert SUPERVISION_READS <= shown


def test_what_a_supervisor_is_offered_in_the_meetings_pane_the_service_accepts(qtbot, demo_ctx):
    """督查 is shown the two decision buttons only, and the service takes what they save: it adds
    a decision to a meeting and records it done (R29.3); what it is not shown (planning a
    meeting) the service refuses it."""
    from datetime import date, datetime

    from desktop_app.formatting import CHINA
    from desktop_app.services.directory import commands as directory
    from desktop_app.services.meetings import planning
    from desktop_app.services.system.common import PermissionDenied
    from tests.ui.conftest import choose, finish, open_errors, wait_loaded
    from ui.panes.meetings import MeetingsPane

    db = demo_ctx.db
    mayor = next(p.id for p in directory.list_persons(db) if p.name == "李明远")
    meeting = planning.plan_meeting(
        db,
        demo_ctx.user,
        kind="executive",
        starts_at=datetime(2026, 12, 3, 9, tzinfo=CHINA),
        presider_id=mayor,
    )
    pane = pane_for(qtbot, demo_ctx, "supervisor", MeetingsPane)
    assert offered(pane) & (MEETING_RECORD_WRITES | MEETING_FOLLOW_UP) == MEETING_FOLLOW_UP
    with pytest.raises(PermissionDenied):  # 新建会议, not shown to it
        planning.plan_meeting(
            db, pane.ctx.user, kind="executive", starts_at=meeting.starts_at, presider_id=mayor
        )
    pane.detail.show_meeting(meeting)
    wait_loaded(qtbot, pane.detail.decisions)
    dialog = pane.detail.add_decision()
    dialog.widgets["content"].setPlainText("抓紧完成冬季供暖设施检修。")
    choose(dialog, "unit_id", "住房和城乡建设局")
    dialog.widgets["deadline"].set_value(date(2026, 12, 31))
    assert finish(dialog.try_save()), open_errors()
    wait_loaded(qtbot, pane.detail.decisions)
    assert [d.content for d in pane.detail.decisions.model.rows] == ["抓紧完成冬季供暖设施检修。"]
    assert pane.detail.decisions.select_where(lambda d: True)
    dialog = pane.detail.report_done()
    dialog.widgets["report"].setPlainText("检修已完成，书面报告已收到。")
    assert finish(dialog.try_save()), open_errors()
    wait_loaded(qtbot, pane.detail.decisions)
    assert [d.report for d in pane.detail.decisions.model.rows] == ["检修已完成，书面报告已收到。"]
