"""Imported history is shown as such on the 外出报备, 督办 and 用印 panes, as on 收文/发文: a 「导入」
mark in a column hidden while no imported row is shown, and the detail says from which file, sheet
and row, who imported it and when."""

from __future__ import annotations

from desktop_app.services.absences.import_register import SPEC as ABSENCES
from desktop_app.services.supervision.import_register import SPEC as SUPERVISION
from desktop_app.services.system import ledger_import as li
from desktop_app.services.system.ledger_template import write_template
from tests.integration.import_support import write_ledger
from tests.ui.conftest import wait_loaded, wait_ops
from tests.ui.test_absences_pane import pane as absences_pane  # noqa: F401 - fixture
from tests.ui.test_absences_pane import select
from tests.ui.test_supervision_pane import pane as supervision_pane  # noqa: F401 - fixture


def _marks(view, title: str, key) -> tuple[dict, int]:
    model = view.model
    col = [c.title for c in model.columns].index(title)
    return {key(model.rows[i]): model.index(i, col).data() for i in range(model.rowCount())}, col


def test_an_imported_absence_is_marked_and_its_detail_says_where_it_came_from(
    qtbot,
    absences_pane,  # noqa: F811
    tmp_path,
):
    pane = absences_pane
    view = pane.register
    view.reload()
    wait_loaded(qtbot, view)
    marks, col = _marks(view, "来源", lambda d: d.id)
    assert set(marks.values()) <= {""}
    assert view.table.isColumnHidden(col)  # nothing imported yet: no 来源 column

    path = write_template(ABSENCES, tmp_path / "外出报备2026.xlsx")
    ctx = pane.ctx
    assert li.import_file(ctx.db, ctx.user, ABSENCES, path).count == 1
    select(qtbot, view, lambda d: d.reason == "赴省汇报春耕生产工作")
    marks, col = _marks(view, "来源", lambda d: d.reason)
    assert marks.pop("赴省汇报春耕生产工作") == "导入"
    assert set(marks.values()) <= {""}  # those registered in the app are not marked
    assert not view.table.isColumnHidden(col)
    row = [i for i in range(view.model.rowCount()) if view.model.rows[i].imported_from][0]
    tip = view.model.index(row, col).data(3)  # Qt.ToolTipRole
    assert tip.startswith("导入自「外出报备2026.xlsx」（工作表「")
    facts = pane.detail.facts.text()
    assert "来源：导入自「外出报备2026.xlsx」（工作表「" in facts
    assert "第2行）" in facts


def test_an_imported_supervision_item_is_marked_and_its_detail_says_where_it_came_from(
    qtbot,
    supervision_pane,  # noqa: F811
    tmp_path,
):
    pane = supervision_pane
    view = pane.view
    view.reload()
    qtbot.waitUntil(lambda: not view.loading, timeout=5000)
    marks, col = _marks(view, "导入", lambda r: r.id)
    assert set(marks.values()) <= {""}
    assert view.table.isColumnHidden(col)

    headers = ["来源", "督办事项", "责任单位", "交办日期", "完成时限", "状态", "办结日期"]
    row = ["领导批示", "旧台账中的督办事项", "财政局", "2026-3-1", "2026-5-31", "按时办结"]
    path = write_ledger(tmp_path / "督办台账.xlsx", headers, [[*row, "2026-5-28"]])
    ctx = pane.ctx
    assert li.import_file(ctx.db, ctx.user, SUPERVISION, path).count == 1
    view.reload()
    qtbot.waitUntil(lambda: not view.loading, timeout=5000)
    assert view.select_where(lambda r: r.title == "旧台账中的督办事项")
    marks, col = _marks(view, "导入", lambda r: r.title)
    assert marks.pop("旧台账中的督办事项") == "导入"
    assert set(marks.values()) <= {""}
    assert not view.table.isColumnHidden(col)
    wait_ops()
    qtbot.waitUntil(lambda: "旧台账中的督办事项" in pane.detail.toPlainText(), timeout=5000)
    text = pane.detail.toPlainText()
    assert "导入自「督办台账.xlsx」（工作表「" in text and "第2行）" in text


def test_an_imported_seal_register_entry_is_marked_with_its_provenance_as_tooltip(
    qtbot, demo_ctx, tmp_path
):
    from datetime import date

    from desktop_app.services import seals
    from desktop_app.services.seals.import_register import SPEC as SEALS
    from ui.main_window import MainWindow

    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    ctx, tab = demo_ctx, win.pane("用印").register
    seal = "同江市人民政府印"
    seals.add_seal(ctx.db, ctx.user, name=seal, kind="gov", made_on=date(2015, 1, 2))
    headers = ["序号", "用印日期", "编号", "用印单位", "文件名称", "印章", "用印份数", "监印人"]
    row = [1, "2026-1-5", "用印〔2026〕1号", "农业农村局", "春耕资金报告", seal, 2, "赵红"]
    path = write_ledger(tmp_path / "用印登记簿.xlsx", headers, [row])
    assert li.import_file(ctx.db, ctx.user, SEALS, path).count == 1
    view = tab.view
    view.reload()
    wait_loaded(qtbot, view)
    marks, col = _marks(view, "来源", lambda r: r.title)
    assert marks.pop("春耕资金报告") == "导入"
    assert set(marks.values()) <= {""}
    assert not view.table.isColumnHidden(col)
    i = next(i for i, r in enumerate(view.model.rows) if r.title == "春耕资金报告")
    assert view.model.index(i, col).data(3).startswith("导入自「用印登记簿.xlsx」（工作表「")


def test_an_imported_meeting_and_its_decision_are_marked_and_say_where_they_came_from(
    qtbot, demo_ctx, tmp_path
):
    from desktop_app.services.meetings.import_decisions import SPEC as DECISIONS
    from desktop_app.services.meetings.import_meetings import SPEC as MEETINGS
    from ui.main_window import MainWindow

    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    ctx, pane = demo_ctx, win.pane("会议")
    view = pane.meetings
    view.reload()
    wait_loaded(qtbot, view)
    marks, col = _marks(view, "来源", lambda m: m.id)
    assert set(marks.values()) <= {""}
    assert view.table.isColumnHidden(col)

    path = write_template(MEETINGS, tmp_path / "会议登记簿.xlsx")
    assert li.import_file(ctx.db, ctx.user, MEETINGS, path).count == 1
    # the decisions template's sample row, of the meeting's sample, for a unit of the demo
    sample = {f.key: f.sample for f in DECISIONS.fields} | {"unit": "住房和城乡建设局"}
    headers = [f.title for f in DECISIONS.fields]
    decided = write_ledger(tmp_path / "决定事项.xlsx", headers, [list(sample.values())])
    assert li.import_file(ctx.db, ctx.user, DECISIONS, decided).count == 1
    view.reload()
    wait_loaded(qtbot, view)
    marks, col = _marks(view, "来源", lambda m: m.id)
    assert sorted(marks.values()).count("导入") == 1
    assert not view.table.isColumnHidden(col)
    assert view.select_where(lambda m: m.imported_from != "")
    wait_ops()
    label = pane.detail.provenance
    assert label.text().startswith("来源：导入自「会议登记簿.xlsx」（工作表「")
    assert not label.isHidden()
    pane.detail.show_meeting(None)
    assert label.isHidden()
    decisions_view = pane.all_decisions
    decisions_view.reload()
    wait_loaded(qtbot, decisions_view)
    marks, col = _marks(decisions_view, "来源", lambda d: d.id)
    assert sorted(marks.values()).count("导入") == 1
    assert not decisions_view.table.isColumnHidden(col)
    i = next(i for i, d in enumerate(decisions_view.model.rows) if d.imported_from)
    assert decisions_view.model.index(i, col).data(3).startswith("导入自「决定事项.xlsx」")
