"""Where font files are on this PC: the font folders (walked once per lookup, names compared
without case, as Windows does) and, on Windows, the registry's list of installed fonts.

A font installed on Windows is listed under HKLM (all users) or HKCU (this user only, e.g. a
方正小标宋 or 仿宋_GB2312 installed without administrator rights) at
`SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Fonts`, as 「仿宋_GB2312 (TrueType)」 →
`仿宋_GB2312.ttf`, or 「SimSun & NSimSun (TrueType)」 → `simsun.ttc` (a collection: the names in
sub-font order). Offices install such faces under many file names (`FS_GB2312.ttf`,
`仿宋_GB2312.ttf`, `FangSong_GB2312.ttf` …); their face name in the registry is what they share.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import sys
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger(__name__)

REGISTRY_KEY = r"SOFTWARE\Microsoft\Windows NT\CurrentVersion\Fonts"
_KIND = re.compile(r"\s*\((TrueType|OpenType|All res)\)\s*$", re.I)


class FolderIndex:
    """File name (lower case) → path, for font folders; a recursive folder is walked once."""

    def __init__(self, folders: Iterable[Path], recursive: bool):
        self._paths: dict[str, Path] = {}
        for folder in folders:
            if not folder.is_dir():
                continue
            if recursive:
                for root, _dirs, files in os.walk(folder):
                    for name in sorted(files):
                        self._paths.setdefault(name.lower(), Path(root) / name)
            else:
                try:
                    names = sorted(os.listdir(folder))
                except OSError:
                    continue
                for name in names:
                    self._paths.setdefault(name.lower(), folder / name)

    def find(self, name: str) -> Path | None:
        path = self._paths.get(name.lower())
        return path if path is not None and path.is_file() else None


def parse_registry_fonts(
    values: Iterable[tuple[str, str]], fonts_dir: Path
) -> dict[str, tuple[Path, int]]:
    """Face name (lower case) → (file, sub-font index) from the registry's (value name, data)
    pairs; a bare file name lies in `fonts_dir`, a per-user font's data is a full path."""
    out: dict[str, tuple[Path, int]] = {}
    for label, data in values:
        if not isinstance(data, str) or not data.strip():
            continue
        path = Path(data.strip())
        if not path.is_absolute():
            path = fonts_dir / path
        names = [n.strip() for n in _KIND.sub("", label).split("&")]
        for index, name in enumerate(names):
            if name:
                out.setdefault(name.lower(), (path, index))
    return out


def _read_key(hive: int, fonts_dir: Path) -> dict[str, tuple[Path, int]]:
    if sys.platform != "win32":
        return {}
    import winreg

    pairs: list[tuple[str, str]] = []
    try:
        with winreg.OpenKey(hive, REGISTRY_KEY) as key:
            for i in range(winreg.QueryInfoKey(key)[1]):
                name, data, _kind = winreg.EnumValue(key, i)
                pairs.append((name, data))
    except OSError:
        return {}
    return parse_registry_fonts(pairs, fonts_dir)


@functools.cache
def windows_registry_fonts() -> dict[str, tuple[Path, int]]:
    """The fonts installed on this Windows PC by face name (empty elsewhere); this user's fonts
    first, then the machine's. Read once per process, as the faces are resolved once."""
    if sys.platform != "win32":
        return {}
    import winreg

    windir = os.environ.get("WINDIR") or os.environ.get("SystemRoot") or "C:/Windows"
    fonts_dir = Path(windir) / "Fonts"
    found: dict[str, tuple[Path, int]] = {}
    for hive in (winreg.HKEY_CURRENT_USER, winreg.HKEY_LOCAL_MACHINE):
        for name, where in _read_key(hive, fonts_dir).items():
            found.setdefault(name, where)
    log.debug("%d fonts listed in the Windows registry", len(found))
    return found
