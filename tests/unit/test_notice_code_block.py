"""The 督办通知单 with its code block passes the GB/T 9704 form checker (issue 19): the QR code,
its number and 「扫码登记」 in the top margin are allowed explicitly (`code=`), nothing else is —
the checker still refuses the block when not told of it, a wrong number, or a missing block."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.printing.supervision_notice import NoticeData, build_notice_pdf
from desktop_app.services.system.sheet_codes import new_token
from tests.form_checker import check_official, check_signature
from tests.sheet_checker import decode_codes

OFFICE = "同江市人民政府督查室"


def notice(token: str = "") -> bytes:
    return build_notice_pdf(
        NoticeData(
            OFFICE,
            12,
            "同江市财政局",
            "督促完成报废公务车辆处置",
            "按市政府第12次常务会议决定，完成报废公务车辆的评估、公开处置和资金入库。",
            "会议决定",
            "孙立新",
            "徐东升",
            "同江市交通运输局",
            "按程序公开处置，资金及时足额入库",
            date(2026, 12, 20),
            date(2026, 12, 3),
            token,
        )
    ).pdf


def test_notice_with_its_code_passes_the_checker_with_the_code_allowance(tmp_path):
    token = new_token()
    pdf = notice(token)
    report = check_official(
        pdf, ["督办通知单", "同江市财政局", "督办编号12"], images=tmp_path / "notice", code="督办12"
    )
    assert "督办12扫码登记" in report.text
    assert decode_codes(pdf) == [token]  # the block is a real, readable code
    sig = check_signature(pdf, OFFICE, "2026年12月3日")
    assert sig.page == report.pages


def test_the_allowance_is_only_for_the_code_block():
    pdf = notice(new_token())
    with pytest.raises(AssertionError, match="above or below the text block"):
        check_official(pdf)  # not told of the block: its lines are outside the text block
    with pytest.raises(AssertionError, match="above or below the text block"):
        check_official(pdf, code="督办13")  # another record's number is not the block
    with pytest.raises(AssertionError, match="code block"):
        check_official(notice(""), code="督办12")  # the block asked for must be there
    check_official(notice(""))  # a notice printed without a code needs no allowance
