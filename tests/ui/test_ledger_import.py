"""「导入…」 on the 收文 tab: the dry run off the GUI thread lists the problems by row and column
with 导入 disabled; a clean sheet is imported on confirm and the register shows it; 取消 during
the import leaves nothing written."""

from __future__ import annotations

from datetime import datetime

from desktop_app.services.documents import incoming
from desktop_app.services.documents.import_incoming import SPEC
from desktop_app.services.system import ledger_import as li
from tests.integration.import_support import write_ledger
from tests.ui.conftest import wait_ops
from tests.ui.documents_incoming_support import tab_fixture  # noqa: F401 - the `tab` fixture

HEADERS = ["收文号", "收文日期", "来文机关", "标题"]


def _rows(n: int):
    return [
        [f"收文〔2026〕{i}号", f"2026-3-{1 + i % 28}", "省政府", f"通知{i}"]
        for i in range(1, n + 1)
    ]


def test_dry_run_shows_problems_and_a_clean_sheet_imports(qtbot, tab, tmp_path):
    importer = tab.output.importer
    rows = _rows(3)
    rows[1][1] = "2026-2-30"
    importer.check(write_ledger(tmp_path / "bad.xlsx", HEADERS, rows))
    qtbot.waitUntil(lambda: importer.state == "checked", timeout=20000)
    dialog = importer.dialog
    assert not dialog.import_button.isEnabled()
    assert "第3行B列「收文日期」：「2026-2-30」不是有效日期" in dialog.problems.toPlainText()
    assert dialog.table.rowCount() == 2
    dialog.reject()
    importer.check(write_ledger(tmp_path / "good.xlsx", HEADERS, _rows(3)))
    qtbot.waitUntil(lambda: importer.dialog is not dialog, timeout=20000)
    assert importer.dialog.import_button.isEnabled()
    importer.dialog.import_button.click()
    qtbot.waitUntil(lambda: importer.state == "imported", timeout=20000)
    wait_ops()
    assert importer.result.count == 3
    assert len(incoming.list_documents(tab.ctx.db, tab.ctx.user, "", True, "")) == 3


def test_cancel_during_the_import_leaves_nothing_written(qtbot, tab, tmp_path):
    importer = tab.output.importer
    importer.check(write_ledger(tmp_path / "many.xlsx", HEADERS, _rows(1500)))
    qtbot.waitUntil(lambda: importer.state == "checked", timeout=30000)
    assert importer.preview.ok
    importer.confirm()
    importer.job.cancel()
    qtbot.waitUntil(lambda: importer.state == "cancelled", timeout=60000)
    wait_ops()
    assert incoming.list_documents(tab.ctx.db, tab.ctx.user, "", True, "") == []


def test_mapping_step_suggests_columns_and_the_clerks_choice_is_used_and_remembered(
    qtbot,
    tab,
    tmp_path,
):
    importer = tab.output.importer
    headers = ["登记编号", "收到日期", "收发单位", "文件题目", "备注"]
    rows = [[f"收文〔2026〕{i}号", f"2026-3-{i}", "省政府", f"通知{i}", ""] for i in (1, 2)]
    path = write_ledger(tmp_path / "本单位台账.xlsx", headers, rows)
    importer.map_columns(path)
    qtbot.waitUntil(lambda: importer.mapping_dialog is not None, timeout=20000)
    dialog = importer.mapping_dialog
    combo = dialog.combos
    # suggested by similarity: right for these, wrong for 收发单位 (taken for 承办单位)
    assert combo["number"].currentText() == "登记编号"
    assert combo["title"].currentText() == "文件题目"
    assert combo["units"].currentText() == "收发单位"
    assert combo["sender"].currentText() == "（不导入）"
    assert not dialog.check_button.isEnabled()
    assert "请为必填项选择列：来文机关" in dialog.state.text()
    combo["sender"].setCurrentText("收发单位")
    assert "「收发单位」同时对应了「来文机关」和「承办单位」" in dialog.state.text()
    assert not dialog.check_button.isEnabled()
    combo["units"].setCurrentIndex(0)
    assert dialog.check_button.isEnabled() and dialog.state.text() == ""
    dialog.check_button.click()
    qtbot.waitUntil(lambda: importer.state == "checked", timeout=20000)
    assert importer.preview.ok, importer.preview.problem_lines()
    assert importer.preview.mapping["收发单位"] == "sender"
    # 调整列对应… goes back to the mapping step with the choice the dry run used
    importer.dialog.remap_button.click()
    qtbot.waitUntil(lambda: importer.mapping_dialog is not dialog, timeout=20000)
    assert importer.mapping_dialog.combos["sender"].currentText() == "收发单位"
    importer.mapping_dialog.check_button.click()
    qtbot.waitUntil(lambda: importer.state == "checked", timeout=20000)
    importer.dialog.import_button.click()
    qtbot.waitUntil(lambda: importer.state == "imported", timeout=20000)
    wait_ops()
    titles = {d.title for d in incoming.list_documents(tab.ctx.db, tab.ctx.user, "", True, "")}
    assert titles == {"通知1", "通知2"}
    # remembered for the register: the next sheet with these headers comes pre-set
    importer.map_columns(write_ledger(tmp_path / "下一份.xlsx", headers, []))
    qtbot.waitUntil(
        lambda: (
            importer.mapping_dialog is not None
            and importer.mapping_dialog.cols.file_name == "下一份.xlsx"
        ),
        timeout=20000,
    )
    assert importer.mapping_dialog.combos["sender"].currentText() == "收发单位"
    assert importer.mapping_dialog.combos["units"].currentText() == "（不导入）"
    assert importer.mapping_dialog.check_button.isEnabled()
    importer.mapping_dialog.reject()


def test_imported_rows_are_marked_in_the_register_and_say_where_they_came_from(
    qtbot,
    tab,
    tmp_path,
):
    from desktop_app.formatting import CHINA
    from tests.ui.test_documents_pane import select

    li.import_file(
        tab.ctx.db, tab.ctx.user, SPEC, write_ledger(tmp_path / "旧台账.xlsx", HEADERS, _rows(2))
    )
    incoming.register_document(
        tab.ctx.db,
        tab.ctx.user,
        received_at=datetime(2026, 3, 20, 9, tzinfo=CHINA),
        sender="省政府",
        title="上线后登记的收文",
        doc_type="通知",
        nature="notice",
    )
    select(qtbot, tab, lambda d: d.title == "通知2")
    model = tab.view.model
    col = [c.title for c in model.columns].index("来源")
    marks = {model.rows[i].title: model.index(i, col).data() for i in range(model.rowCount())}
    assert marks == {"通知1": "导入", "通知2": "导入", "上线后登记的收文": ""}
    assert not tab.view.table.isColumnHidden(col)
    text = tab.detail.text.toPlainText()
    assert "导入自「旧台账.xlsx」（工作表「台账」第3行），" in text


def test_imported_outgoing_detail_says_approved_on_paper(qtbot, demo_ctx, tmp_path):
    from desktop_app.services.documents.import_outgoing import SPEC as OUT
    from tests.ui.test_documents_pane import select
    from ui.panes.documents import DocumentsPane

    pane = DocumentsPane(demo_ctx)
    qtbot.addWidget(pane)
    pane.tabs.setCurrentWidget(pane.outgoing)
    out = pane.outgoing
    sheet = write_ledger(
        tmp_path / "发文旧台账.xlsx",
        ["发文字号", "标题", "文种", "拟稿单位", "印发日期"],
        [["同政发〔2019〕3号", "关于春耕的通知", "通知", _a_unit(demo_ctx), "2019-3-2"]],
    )
    li.import_file(demo_ctx.db, demo_ctx.user, OUT, sheet)
    select(qtbot, out, lambda d: d.number == "同政发〔2019〕3号")
    model = out.view.model
    missing = [c.title for c in model.columns].index("尚缺签批")
    row = next(i for i in range(model.rowCount()) if model.rows[i].number == "同政发〔2019〕3号")
    assert model.index(row, missing).data() in ("", None)
    text = out.detail.text.toPlainText()
    assert "签批程序\n已在纸质文件上完成（导入的历史记录，不按现行签批规则检查）" in text
    assert "导入自「发文旧台账.xlsx」（工作表「台账」第2行），" in text
    qtbot.waitUntil(lambda: "纸质" in out.detail.chain.text(), timeout=5000)
    assert out.detail.tabText(1) == "签批单（纸质审批）"


def _a_unit(ctx) -> str:
    from desktop_app.services.directory import commands

    return commands.list_units(ctx.db, kind="department")[0].name


def test_another_sheet_of_the_workbook_is_chosen_in_the_mapping_step(
    qtbot,
    tab,
    tmp_path,
):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "说明"
    wb.active.append(["本台账由办公室文秘科登记"])
    ws = wb.create_sheet("2026年")
    ws.append(HEADERS)
    for row in _rows(2):
        ws.append(row)
    path = tmp_path / "两个工作表.xlsx"
    wb.save(path)
    importer = tab.output.importer
    importer.map_columns(path)
    qtbot.waitUntil(lambda: importer.mapping_dialog is not None, timeout=20000)
    first = importer.mapping_dialog
    assert first.cols.sheet == "说明" and first.sheet_combo is not None
    assert not first.check_button.isEnabled()  # that sheet has none of the register's columns
    first.sheet_combo.setCurrentText("2026年")
    qtbot.waitUntil(lambda: importer.mapping_dialog is not first, timeout=20000)
    dialog = importer.mapping_dialog
    assert dialog.cols.sheet == "2026年" and dialog.combos["title"].currentText() == "标题"
    dialog.check_button.click()
    qtbot.waitUntil(lambda: importer.state == "checked", timeout=20000)
    assert importer.preview.sheet == "2026年" and importer.preview.ok
    assert len(importer.preview.rows) == 2
