"""Per-machine settings and the refusal to keep SQLite on a network share."""

import pytest
from sqlalchemy.engine import make_url

from db.errors import DatabaseLocationError
from desktop_app import config


def test_unc_paths_are_network_paths():
    assert config.is_network_path(r"\\server\share\fuban.db")
    assert config.is_network_path("//server/share/fuban.db")


def test_mapped_network_drive_is_refused_on_windows():
    remote = lambda root: config.DRIVE_REMOTE if root == "Z:\\" else 3  # noqa: E731
    assert config.is_network_path(r"Z:\台账\fuban.db", drive_type=remote, platform="nt")
    assert not config.is_network_path(r"C:\Users\文秘\fuban.db", drive_type=remote, platform="nt")


def test_check_local_path_message_advises_shared_server():
    with pytest.raises(DatabaseLocationError) as err:
        config.check_local_path(r"\\fileserver\309\fuban.db")
    assert "共享数据库服务器" in err.value.message


def test_local_path_is_accepted(tmp_path):
    config.check_local_path(tmp_path / "fuban.db")


def test_settings_round_trip(tmp_path, monkeypatch):
    monkeypatch.setenv("FUBAN_CONFIG_DIR", str(tmp_path))
    monkeypatch.delenv("FUBAN_DB_URL", raising=False)
    s = config.load()
    assert s.database.mode == "sqlite"
    s.database = config.DatabaseSettings(
        mode="postgresql", host="10.0.0.5", dbname="fuban", user="wenmi", password="p@ss word"
    )
    config.save(s)
    again = config.load()
    assert again.database.host == "10.0.0.5"
    url = make_url(again.database_url())
    assert (url.drivername, url.host, url.port, url.database) == (
        "postgresql+psycopg",
        "10.0.0.5",
        5432,
        "fuban",
    )
    assert (url.username, url.password) == ("wenmi", "p@ss word")


def test_default_database_is_in_the_user_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("FUBAN_CONFIG_DIR", str(tmp_path / "cfg"))
    monkeypatch.setenv("FUBAN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("FUBAN_DB_URL", raising=False)
    assert config.load().database_url() == f"sqlite:///{tmp_path / 'data' / 'fuban.db'}"


def test_network_sqlite_path_in_settings_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("FUBAN_CONFIG_DIR", str(tmp_path))
    monkeypatch.delenv("FUBAN_DB_URL", raising=False)
    s = config.MachineSettings(database=config.DatabaseSettings(sqlite_path=r"\\srv\s\f.db"))
    with pytest.raises(DatabaseLocationError):
        s.database_url()


def _bad_settings(tmp_path, monkeypatch, content: bytes):
    monkeypatch.setenv("FUBAN_CONFIG_DIR", str(tmp_path))
    monkeypatch.delenv("FUBAN_DB_URL", raising=False)
    monkeypatch.setattr(config, "_problem", None)
    path = tmp_path / "settings.json"
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    "content, reason",
    [
        (b'{"database": {"mode": "postgresql", "host": "10.0', "格式错误"),  # cut off
        ("设置".encode("gbk"), "不是 UTF-8 文本"),  # saved by a Chinese-locale editor
        ('{"database": {"port": "五四三二"}}'.encode(), "内容不是府办台账的设置"),
        (b"[1, 2, 3]", "内容不是府办台账的设置"),
    ],
)
def test_unreadable_settings_file_is_kept_aside_and_named(tmp_path, monkeypatch, content, reason):
    path = _bad_settings(tmp_path, monkeypatch, content)
    settings = config.load()
    assert settings.database.mode == "sqlite"  # the defaults, this time
    problem = config.settings_problem()
    assert problem is not None and problem.path == path and reason in problem.reason
    assert problem.kept_as == tmp_path / "settings.json.bad"
    assert problem.kept_as.read_bytes() == content and not path.exists()
    assert str(path) in problem.message and "settings.json.bad" in problem.message


def test_saving_after_a_bad_settings_file_keeps_the_bad_one(tmp_path, monkeypatch):
    """The clerk fixes the settings in 设置 → 数据库: the new file is written, the unreadable
    one stays beside it for whoever wants what was in it; a second bad file is kept as .bad2."""
    broken = b'{"database": {"mode": "postgresql", "host": "10.0.0.5", "pass'
    path = _bad_settings(tmp_path, monkeypatch, broken)
    s = config.load()
    s.database = config.DatabaseSettings(mode="postgresql", host="10.0.0.5")
    config.save(s)
    assert config.load().database.host == "10.0.0.5"
    assert (tmp_path / "settings.json.bad").read_bytes() == broken
    path.write_bytes(b"\x00\x00garbage")
    monkeypatch.setattr(config, "_problem", None)
    config.save(config.MachineSettings())  # a save over an unreadable file keeps it first
    assert (tmp_path / "settings.json.bad2").read_bytes() == b"\x00\x00garbage"
    assert (tmp_path / "settings.json.bad").read_bytes() == broken
    assert config.settings_problem() is not None
    assert config.load().database.mode == "sqlite"
