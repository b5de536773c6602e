"""「扫码登记」 for the 议题审批表 and the 督办通知单 (issue 19): the scanned code (or 「议题12」
「督办12」 typed) opens the record and its step form — 记录审批环节 / 登记审批环节 — on the first
step not on record with the step's signer pre-selected (the vice mayor in charge of the unit);
nothing is recorded by the scan. A read-only account reprints a sheet that has its code, and for
one never printed is told who prints the first."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from desktop_app.services.documents import incoming
from desktop_app.services.meetings import agenda, agenda_sheet
from desktop_app.services.supervision import commands, printouts, steps
from desktop_app.services.system.common import CurrentUser
from tests.sheet_checker import decode_codes
from tests.ui.conftest import close_errors, new_previews, open_errors, open_previews, wait_ops
from tests.ui.test_sheet_scan import _ids, _scan


def _window(qtbot, ctx):
    from ui.main_window import MainWindow

    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.resize(1366, 728)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def window(qtbot, demo_ctx):
    yield _window(qtbot, demo_ctx)
    close_errors()


def _landed(qtbot, window):
    box = window.scan_box
    qtbot.waitUntil(lambda: box.landed is not None, timeout=10_000)
    wait_ops()
    return box.landed


def test_scan_an_agenda_sheet_opens_record_step_on_the_next_step_with_its_signer(qtbot, window):
    ctx = window.ctx
    ids = _ids(ctx)
    item = agenda.save_item(
        ctx.db,
        ctx.user,
        title="关于农村供水工程建设的议题",
        category="deliberation",
        department_id=ids["农业农村局"],
        today=ctx.today(),
    )
    pdf = agenda_sheet.agenda_sheet_pdf(ctx.db, ctx.user, item.id, ctx.today()).pdf
    [token] = decode_codes(pdf)
    v = agenda.get_item(ctx.db, item.id).version
    agenda.record_step(
        ctx.db, ctx.user, item.id, "coordination", ctx.today(), expected_version=v, method="会签"
    )
    window.show_pane("公文")  # scanned from another pane
    _scan(qtbot, window, token)
    dialog = _landed(qtbot, window)
    assert dialog.objectName() == "stepDialog"
    assert dialog.widgets["step"].currentData() == "sponsor_signed"
    assert dialog.widgets["by"].currentData() == ids["孙立新"]  # in charge of 农业农村局
    assert window.nav.currentItem().text() == "会议"
    assert "下一步：分管副市长审定签字" in window.statusBar().currentMessage()
    dialog.reject()
    # nothing recorded by the scan
    assert agenda.get_item(ctx.db, item.id).version == v + 1


def test_typed_supervision_number_opens_the_step_form_with_the_vice_mayor_in_charge(qtbot, window):
    from desktop_app.services.absences import in_charge

    ctx = window.ctx
    ids = _ids(ctx)
    item = commands.create_item(
        ctx.db,
        ctx.user,
        kind="major",
        title="处置报废公务车辆",
        unit_id=ids["财政局"],
        responsible_person="徐东升",
        deadline=date(2026, 12, 20),
        assigned_on=ctx.today(),
        matter="fiscal",
    )
    with ctx.db.read() as s:
        vm = in_charge.find(s, ctx.today(), unit_id=ids["财政局"])
    pdf = printouts.notice_pdf(ctx.db, item.id, ctx.today(), user=ctx.user).pdf
    [token] = decode_codes(pdf)
    _scan(qtbot, window, token)
    dialog = _landed(qtbot, window)
    assert dialog.objectName() == "supervisionStepDialog"
    assert dialog.widgets["step"].currentData() == "vm_review"
    assert dialog.widgets["signer_id"].currentData() == vm.person_id
    assert window.nav.currentItem().text() == "督办"
    dialog.reject()
    window.scan_box.landed = None

    _scan(qtbot, window, f"督办{item.id}")  # the number typed: the same landing
    dialog = _landed(qtbot, window)
    assert dialog.widgets["step"].currentData() == "vm_review"
    dialog.reject()
    assert steps.steps_of(ctx.db, item.id) == []  # nothing recorded by the scans


def test_read_only_account_reprints_a_coded_sheet_and_is_told_who_prints_the_first(qtbot, demo_ctx):
    from PySide6.QtWidgets import QPushButton

    d = incoming.register_document(
        demo_ctx.db,
        demo_ctx.user,
        received_at=datetime(2026, 11, 26, 1, tzinfo=UTC),
        sender="佳木斯市人民政府办公室",
        title="关于做好冬季安全生产工作的通知",
        doc_type="通知",
        nature="action",
    )
    reader = type(demo_ctx)(demo_ctx.db, CurrentUser("duzhe", "只读甲", "readonly"), demo_ctx.today)
    window = _window(qtbot, reader)
    pane = window.show_pane("公文")
    tab = pane.incoming
    wait_ops()
    qtbot.waitUntil(lambda: not tab.view.loading, timeout=5000)
    assert tab.view.select_where(lambda r: r.id == d.id)
    wait_ops()
    button = tab.findChild(QPushButton, "printIncomingSheet")
    assert button.isEnabled()
    shown = open_previews()
    button.click()
    wait_ops()
    assert any(
        "还没有打印过" in t and "须由管理员、文秘、机要账户打印" in t for t in open_errors()
    ), open_errors()
    close_errors()
    assert new_previews(shown) == []

    from desktop_app.services.documents import sheets

    sheets.incoming_sheet_pdf(demo_ctx.db, demo_ctx.user, d.id, demo_ctx.today())  # a clerk
    button.click()
    wait_ops()
    assert not open_errors()
    [reprint] = new_previews(shown)  # the reprint, in the preview
    reprint.close()


def test_a_read_only_account_scanning_a_sheet_sees_the_record_and_no_step_form(qtbot, demo_ctx):
    """The scan opens the step form only for an account that may record the step (the pane
    offers 只读 no write button either): a 只读 account is shown the record and told it may
    only look at it, not left to fill in a form the save then refuses."""
    ctx = demo_ctx
    ids = _ids(ctx)
    item = agenda.save_item(
        ctx.db,
        ctx.user,
        title="关于城区供热管网改造的议题",
        category="deliberation",
        department_id=ids["农业农村局"],
        today=ctx.today(),
    )
    agenda_sheet.agenda_sheet_pdf(ctx.db, ctx.user, item.id, ctx.today())  # printed by a clerk
    reader = type(ctx)(ctx.db, CurrentUser("duzhe", "只读甲", "readonly"), ctx.today)
    window = _window(qtbot, reader)
    _scan(qtbot, window, f"议题{item.id}")
    box = window.scan_box
    qtbot.waitUntil(lambda: box.last is not None, timeout=10_000)
    qtbot.wait(600)  # as long as the landing would take to open the form
    wait_ops()
    assert box.landed is None
    assert "只能查看" in window.statusBar().currentMessage()
    pane = window.show_pane("会议")
    assert pane.items.current() is not None and pane.items.current().id == item.id
    close_errors()
