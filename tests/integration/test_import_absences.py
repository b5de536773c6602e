"""Import of the office's 外出请示报备 register on both engines: every problem by row and column and
nothing written, the procedure from the directory on the departure day with the paper approvals
as recorded steps (not checked against today's rules), and an export imported into an empty
database reproducing the register cell by cell."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from db.models.absences import Absence
from desktop_app.services.absences import commands as absences
from desktop_app.services.absences import export as absence_export
from desktop_app.services.absences import queries as absences_queries
from desktop_app.services.absences import returns as absences_return
from desktop_app.services.absences.import_register import SPEC
from desktop_app.services.system import ledger_import as li
from desktop_app.services.system.common import ValidationError
from desktop_app.services.system.ledger_template import write_template
from tests.demo_db import fill_demo
from tests.integration.import_support import (
    on_day,
    other_db_fixture,  # noqa: F401 - `other_db`
    sheet_rows,
    write_ledger,
)
from tests.integration.test_absences import TRIP, approve_all, file, gov, sign  # noqa: F401
from tests.integration.test_meeting_plan import CLERK, T

HEADERS = ["姓名", "外出类别", "事由", "目的地", "出发日期", "返回日期", "报备日期"]
HEADERS += ["状态", "已登记审批", "实际返回日期", "销假日期"]


def _row(**kw):
    row = {
        "姓名": "邓磊",
        "外出类别": "出差",
        "事由": "赴省汇报工作",
        "目的地": "哈尔滨",
        "出发日期": "2026-3-16",
        "返回日期": "2026年3月18日",
        "报备日期": "2026-3-2",
        "状态": "已销假",
        "已登记审批": "分管副市长同意：孙立新 2026-3-3\n市长批准：李明远 2026-3-4",
        "实际返回日期": "2026-3-18",
        "销假日期": "2026-3-19",
    } | kw
    return [row[h] for h in HEADERS]


def later(start: str, **kw) -> dict:
    """A trip departing on `start`, back the same evening, no return recorded yet."""
    return {"出发日期": start, "返回日期": start, "实际返回日期": "", "销假日期": ""} | kw


def test_problems_by_row_and_column_and_nothing_written(db, gov, tmp_path):  # noqa: F811
    path = write_ledger(
        tmp_path / "外出.xlsx",
        HEADERS,
        [
            _row(),
            _row(姓名="邓雷"),
            _row(**later("2026-4-10", 返回日期="2026-4-8")),
            _row(**later("2026-4-20", 已登记审批="市委主要负责同志批准：王建国 2026-4-1")),
            _row(),  # the same trip as the first row
            _row(**later("2026-5-4", 销假日期="2026-5-6")),
            _row(**later("2026-6-1", 外出类别="旅游")),
        ],
    )
    preview = li.dry_run(db, CLERK, SPEC, path)
    lines = preview.problem_lines()
    assert any(
        x.startswith("第3行A列「姓名」：人员「邓雷」不在人员与分管名录中，最接近的是：邓磊")
        for x in lines
    )
    assert "第4行F列「返回日期」：返回时间 2026-04-08晚上 早于出发时间" in lines
    assert any(
        x.startswith(
            "第5行I列「已登记审批」：「市委主要负责同志批准」不属于「乡镇、部门主要负责同志外出」"
        )
        for x in lines
    )
    assert "第6行E列「出发日期」：与第2行是同一人同一时间出发的外出" in lines
    assert "第7行K列「销假日期」：已填销假日期，却没有实际返回日期" in lines
    assert any(x.startswith("第8行B列「外出类别」：「旅游」不是允许的外出类别") for x in lines)
    assert len(lines) == 6, "\n".join(lines)
    with pytest.raises(ValidationError):
        li.import_file(db, CLERK, SPEC, path)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Absence)) == 0


def test_history_imports_without_todays_rules(db, gov, tmp_path):  # noqa: F811
    # filed the day before departure without an emergency reason: R62.1 would refuse it today
    path = write_ledger(
        tmp_path / "外出.xlsx",
        HEADERS,
        [
            _row(报备日期="2026-3-15"),
            _row(
                出发日期="2026-4-1",
                状态="待审批",
                已登记审批="",
                实际返回日期="",
                销假日期="",
                返回日期="2026-4-2",
            ),
        ],
    )
    assert li.import_file(db, CLERK, SPEC, path).count == 2
    found = absences_queries.list_absences(db, None, None, None, None, True, today=T)
    back, pending = sorted(found, key=lambda d: d.start_date)
    assert (back.post_title, back.procedure, back.status, back.late) == (
        "乐业镇镇长",
        "head",
        "reported",
        True,
    )
    assert [a.signer_name for a in back.approvals] == ["孙立新", "李明远"]
    assert back.missing == ("抄报市委",)
    assert (pending.status, pending.missing) == (
        "pending",
        ("分管副市长同意", "市长批准", "抄报市委"),
    )


IMPORT_DAY = date(2026, 3, 10)
NOT_DEPARTED = (
    "尚未出发的外出请在「外出报备」中登记并登记审批（第六十二条），不能作为历史记录导入为已批准。"
)
HISTORY_ONLY = "晚于今天：导入只用于已经发生的历史记录。"


def _dated(first: str, then: str) -> list[list]:
    """A trip approved on paper departing `first`, one with no 状态 (imported as approved)
    departing `then`, a trip of 2026-03-05 whose last approval, return and 销假 are `then`, and
    a request still 待审批 filed `then`."""
    return [
        _row(**later_trip(first, 状态="已批准")),
        _row(**later_trip(then, 状态="")),
        _row(
            出发日期="2026-3-5",
            返回日期="2026-3-5",
            报备日期="2026-3-1",
            已登记审批=f"分管副市长同意：孙立新 2026-3-2\n市长批准：李明远 {then}",
            实际返回日期=then,
            销假日期=then,
        ),
        _row(**later_trip("2026-3-25", 状态="待审批", 已登记审批="", 报备日期=then)),
    ]


def later_trip(start: str, **kw) -> dict:
    return later(start, **({"报备日期": "2026-3-2"} | kw))


def test_rows_departed_or_dated_after_the_import_day_are_refused_and_nothing_written(
    db,
    gov,  # noqa: F811
    tmp_path,
):
    path = write_ledger(tmp_path / "外出.xlsx", HEADERS, _dated("2026-3-11", "2026-3-12"))
    spec = on_day(SPEC, IMPORT_DAY)
    assert li.dry_run(db, CLERK, spec, path).problem_lines() == [
        f"第2行E列「出发日期」：出发日期 2026-03-11 晚于今天：{NOT_DEPARTED}",
        f"第3行E列「出发日期」：出发日期 2026-03-12 晚于今天：{NOT_DEPARTED}",
        f"第4行I列「已登记审批」：李明远的审批日期 2026-03-12 {HISTORY_ONLY}",
        f"第4行J列「实际返回日期」：实际返回日期 2026-03-12 {HISTORY_ONLY}",
        f"第4行K列「销假日期」：销假日期 2026-03-12 {HISTORY_ONLY}",
        f"第5行G列「报备日期」：报备日期 2026-03-12 {HISTORY_ONLY}",
    ]
    with pytest.raises(ValidationError, match="有 6 处问题，未导入任何记录"):
        li.import_file(db, CLERK, spec, path)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Absence)) == 0


def test_rows_dated_up_to_the_import_day_import_as_before(db, gov, tmp_path):  # noqa: F811
    path = write_ledger(tmp_path / "外出.xlsx", HEADERS, _dated("2026-3-10", "2026-3-9"))
    assert li.import_file(db, CLERK, on_day(SPEC, IMPORT_DAY), path).count == 4
    found = absences_queries.list_absences(db, None, None, None, None, True, today=IMPORT_DAY)
    assert sorted((d.start_date, d.status, d.returned_on) for d in found) == [
        (date(2026, 3, 5), "reported", date(2026, 3, 9)),
        (date(2026, 3, 9), "approved", None),
        (IMPORT_DAY, "approved", None),
        (date(2026, 3, 25), "pending", None),
    ]


def test_a_future_departure_imports_as_pending_or_voided(db, gov, tmp_path):  # noqa: F811
    rows = [
        _row(
            **later_trip("2026-3-20", 状态="待审批", 已登记审批="分管副市长同意：孙立新 2026-3-9")
        ),
        _row(**later_trip("2026-3-23", 状态="已作废", 已登记审批="")),
    ]
    path = write_ledger(tmp_path / "外出.xlsx", HEADERS, rows)
    spec = on_day(SPEC, IMPORT_DAY)
    assert li.dry_run(db, CLERK, spec, path).ok
    assert li.import_file(db, CLERK, spec, path).count == 2
    found = absences_queries.list_absences(db, None, None, None, None, True, today=IMPORT_DAY)
    pending, voided = sorted(found, key=lambda d: d.start_date)
    assert (pending.status, pending.missing) == ("pending", ("市长批准", "抄报市委"))
    assert voided.status == "voided"


def test_the_sample_row_of_the_template_imports(db, gov, tmp_path):  # noqa: F811
    preview = li.dry_run(db, CLERK, SPEC, write_template(SPEC, tmp_path / "外出导入模板.xlsx"))
    assert preview.ok, preview.problem_lines()
    assert [cells[0] for _r, cells in preview.rows] == ["孙立新"]


def test_export_imported_into_an_empty_database_reproduces_the_register(
    db,
    gov,  # noqa: F811
    other_db,
    admin,
    tmp_path,
):
    d = approve_all(db, file(db, gov, "邓磊", for_meeting=True))
    absences_return.record_return(db, CLERK, d.id, d.end_date, "晚上", today=d.end_date)
    vm = file(db, gov, "孙立新", start=TRIP + timedelta(days=7), days=2, category="考察")
    vm = approve_all(db, vm)
    back = absences_return.record_return(db, CLERK, vm.id, vm.end_date, "下午", today=vm.end_date)
    back = absences_return.record_report_back(
        db, CLERK, back.id, back.end_date + timedelta(days=1), expected_version=back.version
    )
    absences_return.record_written_report(
        db, CLERK, back.id, back.end_date + timedelta(days=3), expected_version=back.version
    )
    file(db, gov, "曹阳", start=TRIP + timedelta(days=20), days=2)
    voided = file(db, gov, "韩冬", start=TRIP + timedelta(days=30), days=1)
    absences.void_request(db, CLERK, voided.id, "行程取消", voided.version)
    late = file(
        db,
        gov,
        "邓磊",
        start=TRIP + timedelta(days=40),
        filed=TRIP + timedelta(days=39),
        emergency_reason="防汛紧急会议",
        transport="自驾",
    )
    sign(db, late.id, "vm_agree", late.filed_on)
    today = TRIP + timedelta(days=50)
    first = tmp_path / "外出请示报备.xlsx"
    assert absence_export.export_absences_xlsx(db, first, today=today) == 5
    fill_demo(other_db, admin, T)
    assert li.import_file(other_db, CLERK, SPEC, first).count == 5
    second = tmp_path / "再导出.xlsx"
    absence_export.export_absences_xlsx(other_db, second, today=today)
    assert sheet_rows(second) == sheet_rows(first)
