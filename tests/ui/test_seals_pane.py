"""The 用印 pane driven like a clerk would: put a seal into the catalogue and into use, apply for a
use of the government seal (not a formal document), try to record the use and see it refused for
the missing vice mayor's approval (R45.2), record the approval, record the use, then print the
用印审批单 and read the PDF's text. Also: the register tab, voiding."""

from __future__ import annotations

from datetime import datetime

from tests.pdf_text import pdftotext
from tests.ui.conftest import (
    close_errors,
    finish,
    open_errors,
    open_previews,
    wait_loaded,
    wait_new_preview,
    wait_ops,
)
from tests.ui.seals_pane_support import (
    TITLE,
    TODAY,
    add_active_seal,
    apply_for_use,
    select,
    window_fixture,  # noqa: F401 - the `window` fixture
)


def pdf_text(pdf: bytes) -> str:
    """The PDF's text without white space; the steps before it have run when poppler's
    pdftotext is missing (the layout these assertions read is pdftotext's)."""
    return "".join(pdftotext(pdf).split())


def last_preview(qtbot, before: list):
    return wait_new_preview(qtbot, before)


def previews() -> list:
    return open_previews()


def test_R45_2_apply_refused_without_vice_mayor_then_approved_used_and_printed(
    qtbot, window, tmp_path
):
    from PySide6.QtWidgets import QLabel

    from ui.widgets.form import FormDialog

    pane = window.show_pane("用印")
    add_active_seal(qtbot, pane)
    app = apply_for_use(qtbot, pane)
    detail = pane.detail
    assert app.number == "用印〔2026〕1号" and app.status == "pending"
    assert [i.rule_id for i in app.checklist] == ["R45.2"]
    assert "recordApproval_vice_mayor" in {b.objectName() for b in detail.item_buttons.values()}

    # 1. recording the use before the vice mayor signed is refused (R45.2), input kept
    dialog = detail.record_use()
    dialog.widgets["supervisor"].setText("赵监印")
    dialog.widgets["no_blank_paper"].setChecked(True)
    assert not finish(dialog.try_save())
    errors = open_errors()
    assert any("第四十五条" in e and "R45.2" in e and "分管副市长签批" in e for e in errors), errors
    assert dialog.isVisible() and dialog.widgets["supervisor"].text() == "赵监印"
    close_errors()
    dialog.reject()

    # 2. the vice mayor in charge of 农业农村局 signs: derived from the directory and shown
    # read-only; the clerk confirms, never chooses another leader (R45.2)
    detail.item_buttons["vice_mayor"].click()
    dialog = detail.findChild(FormDialog, "sealApprovalDialog")
    wait_ops()  # the signers and who is in charge are read through the runner
    shown = dialog.widgets["in_charge"]
    assert shown.isReadOnly() and shown.text().startswith("孙立新") and "农业农村局" in shown.text()
    combo = dialog.widgets["person_id"]
    assert [combo.itemText(i) for i in range(combo.count())] == ["（请选择）", "孙立新（副市长）"]
    assert dialog.widgets["person_id"].currentText().startswith("孙立新")
    dialog.widgets["opinion"].setPlainText("同意。")
    assert finish(dialog.try_save()), open_errors()
    assert detail.app.status == "approved" and detail.app.ready
    assert "孙立新" in detail.findChild(QLabel, "checklistState_vice_mayor").text()

    # 3. the use is recorded: numbered in the register
    dialog = detail.record_use()
    dialog.widgets["copies_stamped"].setValue(3)
    dialog.widgets["supervisor"].setText("赵监印")
    dialog.widgets["no_blank_paper"].setChecked(True)
    scan = tmp_path / "用印页.pdf"
    scan.write_bytes(b"%PDF-1.4 stamped pages")
    dialog.widgets["scan"].setText(str(scan))
    assert finish(dialog.try_save()), open_errors()
    assert detail.app.status == "used" and detail.app.active_use.seq == 1
    assert detail.app.active_use.scan_sha256  # the scan is kept with the entry
    wait_loaded(qtbot, detail.uses)
    assert detail.uses.model.rowCount() == 1

    # 4. the printed 用印审批单 carries the number, the title and the approver
    before = previews()
    detail.buttons["printForm"].click()
    preview = last_preview(qtbot, before)
    text = pdf_text(preview.pdf)
    assert "同江市人民政府用印审批单" in text and "用印〔2026〕1号" in text
    assert TITLE in text and "同意。" in text
    assert "签字：孙立新" in text and "监印人赵监印" in text
    preview.close()

    # 5. the register tab lists the entry; 打印登记簿 shows it
    pane.tabs.setCurrentWidget(pane.register)
    wait_loaded(qtbot, pane.register.view)
    rows = pane.register.view.model.rows
    assert [(r.number, r.approvers) for r in rows] == [("用印〔2026〕1号", "孙立新（副市长）")]
    before = previews()
    pane.register.print_register()
    preview = last_preview(qtbot, before)
    assert "用印登记簿" in pdf_text(preview.pdf)
    preview.close()


def test_LOG_void_a_register_entry_keeps_it_marked_and_exports(
    qtbot, window, tmp_path, monkeypatch
):
    from openpyxl import load_workbook
    from PySide6.QtWidgets import QFileDialog, QPushButton

    from desktop_app.formatting import CHINA
    from desktop_app.services import seals
    from desktop_app.services.directory import commands as directory

    ctx = window.ctx
    pane = window.show_pane("用印")
    add_active_seal(qtbot, pane)
    app = apply_for_use(qtbot, pane)
    people = {p.name: p.id for p in directory.list_persons(ctx.db)}
    seals.record_approval(
        ctx.db, ctx.user, app.id, "vice_mayor", signed_on=TODAY, person_id=people["孙立新"]
    )
    seals.record_use(
        ctx.db,
        ctx.user,
        app.id,
        used_at=datetime(2026, 11, 26, 10, tzinfo=CHINA),
        copies_stamped=3,
        supervisor="赵监印",
        no_blank_paper=True,
    )
    tab = pane.register
    pane.tabs.setCurrentWidget(tab)
    select(qtbot, tab.view, lambda r: r.serial == 1)
    op = tab.void_entry()
    assert finish(op), open_errors()
    dialog = op.result
    assert not finish(dialog.try_save())  # a reason is required
    close_errors()
    dialog.widgets["reason"].setPlainText("份数登记错误")
    assert finish(dialog.try_save()), open_errors()
    wait_loaded(qtbot, tab.view)
    [row] = tab.view.model.rows
    assert row.voided and row.remarks.startswith("作废：份数登记错误")
    assert not tab.view.findChild(QPushButton, "voidRegisterEntry").isEnabled()  # voided row
    path = tmp_path / "登记簿.xlsx"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(path), "Excel (*.xlsx)"))
    )
    tab.export()
    wait_ops()
    ws = load_workbook(path).active
    assert [c.value for c in ws[2]][15:17] == ["作废", "份数登记错误"]


def test_approval_withdrawn_then_application_voided_from_the_detail(qtbot, window):
    from PySide6.QtWidgets import QPushButton

    from ui.widgets.form import FormDialog

    pane = window.show_pane("用印")
    add_active_seal(qtbot, pane)
    apply_for_use(qtbot, pane)
    detail = pane.detail
    detail.item_buttons["vice_mayor"].click()
    dialog = detail.findChild(FormDialog, "sealApprovalDialog")
    assert finish(dialog.try_save()), open_errors()
    assert detail.app.status == "approved"
    detail.findChild(QPushButton, "voidApproval_vice_mayor").click()
    dialog = detail.findChild(FormDialog, "sealVoidApprovalDialog")
    dialog.widgets["reason"].setPlainText("签批人选错")
    assert finish(dialog.try_save()), open_errors()
    assert detail.app.status == "pending" and "vice_mayor" in detail.item_buttons
    dialog = pane.detail.void_application()
    dialog.widgets["reason"].setPlainText("申请有误")
    assert finish(dialog.try_save()), open_errors()
    assert pane.detail.app.status == "voided"
    assert not pane.detail.buttons["recordUse"].isEnabled()
    assert pane.detail.buttons["printForm"].isEnabled()


def test_table_models_pass_the_model_tester(qtbot, qtmodeltester, window):
    pane = window.show_pane("用印")
    add_active_seal(qtbot, pane)
    apply_for_use(qtbot, pane)
    for tab in (pane.register, pane.reconciliation, pane.catalogue, pane.tabs.widget(0)):
        pane.tabs.setCurrentWidget(tab)
    views = [
        pane.applications,
        pane.detail.uses,
        pane.register.view,
        pane.reconciliation.view,
        pane.catalogue.seals,
        pane.catalogue.history,
        pane.catalogue.custody,
        pane.catalogue.loans,
    ]
    for view in views:
        view.reload()
        wait_loaded(qtbot, view)
        qtmodeltester.check(view.model, force_py=True)
    assert pane.applications.model.rowCount() == 1 and pane.catalogue.seals.model.rowCount() == 1


def test_readonly_account_sees_the_register_but_cannot_change_it(qtbot, window):
    from PySide6.QtWidgets import QPushButton

    from desktop_app.services.system.common import CurrentUser
    from ui.context import AppContext
    from ui.panes.seals import SealsPane

    pane = window.show_pane("用印")
    add_active_seal(qtbot, pane)
    app = apply_for_use(qtbot, pane)
    ctx = window.ctx
    viewer = AppContext(ctx.db, CurrentUser("chakan", "查看", "readonly"), today=ctx.today)
    ro = SealsPane(viewer)
    qtbot.addWidget(ro)
    ro.open_record("seal_application", app.id)
    qtbot.waitUntil(lambda: ro.detail.app is not None, timeout=5000)
    assert ro.detail.buttons["printForm"].isEnabled()
    for name in ("recordUse", "voidApplication", "optionalOpinion"):
        assert not ro.detail.buttons[name].isEnabled(), name
    assert not ro.detail.item_buttons["vice_mayor"].isEnabled()
    for name in ("newApplication", "addSeal", "lendSeal", "voidRegisterEntry", "voidUse"):
        assert ro.findChild(QPushButton, name).isHidden(), name
