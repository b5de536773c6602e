"""What is kept between builds of official-format pages (layout_cache, subset_cache) changes
nothing on paper: a 纪要 built again comes out glyph for glyph the same without being broken into
lines or cut into font subsets again, and another document after it gets its own subsets."""

from __future__ import annotations

import io
import zlib

import pdfplumber

from desktop_app.printing import official_canvas, subset_cache
from desktop_app.printing.fonts import load_fonts
from desktop_app.printing.layout_cache import CACHE
from desktop_app.printing.minutes import MinutesItem, build_minutes_pdf
from desktop_app.printing.sample import sample_minutes


def _glyphs(pdf: bytes) -> list[tuple]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [
            (n, c["text"], round(c["x0"], 3), round(c["top"], 3), c["fontname"].split("+")[-1])
            for n, page in enumerate(doc.pages)
            for c in page.chars
        ]


def test_a_document_built_again_is_the_same_without_breaking_lines_again(monkeypatch):
    CACHE.clear()
    subset_cache.clear()
    fonts = load_fonts()
    first = build_minutes_pdf(sample_minutes(), fonts)
    calls = []
    real = official_canvas.break_lines
    monkeypatch.setattr(
        official_canvas, "break_lines", lambda *a, **k: calls.append(1) or real(*a, **k)
    )
    cut = []
    real_cut = subset_cache._make_subset
    monkeypatch.setattr(
        subset_cache, "_make_subset", lambda face, s: cut.append(1) or real_cut(face, s)
    )
    again = build_minutes_pdf(sample_minutes(), fonts)
    assert calls == [] and cut == []  # lines and subsets came from the caches
    assert _glyphs(again.pdf) == _glyphs(first.pdf)
    assert (again.pages, again.notes) == (first.pages, first.notes)


def test_an_edited_item_is_broken_anew_and_the_rest_reused(monkeypatch):
    fonts = load_fonts()
    build_minutes_pdf(sample_minutes(), fonts)
    calls = []
    real = official_canvas.break_lines
    monkeypatch.setattr(
        official_canvas, "break_lines", lambda par, *a, **k: calls.append(par) or real(par, *a, **k)
    )
    edited = sample_minutes()
    edited.items[0] = MinutesItem(edited.items[0].heading, ["会议同意，由市财政局牵头办理。"])
    result = build_minutes_pdf(edited, fonts)
    assert len(calls) == 1  # only the edited paragraph
    text = "".join(c[1] for c in _glyphs(result.pdf))
    assert "会议同意，由市财政局牵头办理。" in text


def test_another_document_gets_subsets_of_its_own_characters():
    """Subsets are kept by face and characters in order: a document whose characters come in
    another order is cut anew, and every glyph still extracts as itself."""
    fonts = load_fonts()
    build_minutes_pdf(sample_minutes(), fonts)
    other = sample_minutes()
    other.opening = "鑫淼焱垚犇骉羴猋麤靐龘，" + other.opening
    result = build_minutes_pdf(other, fonts)
    text = "".join(c[1] for c in _glyphs(result.pdf))
    assert "鑫淼焱垚犇骉羴猋" in text and other.items[0].heading in text


def test_a_cached_subset_is_compressed_once_and_decompresses_to_itself():
    fonts = load_fonts()
    build_minutes_pdf(sample_minutes(), fonts)
    assert subset_cache._subsets and subset_cache._compressed
    for data, packed in subset_cache._compressed.items():
        assert zlib.decompress(packed) == data
