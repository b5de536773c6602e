"""Excel export of the 外出请示报备 register (openpyxl), on both engines: Chinese headers, real
dates, the state on the export day, the recorded approvals with 「B角代签」 marks, the return and
销假 (R62.8), filters by period and state, voided requests with their reason. Also the printed
form and list built from the stored records."""

from __future__ import annotations

import io
from datetime import date, timedelta

import openpyxl
import pdfplumber

from desktop_app.services.absences import commands as absences
from desktop_app.services.absences import export as absence_export
from desktop_app.services.absences import queries as absences_queries
from desktop_app.services.absences import returns as absences_return
from desktop_app.services.absences.printouts import absence_form_pdf, absence_list_pdf
from tests.integration.test_absences import TRIP, approve_all, file, gov, sign  # noqa: F401
from tests.integration.test_meeting_plan import CLERK, T


def _rows(path) -> tuple[list[str], list[dict]]:
    ws = openpyxl.load_workbook(path).active
    header = [c.value for c in ws[1]]
    return header, [
        dict(zip(header, [c.value for c in r], strict=True)) for r in ws.iter_rows(min_row=2)
    ]


def _trip_back(db, gov):  # noqa: F811
    """邓磊 (乐业镇镇长): approved, back on the last day, 销假 not yet recorded."""
    d = approve_all(db, file(db, gov, "邓磊", for_meeting=True))
    return absences_return.record_return(db, CLERK, d.id, d.end_date, "晚上", today=d.end_date)


def test_export_has_headers_real_dates_state_and_recorded_approvals(db, gov, tmp_path):  # noqa: F811
    back = _trip_back(db, gov)
    file(db, gov, "曹阳", start=TRIP + timedelta(days=20), days=2)
    voided = file(db, gov, "韩冬", start=TRIP + timedelta(days=30), days=1)
    absences.void_request(db, CLERK, voided.id, "行程取消", voided.version)
    path = tmp_path / "导出" / "外出请示报备.xlsx"
    today = back.return_due + timedelta(days=1)  # the 销假 is overdue that day (R62.8)
    assert absence_export.export_absences_xlsx(db, path, today=today) == 3
    header, rows = _rows(path)
    assert header[:6] == ["序号", "姓名", "职务", "单位", "程序", "外出类别"]
    ws = openpyxl.load_workbook(path).active
    assert ws.freeze_panes == "A2" and ws["I2"].is_date and "年" in ws["I2"].number_format
    first, second, third = rows  # earliest departure first
    assert (first["姓名"], first["职务"], first["状态"]) == ("邓磊", "乐业镇镇长", "逾期未销假")
    assert first["出发日期"].date() == TRIP and first["返回时段"] == "晚上"
    assert first["实际返回日期"].date() == back.returned_on
    assert first["销假期限"].date() == back.return_due and first["销假日期"] is None
    assert first["已登记审批"].splitlines()[0].startswith("分管副市长同意：孙立新")
    assert first["书面报告"] == "未收到" and first["提前3天报备"] == "是"
    assert (second["姓名"], second["状态"], second["待审批环节"]) == (
        "曹阳",
        "待审批",
        "分管副市长同意、市长批准、抄报市委",
    )
    assert (third["姓名"], third["状态"], third["作废原因"]) == ("韩冬", "已作废", "行程取消")


def test_export_applies_period_and_state_filters(db, gov, tmp_path):  # noqa: F811
    _trip_back(db, gov)
    file(db, gov, "曹阳", start=TRIP + timedelta(days=20), days=2)
    path = tmp_path / "a.xlsx"
    assert (
        absence_export.export_absences_xlsx(
            db, path, start=TRIP + timedelta(days=10), end=TRIP + timedelta(days=40), today=T
        )
        == 1
    )
    assert _rows(path)[1][0]["姓名"] == "曹阳"
    assert absence_export.export_absences_xlsx(db, path, status="pending", today=T) == 1
    assert (
        absence_export.export_absences_xlsx(
            db, path, start=date(2025, 1, 1), end=date(2025, 12, 31), today=T
        )
        == 0
    )
    assert openpyxl.load_workbook(path).active.max_row == 1  # the header alone


def test_b_role_signature_is_marked_in_export_and_printed_form(db, gov, tmp_path):  # noqa: F811
    """R6.2: 孙立新 (in charge of 乐业镇) is away; his AB partner 赵文华 signs — 「B角代签」."""
    vm = approve_all(db, file(db, gov, "孙立新", start=TRIP - timedelta(days=3), days=10, filed=T))
    assert vm.status == "approved"
    head = file(db, gov, "邓磊", start=TRIP + timedelta(days=4), filed=TRIP)
    head = sign(db, head.id, "vm_agree", TRIP, signer_id=gov.person["赵文华"])
    assert head.steps[0].approval.capacity == "B角代签"
    path = tmp_path / "b.xlsx"
    absence_export.write_absences_xlsx(path, [head], TRIP)
    assert _rows(path)[1][0]["已登记审批"].startswith("分管副市长同意：赵文华（B角代签）")
    with pdfplumber.open(io.BytesIO(absence_form_pdf(db, head.id).pdf)) as pdf:
        text = pdf.pages[0].extract_text().replace(" ", "")
    assert "赵文华（B角代签）" in text and "签字：年月日" in text  # 市长意见 still blank


def test_printed_list_of_stored_requests(db, gov):  # noqa: F811
    _trip_back(db, gov)
    found = absences_queries.list_absences(db, today=T)
    result = absence_list_pdf(db, found, "全部", T)
    with pdfplumber.open(io.BytesIO(result.pdf)) as pdf:
        page = pdf.pages[0]
        assert page.width > page.height  # landscape
        text = page.extract_text().replace(" ", "")
    assert "邓磊" in text and "乐业镇镇长" in text
