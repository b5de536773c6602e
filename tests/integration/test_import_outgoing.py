"""Import of the office's 发文登记簿 on both engines: problems by row and column in the dry run,
all or nothing, the 机关代字's counter continues after the imported numbers, and an export
imported into an empty database reproduces the register."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from db.models.outgoing import OutgoingDocument
from desktop_app.services.documents import export as doc_export
from desktop_app.services.documents import outgoing
from desktop_app.services.documents.import_outgoing import SPEC
from desktop_app.services.system import ledger_import as li
from desktop_app.services.system import maintenance
from desktop_app.services.system.common import ValidationError
from tests.demo_db import fill_demo
from tests.integration.import_support import (
    on_day,
    other_db_fixture,  # noqa: F401 - `other_db`
    sheet_rows,
    write_ledger,
)
from tests.integration.test_doc_registers import JIYAO
from tests.integration.test_outgoing_support import (
    CLERK,
    T,
    issued,
    org_fixture,  # noqa: F401 - `org`
    signed_r33_1,
)

HEADERS = ["发文字号", "标题", "文种", "拟稿单位", "签发人", "签发日期", "印发日期"]


def _row(n: int, **kw):
    row = {
        "发文字号": f"同政发〔2026〕{n}号",
        "标题": f"关于第{n}项工作的通知",
        "文种": "通知",
        "拟稿单位": "农业农村局",
        "签发人": "孙立新",
        "签发日期": "2026-2-1",
        "印发日期": "2026年2月2日",
    } | kw
    return [row[h] for h in HEADERS]


def test_problems_by_row_and_column_and_nothing_written(db, org, tmp_path):
    path = write_ledger(
        tmp_path / "发文.xlsx",
        HEADERS,
        [
            _row(1, 发文字号="同政发【2026】1号"),
            _row(2, 文种="通讯"),
            _row(3, 拟稿单位="农业局"),
            _row(4, 签发日期="2026-2-5"),
            _row(5, 发文字号="同政发(2026)01号"),  # the same number as row 2 once normalised
        ],
    )
    preview = li.dry_run(db, CLERK, SPEC, path)
    lines = preview.problem_lines()
    assert any(x.startswith("第3行C列「文种」：「通讯」不是允许的文种") for x in lines)
    assert any(
        x.startswith("第4行D列「拟稿单位」：单位「农业局」不在人员与分管名录中") for x in lines
    )
    assert "第5行G列「印发日期」：印发日期 2026-02-02 早于签发日期 2026-02-05" in lines
    assert "第6行A列「发文字号」：编号 同政发〔2026〕1号 与第2行重复" in lines
    assert len(lines) == 4
    with pytest.raises(ValidationError):
        li.import_file(db, CLERK, SPEC, path)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(OutgoingDocument)) == 0


def test_import_continues_the_prefix_numbering(db, org, tmp_path):
    path = write_ledger(tmp_path / "发文.xlsx", HEADERS, [_row(n) for n in range(1, 58)])
    assert li.import_file(db, CLERK, SPEC, path).count == 57
    d = signed_r33_1(db, org)
    d = outgoing.issue_outgoing(db, CLERK, d.id, issued_on=T, expected_version=d.version)
    assert d.number == "同政发〔2026〕58号"
    first = outgoing.list_outgoing(db, CLERK, newest_first=False)[0]
    assert (first.number, first.signer_name, first.status) == (
        "同政发〔2026〕1号",
        "孙立新",
        "issued",
    )
    assert maintenance.check(db).ok, maintenance.check(db).problems


IMPORT_DAY = date(2026, 2, 10)
NOT_ISSUED = "晚于今天：导入只用于已经发生的历史记录，尚未印发的发文请在「发文」中登记并办理签批（第三十三条）。"


def test_rows_issued_or_signed_after_the_import_day_are_refused_and_nothing_written(
    db, org, tmp_path
):
    rows = [_row(1, 印发日期="2026-2-11"), _row(2, 签发日期="2026-2-11", 印发日期="2026-2-12")]
    path = write_ledger(tmp_path / "发文.xlsx", HEADERS, rows)
    spec = on_day(SPEC, IMPORT_DAY)
    assert li.dry_run(db, CLERK, spec, path).problem_lines() == [
        f"第2行G列「印发日期」：印发日期 2026-02-11 {NOT_ISSUED}",
        f"第3行F列「签发日期」：签发日期 2026-02-11 {NOT_ISSUED}",
        f"第3行G列「印发日期」：印发日期 2026-02-12 {NOT_ISSUED}",
    ]
    with pytest.raises(ValidationError, match="有 3 处问题，未导入任何记录"):
        li.import_file(db, CLERK, spec, path)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(OutgoingDocument)) == 0


def test_rows_issued_up_to_the_import_day_import_as_before(db, org, tmp_path):
    rows = [_row(1, 印发日期="2026-2-10"), _row(2, 签发日期="2026-2-10", 印发日期="2026-2-10")]
    path = write_ledger(tmp_path / "发文.xlsx", HEADERS, rows)
    assert li.import_file(db, CLERK, on_day(SPEC, IMPORT_DAY), path).count == 2
    found = outgoing.list_outgoing(db, CLERK, newest_first=False)
    assert [(d.number, d.status, d.issued_on) for d in found] == [
        ("同政发〔2026〕1号", "issued", IMPORT_DAY),
        ("同政发〔2026〕2号", "issued", IMPORT_DAY),
    ]


def test_export_imported_into_an_empty_database_reproduces_the_register(
    db, org, other_db, admin, tmp_path
):
    issued(db, org)
    issued(db, org, day=date(2026, 3, 3), title="关于春季防火的通知")
    issued(
        db,
        org,
        day=date(2026, 3, 4),
        user=JIYAO,
        secrecy="秘密",
        secrecy_term="10年",
        copies=3,
        copy_numbers="001,002,003",
        title="关于防汛物资储备的通知",
    )
    wrong = issued(db, org, day=date(2026, 3, 5), title="重复的文件")
    outgoing.void_outgoing(db, CLERK, wrong.id, "与同政发〔2026〕1号重复", wrong.version)
    first = tmp_path / "发文登记簿.xlsx"
    doc_export.export_outgoing_xlsx(db, JIYAO, first)
    fill_demo(other_db, admin, T)
    assert li.import_file(other_db, JIYAO, SPEC, first).count == 4
    second = tmp_path / "再导出.xlsx"
    doc_export.export_outgoing_xlsx(other_db, JIYAO, second)
    assert sheet_rows(second) == sheet_rows(first)


def test_R44_a_classified_row_is_not_imported_as_public(db, org, tmp_path):
    """第四十四条 / R49: a classified 发文 is never 主动公开 or 依申请公开 — refused in the ledger
    as it is in the drafting form (outgoing.set_openness); 不予公开 is taken."""
    headers = [*HEADERS, "密级", "印制份数", "公开属性"]

    def row(n: int, openness: str) -> list:
        return [*_row(n), "机密", "2（份号：001-002）", openness]

    path = write_ledger(tmp_path / "发文.xlsx", headers, [row(1, "主动公开"), row(2, "依申请公开")])
    lines = li.dry_run(db, JIYAO, SPEC, path).problem_lines()
    assert len(lines) == 2 and all("公开属性" in x and "涉密" in x for x in lines), lines
    with pytest.raises(ValidationError):
        li.import_file(db, JIYAO, SPEC, path)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(OutgoingDocument)) == 0
    reason = [*_row(3), "机密", "2（份号：001-002）", "不予公开"]
    path = write_ledger(tmp_path / "不予公开.xlsx", headers, [reason])
    assert li.import_file(db, JIYAO, SPEC, path).count == 1
