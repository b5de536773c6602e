"""Per-machine database settings: a local SQLite file or the shared PostgreSQL server.

Used in 设置 → 数据库 and, at start, when the configured database cannot be opened. Saving only
writes the settings file; the new database is used after a restart (the open connection, the
signed-in account and every pane belong to the old one).
"""

from __future__ import annotations

import os
from pathlib import Path, PureWindowsPath

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app import config
from desktop_app.services.system import connection
from desktop_app.services.system.common import ValidationError
from ui import operations
from ui.errors import show_error
from ui.panes.settings_common import BAD_COLOR, HINT_STYLE, OK_COLOR

SAVED_TEXT = "已保存，重新启动府办台账后生效。"
OK_STYLE = f"color: {OK_COLOR};"
BAD_STYLE = f"color: {BAD_COLOR};"


def _load_settings() -> config.MachineSettings:
    try:
        return config.load()
    except (OSError, ValueError, TypeError):  # unreadable or hand-broken file: start from defaults
        return config.MachineSettings()


class DatabaseSettingsWidget(QWidget):
    saved = Signal()

    def __init__(self, current_label: str = "", parent=None):
        super().__init__(parent)
        self.setObjectName("databaseSettings")
        self._build(current_label)
        self.set_settings(_load_settings().database)

    # --- layout ---------------------------------------------------------------------------

    def _build(self, current_label: str) -> None:
        self.sqlite_radio = QRadioButton("本机数据库文件", objectName="modeSqlite")
        self.pg_radio = QRadioButton("共享数据库服务器（PostgreSQL）", objectName="modePostgresql")
        group = QButtonGroup(self)
        group.addButton(self.sqlite_radio)
        group.addButton(self.pg_radio)
        self.sqlite_radio.toggled.connect(self._mode_changed)

        body = QWidget(maximumWidth=760)  # a form as wide as the window is hard to read
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(body, 1)
        outer.addStretch(0)
        layout = QVBoxLayout(body)
        if current_label:
            layout.addWidget(QLabel(f"当前使用：{current_label}", objectName="currentDatabase"))
        if os.environ.get("FUBAN_DB_URL"):
            layout.addWidget(
                QLabel(
                    "注意：环境变量 FUBAN_DB_URL 已指定数据库，此处的设置暂不生效。",
                    styleSheet=BAD_STYLE,
                )
            )
        layout.addWidget(self.sqlite_radio)
        layout.addWidget(self._sqlite_box())
        layout.addWidget(self.pg_radio)
        layout.addWidget(self._pg_box())
        layout.addLayout(self._buttons())
        self.result_label = QLabel(objectName="connectionResult", wordWrap=True)
        self.saved_label = QLabel(objectName="databaseSaveResult", wordWrap=True)
        for label in (self.result_label, self.saved_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(label)
        layout.addStretch(1)

    def _sqlite_box(self) -> QGroupBox:
        self.sqlite_box = QGroupBox("数据库文件")
        self.path_edit = QLineEdit(objectName="sqlitePath")
        self.path_edit.setPlaceholderText(f"默认：{config.data_dir() / 'fuban.db'}")
        browse = QPushButton("浏览…", objectName="browseSqlite")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        hint = QLabel(
            "只供本机使用。不能放在网络共享文件夹上；多台电脑共用请选择共享数据库服务器。",
            wordWrap=True,
            styleSheet=HINT_STYLE,
        )
        box = QVBoxLayout(self.sqlite_box)
        box.addLayout(row)
        box.addWidget(hint)
        return self.sqlite_box

    def _pg_box(self) -> QGroupBox:
        self.pg_box = QGroupBox("共享数据库服务器")
        self.host_edit = QLineEdit(objectName="pgHost")
        self.port_edit = QSpinBox(objectName="pgPort", minimum=1, maximum=65535)
        self.dbname_edit = QLineEdit(objectName="pgDatabase")
        self.user_edit = QLineEdit(objectName="pgUser")
        self.password_edit = QLineEdit(
            objectName="pgPassword", echoMode=QLineEdit.EchoMode.Password
        )
        form = QFormLayout(self.pg_box)
        form.addRow("服务器地址：", self.host_edit)
        form.addRow("端口：", self.port_edit)
        form.addRow("数据库名称：", self.dbname_edit)
        # A server set up with `fuban server init` (docs/SERVER.md): each clerk signs in with his
        # own account, which is his database login — this PC then keeps no database password.
        self.own_logins_check = QCheckBox(
            "每人使用自己的数据库登录（服务器已由 IT 人员设置账户权限）", objectName="pgOwnLogins"
        )
        self.own_logins_check.toggled.connect(self._own_logins_changed)
        form.addRow("", self.own_logins_check)
        form.addRow("用户名：", self.user_edit)
        form.addRow("密码：", self.password_edit)
        form.addRow(
            "",
            QLabel(
                "密码保存在 Windows 凭据管理器中（没有凭据管理器的电脑保存在本机设置文件中）；"
                "请为府办台账单独建立数据库用户。"
                "选用「每人使用自己的数据库登录」时无需填写：启动时用本人账户登录。",
                wordWrap=True,
                styleSheet=HINT_STYLE,
            ),
        )
        return self.pg_box

    def _own_logins_changed(self, own: bool) -> None:
        self.user_edit.setEnabled(not own)
        self.password_edit.setEnabled(not own)

    def _buttons(self) -> QHBoxLayout:
        self.test_button = QPushButton("测试连接", objectName="testConnection")
        self.test_button.clicked.connect(self.test_connection)
        self.create_button = QPushButton("建立数据库", objectName="createDatabase", visible=False)
        self.create_button.setToolTip(
            "在服务器上建立这个空数据库；首次启动时府办台账在其中建立数据表。"
        )
        self.create_button.clicked.connect(self.create_database)
        self.save_button = QPushButton("保存", objectName="saveDatabaseSettings")
        self.save_button.clicked.connect(self.save)
        row = QHBoxLayout()
        row.addWidget(self.test_button)
        row.addWidget(self.create_button)
        row.addStretch(1)
        row.addWidget(self.save_button)
        return row

    # --- values ---------------------------------------------------------------------------

    def set_settings(self, db: config.DatabaseSettings) -> None:
        (self.pg_radio if db.mode == "postgresql" else self.sqlite_radio).setChecked(True)
        self.path_edit.setText(db.sqlite_path)
        self.host_edit.setText(db.host)
        self.port_edit.setValue(int(db.port or 5432))
        self.dbname_edit.setText(db.dbname)
        self.user_edit.setText(db.user)
        self.password_edit.setText(db.password)
        self.own_logins_check.setChecked(db.own_logins)
        self._own_logins_changed(db.own_logins)
        self._role_prefix = db.role_prefix  # set by the IT person in the file, kept as it is
        self._mode_changed()

    def settings(self) -> config.DatabaseSettings:
        """What the form says, checked: a network path or a missing server name is refused."""
        pg = self.pg_radio.isChecked()
        db = config.DatabaseSettings(
            mode="postgresql" if pg else "sqlite",
            sqlite_path=self.path_edit.text().strip(),
            host=self.host_edit.text().strip(),
            port=self.port_edit.value(),
            dbname=self.dbname_edit.text().strip(),
            user=self.user_edit.text().strip(),
            password=self.password_edit.text(),
            own_logins=self.own_logins_check.isChecked(),
            role_prefix=self._role_prefix,
        )
        if db.own_logins:  # no shared password stays on this PC
            db.user, db.password = "", ""
        if pg and not db.host:
            raise ValidationError("请填写服务器地址（如 192.168.1.10）。")
        if pg and not db.dbname:
            raise ValidationError("请填写数据库名称（如 fuban）。")
        if not pg and db.sqlite_path and not _looks_absolute(db.sqlite_path):
            raise ValidationError(
                "请填写数据库文件的完整路径（如 D:\\府办台账\\fuban.db），或点「浏览…」选择。"
            )
        db.url()  # raises DatabaseLocationError for a network share
        return db

    def _mode_changed(self, *_) -> None:
        pg = self.pg_radio.isChecked()
        self.sqlite_box.setEnabled(not pg)
        self.pg_box.setEnabled(pg)
        self.create_button.setVisible(False)

    def _browse(self) -> None:
        start = self.path_edit.text() or str(config.data_dir() / "fuban.db")
        path, _ = QFileDialog.getSaveFileName(
            self,
            "选择数据库文件",
            start,
            "府办台账数据库 (*.db);;所有文件 (*)",
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            self.path_edit.setText(str(Path(path)))

    # --- actions --------------------------------------------------------------------------

    def test_connection(self) -> None:
        try:
            url = self.settings().url()
        except Exception as exc:  # invalid input is shown where the test result goes
            self._show_result(connection.ConnectionReport(False, getattr(exc, "message", str(exc))))
            return
        self._run(lambda: connection.test_connection(url), "正在连接…")

    def create_database(self) -> None:
        try:
            url = self.settings().url()
        except Exception as exc:  # the form changed since the test: say why
            show_error(self, exc, "无法建立数据库")
            return
        self._run(lambda: connection.create_database(url), "正在建立数据库…")

    def _run(self, fn, busy_text: str) -> None:
        self.test_button.setEnabled(False)
        self.create_button.setEnabled(False)
        self.result_label.setStyleSheet("")
        self.result_label.setText(busy_text)
        operations.run(fn, self._show_result, self._failed, parent=self)

    def _show_result(self, report: connection.ConnectionReport) -> None:
        self.test_button.setEnabled(True)
        self.create_button.setEnabled(True)
        self.create_button.setVisible(report.missing_database)
        self.result_label.setStyleSheet(OK_STYLE if report.ok else BAD_STYLE)
        self.result_label.setText(report.message)

    def _failed(self, exc: BaseException) -> None:
        self._show_result(connection.ConnectionReport(False, "测试连接未完成。"))
        show_error(self, exc, "测试连接")

    def save(self) -> bool:
        """Write the settings file; on bad input show why and write nothing."""
        self.saved_label.clear()
        try:
            db = self.settings()
            machine = _load_settings()
            machine.database = db
            config.save(machine)
        except Exception as exc:  # shown to the user; the settings file is untouched
            show_error(self, exc, "未保存")
            return False
        self.saved_label.setText(SAVED_TEXT)
        self.saved.emit()
        return True


def _looks_absolute(path: str) -> bool:
    return Path(path).is_absolute() or PureWindowsPath(path).is_absolute()


class DatabaseSettingsDialog(QDialog):
    """At start, when the database cannot be opened: fix the settings; Accepted = saved."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("databaseSettingsDialog")
        self.setWindowTitle("数据库设置")
        self.resize(560, 520)
        self.widget = DatabaseSettingsWidget(parent=self)
        self.widget.saved.connect(self.accept)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.widget, 1)
        layout.addWidget(buttons)
