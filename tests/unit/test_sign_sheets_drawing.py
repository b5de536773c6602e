"""The drawing of a sheet leaders sign, from the self-test's specimen (form_specimens) and
variations of it: A4 portrait, the title, leaders' boxes at least 35 mm and the others at least
25 mm high, fonts embedded, nothing below 五号, the QR code readable, 份号 and 密级 printed; a
督办通知单 carries the same code block."""

from __future__ import annotations

from dataclasses import replace

from desktop_app.printing.sign_sheets import SheetBox, SignSheet, build_sign_sheet_pdf
from desktop_app.printing.supervision_notice import build_notice_pdf
from desktop_app.selftest import form_specimens
from tests.sheet_checker import box_heights, check_sheet, decode_codes

SPECIMEN = form_specimens.sign_sheet()  # the self-test's 收文处理笺
TOKEN = SPECIMEN.token


def _sheet(**kw) -> SignSheet:
    return replace(SPECIMEN, **kw)


def test_sheet_boxes_fonts_and_code():
    pdf = build_sign_sheet_pdf(_sheet()).pdf
    report = check_sheet(
        pdf,
        [
            "同江市人民政府办公室收文处理笺",
            "收文〔2018〕12号",
            "扫码登记",
            "可由AB角赵文华代签",
            "签字：李明远",
            "2018年9月4日",
        ],
    )
    assert report.pages == 1 and report.codes == [TOKEN]
    assert [h >= 35 - 0.1 for h in box_heights(pdf, "领导批示")] == [True, True]
    assert min(box_heights(pdf, "拟办意见")) >= 25 - 0.1


def test_classified_sheet_prints_copy_number_and_secrecy_top_left():
    pdf = build_sign_sheet_pdf(_sheet(secrecy="机密★20年", copy_number="003", urgency="特急")).pdf
    check_sheet(pdf, ["003", "机密★20年", "特急"])


def test_many_boxes_continue_on_a_second_sheet_at_full_height():
    boxes = tuple(SheetBox("领导批示", f"副市长 {n}") for n in ("甲", "乙", "丙", "丁", "戊", "己"))
    pdf = build_sign_sheet_pdf(_sheet(boxes=boxes)).pdf
    report = check_sheet(pdf)
    assert report.pages == 2
    assert len(box_heights(pdf, "领导批示")) == 6
    assert min(box_heights(pdf, "领导批示")) >= 35 - 0.1


def test_supervision_notice_carries_the_same_code_block():
    d = form_specimens.notice_data()  # the self-test's, item 12
    pdf = build_notice_pdf(d).pdf
    report = check_sheet(pdf, ["督办通知单", "督办12", "扫码登记"])
    assert decode_codes(pdf) == [d.token] == report.codes
