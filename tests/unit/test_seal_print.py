"""The printed 用印审批单 and 用印登记簿 from plain data (FORMS.md): one A4 page inside the GB/T 9704
text block, every row and opinion box of the form, empty boxes before approval, the recorded
approvals afterwards (「B角代签」, R6.2), a voided form marked 作废, and the landscape register
with its voided entries kept. The form is the self-test's specimen (form_specimens) and variations
of it. Text is read back with pdfplumber."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pdfplumber
import pytest

from desktop_app.printing.geometry import LANDSCAPE
from desktop_app.printing.seal_forms import OpinionBox, SealForm, build_seal_form_pdf
from desktop_app.printing.seal_register import (
    RegisterEntry,
    build_seal_register_pdf,
    filter_text,
)
from desktop_app.selftest import form_specimens
from tests.pdf_tables import column_edges

MM = 72 / 25.4
LEFT, TOP, WIDTH, HEIGHT = 28, 37, 156, 225
LABELS = [
    "用印单位",
    "经办人",
    "联系电话",
    "申请日期",
    "文件名称",
    "份数",
    "印章",
    "用印事由",
    "是否重要用印",
    "是否合同协议",
    "监印人",
    "用印时间",
    "实际用印份数",
    "备注",
]
BOX_LABELS = list(form_specimens.SEAL_BOX_LABELS)


def blank_form(**kw) -> SealForm:
    """The self-test's specimen before approval (form_specimens), changed by `kw`."""
    return replace(form_specimens.blank_seal_form(), **kw)


def approved_form(**kw) -> SealForm:
    """The specimen with two opinions recorded, one by the AB partner, and the stamping."""
    return replace(form_specimens.seal_form(), **kw)


def read(pdf: bytes) -> list:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [(p.width, p.height, p.extract_text(), p.chars) for p in doc.pages]


def squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def blank_pages():
    result = build_seal_form_pdf(blank_form())
    assert result.pages == 1
    return read(result.pdf)


def test_form_is_one_a4_page_inside_the_text_block(blank_pages):
    [(width, height, _text, chars)] = blank_pages
    assert abs(width / MM - 210) < 0.5 and abs(height / MM - 297) < 0.5
    assert min(c["x0"] for c in chars) / MM >= LEFT - 1
    assert max(c["x1"] for c in chars) / MM <= LEFT + WIDTH + 1
    assert min(c["top"] for c in chars) / MM >= TOP - 1
    assert max(c["bottom"] for c in chars) / MM <= TOP + HEIGHT + 1


def test_form_has_title_number_every_row_and_the_ticked_seal(blank_pages):
    text = squeeze(blank_pages[0][2])
    assert text.startswith("同江市人民政府用印审批单")
    assert "编号：用印〔2018〕57号" in text
    for label in LABELS + BOX_LABELS:
        assert label in text, label
    for value in (
        "同江市农业农村局",
        "王建国",
        "13904561234",
        "2018年9月3日",
        "春耕生产资金说明",
        "3份",
        "报送省农业农村厅",
    ):
        assert value in text, value
    assert "■市政府印章□市政府办公室印章□其他" in text


def test_number_sits_top_right_under_the_title(blank_pages):
    chars = blank_pages[0][3]
    number = [c for c in chars if c["text"] == "〕"][0]
    title = [c for c in chars if c["text"] == "审"][0]
    assert number["top"] > title["top"]
    assert number["x1"] / MM > LEFT + WIDTH * 0.75


def test_before_approval_the_boxes_are_empty_for_wet_signatures(blank_pages):
    text = squeeze(blank_pages[0][2])
    assert text.count("签字：年月日") == len(BOX_LABELS)
    assert "B角代签" not in text and "作废" not in text


def test_after_approval_the_recorded_opinions_names_dates_and_B_role_R6_2():
    [(_w, _h, text, _c)] = read(build_seal_form_pdf(approved_form()).pdf)
    text = squeeze(text)
    assert "请予用印。" in text and "签字：刘局长2018年9月3日" in text
    assert "同意。" in text and "签字：周副市长（B角代签）2018年9月4日" in text
    assert text.count("签字：年月日") == 2  # the boxes nobody signed stay blank
    assert "监印人赵监印用印时间2018年9月4日10:30" in text
    assert "实际用印份数3份（废页1份）" in text
    assert "未在空白文件" in text and "3份（废页1份）■是" in text


def test_voided_form_is_marked_with_its_reason():
    pdf = build_seal_form_pdf(approved_form(void_reason="文件撤回，不再用印")).pdf
    [(_w, _h, text, chars)] = read(pdf)
    assert "作废" in squeeze(text).split("编号")[0]  # the mark beside the number
    assert "作废：文件撤回，不再用印" in squeeze(text)
    red = [
        c
        for c in chars
        if c["text"] == "作" and c["non_stroking_color"] and c["non_stroking_color"][0] > 0.8
    ]
    assert red, "the 作废 mark is printed in red"


def test_office_seal_box_and_flags_and_contract():
    form = blank_form(
        seal_ticks=(("市政府印章", False), ("市政府办公室印章", True), ("其他", False)),
        boxes=(*(OpinionBox(x) for x in BOX_LABELS), OpinionBox("办公室主任意见")),
        important_text="是（对外担保）",
        contract_text="是；合法性审查已完成（司法局，2018年9月1日：合法）",
        remarks="与市委联合用印；电视公告",
    )
    # five boxes of at least 25 mm: the form goes on to a second sheet
    text = squeeze("".join(page[2] for page in read(build_seal_form_pdf(form).pdf)))
    assert "□市政府印章■市政府办公室印章" in text and "办公室主任意见" in text
    assert "是（对外担保）" in text and "合法性审查已完成" in text
    assert "与市委联合用印；电视公告" in text


def test_R45_1_formal_document_form_prints_no_opinion_box_it_does_not_need():
    """第四十五条: a formal document is signed in its 发文 chain; its form carries the linked record
    in 备注 and no opinion box unless another rule asks for one — still one full page."""
    form = blank_form(
        boxes=(),
        remarks="正式公文同政发〔2018〕34号《关于做好春耕生产的通知》（市政府；签批程序已完成）",
    )
    result = build_seal_form_pdf(form)
    assert result.pages == 1
    text = squeeze(read(result.pdf)[0][2])
    assert not any(label in text for label in BOX_LABELS)
    assert "同政发〔2018〕34号" in text and "监印人" in text


def test_other_seal_name_and_very_long_texts_continue_on_further_sheets_at_full_size():
    """FORMS.md: never below 五号 — the form was shrunk to 7 pt with 11 mm boxes before."""
    form = blank_form(
        seal_ticks=(("市政府印章", False), ("市政府办公室印章", False), ("其他", True)),
        other_seal_name="同江市人民政府合同专用章",
        document_title="关于" + "同江市农村人居环境整治" * 8 + "的报告",
        purpose="用于" + "报送省有关部门审核备案" * 30,
        boxes=tuple(
            OpinionBox(x, "同意" * 80, "某某", date(2018, 9, 4))
            for x in [*BOX_LABELS, "办公室主任意见", "市长或常务副市长签发意见"]
        ),
    )
    result = build_seal_form_pdf(form)
    pages = read(result.pdf)
    assert result.pages == len(pages) >= 2
    assert min(c["size"] for page in pages for c in page[3]) >= 10.5
    text = squeeze("".join(page[2] for page in pages))
    assert "■其他：同江市人民政府" in text and "专用章" in text
    assert text.count("同意" * 10) >= 6 and "监印人" in text


def test_blank_boxes_are_25_mm_high_with_a_signature_line_of_60_mm(blank_pages):
    with pdfplumber.open(io.BytesIO(build_seal_form_pdf(blank_form()).pdf)) as pdf:
        page = pdf.pages[0]
        rules = sorted(
            {round(e["top"], 1) for e in page.edges if e["orientation"] == "h" and e["width"] > 300}
        )
        signs = [c for c in page.chars if c["text"] == "签"]
        assert len(signs) == len(BOX_LABELS)
        for s in signs:
            day = max(
                (c for c in page.chars if c["text"] == "日" and abs(c["top"] - s["top"]) < 1),
                key=lambda c: c["x1"],
            )
            assert (day["x1"] - s["x0"]) / MM >= 60
            above = max(r for r in rules if r < s["bottom"])
            below = min(r for r in rules if r > s["bottom"])
            assert (below - above) / MM >= 25 - 0.1


def test_labels_break_between_words(blank_pages):
    chars = blank_pages[0][3]
    lines: dict[int, str] = {}
    for c in sorted(chars, key=lambda c: c["x0"]):
        if LEFT * MM < c["x0"] < (LEFT + 31) * MM and c["top"] > (TOP + 25) * MM:
            lines[round(c["top"])] = lines.get(round(c["top"]), "") + c["text"]
    texts = [lines[k] for k in sorted(lines)]
    for pair in (
        ["承办单位负责人", "意见"],
        ["市政府办公室", "审核意见"],
        ["分管副市长", "审批意见"],
        ["市长审批意见", "（重要用印）"],
    ):
        i = texts.index(pair[0])
        assert texts[i : i + 2] == pair


# --- 用印登记簿 --------------------------------------------------------------------------------


def column_texts(pdf: bytes, col: int) -> list[str]:
    """The text of one register column, one entry per text line (header included)."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        x0, x1 = column_edges(page)[col : col + 2]  # the columns follow their content
        crop = page.crop((x0, LANDSCAPE.top + 20 * MM, x1, page.height - LANDSCAPE.bottom))
        return crop.extract_text().split("\n")


def entry(serial: int, voided: bool = False, year: int = 2018) -> RegisterEntry:
    return RegisterEntry(
        serial,
        year,
        f"{year}年9月{serial}日 10:30",
        f"用印〔{year}〕{serial}号",
        "同江市财政局",
        f"文件{serial}",
        "报送审核",
        "同江市人民政府印",
        2,
        "王建国",
        "孙副市长（副市长）",
        "赵监印",
        "作废：盖章位置错误" if voided else "",
        voided,
    )


def test_register_is_landscape_with_the_columns_and_keeps_voided_entries():
    result = build_seal_register_pdf(
        [entry(1), entry(2, voided=True), entry(3)],
        org="同江市人民政府办公室",
        filter_text=filter_text(date(2018, 9, 1), date(2018, 9, 30)),
        printed_on=date(2018, 10, 8),
    )
    [(width, height, text, _c)] = read(result.pdf)
    assert abs(width / MM - 297) < 0.5 and abs(height / MM - 210) < 0.5
    text = squeeze(text)
    assert text.startswith("用印登记簿")
    assert "用印日期：2018年9月1日至2018年9月30日；印章：全部" in text
    assert "序号日期编号用印单位文件名称事由印章份数经办人批准人监印人备注" in text
    numbers = "".join(column_texts(result.pdf, 2))
    assert numbers == "编号" + "".join(f"用印〔2018〕{n}号" for n in (1, 2, 3))
    assert "".join(column_texts(result.pdf, 11)) == "备注作废：盖章位置错误"
    assert "其中作废1条" in result.notes[-1]


def test_register_across_new_year_shows_the_year_of_each_serial():
    entries = [entry(1, year=2018), entry(1, year=2019)]
    pdf = build_seal_register_pdf(entries, org="办公室", filter_text="").pdf
    assert "".join(column_texts(pdf, 0)) == "序号2018-12019-1"


def test_every_font_is_embedded_no_helvetica():
    for form in (blank_form(), approved_form(void_reason="文件撤回")):
        pdf = build_seal_form_pdf(form).pdf
        assert b"Helvetica" not in pdf
        with pdfplumber.open(io.BytesIO(pdf)) as doc:
            fonts = {c["fontname"] for p in doc.pages for c in p.chars}
        assert fonts and all("+" in f for f in fonts), fonts  # subset-embedded: 「ABCDEF+name」
