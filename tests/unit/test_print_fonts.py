"""Fonts by role: configured file → Windows fonts → shipped fonts → Linux system fonts; TrueType
outlines only; a role served by another face is reported as a fallback."""

from __future__ import annotations

import os
import shutil

import pytest

from desktop_app.printing import font_files, fonts
from desktop_app.printing.fonts import RESOURCES_FONTS, is_truetype, resolve_role

SONG = RESOURCES_FONTS / "gbsn00lp.ttf"


def test_shipped_fonts_are_truetype_and_licensed():
    for name in ("gbsn00lp.ttf", "gkai00mp.ttf", "wqy-microhei.ttc"):
        assert is_truetype(RESOURCES_FONTS / name)
    assert (RESOURCES_FONTS / "ARPHICPL.TXT").exists()
    assert (RESOURCES_FONTS / "wqy-microhei-LICENSE.txt").exists()


def test_cff_opentype_is_not_truetype(tmp_path):
    otf = tmp_path / "NotoSerifCJK.otf"
    otf.write_bytes(b"OTTO" + b"\0" * 64)
    assert not is_truetype(otf)


def test_windows_font_wins_over_shipped_and_is_not_a_fallback(tmp_path):
    win = tmp_path / "Windows" / "Fonts"
    win.mkdir(parents=True)
    shutil.copy(SONG, win / "simfang.ttf")  # stands in for Windows' 仿宋 file
    r = resolve_role("fangsong", windows_dirs=[win], system_dirs=[])
    assert (r.source, r.fallback, r.path.name) == ("windows", False, "simfang.ttf")


def test_configured_file_comes_first(tmp_path):
    custom = tmp_path / "my-fangsong.ttf"
    shutil.copy(SONG, custom)
    r = resolve_role("fangsong", {"fangsong": str(custom)}, windows_dirs=[], system_dirs=[])
    assert (r.source, r.path) == ("configured", custom)


def test_configured_cff_file_is_skipped(tmp_path):
    otf = tmp_path / "noto.otf"
    otf.write_bytes(b"OTTO" + b"\0" * 64)
    r = resolve_role("fangsong", {"fangsong": str(otf)}, windows_dirs=[], system_dirs=[])
    assert r.source == "bundled"


def test_without_windows_fonts_roles_fall_back_to_shipped_ones():
    """No 仿宋 on the PC (no simfang.ttf, no 仿宋_GB2312, no 朱雀仿宋): the shipped 宋 face
    stands in, and the note says what was not found and which face prints instead."""
    r = resolve_role("fangsong", windows_dirs=[], system_dirs=[])
    assert (r.source, r.fallback, r.path.name) == ("bundled", True, "gbsn00lp.ttf")
    assert r.note == (
        "仿宋：未找到仿宋（simfang.ttf）或仿宋_GB2312，以文鼎简报宋（gbsn00lp.ttf，随软件附带）代替"
    )


def test_windows_file_names_match_without_case(tmp_path):
    win = tmp_path / "Fonts"
    win.mkdir()
    shutil.copy(SONG, win / "SIMFANG.TTF")  # as older Windows and some copies name it
    r = resolve_role("fangsong", windows_dirs=[win], system_dirs=[])
    assert (r.source, r.fallback, r.path.name) == ("windows", False, "SIMFANG.TTF")
    assert r.note == "仿宋：SIMFANG.TTF（Windows 字体）"


def test_fangsong_gb2312_is_found_by_its_registry_name_under_any_file_name(tmp_path):
    """An office's 仿宋_GB2312 installed as FS_GB2312.ttf (machine) or for this user only, with
    a full path: the registry's face name finds it; simfang.ttf still comes first."""
    win = tmp_path / "Windows" / "Fonts"
    win.mkdir(parents=True)
    shutil.copy(SONG, win / "FS_GB2312.ttf")
    registry = font_files.parse_registry_fonts(
        [("仿宋_GB2312 (TrueType)", "FS_GB2312.ttf"), ("Arial (TrueType)", "arial.ttf")], win
    )
    r = resolve_role("fangsong", windows_dirs=[win], system_dirs=[], registry=registry)
    assert (r.source, r.fallback, r.path) == ("windows", False, win / "FS_GB2312.ttf")
    user = tmp_path / "AppData" / "Local" / "Microsoft" / "Windows" / "Fonts"
    user.mkdir(parents=True)
    shutil.copy(SONG, user / "楷体GB2312.ttf")
    registry = font_files.parse_registry_fonts(
        [("楷体_GB2312 (TrueType)", str(user / "楷体GB2312.ttf"))], win
    )
    r = resolve_role("kaiti", windows_dirs=[win], system_dirs=[], registry=registry)
    assert (r.source, r.fallback, r.path.name) == ("windows", False, "楷体GB2312.ttf")
    shutil.copy(SONG, win / "simfang.ttf")
    r = resolve_role("fangsong", windows_dirs=[win], system_dirs=[], registry=registry)
    assert r.path.name == "simfang.ttf"


def test_registry_names_of_a_collection_give_its_sub_fonts(tmp_path):
    found = font_files.parse_registry_fonts(
        [
            ("SimSun & NSimSun (TrueType)", "simsun.ttc"),
            (
                "方正小标宋简体 (TrueType)",
                r"C:\Users\a\AppData\Local\Microsoft\Windows\Fonts\x.ttf",
            ),
            ("Broken (TrueType)", ""),
        ],
        tmp_path,
    )
    assert found["simsun"] == (tmp_path / "simsun.ttc", 0)
    assert found["nsimsun"] == (tmp_path / "simsun.ttc", 1)
    assert "方正小标宋简体" in found and "broken" not in found


def test_registry_is_empty_off_windows():
    if os.name != "nt":
        assert font_files.windows_registry_fonts() == {}


def test_linux_system_fonts_are_the_last_resort(tmp_path):
    system = tmp_path / "usr" / "share" / "fonts" / "truetype" / "wqy"
    system.mkdir(parents=True)
    shutil.copy(RESOURCES_FONTS / "wqy-microhei.ttc", system / "wqy-microhei.ttc")
    r = resolve_role(
        "heiti", windows_dirs=[], bundled_dir=tmp_path / "none", system_dirs=[tmp_path / "usr"]
    )
    assert r.source == "system"


def test_no_font_at_all_is_a_clear_chinese_error(tmp_path):
    with pytest.raises(LookupError) as err:
        resolve_role("kaiti", windows_dirs=[], bundled_dir=tmp_path, system_dirs=[])
    assert "楷体" in str(err.value) and "TrueType" in str(err.value)


def test_load_fonts_registers_each_file_once_and_caches():
    a = fonts.load_fonts()
    b = fonts.load_fonts()
    assert a is b
    # 小标宋, 宋体 and 仿宋 share the shipped 宋 face on a PC without Windows fonts.
    names = {a.name(role) for role in fonts.ROLES}
    assert len(names) <= len(fonts.ROLES)
    assert all(a.fonts[r].face for r in fonts.ROLES)


def test_forms_use_the_font_files_set_on_this_pc(tmp_path, monkeypatch):
    """设置 → 打印字体 says the next printed file uses the chosen face: every form does, not only
    the settings pane's specimen."""
    import io
    import json

    import pdfplumber

    from desktop_app.printing.minutes import build_minutes_pdf
    from desktop_app.printing.sample import sample_minutes

    custom = tmp_path / "my-fangsong.ttf"
    shutil.copy(RESOURCES_FONTS / "gkai00mp.ttf", custom)
    conf = tmp_path / "conf"
    conf.mkdir()
    (conf / "settings.json").write_text(
        json.dumps({"fonts": {"fangsong": str(custom)}}), encoding="utf-8"
    )
    monkeypatch.setenv("FUBAN_CONFIG_DIR", str(conf))
    result = build_minutes_pdf(sample_minutes())
    with pdfplumber.open(io.BytesIO(result.pdf)) as pdf:
        assert "my-fangsong.ttf（设置中指定）" in pdf.metadata["Subject"]
        body = [c for c in pdf.pages[1].chars if c["text"] == "会"]
        assert body and all("Kai" in c["fontname"] for c in body)
