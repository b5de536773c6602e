"""Excel export of the meetings register and the meeting decisions (openpyxl), on both engines."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import openpyxl

from desktop_app.services.meetings import decisions
from desktop_app.services.meetings import export as meeting_export
from tests.integration.minutes_support import MEETING_DAY, issued, plan, units


def _sheet(path):
    return openpyxl.load_workbook(path).active


def test_meetings_export_has_chinese_headers_real_dates_widths_and_frozen_header(
    db, clerk, tmp_path
):
    first = plan(db, clerk)
    plan(db, clerk, day=MEETING_DAY + timedelta(days=10), confidential=True, demo_fill=False)
    issued(db, clerk, first)
    path = tmp_path / "导出" / "会议.xlsx"
    assert meeting_export.export_meetings_xlsx(db, path) == 2
    ws = _sheet(path)
    header = [c.value for c in ws[1]]
    assert header[:6] == ["序号", "会议名称", "类别", "日期", "时间", "地点"]
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["B"].width == 34
    row1 = [c.value for c in ws[2]]
    assert row1[:6] == [
        1,
        "市政府第一次常务会议",
        "常务会议",
        datetime(2024, 4, 30),
        time(9, 0),
        "501",
    ]
    assert ws["D2"].is_date and "年" in ws["D2"].number_format
    by_header = dict(zip(header, row1, strict=True))
    assert (by_header["主持人"], by_header["纪要状态"], by_header["纪要编号"]) == (
        "李明远",
        "已印发",
        "〔2024〕1号",
    )
    row2 = dict(zip(header, [c.value for c in ws[3]], strict=True))
    assert (row2["会议名称"], row2["涉密"], row2["纪要状态"]) == (
        "市政府第二次常务会议",
        "是",
        "未起草",
    )


def test_meetings_export_applies_the_filters(db, clerk, tmp_path):
    plan(db, clerk)
    assert meeting_export.export_meetings_xlsx(db, tmp_path / "a.xlsx", year=2023) == 0
    assert (
        meeting_export.export_meetings_xlsx(db, tmp_path / "b.xlsx", kind="executive", year=2024)
        == 1
    )
    assert _sheet(tmp_path / "a.xlsx").max_row == 1  # the header alone


def test_decisions_export_lists_each_decision_with_its_state(db, clerk, tmp_path):
    m = plan(db, clerk)
    late = decisions.add_decision(
        db,
        clerk,
        meeting_id=m.id,
        content="制定资金使用方案",
        unit_id=units(db)["财政局"],
        deadline=date(2024, 5, 6),
    )
    decisions.add_decision(
        db,
        clerk,
        meeting_id=m.id,
        content="修改供热管理办法",
        unit_id=units(db)["住房和城乡建设局"],
        deadline=date(2024, 6, 30),
        quality="征求社会意见",
    )
    done = decisions.add_decision(
        db,
        clerk,
        meeting_id=m.id,
        content="核实项目清单",
        unit_id=units(db)["财政局"],
        deadline=date(2024, 5, 10),
    )
    decisions.report_done(
        db,
        clerk,
        done.id,
        reported_on=date(2024, 5, 8),
        report="已核实。",
        expected_version=done.version,
    )
    path = tmp_path / "决定事项.xlsx"
    assert meeting_export.export_decisions_xlsx(db, path, today=date(2024, 5, 9)) == 3
    ws = _sheet(path)
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, [c.value for c in r], strict=True)) for r in ws.iter_rows(min_row=2)]
    assert [r["决定事项"] for r in rows] == ["制定资金使用方案", "核实项目清单", "修改供热管理办法"]
    assert [r["状态"] for r in rows] == ["已逾期", "已完成", "未完成"]
    assert rows[0]["完成时限"] == datetime(2024, 5, 6) and rows[0]["分管副市长"] == "张海峰"
    assert rows[1]["反馈日期"] == datetime(2024, 5, 8) and rows[1]["落实情况"] == "已核实。"
    assert rows[2]["质量要求"] == "征求社会意见" and rows[2]["反馈日期"] is None
    assert ws.freeze_panes == "A2" and ws.column_dimensions["E"].width == 50
    assert late.id != done.id
