"""The 用印 pane's formal documents (R45.1): an application for an issued 发文, picked by its
number in the form, or saved unlinked and linked from the detail."""

from __future__ import annotations

from tests.ui.conftest import choose, close_errors, finish, open_errors, wait_ops
from tests.ui.seals_pane_support import (
    TITLE,
    TODAY,
    add_active_seal,
    apply_for_use,
    window_fixture,  # noqa: F401 - the `window` fixture
)


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
