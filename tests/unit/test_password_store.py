"""The shared database's password lives in the credential store (Windows Credential Manager
through keyring) when one works, in settings.json (owner-only) otherwise; a clear-text password
left in settings.json by an older version is moved to the store."""

from __future__ import annotations

import json
import os

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from sqlalchemy.engine import make_url

from desktop_app import config, credentials


class MemoryKeyring(KeyringBackend):
    """A credential store in memory, as the Credential Manager behaves for one user."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.entries.get((service, username))

    def set_password(self, service, username, password):
        self.entries[(service, username)] = password

    def delete_password(self, service, username):
        if self.entries.pop((service, username), None) is None:
            from keyring.errors import PasswordDeleteError

            raise PasswordDeleteError("not found")


class LockedKeyring(MemoryKeyring):
    def set_password(self, service, username, password):
        from keyring.errors import PasswordSetError

        raise PasswordSetError("locked")


@pytest.fixture
def settings_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("FUBAN_CONFIG_DIR", str(tmp_path))
    monkeypatch.delenv("FUBAN_DB_URL", raising=False)
    return tmp_path


@pytest.fixture
def use_keyring():
    before = keyring.get_keyring()

    def use(backend):
        keyring.set_keyring(backend)
        return backend

    yield use
    keyring.set_keyring(before)


def _shared(password: str = "s3cret 口令") -> config.MachineSettings:
    settings = config.MachineSettings()
    settings.database = config.DatabaseSettings(
        mode="postgresql", host="10.0.0.5", dbname="fuban", user="fuban_app", password=password
    )
    return settings


def _file(settings_dir) -> dict:
    return json.loads((settings_dir / "settings.json").read_text(encoding="utf-8"))


def test_password_goes_to_the_credential_store_not_the_file(settings_dir, use_keyring):
    store = use_keyring(MemoryKeyring())
    config.save(_shared())
    assert _file(settings_dir)["database"]["password"] == ""
    assert "s3cret" not in (settings_dir / "settings.json").read_text(encoding="utf-8")
    assert store.entries == {("fuban", "fuban_app@10.0.0.5:5432/fuban"): "s3cret 口令"}
    loaded = config.load()
    assert loaded.database.password == "s3cret 口令"
    assert make_url(loaded.database_url()).password == "s3cret 口令"


def test_without_a_working_store_the_file_keeps_it_owner_only(settings_dir, use_keyring):
    use_keyring(fail.Keyring())
    assert credentials.store() is None and credentials.store_name() == "设置文件"
    config.save(_shared())
    assert _file(settings_dir)["database"]["password"] == "s3cret 口令"
    if os.name == "posix":
        assert (settings_dir / "settings.json").stat().st_mode & 0o077 == 0
    assert config.load().database.password == "s3cret 口令"


def test_a_store_that_refuses_leaves_the_password_in_the_file(settings_dir, use_keyring):
    use_keyring(LockedKeyring())
    config.save(_shared())
    assert _file(settings_dir)["database"]["password"] == "s3cret 口令"
    assert config.load().database.password == "s3cret 口令"


def test_clear_text_password_of_an_older_version_is_moved_to_the_store(settings_dir, use_keyring):
    use_keyring(fail.Keyring())
    config.save(_shared("old clear text"))  # as an older version (or a PC without a store) wrote
    assert _file(settings_dir)["database"]["password"] == "old clear text"
    store = use_keyring(MemoryKeyring())
    loaded = config.load()
    assert loaded.database.password == "old clear text"
    assert _file(settings_dir)["database"]["password"] == ""  # moved out at once
    assert store.entries[("fuban", "fuban_app@10.0.0.5:5432/fuban")] == "old clear text"
    assert _file(settings_dir)["database"]["host"] == "10.0.0.5"  # the rest as it was
    assert config.load().database.password == "old clear text"


def test_an_emptied_password_does_not_come_back_from_the_store(settings_dir, use_keyring):
    store = use_keyring(MemoryKeyring())
    config.save(_shared())
    config.save(_shared(""))  # a server that trusts this PC: no password
    assert store.entries == {}
    assert config.load().database.password == ""


def test_local_database_and_own_logins_never_touch_the_store(settings_dir, use_keyring):
    class Untouchable(MemoryKeyring):
        def get_password(self, service, username):
            raise AssertionError("the credential store was asked")

        set_password = get_password

    use_keyring(Untouchable())
    config.save(config.MachineSettings())
    assert config.load().database.mode == "sqlite"
    own = _shared("")
    own.database.own_logins = True
    config.save(own)
    assert config.load().database.own_logins


def test_backup_keep_days_round_trip_and_bad_values(settings_dir, monkeypatch):
    monkeypatch.setattr(config, "_problem", None)
    settings = config.MachineSettings(backup_keep_days=60)
    config.save(settings)
    assert config.load().backup_keep_days == 60
    raw = _file(settings_dir)
    raw["backup_keep_days"] = 0
    (settings_dir / "settings.json").write_text(json.dumps(raw), encoding="utf-8")
    assert config.load().backup_keep_days == 30  # an unreadable file: kept aside, defaults used
    assert config.settings_problem() is not None
