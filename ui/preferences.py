"""What the window remembers for the clerk on this PC (not the database: it is his screen, not the
office's records): the last user name signed in, and per account the registers' column widths and
order and the standing hints already read. Kept in `ui.ini` beside settings.json (the config folder,
desktop_app.config.config_dir), in Qt's INI format."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

from desktop_app import config

_account = ""  # the signed-in account's user name; set by the main window


def _settings() -> QSettings:
    path = config.config_dir() / "ui.ini"
    return QSettings(str(path), QSettings.Format.IniFormat)


def set_account(username: str) -> None:
    global _account
    _account = username


def _key(what: str, name: str) -> str:
    # Per account: two clerks sharing a PC keep their own widths and hints.
    return f"{what}/{_account or '_'}/{name}"


def last_username() -> str:
    value = _settings().value("sign_in/last_username", "")
    return str(value or "")


def remember_username(username: str) -> None:
    s = _settings()
    s.setValue("sign_in/last_username", username)
    s.sync()


def header_state(name: str) -> QByteArray | None:
    value = _settings().value(_key("columns", name))
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None


def save_header_state(name: str, state: QByteArray) -> None:
    s = _settings()
    s.setValue(_key("columns", name), state)
    s.sync()


def hint_read(name: str) -> str:
    """The text of the standing hint `name` the clerk last marked as read ("" if none)."""
    return str(_settings().value(_key("hints", name), "") or "")


def mark_hint_read(name: str, text: str) -> None:
    s = _settings()
    s.setValue(_key("hints", name), text)
    s.sync()
