"""设置 → 数据库: the settings file written for a PostgreSQL server, a SQLite file on a network
share refused, the dialog form accepted when saved, and 测试连接 against the real server, a
refused port and a missing database created from the tab."""

from __future__ import annotations

import uuid

from tests.ui.settings_pane_support import (
    _button,
    _errors_text,
    machine_dirs_fixture,  # noqa: F401 - the autouse `machine_dirs` fixture
    pane_fixture,  # noqa: F401 - the `pane` fixture
)


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
