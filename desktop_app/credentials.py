"""The shared database's password, kept in the system's credential store (on Windows the
Credential Manager, through `keyring`) rather than in settings.json.

Where no credential store works (a Linux PC without a secret service, keyring's fail or null
backend) the password stays in settings.json, readable by its owner only on POSIX; on Windows
that file is plain text in the user's profile, which is why the credential store comes first.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop_app.config import DatabaseSettings

log = logging.getLogger(__name__)

SERVICE = "fuban"


def account(db: DatabaseSettings) -> str:
    """The entry's name: which server login on which database (「postgres@10.0.0.5:5432/fuban」)."""
    return f"{db.user}@{db.host}:{int(db.port)}/{db.dbname}"


def store() -> Any | None:
    """The working credential store, or None (keyring missing, or only its fail/null backend)."""
    try:
        import keyring
        from keyring.backends import chainer, fail, null
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken keyring configuration is no credential store
        log.warning("keyring backend unavailable", exc_info=True)
        return None
    if isinstance(backend, fail.Keyring | null.Keyring):
        return None
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return None
    return backend


def store_name() -> str:
    """How the clerk knows the store (「Windows 凭据管理器」), or 「设置文件」 without one."""
    backend = store()
    if backend is None:
        return "设置文件"
    name = type(backend).__module__
    if "Windows" in name or "windows" in name:
        return "Windows 凭据管理器"
    return f"系统凭据存储（{getattr(backend, 'name', type(backend).__name__)}）"


def read_password(db: DatabaseSettings) -> str | None:
    """The stored password for `db`'s login (None: no store, no entry, or the store failed)."""
    backend = store()
    if backend is None:
        return None
    try:
        value = backend.get_password(SERVICE, account(db))
    except Exception:  # a locked or failing store: the clerk re-enters it in 设置 → 数据库
        log.warning("cannot read the database password from the credential store", exc_info=True)
        return None
    return value if isinstance(value, str) else None


def save_password(db: DatabaseSettings) -> bool:
    """Put `db.password` in the credential store; False when there is none or it refused (the
    caller then keeps the password in the settings file)."""
    backend = store()
    if backend is None:
        return False
    try:
        backend.set_password(SERVICE, account(db), db.password)
    except Exception:
        log.warning("cannot write the database password to the credential store", exc_info=True)
        return False
    return True


def forget_password(db: DatabaseSettings) -> None:
    """Remove the stored password of `db`'s login, if there is one."""
    backend = store()
    if backend is None:
        return
    try:
        backend.delete_password(SERVICE, account(db))
    except Exception:  # none stored (PasswordDeleteError), or the store refused: nothing to undo
        log.debug("no stored database password removed", exc_info=True)
