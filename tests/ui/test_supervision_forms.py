"""The 督办 pane's row forms driven like a clerk would (demo government, today 2026-11-26): 提交协调
(R71), 作废 and 登记审批环节 (R13) each filled and saved, the record changed; a refusal keeps the
form open with what was typed. Then a report's attached file opened and saved from the detail,
a provisional reply deadline marked 暂定 (CAL1, R59), the 按单位汇总 tab, and the R72 yearly
summary printed."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtWidgets import QPushButton

from desktop_app.formatting import CHINA
from tests.pdf_text import pdftotext
from tests.ui.conftest import choose, close_errors, finish, open_errors, wait_loaded, wait_ops
from tests.ui.test_absences_pane import set_date
from tests.ui.test_supervision_pane import TODAY, _dialog

SCAN = b"%PDF-1.4 scan of the unit's report " * 100


@pytest.fixture
def pane(qtbot, demo_ctx):
    from ui.main_window import MainWindow

    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    p = win.show_pane("督办")
    wait_loaded(qtbot, p.view)
    yield p
    close_errors()


def _units(ctx) -> dict[str, int]:
    from desktop_app.services.directory.commands import list_units

    return {u.name: u.id for u in list_units(ctx.db)}


def _item(qtbot, pane, title="督促完成车辆处置", matter="", unit="财政局"):
    from desktop_app.services.supervision import commands

    item = commands.create_item(
        pane.ctx.db,
        pane.ctx.user,
        kind="major",
        title=title,
        unit_id=_units(pane.ctx)[unit],
        responsible_person="徐东升",
        deadline=date(2026, 12, 20),
        assigned_on=TODAY,
        matter=matter,
    )
    pane.view.reload()
    wait_loaded(qtbot, pane.view)
    assert pane.view.select_where(lambda r: r.id == item.id)
    return item


def _row(pane, item_id):
    return next(r for r in pane.view.model.rows if r.id == item_id)


def test_R71_escalate_refused_keeps_the_form_then_saved(qtbot, pane):
    item = _item(qtbot, pane)
    pane.findChild(QPushButton, "supEscalate").click()
    form = _dialog("supervisionEscalateDialog")
    choose(form, "to_person_id", "赵文华")  # a vice mayor, not the executive vice mayor/mayor
    set_date(form.widgets["on"], TODAY)
    form.widgets["reason"].setPlainText("涉及财政、交通两个部门，需统筹协调")
    assert finish(form.try_save()) is False
    assert any("第七十一条" in e and "常务副市长或市长" in e for e in open_errors())
    close_errors()
    assert form.isVisible()
    assert form.widgets["reason"].toPlainText() == "涉及财政、交通两个部门，需统筹协调"
    choose(form, "to_person_id", "张海峰")
    assert finish(form.try_save()), open_errors()
    wait_loaded(qtbot, pane.view)
    row = _row(pane, item.id)
    assert (row.escalated_to, row.escalated_on) == ("张海峰", TODAY)
    assert row.escalation_reason == "涉及财政、交通两个部门，需统筹协调"


def test_void_without_a_reason_refused_then_voided_and_still_visible(qtbot, pane):
    item = _item(qtbot, pane)
    pane.findChild(QPushButton, "supVoid").click()
    form = _dialog("supervisionVoidDialog")
    assert finish(form.try_save()) is False
    assert any("原因" in e for e in open_errors())
    close_errors()
    assert form.isVisible()
    form.widgets["reason"].setPlainText("重复登记")
    assert finish(form.try_save()), open_errors()
    wait_loaded(qtbot, pane.view)
    assert all(r.id != item.id for r in pane.view.model.rows)
    pane.view.show_voided.setChecked(True)
    wait_loaded(qtbot, pane.view)
    row = _row(pane, item.id)
    assert (row.status_text, row.void_reason) == ("已作废", "重复登记")


def test_R13_a_step_out_of_order_refused_keeps_the_form_then_the_review_saved(qtbot, pane):
    from desktop_app.services.absences import in_charge
    from desktop_app.services.supervision import steps

    item = _item(qtbot, pane, title="处置报废公务车辆", matter="fiscal")
    with pane.ctx.db.read() as s:
        vm = in_charge.find(s, TODAY, unit_id=item.unit_id)
    pane.findChild(QPushButton, "supStep").click()
    form = _dialog("supervisionStepDialog")
    choose(form, "step", "市长审批")
    choose(form, "signer_id", "李明远")
    set_date(form.widgets["signed_on"], TODAY)
    form.widgets["opinion"].setPlainText("同意处置")
    assert finish(form.try_save()) is False
    assert any("第十三条" in e and "分管副市长审核" in e for e in open_errors())
    close_errors()
    assert form.isVisible() and form.widgets["opinion"].toPlainText() == "同意处置"
    choose(form, "step", "分管副市长审核")
    choose(form, "signer_id", f"{vm.name}（分管副市长审核）")
    assert finish(form.try_save()), open_errors()
    wait_loaded(qtbot, pane.view)
    (done,) = steps.steps_of(pane.ctx.db, item.id)
    assert (done.step, done.signer_name, done.opinion) == ("vm_review", vm.name, "同意处置")
    pane.view.select_where(lambda r: r.id == item.id)
    wait_ops()
    assert f"分管副市长审核：{vm.name}（本人）" in pane.detail.toPlainText()


def test_R29_3_a_report_s_file_attached_opened_and_saved_from_the_detail(
    qtbot, pane, tmp_path, monkeypatch
):
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QFileDialog

    item = _item(qtbot, pane)
    scan = tmp_path / "供热补贴拨付凭证.pdf"
    scan.write_bytes(SCAN)
    pane.findChild(QPushButton, "supReport").click()
    form = _dialog("supervisionReportDialog")
    set_date(form.widgets["received_on"], TODAY)
    form.widgets["text"].setPlainText("已拨付补贴资金")
    form.widgets["attachment_file"].setText(str(tmp_path / "不存在.pdf"))
    assert finish(form.try_save()) is False
    assert any("找不到附件文件" in e for e in open_errors())
    close_errors()
    form.widgets["attachment_file"].setText(str(scan))
    assert finish(form.try_save()), open_errors()
    wait_loaded(qtbot, pane.view)
    pane.view.select_where(lambda r: r.id == item.id)
    wait_ops()
    html = pane.detail.toHtml()
    assert "供热补贴拨付凭证.pdf（3 KB）" in pane.detail.toPlainText() and "另存为" in html
    (report_id,) = pane.attachments.names

    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    pane.detail.anchorClicked.emit(QUrl(f"open:{report_id}"))
    wait_ops()
    assert opened and opened[0].endswith("供热补贴拨付凭证.pdf")
    with open(opened[0], "rb") as f:
        assert f.read() == SCAN

    target = tmp_path / "saved" / "凭证.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    pane.detail.anchorClicked.emit(QUrl(f"save:{report_id}"))
    wait_ops()
    assert target.read_bytes() == SCAN


def test_CAL1_R59_a_reply_deadline_in_a_year_not_yet_known_is_marked_provisional(qtbot, pane):
    from desktop_app.services.supervision import requests

    item = requests.record_request(
        pane.ctx.db,
        pane.ctx.user,
        form="书面",
        title="乡镇请求年底前拨付取暖费",
        content="请求拨付",
        request_from="三村镇",
        received_by="文秘甲",
        received_at=datetime(2026, 12, 30, 10, tzinfo=CHINA),
        unit_id=_units(pane.ctx)["财政局"],
        responsible_person="徐东升",
        from_grassroots=True,
    )
    assert item.deadline_provisional and item.deadline.year == 2027
    pane.view.reload()
    wait_loaded(qtbot, pane.view)
    assert pane.view.select_where(lambda r: r.id == item.id)
    column = [c.title for c in pane.view.model.columns].index("完成时限")
    row = next(i for i, r in enumerate(pane.view.model.rows) if r.id == item.id)
    shown = pane.view.model.data(pane.view.model.index(row, column))
    assert shown == f"{item.deadline.isoformat()}（暂定）"
    wait_ops()
    assert (
        "（暂定）" in pane.detail.toPlainText() and "放假安排尚未录入" in pane.detail.toPlainText()
    )
    # an item whose deadline the clerk set is not provisional
    other = _item(qtbot, pane)
    assert not _row(pane, other.id).deadline_provisional


def test_the_per_unit_summary_tab_and_its_unit_s_items(qtbot, pane):
    _item(qtbot, pane, title="财政局事项")
    _item(qtbot, pane, title="教育局事项", unit="教育局")
    pane.tabs.setCurrentWidget(pane.units)
    wait_loaded(qtbot, pane.units)
    by_unit = {u.unit_name: u for u in pane.units.model.rows}
    assert (by_unit["财政局"].items, by_unit["财政局"].open) == (1, 1)
    assert pane.units.select_where(lambda u: u.unit_name == "教育局")
    pane.findChild(QPushButton, "supUnitItems").click()
    wait_loaded(qtbot, pane.view)
    assert pane.tabs.currentIndex() == 0
    assert [r.title for r in pane.view.model.rows] == ["教育局事项"]


def test_R72_the_yearly_summary_printed_from_the_pane(qtbot, pane):
    from desktop_app.services.supervision import commands

    commands.create_item(
        pane.ctx.db,
        pane.ctx.user,
        kind="npc",
        title="关于加快老旧小区改造的建议",
        unit_id=_units(pane.ctx)["财政局"],
        responsible_person="徐东升",
        deadline=date(2026, 12, 20),
        assigned_on=TODAY,
    )
    pane.findChild(QPushButton, "supProposalSummary").click()
    form = _dialog("supervisionProposalSummaryDialog")
    assert form.widgets["year"].value() == 2026
    assert finish(form.try_save()), open_errors()
    text = "".join(pdftotext(pane.last_circular.pdf).split())
    assert "收到人大代表建议1件、政协委员提案0件" in text
    assert "尚未答复的承办单位：财政局" in text
