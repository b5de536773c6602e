"""设置 → 数据库: 「每人使用自己的数据库登录」 for a server with enforced roles (docs/SERVER.md):
saved with no user or password on this PC, the role prefix written by the IT person kept."""

from __future__ import annotations

from desktop_app import config
from ui.panes.settings_database import DatabaseSettingsWidget


def test_own_logins_saves_no_password_and_keeps_the_role_prefix(qtbot):
    config.save(
        config.MachineSettings(
            config.DatabaseSettings(
                mode="postgresql",
                host="db.tongjiang.local",
                dbname="fuban",
                user="fuban",
                password="s3cret",
                role_prefix="fuban2",
            )
        )
    )
    w = DatabaseSettingsWidget()
    qtbot.addWidget(w)
    assert not w.own_logins_check.isChecked() and w.password_edit.isEnabled()
    w.own_logins_check.setChecked(True)
    assert not w.password_edit.isEnabled() and not w.user_edit.isEnabled()
    assert w.save(), w.saved_label.text()
    saved = config.load()
    db = saved.database
    assert (db.own_logins, db.user, db.password, db.role_prefix) == (True, "", "", "fuban2")
    assert saved.uses_own_logins()
    again = DatabaseSettingsWidget()
    qtbot.addWidget(again)
    assert again.own_logins_check.isChecked() and not again.password_edit.isEnabled()
    again.own_logins_check.setChecked(False)  # back to one database account for this PC
    again.user_edit.setText("fuban")
    again.password_edit.setText("s3cret")
    assert again.save()
    assert not config.load().uses_own_logins() and config.load().database.password == "s3cret"
