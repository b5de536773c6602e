"""The template of a register's import (导入模板): a workbook the clerk saves from the app and
fills in — the register's Chinese headers (FORMS.md), a sample row, a drop-down on every column
with fixed values, and a second sheet that explains every column."""

from __future__ import annotations

from pathlib import Path

from desktop_app.services.system.ledger_spec import RegisterSpec

VALIDATED_ROWS = 5000  # rows below the headers that get the drop-downs
HELP_SHEET = "填写说明"


def write_template(spec: RegisterSpec, path: Path | str) -> Path:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = spec.title
    ws.append([f.title for f in spec.fields])
    ws.append([f.sample for f in spec.fields])
    required = PatternFill("solid", fgColor="FFF2CC")
    for i, f in enumerate(spec.fields, start=1):
        cell = ws.cell(row=1, column=i)
        cell.font = Font(bold=True, color="C00000" if f.required else "000000")
        if f.required:
            cell.fill = required
        if f.help:
            cell.comment = Comment(("必填。" if f.required else "") + f.help, "府办台账")
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = max(10, min(40, 2 * len(f.title) + 8))
        if f.choices:
            shown = ",".join(c for c in f.choices if c)
            dv = DataValidation(
                type="list",
                formula1=f'"{shown}"',
                allow_blank="" in f.choices or not f.required,
                showErrorMessage=True,
                errorTitle=f"{f.title}填写有误",
                error=f"「{f.title}」只能选择：{shown.replace(',', '、')}",
            )
            dv.add(f"{letter}2:{letter}{VALIDATED_ROWS + 1}")
            ws.add_data_validation(dv)
    ws.freeze_panes = "A2"
    help_ws = wb.create_sheet(HELP_SHEET)
    help_ws.append(["列名", "是否必填", "填写说明", "可选值"])
    for cell in help_ws[1]:
        cell.font = Font(bold=True)
    for f in spec.fields:
        help_ws.append(
            [
                f.title,
                "必填" if f.required else "可空",
                f.help,
                "、".join(c if c else "（留空）" for c in f.choices),
            ]
        )
    help_ws.append([])
    for line in (
        f"第一行是列名，请勿改动；第二行是示例，导入前请删除或改为真实记录。共 {len(spec.fields)} 列。",
        "列名与本模板不同的表格也可导入：导入时按列名相似程度自动对应，可手工调整，并按登记簿记住。",
        "日期可写作 2018-9-4、2018/09/04、2018.9.4、2018年9月4日、二〇一八年九月四日 或 Excel 日期。",
        "编号中的括号可写作 〔〕 [] 【】 ()，导入时统一为 〔〕。",
        "导入先预检：列出将导入的每一行和每个问题（第几行、哪一列、什么问题）；"
        "确认后一次写入，有任何问题则一行也不写入。同一文件不能重复导入。",
        "WPS 表格（.et）请先另存为 Excel 工作簿（.xlsx）。",
    ):
        help_ws.append([line])
    for letter, width in zip("ABCD", (14, 10, 70, 40), strict=True):
        help_ws.column_dimensions[letter].width = width
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
