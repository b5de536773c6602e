"""Fonts by role: configured file → Windows fonts → shipped fonts → Linux system fonts; TrueType
outlines only; a role served by another face is reported as a fallback."""

from __future__ import annotations

import shutil

import pytest

from desktop_app.printing import fonts
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
    r = resolve_role("fangsong", windows_dirs=[], system_dirs=[])
    assert (r.source, r.fallback, r.path.name) == ("bundled", True, "gbsn00lp.ttf")
    assert "替代字体" in r.note and "仿宋" in r.note


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
