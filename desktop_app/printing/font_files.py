"""Where font files are on this PC: the font folders (walked once per lookup, names compared
without case, as Windows does) and, on Windows, the registry's list of installed fonts.

A font installed on Windows is listed under HKLM (all users) or HKCU (this user only, e.g. a
方正小标宋 or 仿宋_GB2312 installed without administrator rights) at
`SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Fonts`, as 「仿宋_GB2312 (TrueType)」 →
`仿宋_GB2312.ttf`, or 「SimSun & NSimSun (TrueType)」 → `simsun.ttc` (a collection: the names in
sub-font order). Offices install such faces under many file names (`FS_GB2312.ttf`,
`仿宋_GB2312.ttf`, `FangSong_GB2312.ttf` …); their face name in the registry is what they share.
A file copied into a font folder by hand under yet another name, and listed nowhere, is found by
the names in the file itself (its `name` table: family, full and PostScript names).
"""

from __future__ import annotations

import functools
import logging
import os
import re
import struct
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


# --- the names a font file gives itself ---------------------------------------------------------

# family, full name, PostScript name, typographic family
_NAME_IDS = (1, 4, 6, 16)
_NAME_SUFFIXES = (".ttf", ".ttc")
_MAX_NAME_TABLE = 1 << 20


def _decode_name(platform: int, encoding: int, raw: bytes) -> str | None:
    if platform in (0, 3):  # Unicode, Windows: UTF-16BE
        return raw.decode("utf-16-be", errors="ignore")
    if platform == 1 and encoding == 0:  # Macintosh Roman: the English names
        return raw.decode("mac_roman", errors="ignore")
    if platform == 1 and encoding == 25:  # Macintosh Simplified Chinese
        return raw.decode("gbk", errors="ignore")
    return None


def _names_at(f, offset: int) -> set[str]:
    """The names in the `name` table of the font whose offset table is at `offset`."""
    f.seek(offset)
    head = f.read(12)
    if len(head) < 12:
        return set()
    count = struct.unpack(">H", head[4:6])[0]
    directory = f.read(16 * count)
    for i in range(min(count, len(directory) // 16)):
        tag, _sum, table_at, length = struct.unpack(">4sLLL", directory[16 * i : 16 * i + 16])
        if tag == b"name":
            break
    else:
        return set()
    f.seek(table_at)
    table = f.read(min(length, _MAX_NAME_TABLE))
    if len(table) < 6:
        return set()
    _fmt, records, strings = struct.unpack(">HHH", table[:6])
    names: set[str] = set()
    for i in range(records):
        at = 6 + 12 * i
        if at + 12 > len(table):
            break
        platform, encoding, _lang, name_id, size, where = struct.unpack(
            ">HHHHHH", table[at : at + 12]
        )
        if name_id not in _NAME_IDS:
            continue
        raw = table[strings + where : strings + where + size]
        text = _decode_name(platform, encoding, raw)
        if text and text.strip():
            names.add(text.strip())
    return names


def face_names(path: Path) -> list[set[str]]:
    """The names each font in `path` gives itself (one set per sub-font of a .ttc; one set for a
    .ttf); empty when the file cannot be read as a font."""
    try:
        with open(path, "rb") as f:
            head = f.read(12)
            if head[:4] == b"ttcf" and len(head) == 12:
                count = min(struct.unpack(">L", head[8:12])[0], 64)
                offsets = struct.unpack(f">{count}L", f.read(4 * count))
            else:
                offsets = (0,)
            return [_names_at(f, offset) for offset in offsets]
    except (OSError, struct.error, ValueError):
        return []


_name_indexes: dict[tuple[str, int], dict[str, tuple[Path, int]]] = {}


def _folder_names(folder: Path) -> dict[str, tuple[Path, int]]:
    """Face name (lower case) → (file, sub-font) for the fonts directly in `folder`, read once per
    process while the folder is unchanged (a font installed meanwhile changes its time)."""
    try:
        stamp = folder.stat().st_mtime_ns
        files = sorted(os.listdir(folder))
    except OSError:
        return {}
    key = (str(folder), stamp)
    found = _name_indexes.get(key)
    if found is None:
        found = {}
        for name in files:
            if not name.lower().endswith(_NAME_SUFFIXES):
                continue
            path = folder / name
            for index, names in enumerate(face_names(path)):
                for face in names:
                    found.setdefault(face.lower(), (path, index))
        _name_indexes[key] = found
    return found


class NameIndex:
    """Fonts in some folders by the names they give themselves (read only when first asked)."""

    def __init__(self, folders: Iterable[Path]):
        self._folders = [Path(f) for f in folders]
        self._names: dict[str, tuple[Path, int]] | None = None

    def find(self, names: Iterable[str]) -> tuple[Path, int] | None:
        if self._names is None:
            self._names = {}
            for folder in self._folders:
                for face, where in _folder_names(folder).items():
                    self._names.setdefault(face, where)
        return next((self._names[n.lower()] for n in names if n.lower() in self._names), None)
