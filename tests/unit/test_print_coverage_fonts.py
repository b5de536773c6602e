"""CJK Extension B and beyond are not shipped (a 22 MB face): a character no role face has is
taken from the PC's own faces — the Windows font folder first (SimSun-ExtB `simsunb.ttf`,
MingLiU-ExtB `mingliub.ttc`), then the shipped Extension A subset, then the Linux font folders
(HanaMinB, a TrueType Noto Serif SC …) — and one no face has is still reported as 缺字.
Fake font folders hold a 5-character Hanazono subset (tests/fixtures/fonts) under those names."""

from __future__ import annotations

import shutil
from pathlib import Path

from desktop_app.printing.fonts import RESOURCES_FONTS, load_fonts
from desktop_app.printing.glyph_fallback import CoverageSearch
from desktop_app.printing.official import render
from desktop_app.printing.official_model import OfficialDocument
from desktop_app.printing.typeset import Paragraph, Run

EXT_B = Path(__file__).resolve().parents[1] / "fixtures" / "fonts" / "ext-b-sample.ttf"
NAME = "局长吉𠮷"


def _doc() -> OfficialDocument:
    return OfficialDocument("测试", "办公室", [Paragraph([Run(NAME)])])


def _put(folder: Path, name: str, source: Path = EXT_B) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(source, folder / name)
    return folder / name


def test_order_windows_then_shipped_then_linux_folders_walked_to_any_depth(tmp_path):
    win = tmp_path / "Windows" / "Fonts"
    mingliu = _put(win, "mingliub.ttc")
    linux = tmp_path / "usr" / "share" / "fonts"
    hana = _put(linux / "truetype" / "hanazono", "HanaMinB.ttf")
    cff = linux / "opentype" / "noto" / "NotoSerifSC-Regular.ttf"
    cff.parent.mkdir(parents=True)
    cff.write_bytes(b"OTTO" + b"\0" * 64)  # CFF outlines: ReportLab cannot embed them
    paths = CoverageSearch([], [win], RESOURCES_FONTS, [linux]).paths()
    assert paths == [
        mingliu,
        RESOURCES_FONTS / "fuban-han-ext-a.ttf",
        RESOURCES_FONTS / "wqy-microhei.ttc",
        hana,
    ]


def test_extension_b_from_a_windows_face_before_any_linux_one(tmp_path):
    win, linux = tmp_path / "Windows" / "Fonts", tmp_path / "linux"
    _put(win, "simsunb.ttf")
    _put(linux / "hanazono", "HanaMinB.ttf")
    result = render(
        _doc(), load_fonts(), coverage=CoverageSearch([], [win], RESOURCES_FONTS, [linux])
    )
    note = next(n for n in result.notes if n.startswith("生僻字取自其他字体"))
    assert "simsunb.ttf" in note and "HanaMinB.ttf" not in note
    assert result.missing_chars == []


def test_extension_b_from_a_linux_face_when_windows_has_none(tmp_path):
    linux = tmp_path / "usr" / "share" / "fonts"
    _put(linux / "truetype" / "hanazono", "HanaMinB.ttf")
    result = render(_doc(), load_fonts(), coverage=CoverageSearch([], [], RESOURCES_FONTS, [linux]))
    note = next(n for n in result.notes if n.startswith("生僻字取自其他字体"))
    assert "𠮷" in note and "HanaMinB.ttf" in note
    assert result.missing_chars == []


def test_no_extension_b_face_anywhere_is_still_reported(tmp_path):
    linux = tmp_path / "usr" / "share" / "fonts"
    (linux / "opentype").mkdir(parents=True)
    (linux / "opentype" / "NotoSerifSC-Regular.ttf").write_bytes(b"OTTO" + b"\0" * 64)
    result = render(_doc(), load_fonts(), coverage=CoverageSearch([], [], RESOURCES_FONTS, [linux]))
    assert result.missing_chars == ["𠮷"]
    assert any(n.startswith("缺字") and "U+20BB7" in n for n in result.notes)
