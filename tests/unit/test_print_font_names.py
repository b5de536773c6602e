"""Fonts found by the names the files give themselves: a 方正小标宋 or 仿宋_GB2312 copied into the
font folder under another file name, and listed nowhere (no registry entry), is still used for its
role — and ReportLab can embed the file found."""

from __future__ import annotations

import shutil
import struct
from pathlib import Path

from desktop_app.printing import font_files
from desktop_app.printing.fonts import RESOURCES_FONTS, resolve_role

SONG = RESOURCES_FONTS / "gbsn00lp.ttf"


def _name_table(names: dict[int, str]) -> bytes:
    """A `name` table (format 0) holding `names` (name ID → text) as Windows UTF-16BE records:
    the PostScript name (6) in English, the others in Simplified Chinese, as Chinese fonts carry
    their names."""
    strings = b""
    records = b""
    for name_id, text in sorted(names.items()):
        raw = text.encode("utf-16-be")
        language = 0x0409 if name_id == 6 else 0x0804
        records += struct.pack(">HHHHHH", 3, 1, language, name_id, len(raw), len(strings))
        strings += raw
    header = struct.pack(">HHH", 0, len(names), 6 + len(records))
    return header + records + strings


def renamed_face(src: Path, dest: Path, family: str, full: str | None = None) -> Path:
    """A copy of the TrueType file `src` whose name table says it is `family` (the new table is
    appended and the table directory pointed at it; the outlines are unchanged)."""
    data = bytearray(src.read_bytes())
    count = struct.unpack(">H", data[4:6])[0]
    table = _name_table({1: family, 4: full or family, 6: "Renamed-Regular"})
    while len(data) % 4:
        data += b"\0"
    for i in range(count):
        at = 12 + 16 * i
        if data[at : at + 4] == b"name":
            data[at + 8 : at + 16] = struct.pack(">LL", len(data), len(table))
            break
    else:
        raise AssertionError("no name table in the source font")
    data += table
    dest.write_bytes(bytes(data))
    return dest


def test_face_names_reads_a_files_own_names(tmp_path):
    font = renamed_face(SONG, tmp_path / "x.ttf", "方正小标宋简体")
    assert font_files.face_names(font) == [{"方正小标宋简体", "Renamed-Regular"}]
    assert {"文泉驿微米黑", "WenQuanYi Micro Hei Mono"} <= set().union(
        *font_files.face_names(RESOURCES_FONTS / "wqy-microhei.ttc")
    )
    (tmp_path / "broken.ttf").write_bytes(b"\0\1\0\0garbage")
    assert font_files.face_names(tmp_path / "broken.ttf") in ([], [set()])


def test_renamed_xiaobiaosong_is_found_by_its_family_name(tmp_path):
    """The office's 方正小标宋简体 saved as 「小标宋（新）.ttf」: found, and not a fallback."""
    win = tmp_path / "Fonts"
    win.mkdir()
    renamed_face(SONG, win / "小标宋（新）.ttf", "方正小标宋简体")
    shutil.copy(SONG, win / "unrelated.ttf")
    r = resolve_role("xiaobiaosong", windows_dirs=[win], system_dirs=[], registry={})
    assert (r.source, r.fallback, r.path.name) == ("windows", False, "小标宋（新）.ttf")
    from reportlab.pdfbase.ttfonts import TTFont

    TTFont("renamed-xbs-test", str(r.path))  # the file found embeds


def test_fangsong_gb2312_by_its_english_or_chinese_name_under_any_file(tmp_path):
    win = tmp_path / "Fonts"
    win.mkdir()
    renamed_face(SONG, win / "fs2312.ttf", "FangSong_GB2312")
    r = resolve_role("fangsong", windows_dirs=[win], system_dirs=[], registry={})
    assert (r.fallback, r.path.name) == (False, "fs2312.ttf")
    other = tmp_path / "Fonts2"
    other.mkdir()
    renamed_face(SONG, other / "字体01.TTF", "仿宋_GB2312")
    r = resolve_role("fangsong", windows_dirs=[other], system_dirs=[], registry={})
    assert (r.fallback, r.path.name) == (False, "字体01.TTF")


def test_file_name_still_comes_first_and_a_stranger_is_not_taken(tmp_path):
    """A role's own file (simfang.ttf) wins over a renamed 仿宋_GB2312; a face of another name
    is never taken for the role (the role falls back to the shipped face and says so)."""
    win = tmp_path / "Fonts"
    win.mkdir()
    renamed_face(SONG, win / "a.ttf", "仿宋_GB2312")
    shutil.copy(SONG, win / "simfang.ttf")
    assert resolve_role("fangsong", windows_dirs=[win], system_dirs=[], registry={}).path.name == (
        "simfang.ttf"
    )
    lone = tmp_path / "Lone"
    lone.mkdir()
    renamed_face(SONG, lone / "b.ttf", "某某宋体")
    r = resolve_role("xiaobiaosong", windows_dirs=[lone], system_dirs=[], registry={})
    assert r.fallback and r.source == "bundled"


def test_a_font_added_later_is_seen(tmp_path):
    """The names of a folder are read once, but a font copied in afterwards changes the folder
    and is read then."""
    win = tmp_path / "Fonts"
    win.mkdir()
    assert resolve_role("xiaobiaosong", windows_dirs=[win], system_dirs=[], registry={}).fallback
    import os
    import time

    renamed_face(SONG, win / "new.ttf", "方正小标宋简体")
    later = time.time() + 5  # a coarse file-system clock still sees a change
    os.utime(win, (later, later))
    r = resolve_role("xiaobiaosong", windows_dirs=[win], system_dirs=[], registry={})
    assert (r.fallback, r.path.name) == (False, "new.ttf")
