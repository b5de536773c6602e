"""The 用印 pane's 印章 tab: lending a seal, an overdue loan marked and opened from the
dashboard, and the catalogue's imprint, custodian and destruction before two witnesses."""

from __future__ import annotations

from datetime import datetime, timedelta

from tests.ui.conftest import choose, close_errors, finish, open_errors, wait_loaded, wait_ops
from tests.ui.seals_pane_support import (
    TODAY,
    add_active_seal,
    apply_for_use,
    select,
    window_fixture,  # noqa: F401 - the `window` fixture
)


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
