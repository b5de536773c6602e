"""Where the texts of the one-page forms (用印审批单, 外出请示报备表, the sheets leaders sign) and the
registers' titles land, checked on the PDF: a title in the 宋 face standing in for 小标宋 has the
bold look (FORMS.md → Font roles), a long title breaks between words into balanced lines, a note
under the table keeps 禁则 and the text block (ReportLab's own CJK wrap let 「）」 hang past the
block's edge and sent the last 「。」 to a line of its own), and a long recorded opinion stays in
its box."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pdfplumber

from desktop_app.printing.absence_forms import build_absence_form_pdf, default_boxes
from desktop_app.printing.fonts import load_fonts
from desktop_app.printing.register import RegisterColumn, RegisterSpec, build_register_pdf
from desktop_app.printing.seal_forms import build_seal_form_pdf
from desktop_app.printing.sign_sheets import build_sign_sheet_pdf
from desktop_app.printing.typeset import CANNOT_START
from desktop_app.selftest import form_specimens
from tests.form_checker import HEIGHT, LEFT, TOP, WIDTH, _lines

MM = 72 / 25.4
# The 发文稿纸's note (services.documents.sheets): its 「）」 fell on the line's end.
OUTGOING_NOTE = (
    "签批顺序依据《工作规则》第三十三条、第三十四条；分管副市长外出时由其AB角代签（第六条）。"
)


def _content(pdf: bytes) -> bytes:
    """The pages' content streams, decoded (pdfminer)."""
    from pdfminer.pdftypes import resolve1

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return b"".join(resolve1(s).get_data() for p in doc.pages for s in p.page_obj.contents)


def _line_texts(pdf: bytes) -> list[tuple[str, float, float, float]]:
    """(text, left, right in mm, size) of each printed line (cells side by side on one line
    joined), top to bottom."""
    out = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            for line in sorted(_lines(page.chars), key=lambda ln: ln[0]["top"]):
                text = "".join(c["text"] for c in line)
                size = round(line[0]["size"], 2)
                out.append((text, line[0]["x0"] / MM, line[-1]["x1"] / MM, size))
    return out


def test_titles_in_the_song_stand_in_for_xiaobiaosong_have_the_bold_look():
    fonts = load_fonts()
    register = RegisterSpec("用印登记簿", "同江市人民政府办公室", [RegisterColumn("序号", 1)])
    pdfs = [
        build_seal_form_pdf(form_specimens.seal_form(), fonts).pdf,
        build_absence_form_pdf(form_specimens.absence_form(), fonts).pdf,
        build_sign_sheet_pdf(form_specimens.sign_sheet(), fonts).pdf,
        build_register_pdf(register, [["1"]], fonts),
    ]
    for pdf in pdfs:
        if fonts.fonts["xiaobiaosong"].fallback:  # no 方正小标宋 on this PC (as in CI)
            assert b"2 Tr" in _content(pdf)  # fill and stroke the outline
        else:
            assert b"2 Tr" not in _content(pdf)


def test_a_note_under_the_table_keeps_kinsoku_and_the_text_block():
    sheet = replace(form_specimens.sign_sheet(), note=OUTGOING_NOTE)
    lines = _line_texts(build_sign_sheet_pdf(sheet).pdf)
    note = [x[0] for x in lines if x[3] == 10.5 and x[0] in OUTGOING_NOTE]
    assert "".join(note) == OUTGOING_NOTE
    for text, left, right, _size in lines:
        assert text[0] not in CANNOT_START, f"a line starts with 「{text[0]}」: {text}"
        assert LEFT - 0.5 <= left and right <= LEFT + WIDTH + 0.5, f"outside the block: {text}"


def test_a_long_title_breaks_between_words_into_balanced_lines():
    title = "同江市人民政府办公室（同江市人民政府外事办公室、同江市人民政府研究室）收文处理笺"
    sheet = replace(form_specimens.sign_sheet(), title=title)
    lines = [x for x in _line_texts(build_sign_sheet_pdf(sheet).pdf) if x[3] == 22]
    texts = [x[0] for x in lines]
    assert "".join(texts) == title and len(texts) == 3
    lengths = [len(t) for t in texts]
    assert max(lengths) - min(lengths) <= 2, texts  # 排列对称 (GB/T 9704 7.3.3)
    assert texts[-1].endswith("收文处理笺")  # not a last word alone on a line
    assert all(t[0] not in CANNOT_START for t in texts)
    assert all(LEFT - 0.5 <= left and right <= LEFT + WIDTH + 0.5 for _t, left, right, _s in lines)


def test_a_void_reason_on_the_absence_form_keeps_kinsoku():
    why = "申请人重复提交本表，以九月一日报备的那一份为准（第六条）。另行补充的说明见备注栏"
    reason = f"（作废：{why}）"
    form = replace(form_specimens.absence_form(), void_reason=why)
    lines = _line_texts(build_absence_form_pdf(form).pdf)
    marks = [x for x in lines if x[3] == 14 and x[0] != "作废"]
    assert "".join(x[0] for x in marks) == reason
    assert all(t[0] not in CANNOT_START for t, _l, _r, _s in marks)
    assert all(LEFT - 0.5 <= left and right <= LEFT + WIDTH + 0.5 for _t, left, right, _s in marks)


def _overlapping(chars: list[dict]) -> list[str]:
    """Pairs of characters printed over each other (more than a third of each other's box)."""
    out = []
    chars = sorted((c for c in chars if c["text"].strip()), key=lambda c: c["x0"])
    for i, a in enumerate(chars):
        for b in chars[i + 1 :]:
            if b["x0"] >= a["x1"]:
                break
            dx = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
            dy = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            if dx > a["width"] / 3 and dy > a["height"] / 3:
                out.append(a["text"] + b["text"])
    return out


def test_a_long_recorded_opinion_gets_a_box_tall_enough_for_it():
    """A recorded opinion longer than the shared box height: the box grows (the form continues
    on a further sheet) — it was drawn at the shared height, the opinion running over the boxes
    below and the signature out of the text block."""
    opinion = "同意。请财政局会同住房和城乡建设局抓紧落实资金，确保工程按期完工。" * 8
    boxes = tuple(
        replace(b, opinion=opinion, signer="李明远", signed_on=date(2026, 9, 2))
        for b in default_boxes("vice_mayor", "出国（境）")
    )
    result = build_absence_form_pdf(replace(form_specimens.absence_form(), boxes=boxes))
    with pdfplumber.open(io.BytesIO(result.pdf)) as pdf:
        for n, page in enumerate(pdf.pages, start=1):
            assert not _overlapping(page.chars), f"p{n}: text printed over text"
            bottom = max(c["bottom"] for c in page.chars) / MM
            assert bottom <= TOP + HEIGHT + 0.5, f"p{n}: text below the text block"
            rules = sorted(
                e["top"] for e in page.edges if e["orientation"] == "h" and e["width"] > 300
            )
            for c in page.chars:  # each signature above the rule that closes its box
                if c["text"] == "签":
                    assert any(0 < r - c["bottom"] < 12 * MM for r in rules), f"p{n}: 签字"
        text = "".join(p.extract_text() for p in pdf.pages).replace("\n", "").replace(" ", "")
    assert result.pages >= 2 and text.count("签字：李明远") == len(boxes) == 5


def test_an_opinion_longer_than_a_sheet_is_told_in_chinese_not_as_an_unexpected_error():
    """A box taller than a whole sheet cannot be continued by the table (ReportLab gives up with
    LayoutError): the clerk is told what to do — shorten it, or attach a page — instead of
    「发生了意外错误」."""
    import pytest
    from reportlab.platypus.doctemplate import LayoutError

    from desktop_app import failures

    opinion = "同意。请财政局会同住房和城乡建设局抓紧落实资金，确保工程按期完工。" * 60
    first, *rest = default_boxes("vice_mayor", "出国（境）")
    boxes = (replace(first, opinion=opinion, signer="李明远", signed_on=date(2026, 9, 2)), *rest)
    with pytest.raises(LayoutError) as err:
        build_absence_form_pdf(replace(form_specimens.absence_form(), boxes=boxes))
    assert failures.explain(err.value) == failures.PAGE_TOO_SHORT
