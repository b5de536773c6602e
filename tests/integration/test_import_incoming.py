"""Import of the office's 收文登记簿 on both engines: a dry run that lists every row and every
problem by row and column and writes nothing; the import in one transaction (all or nothing,
one bad row among 500 imports none and names that row and column); provenance; the same file
refused twice; the year's counter continues after the imported numbers; classified rows only
from a 机要 account and hidden from others at once, search included (R44); and an export
imported into an empty database reproduces the register."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from db.models import IncomingDocument
from db.models.imports import ImportBatch, ImportedRecord
from desktop_app.formatting import CHINA
from desktop_app.services.directory import commands as directory
from desktop_app.services.documents import export as doc_export
from desktop_app.services.documents import incoming
from desktop_app.services.documents import register as doc_register
from desktop_app.services.documents import search as doc_search
from desktop_app.services.documents.import_incoming import SPEC
from desktop_app.services.system import ledger_import as li
from desktop_app.services.system import ledger_provenance
from desktop_app.services.system.common import ValidationError
from tests.integration.import_support import (
    on_day,
    other_db_fixture,  # noqa: F401 - `other_db`
    sheet_rows,
    write_ledger,
)
from tests.integration.test_doc_registers import CLERK, JIYAO, fill

HEADERS = ["收文号", "收文日期", "来文机关", "标题", "密级", "承办单位", "领导批示", "办结日期"]


def _directory(db, admin):
    directory.save_unit(db, admin, name="同江市水务局", kind="department")
    directory.save_unit(db, admin, name="同江市应急管理局", kind="department")
    directory.save_person(db, admin, name="李明远")


def _row(n: int, **kw):
    row = {
        "收文号": f"收文〔2026〕{n}号",
        "收文日期": f"2026-3-{1 + n % 28}",
        "来文机关": "黑龙江省人民政府办公厅",
        "标题": f"关于第{n}项工作的通知",
        "密级": "",
        "承办单位": "",
        "领导批示": "",
        "办结日期": "",
    } | kw
    return [row[h] for h in HEADERS]


def test_dry_run_names_every_problem_by_row_and_column_and_writes_nothing(db, admin, tmp_path):
    _directory(db, admin)
    incoming.register_document(
        db,
        CLERK,
        received_at=datetime(2026, 1, 5, 9, tzinfo=CHINA),
        sender="省政府",
        title="已在系统中的文件",
        doc_type="通知",
        nature="notice",
    )  # 收文〔2026〕1号
    path = write_ledger(
        tmp_path / "收文.xlsx",
        HEADERS,
        [
            _row(2, 收文日期="2026.3.2"),
            _row(3, 收文日期="2026年3月32日"),
            _row(4, 收文号="收文[2026]2号"),  # duplicate of row 3 once normalised
            _row(1),  # already in the database
            _row(5, 承办单位="同江市水利局"),
            _row(6, 密级="内部"),
            _row(7, 收文号="收文2026-7"),
            _row(8, 办结日期="2026-2-1", 收文日期="二〇二六年三月五日"),
            _row(9, 领导批示="李明远：同意。（2026年3月20日）", 收文日期=46090),
        ],
        title="2026年收文登记簿",
    )
    before = _count(db)
    preview = li.dry_run(db, CLERK, SPEC, path)
    lines = preview.problem_lines()
    assert "第4行B列「收文日期」：「2026年3月32日」不是有效日期（该日不存在）" in lines
    assert "第5行A列「收文号」：编号 收文〔2026〕2号 与第3行重复" in lines
    assert "第6行A列「收文号」：收文〔2026〕1号 已在收文登记簿中，不能重复登记" in lines
    assert any(
        x.startswith(
            "第7行F列「承办单位」：单位「同江市水利局」不在人员与分管名录中，最接近的是：同江市水务局"
        )
        for x in lines
    )
    assert any(x.startswith("第8行E列「密级」：「内部」不是允许的密级") for x in lines)
    assert any(x.startswith("第9行A列「收文号」：编号「收文2026-7」格式不正确") for x in lines)
    assert "第10行H列「办结日期」：办结日期 2026-02-01 早于收文日期 2026-03-05" in lines
    assert len(lines) == 7
    # rows that would be imported: 2, and 9 (an Excel serial date, the 批示 of a known person)
    assert [(r, cells[0], cells[1][:10]) for r, cells in preview.rows] == [
        (3, "收文〔2026〕2号", "2026-03-02"),
        (11, "收文〔2026〕9号", "2026-03-09"),
    ]
    assert _count(db) == before
    with pytest.raises(ValidationError, match="7 处问题，未导入任何记录"):
        li.import_file(db, CLERK, SPEC, path)
    assert _count(db) == before


def test_one_bad_row_among_500_imports_nothing_and_names_it(db, admin, tmp_path):
    _directory(db, admin)
    rows = [_row(n) for n in range(1, 501)]
    rows[316] = _row(317, 收文日期="2026-13-01")
    path = write_ledger(tmp_path / "500.xlsx", HEADERS, rows)
    with pytest.raises(ValidationError) as err:
        li.import_file(db, CLERK, SPEC, path)
    assert "第318行B列「收文日期」：「2026-13-01」不是有效日期" in err.value.message
    assert _count(db) == 0
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(ImportBatch)) == 0


def test_import_writes_all_with_provenance_refuses_the_same_file_and_continues_numbering(
    db, admin, tmp_path
):
    _directory(db, admin)
    rows = [_row(n) for n in range(1, 11)]
    rows[2] = _row(
        3,
        承办单位="同江市水务局（协办：同江市应急管理局）",
        领导批示="李明远：请水务局办理。（2026年3月5日）",
        办结日期="2026/3/20",
    )
    path = write_ledger(tmp_path / "收文台账.xlsx", HEADERS, rows)
    result = li.import_file(db, CLERK, SPEC, path)
    assert result.count == 10
    docs = {d.number: d for d in incoming.list_documents(db, CLERK, "", True, "", limit=50)}
    third = docs["收文〔2026〕3号"]
    assert third.status == "closed" and third.closed_on == date(2026, 3, 20)
    assert incoming.readings(db, CLERK, third.id)[0][2] == "请水务局办理。"
    text = ledger_provenance.provenance_text(db, "incoming_document", third.id)
    assert text.startswith("导入自「收文台账.xlsx」（工作表「台账」第4行），")
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(ImportedRecord)) == 10
    again = li.dry_run(db, CLERK, SPEC, path)
    assert "不能重复导入" in again.problem_lines()[0]
    with pytest.raises(ValidationError, match="不能重复导入"):
        li.import_file(db, CLERK, SPEC, path)
    new = incoming.register_document(
        db,
        CLERK,
        received_at=datetime(2026, 12, 9, 9, tzinfo=CHINA),
        sender="省政府",
        title="上线后的第一份收文",
        doc_type="通知",
        nature="notice",
    )
    assert new.number == "收文〔2026〕11号"
    from desktop_app.services.system import maintenance

    assert maintenance.check(db).ok, maintenance.check(db).problems


def test_classified_rows_only_from_jiyao_and_hidden_from_others_at_once(db, admin, tmp_path):
    _directory(db, admin)
    rows = [_row(1), _row(2, 密级="机密", 标题="关于防汛物资储备的机密通报")]
    path = write_ledger(tmp_path / "涉密.xlsx", HEADERS, rows)
    preview = li.dry_run(db, CLERK, SPEC, path)
    assert preview.problem_lines() == [
        "第3行E列「密级」：当前账户无权导入涉密记录：涉密行须由机要人员（可查看涉密记录的账户）导入"
    ]
    li.import_file(db, JIYAO, SPEC, path)
    assert [d.title for d in incoming.list_documents(db, CLERK, "", True, "")] == [
        "关于第1项工作的通知"
    ]
    assert doc_search.count_matches(db, CLERK, "防汛物资") == 0  # the index knows its 密级
    assert doc_search.count_matches(db, JIYAO, "防汛物资") == 1
    assert len(incoming.list_documents(db, JIYAO, "", True, "")) == 2


def test_mapping_by_similar_headers_is_remembered_per_register(db, admin, tmp_path):
    _directory(db, admin)
    path = write_ledger(
        tmp_path / "别名.xlsx",
        ["登记号", "签收时间", "来文单位", "文件标题", "备注栏"],
        [["收文〔2026〕1号", "2026-3-1", "省政府", "通知一", "x"]],
    )
    sheet, mapping = li.read(db, SPEC, path)
    assert mapping == {
        "登记号": "number",
        "签收时间": "received_at",
        "来文单位": "sender",
        "文件标题": "title",
        "备注栏": "",
    }
    mapping["备注栏"] = "archive_ref"
    li.import_file(db, CLERK, SPEC, path, mapping)
    assert li.remembered_mapping(db, "incoming")["备注栏"] == "archive_ref"
    path2 = write_ledger(
        tmp_path / "别名2.xlsx",
        ["登记号", "签收时间", "来文单位", "文件标题", "备注栏"],
        [["收文〔2026〕2号", "2026-3-2", "省政府", "通知二", "y"]],
    )
    assert li.read(db, SPEC, path2)[1]["备注栏"] == "archive_ref"


def test_wps_et_files_are_asked_to_be_saved_as_xlsx(db, tmp_path):
    path = tmp_path / "收文.et"
    path.write_bytes(b"x")
    with pytest.raises(Exception, match="另存为」选择「Excel 工作簿"):
        li.dry_run(db, CLERK, SPEC, path)


def test_export_imported_into_an_empty_database_reproduces_the_register(
    db, other_db, admin, tmp_path
):
    fill(db, admin)
    first = tmp_path / "收文登记簿.xlsx"
    doc_export.export_incoming_xlsx(db, JIYAO, first)
    directory.save_unit(other_db, admin, name="同江市水务局", kind="department")
    directory.save_unit(other_db, admin, name="同江市应急管理局", kind="department")
    directory.save_person(other_db, admin, name="李明远")
    result = li.import_file(other_db, JIYAO, SPEC, first)
    assert result.count == 5
    second = tmp_path / "再导出.xlsx"
    doc_export.export_incoming_xlsx(other_db, JIYAO, second)
    assert sheet_rows(second) == sheet_rows(first)
    assert [r.title for r in doc_register.incoming_rows(other_db, CLERK)] == [
        r.title for r in doc_register.incoming_rows(db, CLERK)
    ]


IMPORT_DAY = date(2026, 3, 10)


def _dated(day: str, later: str) -> list[list]:
    """Rows received on `day`, one closed on `later`, one with a 批示 of `later`."""
    return [
        _row(1, 收文日期=day),
        _row(2, 收文日期="2026-3-2", 办结日期=later),
        _row(3, 收文日期="2026-3-2", 领导批示=f"李明远：同意。（{later}）"),
    ]


def test_rows_dated_after_the_import_day_are_refused_and_nothing_written(db, admin, tmp_path):
    _directory(db, admin)
    path = write_ledger(tmp_path / "收文.xlsx", HEADERS, _dated("2026-3-11", "2026-3-12"))
    spec = on_day(SPEC, IMPORT_DAY)
    assert li.dry_run(db, CLERK, spec, path).problem_lines() == [
        "第2行B列「收文日期」：收文日期 2026-03-11 晚于今天：导入只用于已经发生的历史记录，"
        "尚未收到的来文请收到后在「收文」中登记。",
        "第3行H列「办结日期」：办结日期 2026-03-12 晚于今天：导入只用于已经发生的历史记录，"
        "尚未办结的请不填办结日期，办结后在「收文」中登记。",
        "第4行G列「领导批示」：李明远的批示日期 2026-03-12 晚于今天："
        "导入只用于已经发生的历史记录。",
    ]
    with pytest.raises(ValidationError, match="有 3 处问题，未导入任何记录"):
        li.import_file(db, CLERK, spec, path)
    assert _count(db) == 0


def test_rows_dated_up_to_the_import_day_import_as_before(db, admin, tmp_path):
    _directory(db, admin)
    path = write_ledger(tmp_path / "收文.xlsx", HEADERS, _dated("2026-3-10", "2026-3-10"))
    assert li.import_file(db, CLERK, on_day(SPEC, IMPORT_DAY), path).count == 3
    docs = {d.number: d for d in incoming.list_documents(db, CLERK, "", True, "")}
    assert {n: (d.status, d.closed_on) for n, d in docs.items()} == {
        "收文〔2026〕1号": ("registered", None),
        "收文〔2026〕2号": ("closed", IMPORT_DAY),
        "收文〔2026〕3号": ("routed", None),
    }


def test_the_import_day_is_today_in_china(db, admin, tmp_path):
    _directory(db, admin)
    today = datetime.now(CHINA).date()
    tomorrow = today + timedelta(days=1)
    rows = [_row(1, 收文号=f"收文〔{tomorrow.year}〕1号", 收文日期=f"{tomorrow:%Y-%m-%d}")]
    path = write_ledger(tmp_path / "收文.xlsx", HEADERS, rows)
    assert li.dry_run(db, CLERK, SPEC, path).problem_lines() == [
        f"第2行B列「收文日期」：收文日期 {tomorrow:%Y-%m-%d} 晚于今天：导入只用于已经发生的历史"
        "记录，尚未收到的来文请收到后在「收文」中登记。"
    ]
    rows = [_row(1, 收文号=f"收文〔{today.year}〕1号", 收文日期=f"{today:%Y-%m-%d}")]
    path = write_ledger(tmp_path / "收文今天.xlsx", HEADERS, rows)
    assert li.import_file(db, CLERK, SPEC, path).count == 1


def _count(db) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(IncomingDocument)) or 0)
