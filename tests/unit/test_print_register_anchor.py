"""The audit anchor in the register's footer (issue 13 item 8): the chain head printed at the
left of every page's footer, clear of the page number, which stays where it was."""

from __future__ import annotations

import io

import pdfplumber
import pytest

from desktop_app.printing.geometry import LANDSCAPE
from desktop_app.printing.register import build_register_pdf
from tests.unit.print_register_support import (
    PT_TOL,
    baseline,
    fonts_fixture,  # noqa: F401 - `fonts`
    seal_fixture,  # noqa: F401 - `seal`
    seal_pdf_fixture,  # noqa: F401 - `seal_pdf`
    seal_row,
    spec,
    text_of,
)

# ---- the audit anchor in the footer (issue 13 item 8) ------------------------------------------

ANCHOR = "审计链第 1234 条 · 3f2a9c0d1e2b4a5f"


def footer_chars(page) -> list:
    return [c for c in page.chars if c["bottom"] > page.height - LANDSCAPE.bottom - 15]


@pytest.fixture(scope="module")
def anchored(fonts):
    rows = [seal_row(i) for i in range(120)]
    with pdfplumber.open(io.BytesIO(build_register_pdf(spec(anchor=ANCHOR), rows, fonts))) as pdf:
        yield pdf


def test_anchor_printed_left_in_the_footer_of_every_page(anchored):
    """Every page carries the chain head at the left of the footer line, 小五, inside the
    margins, on the page number's baseline, clear of the page number."""
    total = len(anchored.pages)
    assert total >= 3
    for page in anchored.pages:
        foot = footer_chars(page)
        small = sorted((c for c in foot if c["size"] == pytest.approx(9)), key=lambda c: c["x0"])
        number = sorted(
            (c for c in foot if c["size"] == pytest.approx(10.5)), key=lambda c: c["x0"]
        )
        assert text_of(small).replace(" ", "") == ANCHOR.replace(" ", ""), page.page_number
        assert text_of(number).replace(" ", "") == f"第{page.page_number}页共{total}页"
        assert abs(small[0]["x0"] - LANDSCAPE.left) < PT_TOL, "anchor not at the left edge"
        assert small[-1]["x1"] + 5 * 72 / 25.4 < number[0]["x0"], "anchor runs into the number"
        assert {baseline(c) for c in small} == {baseline(c) for c in number}
        for c in foot:
            assert c["bottom"] <= page.height - LANDSCAPE.bottom + PT_TOL, c


def test_page_number_stays_where_it_was_with_an_anchor(anchored, seal):
    for with_anchor, without in zip(anchored.pages, seal.pages, strict=False):
        a = [c for c in footer_chars(with_anchor) if c["size"] == pytest.approx(10.5)]
        b = [c for c in footer_chars(without) if c["size"] == pytest.approx(10.5)]
        assert (min(c["x0"] for c in a), baseline(a[0])) == pytest.approx(
            (min(c["x0"] for c in b), baseline(b[0])), abs=PT_TOL
        )


def test_no_anchor_when_the_caller_gives_none(seal):
    for page in seal.pages:
        assert not [c for c in footer_chars(page) if c["size"] == pytest.approx(9)]
        assert "审计链" not in page.extract_text()


def test_long_anchor_takes_two_lines_above_the_margin_and_too_long_is_refused(fonts):
    long = "审计链第 1234 条 · " + "核验" * 12
    data = build_register_pdf(spec(anchor=long, voided_rows=set()), [seal_row(0)], fonts)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        small = [c for c in page.chars if c["size"] == pytest.approx(9)]
        assert len({baseline(c) for c in small}) == 2
        assert text_of(sorted(small, key=lambda c: (-baseline(c), c["x0"]))).replace(
            " ", ""
        ) == long.replace(" ", "")
        frame_bottom = page.height - LANDSCAPE.bottom - 9 * 72 / 25.4
        assert min(c["top"] for c in small) >= frame_bottom - PT_TOL
    with pytest.raises(ValueError):
        build_register_pdf(spec(anchor="核验" * 200, voided_rows=set()), [seal_row(0)], fonts)
    with pytest.raises(ValueError):
        spec(anchor="第一行\n第二行")
