"""设置: organisation profile, accounts, working calendar, rule help, and what a clerk may not
change. The 数据库 tab: test_settings_database.py."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QPushButton

from tests.ui.conftest import close_errors, finish, open_errors, wait_ops
from tests.ui.settings_pane_support import (
    _button,
    _errors_text,
    machine_dirs_fixture,  # noqa: F401 - the autouse `machine_dirs` fixture
    pane_fixture,  # noqa: F401 - the `pane` fixture
)

PASSWORD = "tongjiang-2018"
NOTICE_2027 = """# 2027年部分节假日安排
年份: 2027
休: 2027-01-01 至 2027-01-03 元旦
休: 2027-02-06 至 2027-02-12 春节
班: 2027-02-14
"""


def _clerk_pane(qtbot, sqlite_db, clerk):
    from ui.context import AppContext
    from ui.panes.settings import SettingsPane

    p = SettingsPane(AppContext(sqlite_db, clerk, today=lambda: date(2026, 11, 26)))
    qtbot.addWidget(p)
    return p


def _load(qtbot, view) -> None:
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.reload()


# --- 组织设置 -------------------------------------------------------------------------------


def _load_org(qtbot, org) -> None:
    with qtbot.waitSignal(org.loaded, timeout=5000):
        org.reload()


def test_org_profile_saves_changes_and_refuses_a_stale_second_edit(qtbot, pane, ctx):
    from desktop_app.services.system import org_profile

    db = ctx.db
    org = pane.org
    _load_org(qtbot, org)
    org.editors["office_name"].setText("抚远市人民政府办公室")
    org.editors["leave_notice_days"].setValue(5)
    org.editors["standing_attendees"].setPlainText(
        "常务会议：财政局、审计局\n市长工作例会：法制办公室"
    )
    assert set(org.changes()) == {"office_name", "leave_notice_days", "standing_attendees"}
    _button(pane, "saveOrgProfile").click()
    wait_ops()
    assert not open_errors()
    saved = org_profile.get_profile(db)
    assert saved["office_name"] == "抚远市人民政府办公室"
    assert saved["leave_notice_days"] == 5
    assert saved["standing_attendees"] == {
        "常务会议": ["财政局", "审计局"],
        "市长工作例会": ["法制办公室"],
    }
    assert org.note.text() == "已保存 3 项。"

    # another administrator changes the same value meanwhile
    org_profile.save_profile(db, ctx.user, {"office_name": "他人修改的名称"}, saved.versions)
    org.editors["office_name"].setText("第二次修改")
    with qtbot.waitSignal(org.loaded, timeout=5000):  # refused, then the form reloads
        org.save()
    assert "该记录已被他人修改" in _errors_text()
    assert org.editors["office_name"].text() == "他人修改的名称"


def test_org_profile_stale_save_keeps_the_administrators_other_edits(qtbot, pane, ctx):
    """Another administrator changed 办公室名称 meanwhile: that value is refused and reloaded,
    but the days this one typed beside it stay in the form, to be saved again."""
    from desktop_app.services.system import org_profile

    db, org = ctx.db, pane.org
    _load_org(qtbot, org)
    loaded = org_profile.get_profile(db)
    org_profile.save_profile(db, ctx.user, {"office_name": "他人修改的名称"}, loaded.versions)
    org.editors["office_name"].setText("我的名称")
    org.editors["leave_notice_days"].setValue(7)
    with qtbot.waitSignal(org.loaded, timeout=5000):
        org.save()
    assert "该记录已被他人修改" in _errors_text()
    close_errors()
    assert org.editors["office_name"].text() == "他人修改的名称"
    assert org.editors["leave_notice_days"].value() == 7
    assert "办公室名称" in org.note.text() and "尚未保存" in org.note.text()
    assert set(org.changes()) == {"leave_notice_days"}
    _button(pane, "saveOrgProfile").click()
    wait_ops()
    assert not open_errors()
    saved = org_profile.get_profile(db)
    assert (saved["office_name"], saved["leave_notice_days"]) == ("他人修改的名称", 7)


def test_org_profile_bad_list_line_is_refused_and_kept(qtbot, pane):
    org = pane.org
    _load_org(qtbot, org)
    org.editors["standing_attendees"].setPlainText("常务会议：财政局\n没有冒号的一行")
    assert org.save() is False
    assert "第2行" in _errors_text()
    assert "没有冒号的一行" in org.editors["standing_attendees"].toPlainText()


# --- 账户 -----------------------------------------------------------------------------------


def _find_dialog(parent, name):
    from ui.widgets.form import FormDialog

    dialog = parent.findChild(FormDialog, name)
    assert dialog is not None and dialog.isVisible(), name
    return dialog


def test_creating_an_account_through_the_dialog(qtbot, pane, ctx):
    from desktop_app.services.system import accounts

    view = pane.accounts.view
    _load(qtbot, view)
    _button(pane, "newAccount").click()
    dialog = _find_dialog(pane.accounts, "newAccountDialog")
    dialog.widgets["username"].setText("wenmi")
    dialog.widgets["display_name"].setText("文秘甲")
    dialog.widgets["password"].setText(PASSWORD)
    dialog.widgets["password2"].setText(PASSWORD)
    with qtbot.waitSignal(view.loaded, timeout=5000):
        assert finish(dialog.try_save())
    assert [(a.username, a.role) for a in accounts.list_accounts(ctx.db)] == [("wenmi", "clerk")]
    assert [r.username for r in view.model.rows] == ["wenmi"]
    assert view.model.data(view.model.index(0, 4)) == "从未登录"


def test_demoting_the_last_admin_shows_the_guard_and_keeps_the_dialog(qtbot, pane, ctx):
    from desktop_app.services.system import accounts

    accounts.create_first_admin(ctx.db, "admin", "管理员", PASSWORD)
    view = pane.accounts.view
    _load(qtbot, view)
    assert view.select_where(lambda a: a.username == "admin")
    _button(pane, "editAccount").click()
    dialog = _find_dialog(pane.accounts, "editAccountDialog")
    role = dialog.widgets["role"]
    role.setCurrentIndex(role.findData("clerk"))
    assert finish(dialog.try_save()) is False
    assert "最后一个管理员账户" in _errors_text()
    assert dialog.isVisible()
    assert accounts.list_accounts(ctx.db)[0].role == "admin"


def test_password_reset_needs_matching_entries(qtbot, pane, ctx):
    from desktop_app.services.system import accounts

    admin = accounts.create_first_admin(ctx.db, "admin", "管理员", PASSWORD)
    accounts.create_account(ctx.db, ctx.user, "wenmi", "文秘甲", PASSWORD, "clerk")
    view = pane.accounts.view
    _load(qtbot, view)
    view.select_where(lambda a: a.username == "wenmi")
    _button(pane, "resetPassword").click()
    dialog = _find_dialog(pane.accounts, "resetPasswordDialog")
    dialog.widgets["password"].setText("new-password-1")
    dialog.widgets["password2"].setText("new-password-2")
    assert finish(dialog.try_save()) is False
    assert "两次输入的密码不一致" in _errors_text()
    dialog.widgets["password2"].setText("new-password-1")
    with qtbot.waitSignal(view.loaded, timeout=5000):
        assert finish(dialog.try_save())
    assert accounts.authenticate(ctx.db, "wenmi", "new-password-1").role == "clerk"
    # his own row: the dialog of 账户 → 修改密码, which asks for the old password
    close_errors()
    view.select_where(lambda a: a.id == admin.id)
    _button(pane, "resetPassword").click()
    own = _find_dialog(pane.accounts, "changePasswordDialog")
    assert "old_password" in own.widgets
    own.reject()


# --- 工作日历 -------------------------------------------------------------------------------


def _reload_calendar(qtbot, cal) -> None:
    with qtbot.waitSignals([cal.view.loaded, cal.status_loaded], timeout=5000):
        cal.reload()


def test_CAL1_entering_next_years_notice_through_the_dialog(qtbot, pane):
    from ui.panes.settings_calendar import NoticeDialog

    cal = pane.calendar
    _reload_calendar(qtbot, cal)
    assert set(cal.sources) == {2026, 2027} and cal.sources[2027] != "notice"
    _button(pane, "newNotice").click()
    dialog = cal.findChild(NoticeDialog, "noticeDialog")
    assert dialog is not None and dialog.isVisible()
    assert "年份: 2027" in dialog.editor.toPlainText()

    assert finish(dialog.try_save()) is False  # the template still has 「__」 placeholders
    assert "第4行" in _errors_text()
    close_errors()

    bad = NOTICE_2027.replace("2027-02-12", "2027-02-30")
    dialog.editor.setPlainText(bad)
    assert finish(dialog.try_save()) is False
    assert "第4行：日期 2027-02-30 不存在" in _errors_text()
    assert dialog.isVisible() and dialog.editor.toPlainText() == bad
    close_errors()

    dialog.editor.setPlainText(NOTICE_2027)
    with qtbot.waitSignals([cal.view.loaded, cal.status_loaded], timeout=5000):
        assert finish(dialog.try_save())
    assert cal.sources[2027] == "notice"
    assert "2027年</b>：<span style='color:#1b7a2f'>已录入放假通知" in cal.status.text()
    row = cal.view.model.rows[0]
    assert (row.year, row.holidays, row.workdays, row.updated_by) == (2027, 2, 1, "admin")


def test_CAL1_editing_and_importing_notices(qtbot, pane, ctx, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from desktop_app.services.system import calendar_admin

    calendar_admin.save_notice(ctx.db, ctx.user, NOTICE_2027)
    cal = pane.calendar
    _reload_calendar(qtbot, cal)
    cal.view.select_where(lambda n: n.year == 2027)
    dialog = cal.edit_notice()
    dialog.editor.setPlainText(NOTICE_2027 + "班: 2027-02-20\n")
    with qtbot.waitSignals([cal.view.loaded, cal.status_loaded], timeout=5000):
        assert finish(dialog.try_save())
    assert cal.view.model.rows[0].workdays == 2

    file = tmp_path / "2027.txt"
    file.write_text(NOTICE_2027, encoding="utf-8")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignals([cal.view.loaded, cal.status_loaded], timeout=5000):
        assert finish(cal.import_file(file))
    assert cal.view.model.rows[0].workdays == 1

    broken = tmp_path / "broken.txt"
    broken.write_text("年份: 2028\n休: 2028-13-01 元旦\n", encoding="utf-8")
    assert finish(cal.import_file(broken)) is False
    assert "第2行" in _errors_text()


def test_CAL1_a_notice_edited_to_name_a_year_already_entered_is_refused_and_stays_open(
    qtbot, pane, ctx
):
    """The clerk opens 2027's notice and pastes 2028's text into it: 2028 has its own notice,
    so nothing is saved — neither year's notice is overwritten — and the text stays typed."""
    from desktop_app.services.system import calendar_admin

    first = calendar_admin.save_notice(ctx.db, ctx.user, NOTICE_2027)
    other = calendar_admin.save_notice(ctx.db, ctx.user, "年份: 2028\n休: 2028-01-01 元旦\n")
    assert first.version == other.version  # each row's own version: they may well be equal
    cal = pane.calendar
    _reload_calendar(qtbot, cal)
    cal.view.select_where(lambda n: n.year == 2027)
    dialog = cal.edit_notice()
    typed = "# 2028年部分节假日安排\n年份: 2028\n休: 2028-10-01 至 2028-10-07 国庆节\n"
    dialog.editor.setPlainText(typed)
    assert finish(dialog.try_save()) is False
    assert "2028年的放假安排已单独录入" in _errors_text()
    assert dialog.isVisible() and dialog.editor.toPlainText() == typed
    close_errors()
    now = {n.year: (n.id, n.version, n.text) for n in calendar_admin.list_notices(ctx.db)}
    assert now == {
        2027: (first.id, first.version, first.text),
        2028: (other.id, other.version, other.text),
    }


def test_dashboard_reminder_opens_the_calendar_tab(qtbot, pane, ctx):
    from desktop_app.services.system import calendar_admin

    calendar_admin.save_notice(ctx.db, ctx.user, NOTICE_2027)
    with qtbot.waitSignals(
        [
            pane.calendar.view.loaded,
            pane.calendar.status_loaded,
            pane.accounts.view.loaded,
            pane.org.loaded,
            pane.rules.view.loaded,
        ],
        timeout=5000,
    ):
        pane.activate()
        pane.open_record("calendar", 2027)
    assert pane.tabs.tabText(pane.tabs.currentIndex()) == "工作日历"
    assert pane.calendar.view.current().year == 2027


# --- 规则 -----------------------------------------------------------------------------------


def test_rules_tab_lists_the_enforced_rules(qtbot, pane):
    from desktop_app.rules.registry import all_rules

    _load(qtbot, pane.rules.view)
    ids = [r.rule_id for r in pane.rules.view.model.rows]
    assert "R6.2" in ids and "CAL1" in ids
    assert ids == [r.rule_id for r in all_rules()]
    assert pane.tabs.tabText(5) == "规则"


def test_R45_1_selected_rule_shows_its_articles_full_text(qtbot, pane):
    from PySide6.QtWidgets import QLabel, QPlainTextEdit

    from desktop_app.rules import article_text
    from desktop_app.rules.articles import source_line

    rules = pane.rules
    _load(qtbot, rules.view)
    text = rules.findChild(QPlainTextEdit, "rulesArticleText")
    assert text is not None and text.isReadOnly()
    assert text.toPlainText() == "" and text.placeholderText().startswith("选择一条规则")
    assert rules.view.select_where(lambda r: r.rule_id == "R45.1")
    assert text.toPlainText() == article_text("第四十五条")
    assert rules.findChild(QLabel, "rulesArticleTitle").text() == "<b>第四十五条</b>"
    assert rules.findChild(QLabel, "rulesArticleSummary").text().startswith("R45.1　")
    assert rules.findChild(QLabel, "rulesArticleSource").text() == source_line()
    # a rule that is not an article says so, with no source line
    assert rules.view.select_where(lambda r: r.rule_id == "NUM")
    assert text.toPlainText().startswith("「发文字号编号规则」不是《同江市人民政府工作规则》的条文")
    assert rules.findChild(QLabel, "rulesArticleSource").text() == ""


# --- roles ----------------------------------------------------------------------------------


def test_a_clerk_cannot_edit_the_org_profile_or_accounts(qtbot, sqlite_db, clerk):
    p = _clerk_pane(qtbot, sqlite_db, clerk)
    _load_org(qtbot, p.org)
    assert p.org.editors["org_name"].isReadOnly()
    assert p.org.editors["meeting_rooms"].isReadOnly()
    assert p.org.editors["leave_notice_days"].isReadOnly()
    assert not p.org.save_button.isVisibleTo(p)
    assert p.org.note.text() == "只有管理员可以修改组织设置。"
    for name in ("newAccount", "editAccount", "resetPassword", "newNotice", "importNotice"):
        assert p.findChild(QPushButton, name) is None, name
    _load(qtbot, p.accounts.view)  # the list itself is visible
