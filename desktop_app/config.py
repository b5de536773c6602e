"""Per-machine settings: which database, printer and font overrides (DESIGN.md → Configuration).

Kept as a small JSON file in the platform's config folder. Environment overrides exist for tests
and for administrators: FUBAN_CONFIG_DIR, FUBAN_DATA_DIR, FUBAN_DB_URL.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path, PureWindowsPath

import platformdirs

from db.errors import DatabaseLocationError, FubanError

APP = "fuban"
log = logging.getLogger(__name__)


def config_dir() -> Path:
    return Path(os.environ.get("FUBAN_CONFIG_DIR") or platformdirs.user_config_dir(APP, False))


def data_dir() -> Path:
    return Path(os.environ.get("FUBAN_DATA_DIR") or platformdirs.user_data_dir(APP, False))


def log_dir() -> Path:
    return data_dir() / "logs"


@dataclass
class DatabaseSettings:
    mode: str = "sqlite"  # sqlite | postgresql
    sqlite_path: str = ""  # empty = fuban.db in the user's data folder
    host: str = "127.0.0.1"
    port: int = 5432
    dbname: str = "fuban"
    user: str = "postgres"
    password: str = ""
    # A shared server with enforced roles (docs/SERVER.md): each clerk connects as his own
    # database login with the password he types at sign-in, so no password is kept here.
    own_logins: bool = False
    role_prefix: str = "fuban"

    def keeps_shared_password(self) -> bool:
        """This PC connects with one shared login whose password it keeps."""
        return self.mode == "postgresql" and not self.own_logins

    def sqlite_file(self) -> Path:
        return Path(self.sqlite_path) if self.sqlite_path else data_dir() / "fuban.db"

    def url(self) -> str:
        if self.mode == "postgresql":
            # Imported here: the sign-in dialog shows before SQLAlchemy has loaded (ui.app).
            from sqlalchemy.engine import URL

            return URL.create(
                "postgresql+psycopg",
                username=self.user or None,
                password=self.password or None,
                host=self.host,
                port=int(self.port),
                database=self.dbname,
            ).render_as_string(hide_password=False)
        path = self.sqlite_file()
        check_local_path(path)
        return f"sqlite:///{path}"


@dataclass
class MachineSettings:
    database: DatabaseSettings = field(default_factory=DatabaseSettings)
    printer: str = ""
    fonts: dict[str, str] = field(default_factory=dict)  # role → font file override
    backup_keep_days: int = 30  # automatic daily backups older than this are removed

    def database_url(self) -> str:
        return os.environ.get("FUBAN_DB_URL") or self.database.url()

    def uses_own_logins(self) -> bool:
        """Sign in first, then connect as the account's own server login (db.server_roles)."""
        return (
            self.database.mode == "postgresql"
            and self.database.own_logins
            and not os.environ.get("FUBAN_DB_URL")
        )


def settings_file() -> Path:
    return config_dir() / "settings.json"


class SettingsFileError(FubanError):
    """settings.json exists but can neither be read nor moved aside."""


@dataclass(frozen=True)
class SettingsProblem:
    """A settings file that could not be read: where it was, where it was kept, and why."""

    path: Path
    kept_as: Path
    reason: str

    @property
    def message(self) -> str:
        return (
            f"设置文件无法读取：{self.path}（{self.reason}）。原文件已另存为 {self.kept_as}，"
            "本次按默认设置启动（本机数据库文件）。如原来使用共享数据库服务器或其他数据库文件，"
            "请在「设置 → 数据库」中重新填写。"
        )


_problem: SettingsProblem | None = None


def settings_problem() -> SettingsProblem | None:
    """The settings file this process found unreadable and kept aside (None: it was fine).
    Only a problem with the settings file in use counts: one found under another settings
    folder (FUBAN_CONFIG_DIR changed since) says nothing about this one."""
    if _problem is not None and _problem.path != settings_file():
        return None
    return _problem


def load() -> MachineSettings:
    """The settings; a file that cannot be read is kept aside as settings.json.bad (never
    overwritten by the next save) and the defaults are used — settings_problem() says so.
    The shared database's password comes from the credential store (desktop_app.credentials);
    one still written in the file is moved there when a store works."""
    global _problem
    path = settings_file()
    if not path.exists():
        return MachineSettings()
    try:
        settings = _parse(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError) as exc:
        reason = _unreadable_reason(exc)
    else:
        _password_from_store(settings)
        return settings
    kept = _keep_aside(path, reason)
    _problem = SettingsProblem(path, kept, reason)
    return MachineSettings()


def _parse(raw) -> MachineSettings:
    """Settings from the file's JSON; a field of the wrong type raises TypeError."""
    if not isinstance(raw, dict) or not isinstance(raw.get("database", {}), dict):
        raise TypeError("settings.json does not hold a settings object")
    defaults = DatabaseSettings()
    values = {}
    for key, value in raw.get("database", {}).items():
        if key not in DatabaseSettings.__dataclass_fields__:
            continue
        expected = type(getattr(defaults, key))
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise TypeError(f"settings.json: database.{key} is {value!r}")
        values[key] = value
    printer, fonts = raw.get("printer", ""), raw.get("fonts", {})
    if not isinstance(printer, str) or not isinstance(fonts, dict):
        raise TypeError("settings.json: printer or fonts of the wrong type")
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in fonts.items()):
        raise TypeError("settings.json: a font override is not a file name")
    keep = raw.get("backup_keep_days", MachineSettings.backup_keep_days)
    if not isinstance(keep, int) or isinstance(keep, bool) or keep < 1:
        raise TypeError(f"settings.json: backup_keep_days is {keep!r}")
    return MachineSettings(
        database=DatabaseSettings(**values), printer=printer, fonts=fonts, backup_keep_days=keep
    )


def _password_from_store(settings: MachineSettings) -> None:
    """Fill in the password kept in the credential store; move one found in the file there."""
    db = settings.database
    if not db.keeps_shared_password():
        return
    from desktop_app import credentials

    if db.password:  # written by an older version, or where no store worked then
        if credentials.save_password(db):
            try:
                _write(settings)
            except OSError:  # the file stays as it was; the store holds the same password
                log.warning("password moved to the credential store, file not rewritten")
            else:
                log.info("database password moved from settings.json to the credential store")
        return
    stored = credentials.read_password(db)
    if stored:
        db.password = stored


def _unreadable_reason(exc: BaseException) -> str:
    if isinstance(exc, PermissionError):
        return "没有读取权限"
    if isinstance(exc, OSError):
        return f"读取出错：{exc.strerror or exc}"
    if isinstance(exc, UnicodeDecodeError):
        return "不是 UTF-8 文本"
    if isinstance(exc, json.JSONDecodeError):
        return f"格式错误，第 {exc.lineno} 行第 {exc.colno} 列"
    return "内容不是府办台账的设置"


def _keep_aside(path: Path, reason: str) -> Path:
    """Rename the unreadable file to settings.json.bad (.bad2, … if earlier ones are kept)."""
    n = 1
    while True:
        kept = path.with_name(path.name + (".bad" if n == 1 else f".bad{n}"))
        if not kept.exists():
            break
        n += 1
    try:
        path.replace(kept)
    except OSError as exc:
        raise SettingsFileError(
            f"设置文件无法读取：{path}（{reason}），也无法改名另存（{exc.strerror or exc}）。"
            "请检查该文件的权限，或请管理员将它移走后重新启动府办台账。"
        ) from exc
    return kept


def owner_only(path: Path) -> None:
    """Records, backups and the log are readable by their owner only (POSIX; on Windows they sit
    in the user's own profile folder, which is already private)."""
    if os.name == "posix" and path.exists():
        path.chmod(0o600)


# --- the audit key ------------------------------------------------------------------------------

AUDIT_KEY_FILE = "audit.key"


def audit_key_path() -> Path:
    """Where this PC keeps the audit chain's key (Windows: %LOCALAPPDATA%\\fuban\\audit.key).
    In shared mode every clerk's PC holds a copy of the same file, like the server password."""
    return config_dir() / AUDIT_KEY_FILE


def read_audit_key(path: Path | None = None) -> bytes | None:
    """The key (32 bytes, stored as hex), or None when this PC has no key file."""
    path = Path(path) if path is not None else audit_key_path()
    if not path.exists():
        return None
    try:
        key = bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        key = b""
    if len(key) < 16:
        from db.errors import FubanError

        raise FubanError(
            f"审计密钥文件「{path}」已损坏或不是审计密钥，府办台账不能打开。请管理员从保管密钥的"
            "电脑重新复制 audit.key。"
        )
    return key


def create_audit_key(path: Path | None = None) -> bytes:
    """A new random key, written readable by its owner only (never over an existing file)."""
    import secrets

    path = Path(path) if path is not None else audit_key_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(secrets.token_hex(32), encoding="ascii")
    owner_only(tmp)
    if path.exists():  # another process made it first: use that one
        tmp.unlink()
    else:
        tmp.replace(path)
    return read_audit_key(path) or b""


def save(settings: MachineSettings) -> None:
    path = settings_file()
    if path.exists():
        _check_readable(path)  # a file that cannot be read is kept aside, never silently replaced
    _write(settings)


def _check_readable(path: Path) -> None:
    global _problem
    try:
        _parse(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError) as exc:
        reason = _unreadable_reason(exc)
        _problem = SettingsProblem(path, _keep_aside(path, reason), reason)


def _write(settings: MachineSettings) -> None:
    """Write the file; the shared database's password goes to the credential store when one
    works, else into the file (owner-only on POSIX)."""
    path = settings_file()
    raw = asdict(settings)
    db = settings.database
    if db.keeps_shared_password():
        from desktop_app import credentials

        if not db.password:
            credentials.forget_password(db)  # an emptied password must not come back from it
        elif credentials.save_password(db):
            raw["database"]["password"] = ""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(raw, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.chmod(0o600)  # it may hold the shared server's password where no credential store works
    tmp.replace(path)  # atomic: a crash never leaves half a settings file


# --- SQLite on a network share corrupts: refuse it ------------------------------------------

DRIVE_REMOTE = 4  # GetDriveTypeW's answer for a mapped network drive


def _windows_drive_type(root: str) -> int:
    import ctypes  # Windows only; imported here so Linux never touches windll

    if sys.platform != "win32":  # also tells the type checker that windll exists below
        raise OSError("GetDriveTypeW is a Windows call")
    return int(ctypes.windll.kernel32.GetDriveTypeW(root))


def is_network_path(path: str | Path, drive_type=None, platform: str | None = None) -> bool:
    """True for UNC paths (\\\\server\\share) and, on Windows, mapped network drives."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    if (platform or os.name) != "nt":
        return False
    drive = PureWindowsPath(text).drive
    if not drive or len(drive) != 2:
        return False
    get_type = drive_type or _windows_drive_type
    return get_type(drive + "\\") == DRIVE_REMOTE


def check_local_path(path: str | Path, **kw) -> None:
    if is_network_path(path, **kw):
        raise DatabaseLocationError(
            "数据库文件不能放在网络共享（\\\\服务器\\共享 或映射的网络驱动器）上：多台电脑经网络同时写"
            "同一个 SQLite 文件会损坏数据。多人共用请在「设置」中改用共享数据库服务器（PostgreSQL）。"
        )
