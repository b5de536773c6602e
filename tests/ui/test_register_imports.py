"""「导入…」 and 「导入模板…」 on the 用印, 外出报备, 督办 and 会议 panes (the list and the decisions):
each register's own import; the 用印登记簿 driven as a clerk would — a sheet with a problem shows it
by row and column with 导入 disabled, a clean sheet imports off the GUI thread and the register
shows it; a 只读 account gets no import."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.services import seals
from tests.integration.import_support import write_ledger
from tests.ui.conftest import wait_ops

HEADERS = ["序号", "用印日期", "编号", "用印单位", "文件名称", "印章", "用印份数", "监印人"]


@pytest.fixture
def window(qtbot, demo_ctx):
    from ui.main_window import MainWindow

    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    return win


def test_each_register_pane_has_its_own_import(window):
    from PySide6.QtWidgets import QWidget

    panes = {n: window.pane(n) for n in ("用印", "外出报备", "督办", "会议")}
    kinds = {
        "用印": [panes["用印"].register.importer.spec.kind],
        "外出报备": [panes["外出报备"].importer.spec.kind],
        "督办": [panes["督办"].importer.spec.kind],
        "会议": [i.spec.kind for i in panes["会议"].importers],
    }
    assert kinds == {
        "用印": ["seals"],
        "外出报备": ["absences"],
        "督办": ["supervision"],
        "会议": ["meetings", "decisions"],
    }
    for name in ("importSeals", "importSealsTemplate", "importMeetings", "importDecisions"):
        assert window.findChild(QWidget, name) is not None, name


def test_a_seal_register_sheet_is_checked_then_imported(qtbot, window, tmp_path):
    pane = window.pane("用印")
    importer = pane.register.importer
    seal = "同江市人民政府印"
    seals.add_seal(pane.ctx.db, pane.ctx.user, name=seal, kind="gov", made_on=date(2015, 1, 2))
    unit, year = "农业农村局", 2019  # a year before the demo office's records
    row = [1, f"{year}-1-5", f"用印〔{year}〕1号", unit, "春耕资金报告", seal, 2, "赵红"]
    bad_row = [2, f"{year}-1-6", f"用印〔{year}〕2号", unit, "另一份", seal + "X", 2, "赵红"]
    bad = write_ledger(tmp_path / "bad.xlsx", HEADERS, [row, bad_row])
    importer.check(bad)
    qtbot.waitUntil(lambda: importer.state == "checked", timeout=20000)
    dialog = importer.dialog
    assert not dialog.import_button.isEnabled()
    assert f"第3行F列「印章」：印章「{seal}X」不在印章目录中" in dialog.problems.toPlainText()
    dialog.reject()
    importer.check(write_ledger(tmp_path / "good.xlsx", HEADERS, [row]))
    qtbot.waitUntil(lambda: importer.dialog is not dialog, timeout=20000)
    assert importer.dialog.import_button.isEnabled(), importer.dialog.problems.toPlainText()
    importer.dialog.import_button.click()
    qtbot.waitUntil(lambda: importer.state == "imported", timeout=20000)
    wait_ops()
    rows = seals.register_rows(pane.ctx.db, date(year, 1, 1), date(year, 12, 31))
    assert [(r.serial, r.number, r.title) for r in rows] == [
        (1, f"用印〔{year}〕1号", "春耕资金报告")
    ]


def test_a_read_only_account_gets_no_import(qtbot, demo_ctx):
    from desktop_app.services.system.common import CurrentUser
    from ui.panes.absences import AbsencesPane

    demo_ctx.user = CurrentUser("reader", "只读甲", "readonly")
    pane = AbsencesPane(demo_ctx)
    qtbot.addWidget(pane)
    assert not hasattr(pane, "importer")
