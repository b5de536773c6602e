"""「导入…」 on the 收文 tab: the dry run off the GUI thread lists the problems by row and column
with 导入 disabled; a clean sheet is imported on confirm and the register shows it; 取消 during
the import leaves nothing written."""

from __future__ import annotations

from desktop_app.services.documents import incoming
from tests.integration.import_support import write_ledger
from tests.ui.conftest import wait_ops
from tests.ui.test_documents_incoming import tab  # noqa: F401 - the `tab` fixture

HEADERS = ["收文号", "收文日期", "来文机关", "标题"]


def _rows(n: int):
    return [
        [f"收文〔2026〕{i}号", f"2026-3-{1 + i % 28}", "省政府", f"通知{i}"]
        for i in range(1, n + 1)
    ]


def test_dry_run_shows_problems_and_a_clean_sheet_imports(qtbot, tab, tmp_path):  # noqa: F811
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


def test_cancel_during_the_import_leaves_nothing_written(qtbot, tab, tmp_path):  # noqa: F811
    importer = tab.output.importer
    importer.check(write_ledger(tmp_path / "many.xlsx", HEADERS, _rows(1500)))
    qtbot.waitUntil(lambda: importer.state == "checked", timeout=30000)
    assert importer.preview.ok
    importer.confirm()
    importer.job.cancel()
    qtbot.waitUntil(lambda: importer.state == "cancelled", timeout=60000)
    wait_ops()
    assert incoming.list_documents(tab.ctx.db, tab.ctx.user, "", True, "") == []
