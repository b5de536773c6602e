"""「扫码登记」 in the main window: the code read back from a printed 发文稿纸 or 收文处理笺, typed
into the box as a USB scanner types it (plus Enter), opens the record in 公文 with the form of
its next step and the step's signer pre-selected; nothing is recorded by the scan. A code the
account may not open (R44) and unknown text are refused in Chinese. The print buttons build the
sheets through the print preview."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt

from desktop_app.services.documents import incoming, outgoing, sheets
from desktop_app.services.system.common import CurrentUser
from tests.sheet_checker import decode_codes
from tests.ui.conftest import close_errors, open_errors, wait_ops


@pytest.fixture
def window(qtbot, demo_ctx):
    from ui.main_window import MainWindow

    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    win.resize(1366, 728)
    win.show()
    qtbot.waitExposed(win)
    return win


def _ids(ctx) -> dict[str, int]:
    from sqlalchemy import select

    from db.models import Person, Unit

    with ctx.db.read() as s:
        out = dict(s.execute(select(Person.name, Person.id)).all())
        out.update(s.execute(select(Unit.name, Unit.id)).all())
    return out


def _scan(qtbot, window, text: str) -> None:
    box = window.scan_box
    box.setFocus()
    if text.isascii():
        qtbot.keyClicks(box, text)  # the scanner types like a keyboard …
    else:
        box.insert(text)  # a number typed through the input method, committed at once
    qtbot.keyClick(box, Qt.Key.Key_Return)  # … and ends with Enter
    wait_ops()


def test_scan_a_sign_sheet_code_lands_on_the_next_signoff_with_the_signer(qtbot, window):
    ctx = window.ctx
    ids = _ids(ctx)
    d = outgoing.create_outgoing(
        ctx.db,
        ctx.user,
        issuer="government",
        doc_type="通知",
        title="关于做好2027年春耕生产工作的通知",
        drafting_unit_id=ids["农业农村局"],
        drafted_on=ctx.today(),
        main_to="各乡镇人民政府",
    )
    pdf = sheets.outgoing_sheet_pdf(ctx.db, ctx.user, d.id, ctx.today()).pdf
    [token] = decode_codes(pdf)
    window.show_pane("会议")  # the box is at hand on any pane
    _scan(qtbot, window, token.lower())  # Caps Lock off on the scanner: still found
    box = window.scan_box
    assert box.last is not None and box.last.ref_id == d.id
    qtbot.waitUntil(lambda: box.landed is not None, timeout=10_000)
    wait_ops()
    dialog = box.landed
    assert dialog.objectName() == "signoffDialog"
    assert dialog.widgets["step"].currentData() == f"vice_mayor_agree:{ids['孙立新']}"
    assert dialog.widgets["person_id"].currentData() == ids["孙立新"]
    assert window.nav.currentItem().text() == "公文"
    assert "下一步：分管副市长同意" in window.statusBar().currentMessage()
    dialog.reject()
    # nothing was recorded by the scan
    assert not any(x.done for x in outgoing.signoff_checklist(ctx.db, ctx.user, d.id))


def test_typed_incoming_number_opens_the_reading_form_with_the_routed_leader(qtbot, window):
    ctx = window.ctx
    ids = _ids(ctx)
    d = incoming.register_document(
        ctx.db,
        ctx.user,
        received_at=datetime(2026, 11, 26, 1, tzinfo=UTC),
        sender="佳木斯市人民政府办公室",
        title="关于做好冬季安全生产工作的通知",
        doc_type="通知",
        nature="action",
    )
    d = incoming.propose(ctx.db, ctx.user, d.id, "呈孙副市长阅示。", d.version)
    d = incoming.route(
        ctx.db,
        ctx.user,
        d.id,
        to="vice_mayor",
        today=ctx.today(),
        leader_id=ids["孙立新"],
        expected_version=d.version,
    )
    _scan(qtbot, window, d.number)
    box = window.scan_box
    qtbot.waitUntil(lambda: box.landed is not None, timeout=10_000)
    wait_ops()
    assert box.landed.objectName() == "readingDialog"
    assert box.landed.widgets["who"].currentData() == f"p:{ids['孙立新']}"
    box.landed.reject()


def test_scan_refused_for_a_classified_record_and_for_unknown_text(qtbot, window, demo_ctx):
    from desktop_app.services.documents import incoming as inc

    jiyao = CurrentUser("jiyao", "机要员", "confidential")
    d = inc.register_document(
        demo_ctx.db,
        jiyao,
        received_at=datetime(2026, 11, 26, 1, tzinfo=UTC),
        sender="黑龙江省人民政府办公厅",
        title="关于边境管控的通知",
        doc_type="通知",
        nature="notice",
        secrecy="秘密",
        secrecy_term="10年",
        copies=1,
        copy_numbers="001",
    )
    window.ctx = type(demo_ctx)(
        demo_ctx.db, CurrentUser("wenmi", "文秘甲", "clerk"), demo_ctx.today
    )
    _scan(qtbot, window, d.number)
    assert any("涉密" in t for t in open_errors()), open_errors()
    close_errors()
    _scan(qtbot, window, "不是编号")
    assert any("没有找到" in t for t in open_errors()), open_errors()
    close_errors()
    assert window.scan_box.landed is None


def test_print_sheet_buttons_open_the_preview(qtbot, window):
    pane = window.show_pane("公文")
    wait_ops()
    tab = pane.incoming
    assert tab.findChild(type(tab.buttons["readIncoming"]), "printIncomingSheet") is not None
    assert pane.outgoing.findChild(type(tab.buttons["readIncoming"]), "printOutgoingSheet")
