"""No character is lost on the table forms and registers either (FORMS.md → Every form): a name
with 堃 (GBK, not in the GB2312 仿宋/黑体 faces) or 㑇 (CJK Extension A) is drawn from another
face, stays in the PDF's text layer, and the borrowed characters are listed in the notes."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pdfplumber

from desktop_app.printing.absence_forms import (
    AbsenceListEntry,
    build_absence_form_pdf,
    build_absence_list_pdf,
)
from desktop_app.printing.fonts import load_fonts
from desktop_app.printing.seal_forms import build_seal_form_pdf
from desktop_app.printing.seal_register import build_seal_register_pdf
from tests.unit.test_absence_print import HEAD
from tests.unit.test_seal_print import approved_form, entry

RARE = "堃㑇"
HANDLER = "王堃"
UNIT = "同江市㑇乡人民政府"


def _chars(pdf: bytes) -> list[dict]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [c for page in doc.pages for c in page.chars]


def _text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return "".join("".join((p.extract_text() or "").split()) for p in doc.pages)


def _assert_borrowed(result, role: str = "fangsong") -> None:
    """Both rare characters are in the text layer, drawn in a face other than the role's own
    (which lacks them), and the notes say where they were taken from."""
    own = load_fonts().fonts[role].reportlab_name
    chars = _chars(result.pdf)
    for ch in RARE:
        drawn = [c for c in chars if c["text"] == ch]
        assert drawn, f"{ch} is missing from the text layer"
        assert all(own not in c["fontname"] for c in drawn), (ch, {c["fontname"] for c in drawn})
    note = next(n for n in result.notes if n.startswith("生僻字取自其他字体"))
    assert all(ch in note for ch in RARE)
    assert result.missing_chars == []


def test_seal_form_draws_rare_characters_of_names_from_another_face():
    form = replace(approved_form(), handler=HANDLER, unit=UNIT, supervisor="李㑇")
    result = build_seal_form_pdf(form)
    text = _text(result.pdf)
    assert HANDLER in text and UNIT in text and "李㑇" in text
    _assert_borrowed(result)


def test_seal_register_row_draws_rare_characters_from_another_face():
    rows = [entry(1), replace(entry(2), handler=HANDLER, unit_name=UNIT)]
    result = build_seal_register_pdf(rows, org="同江市人民政府办公室", filter_text="全部")
    text = _text(result.pdf)
    assert HANDLER in text and "㑇乡" in text
    _assert_borrowed(result)


def test_register_heading_draws_a_rare_unit_name_of_the_filter():
    result = build_seal_register_pdf(
        [entry(1)], org="同江市人民政府办公室", filter_text=f"用印单位：{UNIT}；经办人：{HANDLER}"
    )
    assert f"用印单位：{UNIT}" in _text(result.pdf)
    _assert_borrowed(result)


def test_absence_form_and_list_draw_rare_characters_from_another_face():
    form = replace(HEAD, name=HANDLER, destination="㑇乡")
    result = build_absence_form_pdf(form)
    assert HANDLER in _text(result.pdf) and "㑇乡" in _text(result.pdf)
    _assert_borrowed(result)
    listed = build_absence_list_pdf(
        [_list_entry()],
        "同江市人民政府办公室",
        "全部",
        date(2026, 12, 6),
    )
    assert HANDLER in _text(listed.pdf)
    _assert_borrowed(listed)


def test_common_text_borrows_nothing():
    result = build_seal_form_pdf(approved_form())
    assert not any(n.startswith(("生僻字", "缺字")) for n in result.notes)


def _list_entry() -> AbsenceListEntry:
    return AbsenceListEntry(
        HANDLER,
        "副市长",
        "考察",
        "考察产业项目",
        "㑇乡",
        date(2026, 9, 14),
        "上午",
        date(2026, 9, 15),
        "下午",
        "张海峰（常务副市长）",
        date(2026, 9, 13),
        False,
        "已批准",
    )


def test_a_character_no_face_has_is_reported_in_notes_and_pdf_subject(monkeypatch):
    """Only the shipped faces (no Extension B face): 𠮷 keeps its place as an empty box, and the
    seal form, the absence form and the register each say so."""
    from desktop_app.printing import glyph_fallback
    from desktop_app.printing.fonts import RESOURCES_FONTS

    shipped = glyph_fallback.CoverageSearch([], [], RESOURCES_FONTS, []).paths()
    monkeypatch.setattr(glyph_fallback, "_default_paths", lambda: shipped)
    name = "吉𠮷"
    results = [
        build_seal_form_pdf(replace(approved_form(), handler=name)),
        build_absence_form_pdf(replace(HEAD, name=name)),
        build_seal_register_pdf(
            [replace(entry(1), handler=name)], org="同江市人民政府办公室", filter_text="全部"
        ),
    ]
    for result in results:
        assert result.missing_chars == ["𠮷"]
        assert any(n.startswith("缺字") and "U+20BB7" in n for n in result.notes)
        with pdfplumber.open(io.BytesIO(result.pdf)) as doc:
            assert "缺字：𠮷" in doc.metadata["Subject"]
        # The empty box keeps its place: a glyph right after 「吉」 on its line, never a gap.
        chars = _chars(result.pdf)
        after = [chars[i + 1] for i, c in enumerate(chars[:-1]) if c["text"] == "吉"]
        first = next(c for c in chars if c["text"] == "吉")
        assert any(
            abs(a["x0"] - first["x1"]) < 0.5 and abs(a["top"] - first["top"]) < 0.5 for a in after
        )
