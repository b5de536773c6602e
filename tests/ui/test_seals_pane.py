"""The 用印 pane driven like a clerk would: put a seal into the catalogue and into use, apply for a
use of the government seal (not a formal document), try to record the use and see it refused for
the missing vice mayor's approval (R45.2), record the approval, record the use, then print the
用印审批单 and read the PDF's text. Also: the register tab, voiding, lending, the dashboard link."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from tests.pdf_text import pdftotext
from tests.ui.conftest import (
    close_errors,
    finish,
    open_errors,
    open_previews,
    wait_new_preview,
    wait_ops,
)

TODAY = date(2026, 11, 26)  # tests/ui/conftest.py: ctx.today
TITLE = "关于申请春耕生产资金的说明"


def choose(dialog, key: str, text: str) -> None:
    wait_ops()  # the form's pick lists are read through the runner
    combo = dialog.widgets[key]
    index = next(i for i in range(combo.count()) if combo.itemText(i).startswith(text))
    combo.setCurrentIndex(index)


def wait_loaded(qtbot, view) -> None:
    """Wait for the operations started so far (a save, an action and the reloads they start)
    and for the view's rows."""
    wait_ops()
    qtbot.waitUntil(lambda: not view.loading, timeout=5000)


def select(qtbot, view, predicate) -> None:
    view.reload()
    wait_loaded(qtbot, view)
    assert view.select_where(predicate)
    wait_ops()  # what the selection reads (the detail, the imprint)


def pdf_text(pdf: bytes) -> str:
    """The PDF's text without white space; the steps before it have run when poppler's
    pdftotext is missing (the layout these assertions read is pdftotext's)."""
    return "".join(pdftotext(pdf).split())


def last_preview(qtbot, before: list):
    return wait_new_preview(qtbot, before)


def previews() -> list:
    return open_previews()


@pytest.fixture
def window(qtbot, demo_ctx):
    from ui.main_window import MainWindow

    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    return win


def add_active_seal(qtbot, pane, name: str = "同江市人民政府印", kind: str = "gov") -> None:
    """Through the 印章 tab: 刻制 (new seal), then 启用."""
    tab = pane.catalogue
    pane.tabs.setCurrentWidget(tab)
    dialog = tab.add_seal()
    dialog.widgets["name"].setText(name)
    dialog.widgets["kind"].setCurrentIndex(dialog.widgets["kind"].findData(kind))
    dialog.widgets["document"].setText("同编办〔2021〕3号")
    assert finish(dialog.try_save()), open_errors()
    select(qtbot, tab.seals, lambda s: s.name == name)
    dialog = tab.change_status()
    dialog.widgets["document"].setText("启用通知")
    assert finish(dialog.try_save()), open_errors()
    select(qtbot, tab.seals, lambda s: s.name == name)
    assert tab.seals.current().status_name == "启用"


def apply_for_use(qtbot, pane) -> object:
    pane.tabs.setCurrentIndex(0)
    pane.activate()
    dialog = pane.new_application()
    choose(dialog, "unit_id", "农业农村局")
    dialog.widgets["handler"].setText("王经办")
    dialog.widgets["contact"].setText("13904560001")
    dialog.widgets["title"].setText(TITLE)
    dialog.widgets["copies"].setValue(3)
    choose(dialog, "seal_id", "同江市人民政府印")
    dialog.widgets["purpose"].setPlainText("报送省农业农村厅")
    assert finish(dialog.try_save()), open_errors()
    qtbot.waitUntil(
        lambda: pane.detail.app is not None and pane.detail.app.title == TITLE, timeout=5000
    )
    return pane.detail.app


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


def issued_notice(window, title: str = "关于做好春耕生产的通知") -> int:
    """A 市政府 notice drafted by 农业农村局, its chain signed and numbered through the outgoing
    register's services (the demo directory: 孙立新 in charge, the office's head reviews,
    张海峰 signs as 常务副市长)."""
    from db.models import Unit
    from desktop_app.services.directory import queries as q
    from desktop_app.services.documents import outgoing

    ctx = window.ctx
    with ctx.db.read() as s:
        unit = s.query(Unit.id).filter(Unit.name == "农业农村局").scalar()
        office = s.query(Unit.id).filter(Unit.name == "市政府办公室").scalar()
        office_head = q.holder(s, "unit_head", TODAY, office).person_id
        signer = {
            "exec_vice_mayor": q.holder(s, "exec_vice_mayor", TODAY).person_id,
            "mayor": q.holder(s, "mayor", TODAY).person_id,
        }
    doc = outgoing.create_outgoing(
        ctx.db,
        ctx.user,
        issuer="government",
        doc_type="通知",
        title=title,
        drafting_unit_id=unit,
        drafted_on=TODAY,
    )
    for line in outgoing.signoff_checklist(ctx.db, ctx.user, doc.id, TODAY):
        person = line.for_person_id or (
            office_head
            if line.step_key == "office_review"
            else signer["mayor" if line.label.startswith("市长签发") else "exec_vice_mayor"]
        )
        outgoing.record_signoff(
            ctx.db,
            ctx.user,
            doc.id,
            step_key=line.step_key,
            person_id=person,
            signed_on=TODAY,
            for_person_id=line.for_person_id,
        )
    return outgoing.issue_outgoing(
        ctx.db, ctx.user, doc.id, issued_on=TODAY, expected_version=None
    ).id


def fill_application(dialog, title: str = TITLE) -> None:
    choose(dialog, "unit_id", "农业农村局")
    dialog.widgets["handler"].setText("王经办")
    dialog.widgets["title"].setText(title)
    dialog.widgets["copies"].setValue(2)
    choose(dialog, "seal_id", "同江市人民政府印")
    dialog.widgets["purpose"].setPlainText("印发")


def test_R45_1_formal_document_picked_by_its_number_then_sealed(qtbot, window):
    pane = window.show_pane("用印")
    add_active_seal(qtbot, pane)
    doc_id = issued_notice(window)
    pane.tabs.setCurrentIndex(0)
    dialog = pane.new_application()
    fill_application(dialog, "关于做好春耕生产的通知")
    dialog.widgets["is_formal"].setChecked(True)
    # 1. marked formal with no linked record: refused under 第四十五条, input kept
    assert not finish(dialog.try_save())
    errors = open_errors()
    assert any("第四十五条" in e and "R45.1" in e and "未关联发文" in e for e in errors), errors
    close_errors()
    assert dialog.isVisible() and dialog.widgets["is_formal"].isChecked()
    # 2. a bounded search by number lists the issued record; its number, title, issuer shown
    dialog.widgets["outgoing_number"].setText("〔2026〕1号")
    dialog.search_outgoing()
    wait_ops()
    combo = dialog.widgets["outgoing_id"]
    assert combo.count() == 2 and combo.currentData() == doc_id
    info = dialog.widgets["outgoing_info"]
    assert info.isReadOnly()
    assert "同政发〔2026〕1号" in info.text() and "关于做好春耕生产的通知" in info.text()
    assert "发文机关：市政府" in info.text()
    assert finish(dialog.try_save()), open_errors()
    qtbot.waitUntil(lambda: pane.detail.app is not None and pane.detail.app.is_formal, timeout=5000)
    app = pane.detail.app
    assert [(i.code, i.done) for i in app.checklist] == [("sign_off", True)]
    assert "同政发〔2026〕1号" in pane.detail.summary.text()
    assert pane.detail.buttons["linkOutgoing"].isHidden()
    dialog = pane.detail.record_use()
    dialog.widgets["supervisor"].setText("赵监印")
    dialog.widgets["no_blank_paper"].setChecked(True)
    assert finish(dialog.try_save()), open_errors()
    assert pane.detail.app.status == "used"


def test_R45_1_application_saved_unlinked_is_linked_from_the_detail(qtbot, window):
    from PySide6.QtWidgets import QLabel

    from db.models.seals import SealApplication
    from ui.widgets.form import FormDialog

    pane = window.show_pane("用印")
    add_active_seal(qtbot, pane)
    app = apply_for_use(qtbot, pane)
    with window.ctx.db.uow("wenmi") as s:  # as an older version saved it: formal, no link
        s.get(SealApplication, app.id).is_formal = True
    doc_id = issued_notice(window)
    pane.open_record("seal_application", app.id)
    qtbot.waitUntil(lambda: pane.detail.app is not None and pane.detail.app.is_formal, timeout=5000)
    detail = pane.detail
    assert "未关联发文" in detail.summary.text()
    assert "未关联发文" in detail.findChild(QLabel, "checklistState_sign_off").text()
    button = detail.buttons["linkOutgoing"]
    assert not button.isHidden() and button.isEnabled()
    button.click()
    dialog = detail.findChild(FormDialog, "sealLinkOutgoingDialog")
    dialog.widgets["outgoing_number"].setText("同政发")
    dialog.search_outgoing()
    wait_ops()
    assert dialog.widgets["outgoing_id"].currentData() == doc_id
    assert finish(dialog.try_save()), open_errors()
    assert detail.app.ready and detail.buttons["linkOutgoing"].isHidden()


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


def test_lending_overdue_is_marked_and_the_dashboard_opens_the_records(qtbot, window):
    from PySide6.QtWidgets import QCheckBox

    from desktop_app.services.seals import dashboard as dashboard_seals

    pane = window.show_pane("用印")
    add_active_seal(qtbot, pane)
    tab = pane.catalogue
    select(qtbot, tab.seals, lambda s: s.name == "同江市人民政府印")
    dialog = tab.lend()
    dialog.widgets["borrower"].setText("王经办")
    dialog.widgets["purpose"].setPlainText("赴省厅签约")
    wait_ops()
    approver = dialog.widgets["approver_id"]
    # Who may approve taking the government seal out that day is offered first, the mayor
    # proposed; a vice mayor only behind 「显示全部」.
    assert approver.currentText().startswith("李明远")
    assert not any(approver.itemText(i).startswith("孙立新") for i in range(approver.count()))
    dialog.findChild(QCheckBox, "showAll_approver_id").setChecked(True)
    choose(dialog, "approver_id", "孙立新")  # a vice mayor may not approve: refused, kept open
    assert not finish(dialog.try_save())
    close_errors()
    choose(dialog, "approver_id", "李明远")
    start = datetime(2026, 11, 20, 9, 0)
    dialog.widgets["taken_at"].setDateTime(start)
    dialog.widgets["due_back_at"].setDateTime(start + timedelta(hours=8))
    dialog.widgets["approved_on"].setDate(dialog.widgets["approved_on"].date().addDays(-6))
    assert finish(dialog.try_save()), open_errors()
    wait_loaded(qtbot, tab.loans)
    [loan] = tab.loans.model.rows
    assert tab.loans.model.index(0, 8).data() == "⚠ 逾期未还"

    # the dashboard's overdue loan and pending application open the record in the pane
    [item] = dashboard_seals.overdue_loan_items(window.ctx.db, TODAY)
    pane.tabs.setCurrentIndex(0)
    pane.open_record(item.ref_kind, item.ref_id)
    assert pane.tabs.currentWidget() is tab
    qtbot.waitUntil(lambda: tab.loans.current() is not None, timeout=5000)
    assert tab.loans.current().id == loan.id
    app = apply_for_use(qtbot, pane)
    pane.detail.show_application(None)
    [item] = dashboard_seals.application_items(window.ctx.db, TODAY)
    pane.open_record(item.ref_kind, item.ref_id)
    qtbot.waitUntil(lambda: pane.detail.app is not None, timeout=5000)
    assert pane.detail.app.id == app.id


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


def test_catalogue_imprint_custodian_and_destruction_needs_two_witnesses(qtbot, window, tmp_path):
    from PySide6.QtGui import QColor, QImage

    pane = window.show_pane("用印")
    tab = pane.catalogue
    pane.tabs.setCurrentWidget(tab)
    scan = tmp_path / "印模.png"
    image = QImage(60, 60, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    image.save(str(scan))
    dialog = tab.add_seal()
    dialog.widgets["name"].setText("同江市人民政府办公室印")
    dialog.widgets["kind"].setCurrentIndex(dialog.widgets["kind"].findData("office"))
    dialog.widgets["imprint"].setText(str(scan))
    assert finish(dialog.try_save()), open_errors()
    select(qtbot, tab.seals, lambda s: s.name == "同江市人民政府办公室印")
    assert tab.imprint.pixmap() is not None and not tab.imprint.pixmap().isNull()

    dialog = tab.hand_over()
    dialog.widgets["custodian"].setText("赵监印")
    assert finish(dialog.try_save()), open_errors()
    select(qtbot, tab.seals, lambda s: s.name == "同江市人民政府办公室印")
    assert tab.seals.current().custodian == "赵监印"
    wait_loaded(qtbot, tab.custody)
    assert [c.custodian for c in tab.custody.model.rows] == ["赵监印"]

    dialog = tab.change_status()
    dialog.widgets["event"].setCurrentIndex(dialog.widgets["event"].findData("destroyed"))
    dialog.widgets["document"].setText("销毁批复")
    dialog.widgets["witness_1"].setText("甲")
    assert not finish(dialog.try_save())  # one witness only: refused, dialog kept
    assert any("两名不同的监销人" in e for e in open_errors())
    close_errors()
    dialog.widgets["witness_2"].setText("乙")
    assert finish(dialog.try_save()), open_errors()
    select(qtbot, tab.seals, lambda s: s.name == "同江市人民政府办公室印")
    wait_loaded(qtbot, tab.history)
    assert [e.event_name for e in tab.history.model.rows] == ["刻制", "销毁"]


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
