"""Import of the office's 督办台账 on both engines: every problem by row and column and nothing
written, classified items only from 机要 and hidden from others at once (R44), and an export
imported into an empty database reproducing the register cell by cell."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from db.models.supervision import SupervisionItem
from desktop_app.services.supervision import commands, export, queries
from desktop_app.services.supervision.dto import HIDDEN
from desktop_app.services.supervision.import_register import SPEC
from desktop_app.services.system import ledger_import as li
from desktop_app.services.system.common import CurrentUser, PermissionDenied, ValidationError
from desktop_app.services.system.ledger_template import write_template
from tests.demo_db import fill_demo
from tests.integration.import_support import (
    on_day,
    other_db_fixture,  # noqa: F401 - `other_db`
    sheet_rows,
    write_ledger,
)
from tests.integration.minutes_support import people, plan, units
from tests.integration.test_decisions import MEETING_DAY, _add
from tests.integration.test_supervision import TODAY, _from_decision

JIYAO = CurrentUser("jiyao", "机要甲", "confidential")
DUCHA = CurrentUser("ducha", "督查甲", "supervisor")
READER = CurrentUser("chayue", "查阅甲", "readonly")
HEADERS = ["来源", "督办事项", "责任单位", "交办日期", "完成时限", "书面反馈", "最近反馈"]
HEADERS += ["状态", "办结日期", "涉密"]


def _row(n: int, **kw):
    row = {
        "来源": "领导批示",
        "督办事项": f"第{n}项督办事项",
        "责任单位": "财政局",
        "交办日期": "2024-3-1",
        "完成时限": "2024-5-31",
        "书面反馈": 1,
        "最近反馈": "2024-5-20",
        "状态": "按时办结",
        "办结日期": "2024-5-28",
        "涉密": "否",
    } | kw
    return [row[h] for h in HEADERS]


def test_problems_by_row_and_column_and_nothing_written(db, clerk, tmp_path):
    fill_demo(db, clerk, TODAY)
    path = write_ledger(
        tmp_path / "督办.xlsx",
        HEADERS,
        [
            _row(1),
            _row(2, 责任单位="财务局"),
            _row(3, 状态="已办结", 办结日期=""),
            _row(4, 书面反馈=2, 最近反馈=""),
            _row(5, 完成时限="2024-2-1"),
            _row(6, 督办事项=HIDDEN),
            _row(7, 涉密="是"),
            _row(1),  # the same item as the first row
            _row(9, 来源="上级交办"),
        ],
    )
    preview = li.dry_run(db, clerk, SPEC, path)
    lines = preview.problem_lines()
    assert any(
        x.startswith("第3行C列「责任单位」：单位「财务局」不在人员与分管名录中") for x in lines
    )
    assert "第4行I列「办结日期」：状态为「已办结」，请填写办结日期" in lines
    assert "第5行G列「最近反馈」：书面反馈 2 次，请填写最近一次反馈的日期" in lines
    assert "第6行E列「完成时限」：完成时限 2024-02-01 早于交办日期 2024-03-01" in lines
    assert any(
        x.startswith("第7行B列「督办事项」：这是无权查看涉密事项的账户导出的表格") for x in lines
    )
    assert any(x.startswith("第8行J列「涉密」：当前账户无权导入涉密记录") for x in lines)
    assert "第9行B列「督办事项」：与第2行是同一督办事项（责任单位、交办日期相同）" in lines
    assert any(x.startswith("第10行A列「来源」：「上级交办」不是允许的来源") for x in lines)
    assert len(lines) == 8, "\n".join(lines)
    with pytest.raises(ValidationError):
        li.import_file(db, clerk, SPEC, path)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(SupervisionItem)) == 0


IMPORT_DAY = date(2024, 5, 25)
HISTORY_ONLY = "晚于今天：导入只用于已经发生的历史记录。"


def _dated(closed: str, assigned: str, reported: str) -> list[list]:
    """An item closed on `closed`, one assigned on `assigned`, one last reported on `reported`;
    the open ones due after the import day (a deadline may be in the future)."""
    open_item = {"状态": "办理中", "办结日期": "", "完成时限": "2024-6-30"}
    return [
        _row(1, 办结日期=closed),
        _row(2, 交办日期=assigned, 书面反馈=0, 最近反馈="", **open_item),
        _row(3, 最近反馈=reported, **open_item),
    ]


def test_items_dated_after_the_import_day_are_refused_and_nothing_written(db, clerk, tmp_path):
    fill_demo(db, clerk, TODAY)
    path = write_ledger(
        tmp_path / "督办.xlsx", HEADERS, _dated("2024-5-28", "2024-5-26", "2024-5-27")
    )
    spec = on_day(SPEC, IMPORT_DAY)
    assert li.dry_run(db, clerk, spec, path).problem_lines() == [
        f"第2行I列「办结日期」：办结日期 2024-05-28 {HISTORY_ONLY}",
        "第3行D列「交办日期」：交办日期 2024-05-26 晚于今天：导入只用于已经发生的历史记录，"
        "尚未交办的事项请在「督办」中登记。",
        f"第4行G列「最近反馈」：最近反馈 2024-05-27 {HISTORY_ONLY}",
    ]
    with pytest.raises(ValidationError, match="有 3 处问题，未导入任何记录"):
        li.import_file(db, clerk, spec, path)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(SupervisionItem)) == 0


def test_items_dated_up_to_the_import_day_import_as_before(db, clerk, tmp_path):
    fill_demo(db, clerk, TODAY)
    path = write_ledger(
        tmp_path / "督办.xlsx", HEADERS, _dated("2024-5-25", "2024-5-25", "2024-5-25")
    )
    assert li.import_file(db, clerk, on_day(SPEC, IMPORT_DAY), path).count == 3
    found = queries.list_items(db, IMPORT_DAY, user=clerk, include_voided=True)
    assert sorted((i.title, i.status_text, i.reports) for i in found) == [
        ("第1项督办事项", "按时办结", 1),
        ("第2项督办事项", "办理中", 0),
        ("第3项督办事项", "办理中", 1),
    ]


def test_a_supervision_account_imports_its_register_and_only_that_one(db, clerk, tmp_path):
    """督查 registers 督办 items itself (commands.require_supervision), so it may bring in the
    office's 督办台账 too; a read-only account may not, and the other registers stay the
    clerks' (文秘) own."""
    from desktop_app.services.seals.import_register import SPEC as SEALS

    fill_demo(db, clerk, TODAY)
    path = write_ledger(tmp_path / "督办.xlsx", HEADERS, [_row(1)])
    for refused in (
        lambda: li.dry_run(db, READER, SPEC, path),
        lambda: li.import_file(db, READER, SPEC, path),
        lambda: li.dry_run(db, DUCHA, SEALS, path),
    ):
        with pytest.raises(PermissionDenied, match="无权"):
            refused()
    assert li.dry_run(db, DUCHA, SPEC, path).ok
    assert li.import_file(db, DUCHA, SPEC, path).count == 1
    (item,) = queries.list_items(db, TODAY, user=DUCHA, include_voided=True)
    assert item.title == "第1项督办事项"


def test_classified_items_from_jiyao_are_hidden_from_others_at_once(db, clerk, tmp_path):
    fill_demo(db, clerk, TODAY)
    path = write_ledger(
        tmp_path / "督办.xlsx", HEADERS, [_row(1, 督办事项="研究边境口岸安保方案", 涉密="是")]
    )
    assert li.import_file(db, JIYAO, SPEC, path).count == 1
    (shown,) = queries.list_items(db, TODAY, user=clerk, include_voided=True)
    assert (shown.title, shown.status_text, shown.reports) == (HIDDEN, "按时办结", 1)
    assert queries.list_items(db, TODAY, user=clerk, search="口岸") == []
    (full,) = queries.list_items(db, TODAY, user=JIYAO, search="口岸")
    assert full.title == "研究边境口岸安保方案"


def test_the_sample_row_of_the_template_imports(db, clerk, admin, tmp_path):
    from desktop_app.services.directory import commands as directory

    directory.save_unit(db, admin, name="同江市住房和城乡建设局", kind="department")
    preview = li.dry_run(db, clerk, SPEC, write_template(SPEC, tmp_path / "督办导入模板.xlsx"))
    assert preview.ok, preview.problem_lines()
    assert [cells[1] for _r, cells in preview.rows] == ["抓紧完成城区供热管网改造"]


def test_export_imported_into_an_empty_database_reproduces_the_register(
    db, clerk, admin, other_db, tmp_path
):
    _d, item = _from_decision(db, clerk)  # open, overdue on TODAY
    who, where = people(db), units(db)
    done = commands.create_item(
        db,
        clerk,
        kind="instruction",
        title="抓紧完成城区供热管网改造",
        unit_id=where["住建局"] if "住建局" in where else where["财政局"],
        responsible_person="李工",
        assisting_units="发改局、城管局",
        deadline=date(2024, 5, 10),
        assigned_on=date(2024, 4, 1),
        quality="按期供热",
        instruction_by_id=who["李明远"],
        instruction_on=date(2024, 3, 30),
    )
    for day in (date(2024, 4, 20), date(2024, 5, 6)):
        commands.record_report(db, clerk, done.id, received_on=day, text="进展", today=day)
    commands.close_item(
        db, clerk, done.id, done=True, closed_on=date(2024, 5, 8), evidence="竣工验收单"
    )
    stuck = commands.create_item(
        db,
        clerk,
        kind="instruction",
        title="协调解决口岸物流园用地",
        unit_id=where["财政局"],
        responsible_person="王强",
        deadline=date(2024, 7, 1),
        assigned_on=date(2024, 4, 2),
        instruction_by_id=who["李明远"],
        instruction_on=date(2024, 4, 1),
    )
    commands.escalate(
        db, clerk, stuck.id, to_person_id=who["张海峰"], on=date(2024, 5, 2), reason="需多部门协调"
    )
    wrong = commands.create_item(
        db,
        clerk,
        kind="instruction",
        title="重复登记的事项",
        unit_id=where["财政局"],
        responsible_person="王强",
        deadline=date(2024, 8, 1),
        assigned_on=date(2024, 4, 3),
        instruction_by_id=who["李明远"],
        instruction_on=date(2024, 4, 1),
    )
    commands.void_item(db, clerk, wrong.id, "与第1项重复", wrong.version)
    m = plan(db, clerk, day=MEETING_DAY, confidential=True, demo_fill=False)
    secret = _add(db, clerk, m, date(2024, 6, 20), content="研究边境口岸安保方案")
    commands.item_from_decision(db, clerk, secret.id, responsible_person="王强")
    first = tmp_path / "督办台账.xlsx"
    assert export.export_items(db, first, TODAY, user=JIYAO) == 5
    assert item.title in [r[2] for r in sheet_rows(first)]
    fill_demo(other_db, admin, TODAY)
    assert li.import_file(other_db, JIYAO, SPEC, first).count == 5
    second = tmp_path / "再导出.xlsx"
    export.export_items(other_db, second, TODAY, user=JIYAO)
    assert sheet_rows(second) == sheet_rows(first)
