"""`fuban import-template` and `fuban import` for the 用印, 外出报备, 督办 and 会议 registers: a
template per register, a dry run that prints the problems by row and column and writes nothing,
then the import."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook

from desktop_app.cli import main
from desktop_app.services import seals
from desktop_app.services.system.ledger_template import HELP_SHEET
from tests.integration.import_support import write_ledger
from tests.integration.seals_support import build_world
from tests.integration.test_cli_import import cli_env  # noqa: F401 - the `cli_env` fixture

TITLES = {
    "seals": "用印登记簿",
    "absences": "外出请示报备",
    "supervision": "督办台账",
    "meetings": "会议登记簿",
    "decisions": "会议决定事项",
}


@pytest.mark.parametrize("kind", sorted(TITLES))
def test_template_of_each_register(kind, cli_env, capsys, tmp_path):  # noqa: F811
    path = tmp_path / f"{kind}.xlsx"
    assert main(["import-template", kind, str(path)]) == 0
    assert f"已保存{TITLES[kind]}导入模板" in capsys.readouterr().out
    assert load_workbook(path).sheetnames == [TITLES[kind], HELP_SHEET]


def test_dry_run_then_import_of_the_seal_register(cli_env, capsys, db, admin, tmp_path):  # noqa: F811
    build_world(db, admin)
    headers = ["序号", "用印日期", "编号", "用印单位", "文件名称", "印章", "用印份数", "监印人"]
    row = [1, "2026-2-3", "用印[2026]1号", "农业农村局", "春耕资金报告", "同江市人民政府印", 2]
    bad = write_ledger(
        tmp_path / "bad.xlsx", headers, [row + ["赵监印"], [2, *row[1:5], "县政府印", 2, "赵监印"]]
    )
    assert main(["import", "seals", str(bad), "--dry-run"]) == 1
    out = capsys.readouterr().out
    assert "第2行  2026-1" in out
    assert "第3行F列「印章」：印章「县政府印」不在印章目录中" in out
    good = write_ledger(tmp_path / "good.xlsx", headers, [row + ["赵监印"]])
    assert main(["import", "seals", str(good)]) == 0
    assert "已导入用印登记簿 1 条" in capsys.readouterr().out
    rows = seals.register_rows(db, date(2026, 1, 1), date(2026, 12, 31))
    assert [(r.serial, r.number) for r in rows] == [(1, "用印〔2026〕1号")]
