"""build_register_pdf at the edges of its input: an empty register, a row taller than a page,
rows and columns it refuses, and the progress and cancel callbacks of a build run off the GUI
thread."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pdfplumber
import pytest

from desktop_app.printing.register import RegisterColumn, build_register_pdf
from tests.unit.print_register_support import (
    COLUMNS,
    assert_fonts_embedded,
    fonts_fixture,  # noqa: F401 - `fonts`
    needs_poppler,
    page_column,
    seal_row,
    spec,
    text_of,
)

# ---- empty, tall and wrong input ---------------------------------------------------------------


@pytest.fixture(scope="module")
def empty_pdf(fonts, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("register") / "empty.pdf"
    path.write_bytes(build_register_pdf(spec(voided_rows=set(), filter_text=""), [], fonts))
    return path


def test_empty_register_is_one_page_with_header_and_no_records_row(empty_pdf):
    with pdfplumber.open(empty_pdf) as pdf:
        assert len(pdf.pages) == 1
        text = pdf.pages[0].extract_text()
        words = {w["text"] for w in pdf.pages[0].extract_words()}
    assert {c.title for c in COLUMNS} <= words
    assert "（无记录）" in words
    assert "筛选：全部" in words
    assert re.search(r"第\s*1\s*页\s*共\s*1\s*页", text)


@needs_poppler
def test_empty_register_fonts_embedded(empty_pdf):
    assert_fonts_embedded(empty_pdf)


def test_row_taller_than_a_page_continues_on_the_next_pages(fonts):
    """ReportLab cannot split a table row; an over-long cell is carried on over pages."""
    columns = [
        RegisterColumn("序号", 1, "center"),
        RegisterColumn("督办事项", 3),
        RegisterColumn("办理情况", 2),
        RegisterColumn("备注", 2),
    ]
    long_text = "".join(f"第{k}次督促，已按期办结。" for k in range(1, 1001))
    rows = [["1", "落实市政府常务会议议定事项", long_text, ""], ["2", "短事项", "已办结", ""]]
    data = build_register_pdf(spec(columns=columns, voided_rows=set()), rows, fonts)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) >= 3
        got = ""
        for page in pdf.pages:
            lines = page.extract_text().splitlines()
            assert lines[0 if page.page_number > 1 else 2].split() == [c.title for c in columns]
            got += "".join(text_of(chars) for _, chars in page_column(page, 2))
    assert got.replace("办理情况", "").replace("已办结", "") == long_text


def test_row_of_the_wrong_length_is_refused(fonts):
    with pytest.raises(ValueError):
        build_register_pdf(spec(), [["1", "2"]], fonts)


def test_bad_column_alignment_is_refused():
    with pytest.raises(ValueError):
        RegisterColumn("序号", 1, "middle")


# ---- progress and cancel (a build run off the GUI thread) ---------------------------------------


def test_progress_is_reported_per_page_and_a_cancel_stops_the_build(fonts):
    from desktop_app.printing.register import BuildCancelled

    rows = [seal_row(i) for i in range(80)]
    seen: list[tuple[int, int]] = []
    data = build_register_pdf(spec(), rows, fonts, progress=lambda n, m: seen.append((n, m)))
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = len(pdf.pages)
    assert seen == [(n, pages) for n in range(1, pages + 1)]
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 3

    with pytest.raises(BuildCancelled):
        build_register_pdf(spec(), rows, fonts, cancelled=cancelled)
