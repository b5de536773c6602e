"""A clerk's day (issue 18 items 8, 9, 11): the 工作台 most urgent first, a double-click opening the
record itself; registers showing whole rows and keeping the clerk's widths and order; the keys
Ctrl+F, Ctrl+N, Ctrl+P, F5 and Ctrl+Enter; the user name remembered at sign-in."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import finish, open_errors, wait_ops

CHINA_TZ = "Asia/Shanghai"


def at(day, hour: int):
    from zoneinfo import ZoneInfo

    return datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo(CHINA_TZ))


def person(ctx, name: str) -> int:
    from desktop_app.services.directory import commands as directory

    return next(p.id for p in directory.list_persons(ctx.db) if p.name == name)


def unit(ctx, name: str) -> int:
    from desktop_app.services.directory import commands as directory

    return next(u.id for u in directory.list_units(ctx.db) if u.name == name)


def plan(ctx, day, hour: int = 9, kind: str = "executive"):
    from desktop_app.services.meetings import planning

    return planning.plan_meeting(
        ctx.db, ctx.user, kind=kind, starts_at=at(day, hour), presider_id=person(ctx, "李明远")
    )


@pytest.fixture
def window(qtbot, demo_ctx):
    from ui.main_window import MainWindow

    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    win.resize(1366, 728)
    win.show()
    qtbot.waitExposed(win)
    return win


def loaded(qtbot, view) -> None:
    wait_ops()
    qtbot.waitUntil(lambda: not view.loading, timeout=5000)


def rows(view) -> list:
    return [
        view.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 1)
        for r in range(view.proxy.rowCount())
    ]


# --- item 8: the 工作台 ---------------------------------------------------------------------------


def test_dashboard_lists_by_urgency_with_todays_and_tomorrows_meetings(qtbot, window):
    today = window.ctx.today()
    tomorrow = plan(window.ctx, today + timedelta(days=1), 14)
    now = plan(window.ctx, today, 9, kind="mayor_regular")
    pane = window.panes["工作台"]
    pane.view.reload()
    loaded(qtbot, pane.view)
    kinds = [pane.view.proxy.index(r, 0).data() for r in range(pane.view.proxy.rowCount())]
    titles = [r.title for r in rows(pane.view)]
    assert kinds[:2] == ["今日会议", "明日会议"]
    assert titles[0].startswith("今日 09:00") and titles[1].startswith("明日 14:00")
    assert [r.ref_id for r in rows(pane.view)][:2] == [now.id, tomorrow.id]
    # the reminders come after: the year's holiday notice (提醒)
    assert kinds.index("提醒") > 1
    assert "今日待办" in pane.heading.text() and "今日到期 1" in pane.heading.text()
    # the standing directory gap is not a day's work: not on the 工作台
    assert not any("AB角" in t for t in titles)


def test_double_click_opens_the_meeting_selected_with_its_detail(qtbot, window):
    today = window.ctx.today()
    meeting = plan(window.ctx, today + timedelta(days=1), 15)
    plan(window.ctx, today - timedelta(days=30), 9)  # another, so the selection means something
    pane = window.panes["工作台"]
    pane.view.reload()
    loaded(qtbot, pane.view)
    assert pane.view.select_where(lambda i: i.ref_id == meeting.id and i.severity == "meeting")
    index = pane.view.table.currentIndex()
    rect = pane.view.table.visualRect(index)
    # a double-click is a press then a double-click event (Qt's item views open on the latter)
    qtbot.mouseClick(pane.view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(pane.view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    meetings = window.panes["会议"]
    assert window.stack.currentWidget() is meetings
    loaded(qtbot, meetings.meetings)
    qtbot.waitUntil(lambda: meetings.meetings.current() is not None, timeout=5000)
    assert meetings.meetings.current().id == meeting.id
    wait_ops()
    assert meetings.detail.isVisible()


def test_an_agenda_item_opens_in_the_items_tab_selected(qtbot, window):
    from desktop_app.services.meetings import agenda

    item = agenda.save_item(
        window.ctx.db,
        window.ctx.user,
        title="关于防汛工作的议题",
        category="report",
        department_id=unit(window.ctx, "教育局"),
        today=window.ctx.today(),
    )
    pane = window.panes["工作台"]
    window.open_record("会议", "agenda_item", item.id)
    meetings = window.panes["会议"]
    assert meetings.tabs.currentWidget() is meetings.items
    loaded(qtbot, meetings.items)
    qtbot.waitUntil(lambda: meetings.items.current() is not None, timeout=5000)
    assert meetings.items.current().id == item.id
    assert pane is window.panes["工作台"]


def test_the_directory_gap_is_shown_once_in_the_directory_pane(qtbot, window):
    directory = window.show_pane("人员与分管")
    wait_ops()
    hint = directory.gaps
    qtbot.waitUntil(hint.isVisible, timeout=5000)
    assert "张海峰（常务副市长）今日没有AB角" in hint.text.text()
    qtbot.mouseClick(hint.read, Qt.MouseButton.LeftButton)
    assert not hint.isVisible()
    # read: the next time the pane is built (tomorrow's session) it stays hidden
    from ui.panes.directory import DirectoryPane

    again = DirectoryPane(window.ctx)
    qtbot.addWidget(again)
    again.show()
    wait_ops()
    assert again.gaps.shown_text == hint.shown_text and not again.gaps.isVisible()


# --- item 9: registers show whole rows ------------------------------------------------------------


def test_columns_fit_their_content_and_the_title_takes_the_spare_width(qtbot, window):
    pane = window.show_pane("人员与分管")
    view = pane.views[next(iter(pane.views))]
    loaded(qtbot, view)
    qtbot.waitUntil(lambda: view.columns_fitted, timeout=5000)
    table = view.table
    for c in range(view.model.columnCount()):
        if table.isColumnHidden(c) or c == view.wide_column:
            continue
        # every cell's text fits its column (up to the cap, beyond which a tooltip shows it)
        needed = min(table.sizeHintForColumn(c), 280)
        assert table.columnWidth(c) >= needed - 1, view.model.columns[c].title


def test_wide_column_takes_the_spare_space(qtbot, window):
    from ui.widgets.table import WIDE_TITLES

    pane = window.panes["工作台"]
    loaded(qtbot, pane.view)
    plan(window.ctx, window.ctx.today(), 9)
    pane.view.columns_fitted = False
    pane.view.reload()
    loaded(qtbot, pane.view)
    table = pane.view.table
    wide = pane.view.wide_column
    assert pane.view.model.columns[wide].title == "说明" and "说明" in WIDE_TITLES
    others = sum(table.columnWidth(c) for c in range(pane.view.model.columnCount()) if c != wide)
    assert table.columnWidth(wide) >= table.viewport().width() - others - 2
    assert table.columnWidth(wide) > max(
        table.columnWidth(c) for c in range(pane.view.model.columnCount()) if c != wide
    )


def test_widths_and_order_are_remembered_per_account(qtbot, window, demo_ctx):
    from ui.context import AppContext
    from ui.main_window import MainWindow

    pane = window.panes["工作台"]
    pane.view.reload()
    loaded(qtbot, pane.view)
    qtbot.waitUntil(lambda: pane.view.columns_fitted, timeout=5000)
    header = pane.view.table.horizontalHeader()
    header.resizeSection(1, 333)
    header.moveSection(3, 0)  # 所属 first
    pane.view._remember.timeout.emit()  # the clerk's change is written (after a short pause)
    window.close()

    again = MainWindow(demo_ctx)
    qtbot.addWidget(again)
    again.show()
    view = again.panes["工作台"].view
    loaded(qtbot, view)
    qtbot.waitUntil(lambda: view.columns_fitted, timeout=5000)
    h = view.table.horizontalHeader()
    assert h.sectionSize(1) == 333 and h.logicalIndex(0) == 3

    from desktop_app.services.system.common import CurrentUser

    other = AppContext(demo_ctx.db, CurrentUser("wenmi", "文秘甲", "clerk"), today=demo_ctx.today)
    theirs = MainWindow(other)
    qtbot.addWidget(theirs)
    theirs.show()
    view = theirs.panes["工作台"].view
    loaded(qtbot, view)
    qtbot.waitUntil(lambda: view.columns_fitted, timeout=5000)
    assert view.table.horizontalHeader().logicalIndex(0) == 0  # another clerk: his own layout


def test_an_empty_helper_column_is_hidden_until_used(qtbot):
    from dataclasses import dataclass

    from ui.widgets.table import Column, RegisterView

    @dataclass
    class Row:
        id: int
        title: str
        note: str = ""

    data = [Row(1, "关于防汛工作的通知")]
    view = RegisterView(
        "helperTest",
        [Column("标题", lambda r: r.title), Column("备注", lambda r: r.note)],
        lambda _inc: list(data),
    )
    qtbot.addWidget(view)
    view.show()
    view.reload()
    loaded(qtbot, view)
    assert view.table.isColumnHidden(1)
    data.append(Row(2, "关于春耕生产的通知", note="已电话催办"))
    view.reload()
    loaded(qtbot, view)
    assert not view.table.isColumnHidden(1) and view.table.columnWidth(1) > 0


# --- item 11: the keyboard ------------------------------------------------------------------------


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    window.activateWindow()
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, key, modifier)


def test_ctrl_f_focuses_the_search_box(qtbot, window):
    pane = window.show_pane("外出报备")
    loaded(qtbot, pane.register)
    window.nav.setFocus()
    press(qtbot, window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is pane.register.search


def _fill_required_except(dialog, keep: str) -> None:
    """Give every other required field a value, as a clerk would before saving."""
    from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit

    for key, spec in dialog.specs.items():
        w = dialog.widgets[key]
        if key == keep or not spec.required:
            continue
        if isinstance(w, QPlainTextEdit):
            w.setPlainText("已填写")
        elif isinstance(w, QLineEdit):
            w.setText("已填写")
        elif isinstance(w, QComboBox):
            w.setCurrentIndex(next(i for i in range(w.count()) if w.itemData(i) is not None))


def test_ctrl_n_opens_the_panes_new_form_and_ctrl_enter_saves_it(qtbot, window):
    from ui.widgets.form import FormDialog

    pane = window.show_pane("督办")
    loaded(qtbot, pane.view)
    window.nav.setFocus()
    press(qtbot, window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    wait_ops()
    dialogs = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, FormDialog) and w.isVisible()
    ]
    assert len(dialogs) == 1
    dialog = dialogs[0]
    multi = [k for k, w in dialog.widgets.items() if w.metaObject().className() == "QPlainTextEdit"]
    assert multi, "the 督办 form has a multi-line field"
    saved = []
    dialog.save_fn = lambda values: saved.append(values) or "ok"
    dialog.checks = []  # the 督办 rules are tested elsewhere: here only the keys matter
    _fill_required_except(dialog, multi[0])
    field = dialog.widgets[multi[0]]
    field.setFocus()
    qtbot.keyClicks(field, "line one")
    qtbot.keyClick(field, Qt.Key.Key_Return)  # Enter: a new line, not a save
    assert saved == [] and dialog.isVisible()
    qtbot.keyClick(field, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_ops()
    assert saved and saved[0][multi[0]].startswith("line one\n")
    assert not dialog.isVisible()


def test_ctrl_p_where_nothing_prints_says_so_and_else_prints_the_list(qtbot, window):
    from ui import shortcuts

    window.show_pane("人员与分管")
    wait_ops()
    press(qtbot, window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert "没有可打印" in window.statusBar().currentMessage()
    absences = window.show_pane("外出报备")
    loaded(qtbot, absences.register)
    # no request selected: Ctrl+P prints the list (with one, its 报备表)
    assert shortcuts.print_button(absences.register).objectName() == "printAbsenceList"


def test_ctrl_p_prints_the_selected_meetings_notice(qtbot, window, monkeypatch):
    from ui import shortcuts

    today = window.ctx.today()
    plan(window.ctx, today + timedelta(days=1), 10)
    pane = window.show_pane("会议")
    loaded(qtbot, pane.meetings)
    assert shortcuts.print_button(pane.meetings) is None  # nothing selected: nothing to print
    printed = []
    monkeypatch.setattr(pane, "_print", printed.append)
    pane.meetings.table.selectRow(0)
    pane.meetings.table.setFocus()
    press(qtbot, window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert printed == ["notice"]


def test_f5_refreshes_the_pane(qtbot, window):
    pane = window.panes["工作台"]
    loaded(qtbot, pane.view)
    before = len(pane.view.model.rows)
    plan(window.ctx, window.ctx.today(), 9)  # written elsewhere (another clerk)
    press(qtbot, window, Qt.Key.Key_F5)
    loaded(qtbot, pane.view)
    assert len(pane.view.model.rows) == before + 1


def test_user_name_is_remembered_at_sign_in(qtbot, ctx, monkeypatch):
    from desktop_app.services.system import accounts
    from ui import preferences
    from ui.dialogs import sign_in

    accounts.create_first_admin(ctx.db, "wangli", "王丽", "password-123")
    seen = []

    def fake_exec(dialog):
        seen.append(dialog.widgets["username"].text())
        dialog.widgets["username"].setText("wangli")
        dialog.widgets["password"].setText("password-123")
        assert finish(dialog.try_save()), open_errors()
        return dialog.result()

    monkeypatch.setattr(sign_in.FormDialog, "exec", fake_exec)
    assert preferences.last_username() == ""
    user = sign_in.sign_in(ctx.db)
    assert user is not None and user.username == "wangli"
    assert preferences.last_username() == "wangli"
    sign_in.sign_in(ctx.db)
    assert seen == ["", "wangli"]  # pre-filled the second time
    dialog = sign_in.sign_in_dialog(ctx.db, username="wangli")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.widgets["password"]
