"""The main window: navigation, the dashboard, and what a read-only user sees."""

from __future__ import annotations

from tests.ui.conftest import close_errors, finish, open_errors


def test_main_window_has_all_panes_in_order(qtbot, ctx):
    from ui.main_window import NAV, MainWindow

    win = MainWindow(ctx)
    qtbot.addWidget(win)
    qtbot.waitUntil(lambda: not win.panes["工作台"].view.loading, timeout=5000)
    assert [win.nav.item(i).text() for i in range(win.nav.count())] == NAV
    assert NAV == ["工作台", "会议", "公文", "用印", "外出报备", "督办", "人员与分管", "设置"]
    assert "本机数据库" in win.windowTitle()


def test_every_pane_opens_and_none_is_a_placeholder(qtbot, demo_ctx):
    """Clicking through the navigation builds every pane on the demo database; none is a
    placeholder any more (督办 is the last register to arrive)."""
    from ui.main_window import NAV, MainWindow
    from ui.panes.base import ComingPane

    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    for name in NAV:
        win.nav.setCurrentRow(NAV.index(name))
        assert win.stack.currentWidget() is win.panes[name]
    coming = [name for name in NAV if isinstance(win.panes[name], ComingPane)]
    assert coming == []


def test_CAL1_dashboard_reminds_to_enter_next_year_notice(qtbot, demo_ctx):
    """From 1 November the dashboard asks for next year's holiday notice (no library data)."""
    from ui.main_window import MainWindow

    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    pane = win.panes["工作台"]
    with qtbot.waitSignal(pane.view.loaded, timeout=5000):
        pane.view.reload()
    titles = [pane.view.model.rows[i].title for i in range(pane.view.model.rowCount())]
    assert "请录入2027年节假日安排" in titles
    assert "今日待办" in pane.heading.text()


def test_form_dialog_keeps_typed_values_when_save_fails(qtbot, qapp):
    from db.errors import FubanError
    from ui.widgets.form import FormDialog
    from ui.widgets.form_fields import FieldSpec

    def save(values):
        raise FubanError("请填写姓名。")

    dialog = FormDialog(
        "测试", [FieldSpec("name", "姓名"), FieldSpec("note", "备注", "multiline")], save
    )
    qtbot.addWidget(dialog)
    dialog.widgets["note"].setPlainText("已经输入的内容")
    assert finish(dialog.try_save()) is False
    assert "请填写姓名。" in open_errors()
    assert dialog.result() == 0 and not dialog.result_value
    assert dialog.widgets["note"].toPlainText() == "已经输入的内容"
    close_errors()


def test_table_model_passes_qt_model_tester(qtmodeltester, qapp):
    from dataclasses import dataclass
    from datetime import date

    from ui.widgets.table import Column, DtoTableModel

    @dataclass
    class Row:
        name: str
        day: date
        void_reason: str | None = None

    model = DtoTableModel([Column("姓名", lambda r: r.name), Column("日期", lambda r: r.day)])
    model.set_rows([Row("甲", date(2026, 1, 1)), Row("乙", date(2026, 2, 1), "重复登记")])
    qtmodeltester.check(model)
    assert model.data(model.index(1, 1)) == "2026-02-01"


def test_table_model_answers_painting_roles_per_row(qapp):
    """A voided row is grey and struck through with its reason as the tooltip; other rows leave
    colour and font to the view; an imported row's 「导入」 shows where it came from; a long cell
    shows whole as its tooltip; roles the model does not keep are None."""
    from dataclasses import dataclass

    from PySide6.QtCore import Qt

    from ui.widgets.table import ROW_ROLE, SORT_ROLE, Column, DtoTableModel

    @dataclass
    class Row:
        title: str
        copies: int
        void_reason: str | None = None
        imported_from: str = ""

    r = Qt.ItemDataRole
    model = DtoTableModel(
        [
            Column("标题", lambda row: row.title),
            Column("份数", lambda row: row.copies),
            Column("来源", lambda row: "导入" if row.imported_from else ""),
        ]
    )
    long_title = "关于做好二〇二六年全市防汛抗旱和森林草原防火工作的通知"
    plain = Row(long_title, 3)
    model.set_rows(
        [plain, Row("短标题", 1, "重复登记"), Row("旧文", 2, None, "收文台账.xlsx 第5行")]
    )
    cell = model.index
    assert model.data(cell(0, 0), ROW_ROLE) is plain
    assert model.data(cell(0, 0)) == long_title
    assert model.data(cell(0, 1), SORT_ROLE) == 3
    assert model.data(cell(0, 0), r.ToolTipRole) == long_title
    assert model.data(cell(0, 1), r.ToolTipRole) is None  # short: shown whole already
    for role in (r.ForegroundRole, r.FontRole, r.DecorationRole, r.BackgroundRole):
        assert model.data(cell(0, 0), role) is None
    assert model.data(cell(1, 0), r.ForegroundRole).color().name() == "#888888"
    assert model.data(cell(1, 0), r.FontRole).strikeOut()
    assert model.data(cell(1, 0), r.ToolTipRole) == "已作废：重复登记"
    assert model.data(cell(1, 0), r.DecorationRole) is None
    assert model.data(cell(2, 2)) == "导入"
    assert model.data(cell(2, 2), r.ToolTipRole) == "收文台账.xlsx 第5行"
    assert model.data(cell(2, 0), r.FontRole) is None
    assert model.data(model.index(3, 0)) is None  # past the last row


def test_help_menu_shows_the_enforced_rules(qtbot, ctx):
    """DESIGN.md: the app shows the same rule list as `fuban rules` in its help."""
    from desktop_app.rules import all_rules
    from ui.main_window import MainWindow

    win = MainWindow(ctx)
    qtbot.addWidget(win)
    help_menu = next(a.menu() for a in win.menuBar().actions() if a.text() == "帮助")
    next(a for a in help_menu.actions() if a.objectName() == "helpRules").trigger()
    pane = win.panes["设置"]
    assert win.stack.currentWidget() is pane
    assert pane.tabs.tabText(pane.tabs.currentIndex()) == "规则"
    view = pane.rules.view
    qtbot.waitUntil(lambda: view.model.rowCount() == len(all_rules()), timeout=5000)


def test_dashboard_entry_opens_its_record(qtbot, demo_ctx):
    """Double-clicking a dashboard entry switches to its pane and selects the record: the CAL1
    reminder opens 设置 → 工作日历; a directory gap opens the person in 人员与分管."""
    from ui.main_window import MainWindow

    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    dash = win.panes["工作台"]
    qtbot.waitUntil(lambda: not dash.view.loading, timeout=5000)
    assert dash.view.select_where(lambda i: i.title == "请录入2027年节假日安排")
    dash.view.table.doubleClicked.emit(dash.view.table.currentIndex())
    settings = win.panes["设置"]
    assert win.stack.currentWidget() is settings
    assert settings.tabs.currentWidget() is settings.calendar

    from desktop_app.services.directory.dashboard import standing_gaps

    [gap] = [g for g in standing_gaps(demo_ctx.db, demo_ctx.today()) if g.ref_kind == "person"]
    win.open_record(gap.area, gap.ref_kind, gap.ref_id)
    directory = win.panes["人员与分管"]
    assert win.stack.currentWidget() is directory
    persons = directory.findChild(type(dash.view), "persons")
    qtbot.waitUntil(lambda: persons.current() is not None, timeout=5000)
    assert persons.current().id == gap.ref_id and persons.current().name == "张海峰"
