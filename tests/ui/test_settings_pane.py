"""设置: database settings file, organisation profile, accounts, working calendar, rule help."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from PySide6.QtWidgets import QPushButton

from tests.ui.conftest import close_errors, finish, open_errors, wait_ops

PASSWORD = "tongjiang-2018"
NOTICE_2027 = """# 2027年部分节假日安排
年份: 2027
休: 2027-01-01 至 2027-01-03 元旦
休: 2027-02-06 至 2027-02-12 春节
班: 2027-02-14
"""


@pytest.fixture(autouse=True)
def machine_dirs(tmp_path, monkeypatch):
    """Settings file and data folder in tmp; never the developer's real config."""
    monkeypatch.setenv("FUBAN_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("FUBAN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("FUBAN_DB_URL", raising=False)
    yield
    close_errors()


@pytest.fixture
def pane(qtbot, ctx):
    from ui.panes.settings import SettingsPane

    p = SettingsPane(ctx)
    qtbot.addWidget(p)
    return p


def _clerk_pane(qtbot, sqlite_db, clerk):
    from ui.context import AppContext
    from ui.panes.settings import SettingsPane

    p = SettingsPane(AppContext(sqlite_db, clerk, today=lambda: date(2026, 11, 26)))
    qtbot.addWidget(p)
    return p


def _load(qtbot, view) -> None:
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.reload()


def _button(widget, name: str) -> QPushButton:
    button = widget.findChild(QPushButton, name)
    assert button is not None, name
    return button


def _errors_text() -> str:
    return "\n".join(open_errors())


# --- 数据库 ---------------------------------------------------------------------------------


def _fill_pg(
    w, host="db.tongjiang.local", port=5433, dbname="fuban", user="fuban", password="s3cret"
) -> None:
    w.pg_radio.setChecked(True)
    w.host_edit.setText(host)
    w.port_edit.setValue(port)
    w.dbname_edit.setText(dbname)
    w.user_edit.setText(user)
    w.password_edit.setText(password)


def test_database_tab_saves_postgresql_settings(qtbot, pane):
    from desktop_app import config

    assert pane.tabs.tabText(0) == "数据库" and pane.objectName() == "settingsPane"
    w = pane.database
    _fill_pg(w)
    _button(pane, "saveDatabaseSettings").click()
    assert w.saved_label.text() == "已保存，重新启动府办台账后生效。"
    assert config.settings_file().exists()
    db = config.load().database
    assert (db.mode, db.host, db.port, db.dbname, db.user, db.password) == (
        "postgresql",
        "db.tongjiang.local",
        5433,
        "fuban",
        "fuban",
        "s3cret",
    )
    url = "postgresql+psycopg://fuban:s3cret@db.tongjiang.local:5433/fuban"
    assert config.load().database_url() == url


def test_database_tab_refuses_a_network_share_and_writes_nothing(qtbot, pane):
    from desktop_app import config

    w = pane.database
    w.sqlite_radio.setChecked(True)
    w.path_edit.setText("\\\\server\\share\\fuban.db")
    _button(pane, "saveDatabaseSettings").click()
    assert "数据库文件不能放在网络共享" in _errors_text()
    assert not config.settings_file().exists()
    assert w.saved_label.text() == ""


def test_database_dialog_is_accepted_when_saved(qtbot, tmp_path):
    from desktop_app import config
    from ui.panes.settings_database import DatabaseSettingsDialog

    dialog = DatabaseSettingsDialog()
    qtbot.addWidget(dialog)
    dialog.widget.sqlite_radio.setChecked(True)
    dialog.widget.path_edit.setText(str(tmp_path / "本机" / "fuban.db"))
    assert dialog.widget.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert config.load().database.sqlite_file() == tmp_path / "本机" / "fuban.db"


def _run_test_connection(qtbot, w) -> str:
    w.test_button.click()
    qtbot.waitUntil(lambda: w.test_button.isEnabled(), timeout=10000)
    return w.result_label.text()


def test_test_connection_reaches_the_real_server(qtbot, pane):
    from tests.conftest import pg_or_skip

    pg_or_skip()
    w = pane.database
    _fill_pg(w, host="127.0.0.1", port=5432, dbname="postgres", user="postgres", password="")
    assert _run_test_connection(qtbot, w).startswith("连接成功：PostgreSQL ")
    assert w.findChild(type(w.result_label), "connectionResult") is w.result_label


def test_test_connection_reports_a_refused_port(qtbot, pane):
    w = pane.database
    _fill_pg(w, host="127.0.0.1", port=1)
    assert _run_test_connection(qtbot, w).startswith("无法连接到 127.0.0.1:1：")
    assert not w.create_button.isVisible()


def test_missing_server_database_can_be_created_from_the_tab(qtbot, pane):
    from tests.conftest import _pg_exec, pg_or_skip

    pg_or_skip()
    name = f"fuban_ui_{uuid.uuid4().hex[:10]}"
    w = pane.database
    pane.show()
    _fill_pg(w, host="127.0.0.1", port=5432, dbname=name, user="postgres", password="")
    try:
        assert f"数据库「{name}」不存在" in _run_test_connection(qtbot, w)
        assert w.create_button.isVisible()
        w.create_button.click()
        qtbot.waitUntil(lambda: w.test_button.isEnabled(), timeout=10000)
        assert w.result_label.text().startswith(f"已建立数据库「{name}」。连接成功")
    finally:
        _pg_exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


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

    accounts.create_first_admin(ctx.db, "admin", "管理员", PASSWORD)
    view = pane.accounts.view
    _load(qtbot, view)
    view.select_where(lambda a: a.username == "admin")
    _button(pane, "resetPassword").click()
    dialog = _find_dialog(pane.accounts, "resetPasswordDialog")
    dialog.widgets["password"].setText("new-password-1")
    dialog.widgets["password2"].setText("new-password-2")
    assert finish(dialog.try_save()) is False
    assert "两次输入的密码不一致" in _errors_text()
    dialog.widgets["password2"].setText("new-password-1")
    with qtbot.waitSignal(view.loaded, timeout=5000):
        assert finish(dialog.try_save())
    assert accounts.authenticate(ctx.db, "admin", "new-password-1").role == "admin"


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
