"""Self-test checks of this PC: the data folder, the print fonts, ReportLab's accelerators, the
printers and the shared database server. Each returns a `Check` (and may raise: the caller turns
an exception into that check's failure)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
from collections.abc import Callable

from desktop_app.selftest import OK, WARN, Check


def data_folder() -> Check:
    """The folder of the database, backups and logs exists (or can be made) and can be written."""
    from desktop_app import config, failures

    folder = config.data_dir()
    failures.check_writable_folder(folder, "数据文件夹")  # raises, naming what to do
    return Check("数据文件夹", OK, str(folder))


def fonts() -> Check:
    """Which file prints each role; a face standing in for the proper one is a warning."""
    from desktop_app.printing.fonts import load_fonts

    font_set = load_fonts()
    details = tuple(f"{f.note}；文件 {f.path}" for f in font_set.fonts.values())
    if font_set.fallbacks:
        names = "、".join(f.role_name for f in font_set.fallbacks)
        return Check("打印字体", WARN, f"{names}未找到规定字体，以其他字体代替", details)
    return Check("打印字体", OK, "各种字体均已找到", details)


def rl_accel_loaded() -> bool:
    """ReportLab found its C accelerators (module _rl_accel): it imports them through exec(),
    which a frozen build misses unless told; without them PDFs are drawn in pure Python."""
    from reportlab.lib import rl_accel

    return "fp_str" in rl_accel._c_funcs and "fp_str" not in rl_accel._py_funcs


def rl_accel() -> Check:
    if rl_accel_loaded():
        return Check("_rl_accel", OK, "已加载（PDF 生成使用 C 加速）")
    return Check("_rl_accel", WARN, "未加载：PDF 生成改用纯 Python，约慢 1.7 倍")


def list_printers() -> list[str]:
    """The printers this PC knows: on Windows the local and connected ones (winspool), elsewhere
    CUPS's destinations (lpstat). Empty when there are none or the system cannot be asked."""
    if sys.platform == "win32":
        return _windows_printers()
    lpstat = shutil.which("lpstat")
    if lpstat is None:
        return []
    try:
        out = subprocess.run(
            [lpstat, "-e"], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return [line.strip() for line in out.splitlines() if line.strip()]


def _windows_printers() -> list[str]:
    if sys.platform != "win32":
        return []
    import ctypes
    from ctypes import wintypes

    class PrinterInfo4(ctypes.Structure):
        _fields_ = [
            ("pPrinterName", wintypes.LPWSTR),
            ("pServerName", wintypes.LPWSTR),
            ("Attributes", wintypes.DWORD),
        ]

    enum = ctypes.WinDLL("winspool.drv").EnumPrintersW
    flags = 0x2 | 0x4  # PRINTER_ENUM_LOCAL | PRINTER_ENUM_CONNECTIONS
    needed, count = wintypes.DWORD(), wintypes.DWORD()
    enum(flags, None, 4, None, 0, ctypes.byref(needed), ctypes.byref(count))
    if needed.value == 0:
        return []
    buffer = ctypes.create_string_buffer(needed.value)
    if not enum(flags, None, 4, buffer, needed, ctypes.byref(needed), ctypes.byref(count)):
        return []
    infos = ctypes.cast(buffer, ctypes.POINTER(PrinterInfo4))
    return [infos[i].pPrinterName for i in range(count.value) if infos[i].pPrinterName]


def printer_check(printers: Callable[[], list[str]] | None = None) -> Check:
    from desktop_app import config

    names = (printers or list_printers)()
    chosen = config.load().printer
    if not names:
        return Check("打印机", WARN, "本机未找到打印机（仍可生成 PDF 保存）")
    details = tuple(f"{n}{'（设置中选用）' if n == chosen else ''}" for n in names)
    if chosen and chosen not in names:
        return Check("打印机", WARN, f"设置中选用的打印机「{chosen}」不在本机", details)
    return Check("打印机", OK, f"{len(names)} 台", details)


def shared_database() -> Check:
    """When this PC uses the shared server: it answers, and its schema is this version's. With
    each clerk's own server login (docs/SERVER.md) no password is kept: only the server's port
    is tried, since signing in is the clerk's."""
    from db import migrate
    from db.engine import Database
    from desktop_app import config, failures

    settings = config.load()
    url = settings.database_url()
    if not url.startswith("postgresql"):
        return Check("共享数据库", OK, "未使用（本机数据库文件）")
    where = url.split("@")[-1]
    if settings.uses_own_logins():
        host, port = settings.database.host, int(settings.database.port)
        with socket.create_connection((host, port), timeout=5):
            pass
        return Check(
            "共享数据库", OK, f"服务器 {host}:{port} 可以连接（各人以自己的登录名登录，自检不登录）"
        )
    database = Database(url)
    try:
        revision = migrate.current_revision(database)
    except Exception as exc:
        known = failures.database_failure(exc, url)
        if known is None:
            raise
        raise known from exc
    finally:
        database.dispose()
    head = migrate.head_revision()
    if revision == head:
        return Check("共享数据库", OK, f"{where} 可以连接，数据库结构为最新（{revision}）")
    if revision is None:
        return Check("共享数据库", WARN, f"{where} 可以连接，但尚未建立数据库结构")
    return Check(
        "共享数据库",
        WARN,
        f"{where} 可以连接，数据库结构为 {revision}，本版本为 {head}：首次启动时将升级",
    )
