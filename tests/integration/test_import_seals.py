"""Import of the office's 用印登记簿 on both engines: every problem by row and column and nothing
written, an application's several entries, both numberings continuing after the imported ones,
the template's sample row importing as it stands, and an export imported into an empty database
reproducing the register cell by cell."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from db.models.seals import SealApplication, SealUse
from desktop_app.services import seals
from desktop_app.services.seals import export as seal_export
from desktop_app.services.seals.import_register import SPEC
from desktop_app.services.system import ledger_import as li
from desktop_app.services.system import maintenance
from desktop_app.services.system.common import ValidationError
from desktop_app.services.system.ledger_template import write_template
from tests.integration.import_support import (
    on_day,
    other_db_fixture,  # noqa: F401 - `other_db`
    sheet_rows,
    write_ledger,
)
from tests.integration.seals_support import CLERK, T, at, build_world

HEADERS = ["序号", "用印日期", "时间", "编号", "用印单位", "文件名称", "印章", "用印份数"]
HEADERS += ["批准人", "监印人", "状态", "作废原因"]


@pytest.fixture
def w(db, admin):
    return build_world(db, admin)


def _row(n: int, **kw):
    row = {
        "序号": n,
        "用印日期": f"2026-2-{n % 27 + 1}",
        "时间": "9:30",
        "编号": f"用印〔2026〕{n}号",
        "用印单位": "农业农村局",
        "文件名称": f"第{n}份材料",
        "印章": "同江市人民政府印",
        "用印份数": 2,
        "批准人": "孙副市长（副市长）",
        "监印人": "赵监印",
        "状态": "有效",
        "作废原因": "",
    } | kw
    return [row[h] for h in HEADERS]


def test_problems_by_row_and_column_and_nothing_written(w, tmp_path):
    app = w.approve(w.apply().id, "vice_mayor", w.vm)
    w.use(app.id)  # 用印〔2026〕1号, entry 2026-1
    path = write_ledger(
        tmp_path / "用印.xlsx",
        HEADERS,
        [
            _row(1, 编号="用印〔2026〕2号"),  # entry 1 already in the register
            _row(3, 编号="用印〔2026〕1号"),  # application already in fuban
            _row(4, 印章="市政府印"),
            _row(5, 批准人="孙付市长（副市长）"),
            _row(6, 时间="25:00"),
            _row(7, 状态="", 作废原因="重复登记"),
            _row(8),
            _row(9, 序号=8),  # the same 序号 as the row above
            _row(10, 编号="用印〔2026〕8号", 文件名称="另一份材料"),  # same application
        ],
        title="2026年用印登记簿",
    )
    preview = li.dry_run(w.db, CLERK, SPEC, path)
    lines = preview.problem_lines()
    assert "第3行A列「序号」：2026年第1号已在用印登记簿中，不能重复登记" in lines
    assert "第4行D列「编号」：用印〔2026〕1号 已在系统中，不能重复登记" in lines
    assert any(
        x.startswith("第5行G列「印章」：印章「市政府印」不在印章目录中，最接近的是：")
        for x in lines
    )
    assert any(
        x.startswith("第6行I列「批准人」：人员「孙付市长」不在人员与分管名录中") for x in lines
    )
    assert "第7行C列「时间」：「25:00」不是可识别的时间（应如 10:30）" in lines
    assert "第8行L列「作废原因」：状态不是「作废」却填写了作废原因" in lines
    assert "第10行A列「序号」：编号 2026年第8号 与第9行重复" in lines
    assert any(
        x.startswith("第11行D列「编号」：编号 用印〔2026〕8号 与第9行是同一审批单") for x in lines
    )
    assert len(lines) == 8, lines
    with pytest.raises(ValidationError):
        li.import_file(w.db, CLERK, SPEC, path)
    with w.db.read() as s:
        assert s.scalar(select(func.count()).select_from(SealUse)) == 1


def test_entries_of_one_application_and_both_numberings_continue(w, tmp_path):
    rows = [_row(n) for n in range(1, 6)]
    same = {"编号": "用印〔2026〕1号", "文件名称": "第1份材料"}
    rows[1] = _row(2, **same, 状态="作废", 作废原因="份数登记错误")
    rows[2] = _row(3, **same)  # made again after the voided entry
    path = write_ledger(tmp_path / "用印.xlsx", HEADERS, rows)
    result = li.import_file(w.db, CLERK, SPEC, path)
    assert result.count == 5
    with w.db.read() as s:
        assert s.scalar(select(func.count()).select_from(SealApplication)) == 3
    register = seals.register_rows(w.db, date(2026, 1, 1), date(2026, 12, 31), user=CLERK)
    assert [(r.serial, r.number, r.voided) for r in register][:3] == [
        (1, "用印〔2026〕1号", False),
        (2, "用印〔2026〕1号", True),
        (3, "用印〔2026〕1号", False),
    ]
    assert register[0].approvers == "孙副市长（副市长）"
    app = w.approve(w.apply().id, "vice_mayor", w.vm)
    assert app.number == "用印〔2026〕6号"
    use = w.use(app.id)
    assert (use.year, use.seq) == (2026, 6)
    with pytest.raises(ValidationError, match="不能重复导入"):
        li.import_file(w.db, CLERK, SPEC, path)
    assert maintenance.check(w.db).ok, maintenance.check(w.db).problems


IMPORT_DAY = date(2026, 2, 10)


def test_a_use_after_the_import_day_is_refused_and_nothing_written(w, tmp_path):
    rows = [_row(1, 用印日期="2026-2-11"), _row(2, 用印日期="2026-2-10")]
    path = write_ledger(tmp_path / "用印.xlsx", HEADERS, rows)
    spec = on_day(SPEC, IMPORT_DAY)
    assert li.dry_run(w.db, CLERK, spec, path).problem_lines() == [
        "第2行B列「用印日期」：用印日期 2026-02-11 晚于今天：导入只用于已经发生的历史记录，"
        "尚未用印的请在「用印」中登记用印申请，经审批后用印（第四十五条至第四十八条）。"
    ]
    with pytest.raises(ValidationError, match="有 1 处问题，未导入任何记录"):
        li.import_file(w.db, CLERK, spec, path)
    with w.db.read() as s:
        assert s.scalar(select(func.count()).select_from(SealUse)) == 0
        assert s.scalar(select(func.count()).select_from(SealApplication)) == 0


def test_uses_up_to_the_import_day_import_as_before(w, tmp_path):
    rows = [_row(1, 用印日期="2026-2-9"), _row(2, 用印日期="2026-2-10")]
    path = write_ledger(tmp_path / "用印.xlsx", HEADERS, rows)
    assert li.import_file(w.db, CLERK, on_day(SPEC, IMPORT_DAY), path).count == 2
    register = seals.register_rows(w.db, date(2026, 1, 1), date(2026, 12, 31), user=CLERK)
    assert [(r.serial, r.number) for r in register] == [
        (1, "用印〔2026〕1号"),
        (2, "用印〔2026〕2号"),
    ]


def test_the_sample_row_of_the_template_imports(w, admin, tmp_path):
    from desktop_app.services.directory import commands as directory

    directory.save_unit(w.db, admin, name="同江市农业农村局", kind="department")
    path = write_template(SPEC, tmp_path / "用印导入模板.xlsx")
    preview = li.dry_run(w.db, CLERK, SPEC, path)
    assert preview.ok, preview.problem_lines()
    assert [cells[2] for _r, cells in preview.rows] == ["用印〔2026〕1号"]


def test_export_imported_into_an_empty_database_reproduces_the_register(
    w, other_db, admin, tmp_path
):
    first_app = w.approve(w.apply(title="春耕资金说明", copies=4).id, "vice_mayor", w.vm)
    wrong = w.use(first_app.id, copies_stamped=4)
    seals.void_use(w.db, CLERK, wrong.id, "份数登记错误", wrong.version)
    w.use(first_app.id, copies_stamped=3, copies_spoiled=1, used_at=at(hour=15), note="加盖骑缝章")
    second = w.apply(title="防汛物资采购合同", copies=2, seal_id=w.office_seal, purpose="签约")
    second = w.approve(second.id, "office_director", w.director)
    w.use(second.id, copies_stamped=2, used_at=at(T.replace(day=3)))
    first = tmp_path / "用印登记簿.xlsx"
    assert seal_export.export_register_xlsx(w.db, first, date(2026, 1, 1), T.replace(day=31)) == 3
    build_world(other_db, admin)
    assert li.import_file(other_db, CLERK, SPEC, first).count == 3
    second_export = tmp_path / "再导出.xlsx"
    seal_export.export_register_xlsx(other_db, second_export, date(2026, 1, 1), T.replace(day=31))
    assert sheet_rows(second_export) == sheet_rows(first)
