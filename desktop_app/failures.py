"""What went wrong, in Chinese words a clerk can act on (no Qt).

The window and the command line meet the same failures outside the rules: a damaged or read-only
database file, a folder that cannot be written, a server that does not answer, a file that is not
there. Each is turned here into one message that names the file and says what to do; anything
else is an unexpected error, whose traceback goes to the log file and whose message names it.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from db.errors import FubanError

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

# Codes SQLite reports (sqlite3.Error.sqlite_errorname; extended codes start with the primary's).
_DAMAGED = ("SQLITE_NOTADB", "SQLITE_CORRUPT")
_READ_ONLY = ("SQLITE_READONLY", "SQLITE_PERM")
_CANNOT_OPEN = ("SQLITE_CANTOPEN", "SQLITE_IOERR")
_FULL = ("SQLITE_FULL",)


class DatabaseFileError(FubanError):
    """An SQLite database file that cannot be used as it is: `problem` is one of the constants."""

    DAMAGED = "damaged"
    READ_ONLY = "read_only"
    CANNOT_OPEN = "cannot_open"
    FULL = "full"

    def __init__(self, path: Path, problem: str):
        self.path = Path(path)
        self.problem = problem
        super().__init__(_DATABASE_MESSAGES[problem].format(path=self.path))


_DATABASE_MESSAGES = {
    DatabaseFileError.DAMAGED: (
        "不是有效的数据库文件：{path}（文件已损坏，或不是府办台账的数据库）。"
        "请在府办台账窗口中从最新备份恢复，或选择其他数据库。"
    ),
    DatabaseFileError.READ_ONLY: (
        "数据库文件只读，无法写入：{path}。请去掉该文件的「只读」属性，或请管理员开通该文件和所在"
        "文件夹的写入权限；也可从最新备份恢复，或选择其他数据库。"
    ),
    DatabaseFileError.CANNOT_OPEN: (
        "无法打开数据库文件：{path}。请检查该文件和所在文件夹是否存在、是否有读写权限，"
        "或选择其他数据库。"
    ),
    DatabaseFileError.FULL: "磁盘已满，无法写入数据库文件：{path}。请清理磁盘空间后重试。",
}


# A pooled connection to the shared server that was lost since its last use (db.engine hands out
# one used a moment ago without a ping): that one operation fails, the pool connects anew.
LOST_CONNECTION = (
    "与数据库服务器的连接中断了（服务器重启或网络断开），这一步没有完成，数据没有改动。"
    "程序已重新连接，请再操作一次；如果仍然不行，请检查网络或联系 IT 人员。"
)


class FolderError(FubanError):
    """A folder fuban must write (data, logs, backups) that cannot be made or written."""

    def __init__(self, path: Path, message: str):
        self.path = Path(path)
        super().__init__(message)


def _dbapi_error(exc: BaseException) -> bool:
    """A driver's error wrapped by SQLAlchemy. Asked without importing SQLAlchemy: the window's
    first dialog shows before it has loaded (ui.app), and an error from before cannot be one."""
    sa_exc = sys.modules.get("sqlalchemy.exc")
    return sa_exc is not None and isinstance(exc, sa_exc.DBAPIError)


def make_url(url: str) -> URL:
    from sqlalchemy.engine import make_url as parse

    return parse(url)


def sqlite_problem(exc: BaseException) -> str | None:
    """Which DatabaseFileError problem an SQLite error (raw or wrapped by SQLAlchemy) is."""
    orig = getattr(exc, "orig", exc) if _dbapi_error(exc) else exc
    if not isinstance(orig, sqlite3.Error):
        return None
    name = getattr(orig, "sqlite_errorname", "") or ""
    text = str(orig).lower()
    if name.startswith(_DAMAGED) or "not a database" in text or "malformed" in text:
        return DatabaseFileError.DAMAGED
    if name.startswith(_READ_ONLY) or "readonly database" in text:
        return DatabaseFileError.READ_ONLY
    if name.startswith(_FULL) or "disk is full" in text:
        return DatabaseFileError.FULL
    if name.startswith(_CANNOT_OPEN) or "unable to open" in text:
        return DatabaseFileError.CANNOT_OPEN
    return None


def database_failure(exc: BaseException, url: str | None) -> FubanError | None:
    """The user's error for a failure to open or use the database at `url` (None: not known)."""
    if isinstance(exc, FubanError):
        return exc
    path = _sqlite_path(url)
    problem = sqlite_problem(exc)
    if problem is not None:
        if path is None:
            return None
        return DatabaseFileError(path, problem)
    if _dbapi_error(exc) and url and _backend(url) == "postgresql":
        from desktop_app.services.system.connection import _pg_failure

        return FubanError(_pg_failure(make_url(url), getattr(exc, "orig", None), 5).message)
    return None


def os_error_message(exc: OSError) -> str:
    """A file-system failure, naming the file or folder."""
    where = exc.filename if exc.filename is not None else exc.filename2
    name = str(where) if where is not None else "（未知文件）"
    if isinstance(exc, PermissionError):
        return f"没有权限读写：{name}。请检查该文件或文件夹的权限（是否只读、是否属于其他用户）。"
    if isinstance(exc, FileNotFoundError):
        return f"找不到文件或文件夹：{name}。请检查文件名和所在文件夹。"
    if isinstance(exc, NotADirectoryError):
        return f"无法建立或写入：{name}（路径中有一段是文件，不是文件夹）。请换一个文件夹。"
    if isinstance(exc, FileExistsError):
        return f"无法建立：{name}（已有同名的文件）。"
    if isinstance(exc, IsADirectoryError):
        return f"{name} 是一个文件夹，请给出文件名。"
    if exc.errno == errno.ENOSPC:
        return f"磁盘已满，无法写入：{name}。请清理磁盘空间后重试。"
    return f"无法读写：{name}（{exc.strerror or exc}）。"


def explain(exc: BaseException, url: str | None = None) -> str | None:
    """The Chinese message for a known failure; None for an unexpected one."""
    known = database_failure(exc, url)
    if known is not None:
        return known.message
    if _dbapi_error(exc) and getattr(exc, "connection_invalidated", False):
        return LOST_CONNECTION
    if isinstance(exc, OSError):
        return os_error_message(exc)
    if isinstance(exc, MemoryError):
        return "内存不足，操作未完成。请关闭其他程序后重试。"
    if _layout_error(exc):
        return PAGE_TOO_SHORT
    return None


# A table box or row taller than a whole sheet (a text of some 1,100 characters or more in one
# opinion or 事由): ReportLab cannot continue it on the next sheet and gives up.
PAGE_TOO_SHORT = (
    "有一栏的内容超过一整页，无法排版打印。请将过长的意见或事由精简（详细内容可另附页），"
    "然后再打印。"
)


def _layout_error(exc: BaseException) -> bool:
    """ReportLab's LayoutError, told by name: this module is loaded at every start, ReportLab
    only when something is printed."""
    kind = type(exc)
    return kind.__name__ == "LayoutError" and kind.__module__.startswith("reportlab.")


def unexpected_message(log_path: Path | None) -> str:
    where = str(log_path) if log_path is not None else "（日志文件无法建立）"
    return f"发生了意外错误，详情见日志：{where}"


def one_line(text: str) -> str:
    """A message on one line (the command line prints each failure as one)."""
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


def check_writable_folder(folder: Path, what: str) -> None:
    """Make `folder` and write a scratch file in it: the only test that holds on Windows too
    (os.access does not read ACLs). Raises FolderError naming the folder and what to do."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        reason = (
            "路径中已有同名的文件"
            if isinstance(exc, NotADirectoryError | FileExistsError)
            or (folder.exists() and not folder.is_dir())
            else "没有写入权限"
            if isinstance(exc, PermissionError)
            else (exc.strerror or str(exc))
        )
        raise FolderError(
            folder,
            f"无法写入{what}：{folder}（{reason}）。府办台账在这里保存数据库、备份和日志。"
            "请联系管理员为该文件夹开通写入权限；或由管理员设置环境变量 FUBAN_DATA_DIR，"
            "指向一个可写的文件夹，然后重新启动府办台账。",
        ) from exc


def _sqlite_path(url: str | None) -> Path | None:
    if not url:
        return None
    try:
        u = make_url(url)
    except Exception:  # make_url raises several types for garbage input
        return None
    if u.get_backend_name() != "sqlite" or u.database in (None, "", ":memory:"):
        return None
    return Path(os.path.abspath(u.database))


def _backend(url: str) -> str:
    try:
        return make_url(url).get_backend_name()
    except Exception:  # make_url raises several types for garbage input
        return ""
