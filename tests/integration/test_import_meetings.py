"""Import of the office's 会议登记簿 and 会议决定事项 on both engines: every problem by row and
column and nothing written, the term's count and the 纪要 numbers continuing after the imported
ones, the decisions naming the agenda items the meetings' sheet only counted, confidential
meetings only from 机要 (R44), and both exports imported into an empty database reproducing the
registers cell by cell."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from db.models import Meeting
from desktop_app.formatting import CHINA
from desktop_app.services.meetings import decisions
from desktop_app.services.meetings import export as meeting_export
from desktop_app.services.meetings import planning as meetings
from desktop_app.services.meetings.import_decisions import SPEC as DECISIONS
from desktop_app.services.meetings.import_meetings import SPEC as MEETINGS
from desktop_app.services.meetings.import_meetings import ordinal
from desktop_app.services.system import ledger_import as li
from desktop_app.services.system.common import CurrentUser, ValidationError
from desktop_app.services.system.ledger_template import write_template
from tests.demo_db import fill_demo
from tests.integration.import_support import (
    on_day,
    other_db_fixture,  # noqa: F401 - `other_db`
    sheet_rows,
    write_ledger,
)
from tests.integration.minutes_support import MEETING_DAY, TODAY, hold, issued, people, plan
from tests.integration.test_decisions import _add

JIYAO = CurrentUser("jiyao", "机要甲", "confidential")
HEADERS = ["会议名称", "类别", "日期", "主持人", "状态", "议题数", "涉密", "纪要状态", "纪要编号"]


def _row(n: int, **kw):
    row = {
        "会议名称": f"市政府第{n}次常务会议",
        "类别": "常务会议",
        "日期": f"2024-3-{n}",
        "主持人": "李明远",
        "状态": "已召开",
        "议题数": 3,
        "涉密": "否",
        "纪要状态": "已印发",
        "纪要编号": f"〔2024〕{n}号",
    } | kw
    return [row[h] for h in HEADERS]


def test_ordinal_reads_the_count_in_a_meeting_name():
    assert [
        ordinal(t) for t in ("市政府第二十五次常务会议", "第十次", "第一百零三次", "第7次")
    ] == [
        25,
        10,
        103,
        7,
    ]
    assert ordinal("全市安全生产工作会议") is None


def test_problems_by_row_and_column_and_nothing_written(db, clerk, tmp_path):
    fill_demo(db, clerk, TODAY)
    path = write_ledger(
        tmp_path / "会议.xlsx",
        HEADERS,
        [
            _row(1),
            _row(2, 类别="党组会议"),
            _row(3, 主持人="李明源"),
            _row(4, 纪要状态="起草"),
            _row(5, 纪要编号="〔2024〕1号"),  # the first row's number
            _row(1, 日期="2024-3-6", 纪要编号=""),  # the first row's count in the term
            _row(7, 涉密="是"),
            _row(8, 纪要编号="2024-8"),
        ],
    )
    lines = li.dry_run(db, clerk, MEETINGS, path).problem_lines()
    assert any(x.startswith("第3行B列「类别」：「党组会议」不是允许的会议类别") for x in lines)
    assert any(
        x.startswith("第4行D列「主持人」：人员「李明源」不在人员与分管名录中") for x in lines
    )
    assert "第5行I列「纪要编号」：纪要未印发，不应有纪要编号" in lines
    assert "第6行I列「纪要编号」：纪要编号与第2行重复" in lines
    assert "第7行A列「会议名称」：与第2行是同一次会议" in lines
    assert any(x.startswith("第8行G列「涉密」：当前账户无权导入涉密记录") for x in lines)
    assert "第9行I列「纪要编号」：「2024-8」应写作 〔2026〕5号 或 第5期" in lines
    assert len(lines) == 7, "\n".join(lines)
    with pytest.raises(ValidationError):
        li.import_file(db, clerk, MEETINGS, path)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Meeting)) == 0


def test_counts_continue_and_decisions_name_the_counted_items(db, clerk, tmp_path):
    fill_demo(db, clerk, TODAY)
    rows = [_row(n) for n in range(1, 6)]
    rows[4] = _row(5, 涉密="是", 会议名称="市政府第五次常务会议")
    assert li.import_file(db, JIYAO, MEETINGS, write_ledger(tmp_path / "会议.xlsx", HEADERS, rows))
    found = {m.number: m for m in meetings.list_meetings(db)}
    assert sorted(found) == [1, 2, 3, 4, 5] and found[5].confidential
    assert found[1].items == 3  # the 常务会议's 会前集体学法 and two counted items
    m = meetings.plan_meeting(
        db,
        clerk,
        kind="executive",
        presider_id=people(db)["李明远"],
        starts_at=datetime(2024, 4, 10, 9, tzinfo=CHINA),
    )
    assert m.number == 6 and m.title == "市政府第六次常务会议"
    path = write_ledger(
        tmp_path / "决定.xlsx",
        ["会议", "会议日期", "议题", "决定事项", "责任单位", "完成时限", "状态", "反馈日期"],
        [
            [
                "市政府第1次常务会议",
                "2024-3-1",
                "供热办法",
                "修改完善后印发",
                "财政局",
                "2024-4-1",
                "已完成",
                "2024-3-20",
            ],
            [
                "市政府第1次常务会议",
                "2024-3-1",
                "供热办法",
                "抓好宣传解读",
                "财政局",
                "2024-4-1",
                "未完成",
                "",
            ],
            [
                "市政府第1次常务会议",
                "2024-3-1",
                "春耕备耕",
                "确保农时",
                "财政局",
                "2024-4-1",
                "",
                "",
            ],
            ["市政府第五次常务会议", "2024-3-5", "口岸安保", "研究安保方案", "财政局", "", "", ""],
            ["市政府第九次常务会议", "2024-3-9", "", "不存在的会议", "财政局", "", "", ""],
        ],
    )
    lines = li.dry_run(db, JIYAO, DECISIONS, path).problem_lines()
    assert lines == [
        "第6行A列「会议」：会议登记簿中没有2024-03-09的「市政府第九次常务会议」：请先导入或登记该会议"
    ]
    assert any(
        x.startswith("第5行A列「会议」：涉密会议的决定事项只能由机要人员")
        for x in li.dry_run(db, clerk, DECISIONS, path).problem_lines()
    )
    ok = write_ledger(tmp_path / "决定2.xlsx", *_first_rows(path, 4))
    assert li.import_file(db, JIYAO, DECISIONS, ok).count == 4
    titles = [d.item_title for d in decisions.list_decisions(db, found[1].id)]
    assert titles == ["供热办法", "供热办法", "春耕备耕"]
    assert meetings.list_meetings(db)[-1].items == 3  # named, not added


IMPORT_DAY = date(2024, 3, 3)
HISTORY_ONLY = "晚于今天：导入只用于已经发生的历史记录。"
DECISION_HEADERS = ["会议", "会议日期", "议题", "决定事项", "责任单位", "完成时限", "反馈日期"]


def _meetings(held: str, planned: str, minutes_issued: str) -> tuple[list[str], list[list]]:
    """A meeting held on `held`, one 筹备中 on `planned`, one whose 纪要 is issued on
    `minutes_issued`."""
    return HEADERS + ["纪要印发日期"], [
        _row(1, 日期=held, 纪要状态="", 纪要编号="") + [""],
        _row(2, 日期=planned, 状态="筹备中", 纪要状态="", 纪要编号="") + [""],
        _row(3, 日期="2024-3-1") + [minutes_issued],
    ]


def test_meetings_after_the_import_day_are_refused_and_nothing_written(db, clerk, tmp_path):
    fill_demo(db, clerk, TODAY)
    path = write_ledger(tmp_path / "会议.xlsx", *_meetings("2024-3-4", "2024-3-5", "2024-3-4"))
    spec = on_day(MEETINGS, IMPORT_DAY)
    not_held = "导入只用于已经发生的历史记录，尚未召开的会议请在「会议」中登记。"
    assert li.dry_run(db, clerk, spec, path).problem_lines() == [
        f"第2行C列「日期」：会议日期 2024-03-04 晚于今天：{not_held}",
        f"第3行C列「日期」：会议日期 2024-03-05 晚于今天：{not_held}",
        f"第4行J列「纪要印发日期」：纪要印发日期 2024-03-04 {HISTORY_ONLY}",
    ]
    with pytest.raises(ValidationError, match="有 3 处问题，未导入任何记录"):
        li.import_file(db, clerk, spec, path)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Meeting)) == 0


def test_meetings_up_to_the_import_day_import_as_before(db, clerk, tmp_path):
    fill_demo(db, clerk, TODAY)
    path = write_ledger(tmp_path / "会议.xlsx", *_meetings("2024-3-2", "2024-3-3", "2024-3-3"))
    assert li.import_file(db, clerk, on_day(MEETINGS, IMPORT_DAY), path).count == 3
    found = {m.number: m for m in meetings.list_meetings(db)}
    assert [(n, found[n].status) for n in sorted(found)] == [
        (1, "held"),
        (2, "planned"),
        (3, "held"),
    ]


def test_decisions_of_a_later_meeting_or_reported_later_are_refused(db, clerk, tmp_path):
    fill_demo(db, clerk, TODAY)
    held = write_ledger(tmp_path / "会议.xlsx", *_meetings("2024-3-2", "2024-3-4", "2024-3-3"))
    assert li.import_file(db, clerk, on_day(MEETINGS, date(2024, 3, 4)), held).count == 3
    rows = [
        ["市政府第1次常务会议", "2024-3-2", "供热办法", "修改完善后印发", "财政局", "", "2024-3-4"],
        ["市政府第2次常务会议", "2024-3-4", "春耕备耕", "确保农时", "财政局", "2024-4-1", ""],
        ["市政府第3次常务会议", "2024-3-1", "口岸安保", "研究安保方案", "财政局", "2024-4-1", ""],
    ]
    path = write_ledger(tmp_path / "决定.xlsx", DECISION_HEADERS, rows)
    spec = on_day(DECISIONS, IMPORT_DAY)
    assert li.dry_run(db, clerk, spec, path).problem_lines() == [
        f"第2行G列「反馈日期」：反馈日期 2024-03-04 {HISTORY_ONLY}",
        "第3行B列「会议日期」：会议日期 2024-03-04 晚于今天：导入只用于已经召开的会议的决定事项，"
        "会议召开后请在「决定事项」中登记。",
    ]
    with pytest.raises(ValidationError, match="有 2 处问题，未导入任何记录"):
        li.import_file(db, clerk, spec, path)
    assert [len(decisions.list_decisions(db, m.id)) for m in meetings.list_meetings(db)] == [0] * 3
    rows[0][6] = "2024-3-3"
    ok = write_ledger(tmp_path / "决定2.xlsx", DECISION_HEADERS, rows[::2])
    assert li.import_file(db, clerk, spec, ok).count == 2


def _first_rows(path, n):
    from openpyxl import load_workbook

    ws = load_workbook(path).active
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    return rows[0], rows[1 : n + 1]


def test_the_sample_rows_of_the_templates_import(db, clerk, admin, tmp_path):
    from desktop_app.services.directory import commands as directory

    fill_demo(db, clerk, TODAY)
    path = write_template(MEETINGS, tmp_path / "会议导入模板.xlsx")
    preview = li.dry_run(db, clerk, MEETINGS, path)
    assert preview.ok, preview.problem_lines()
    li.import_file(db, clerk, MEETINGS, path)
    directory.save_unit(db, admin, name="同江市住房和城乡建设局", kind="department")
    preview = li.dry_run(db, clerk, DECISIONS, write_template(DECISIONS, tmp_path / "决定.xlsx"))
    assert preview.ok, preview.problem_lines()


def test_exports_imported_into_an_empty_database_reproduce_the_registers(
    db, clerk, admin, other_db, tmp_path
):
    first = plan(db, clerk)  # 常务会议, three items and the law study, everyone present
    issued(db, clerk, first)
    money = max(_items(db, first.id))
    _add(db, clerk, first, date(2024, 6, 30), quality="资金拨付到位", agenda_item_id=money)
    done = _add(db, clerk, first, date(2024, 5, 20), unit="农业农村局", content="抓好春耕")
    decisions.report_done(db, clerk, done.id, reported_on=date(2024, 5, 18), report="已完成播种")
    second = plan(db, clerk, day=MEETING_DAY + timedelta(days=7), demo_fill=False, held=False)
    hold(db, clerk, second.id, on_leave=("赵文华",))
    secret = plan(
        db,
        clerk,
        kind="mayor_office",
        day=MEETING_DAY + timedelta(days=8),
        demo_fill=False,
        held=False,
        confidential=True,
        items=[],
    )
    _add(db, clerk, secret, date(2024, 7, 1), content="研究边境口岸安保方案")
    paths = [tmp_path / n for n in ("会议.xlsx", "决定.xlsx", "会议2.xlsx", "决定2.xlsx")]
    assert meeting_export.export_meetings_xlsx(db, paths[0], user=JIYAO) == 3
    assert meeting_export.export_decisions_xlsx(db, paths[1], today=TODAY, user=JIYAO) == 3
    fill_demo(other_db, admin, TODAY)
    assert li.import_file(other_db, JIYAO, MEETINGS, paths[0]).count == 3
    assert li.import_file(other_db, JIYAO, DECISIONS, paths[1]).count == 3
    meeting_export.export_meetings_xlsx(other_db, paths[2], user=JIYAO)
    meeting_export.export_decisions_xlsx(other_db, paths[3], today=TODAY, user=JIYAO)
    assert sheet_rows(paths[2]) == sheet_rows(paths[0])
    assert sheet_rows(paths[3]) == sheet_rows(paths[1])


def _items(db, meeting_id):
    from db.models.meetings import AgendaItem

    with db.read() as s:
        return list(s.scalars(select(AgendaItem.id).where(AgendaItem.meeting_id == meeting_id)))
