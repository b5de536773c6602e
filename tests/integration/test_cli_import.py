"""`fuban import` and `fuban import-template`: the dry run prints every row and every problem
and writes nothing; the import writes all; a WPS .et file is asked to be saved as .xlsx."""

from __future__ import annotations

import pytest

from desktop_app.cli import main
from desktop_app.services.directory import commands as directory
from desktop_app.services.documents import incoming
from tests.integration.import_support import write_ledger
from tests.integration.test_doc_registers import CLERK

HEADERS = ["收文号", "收文日期", "来文机关", "标题"]


@pytest.fixture
def cli_env(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("FUBAN_DB_URL", db_url)
    monkeypatch.setenv("FUBAN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("FUBAN_CONFIG_DIR", str(tmp_path / "cfg"))
    return db_url


def test_dry_run_then_import_from_the_command_line(cli_env, capsys, db, admin, tmp_path):
    directory.save_person(db, admin, name="李明远")
    bad = write_ledger(
        tmp_path / "bad.xlsx",
        HEADERS,
        [
            ["收文〔2026〕1号", "2026-3-1", "省政府", "通知一"],
            ["收文〔2026〕2号", "3月2日", "省政府", "通知二"],
        ],
    )
    assert main(["import", "incoming", str(bad), "--dry-run"]) == 1
    out = capsys.readouterr().out
    assert "第2行  收文〔2026〕1号" in out
    assert "第3行B列「收文日期」：「3月2日」不是可识别的日期" in out
    assert main(["import", "incoming", str(bad)]) == 2
    assert "未导入任何记录" in capsys.readouterr().err
    assert incoming.list_documents(db, CLERK, "", True, "") == []
    good = write_ledger(
        tmp_path / "good.xlsx", HEADERS, [["收文[2026]1号", "2026/3/1", "省政府", "通知一"]]
    )
    assert main(["import", "incoming", str(good)]) == 0
    assert "已导入收文登记簿 1 条" in capsys.readouterr().out
    assert [d.number for d in incoming.list_documents(db, CLERK, "", True, "")] == [
        "收文〔2026〕1号"
    ]
    et = tmp_path / "收文.et"
    et.write_bytes(b"x")
    assert main(["import", "incoming", str(et)]) == 2
    assert "另存为" in capsys.readouterr().err
    assert main(["import-template", "outgoing", str(tmp_path / "t.xlsx")]) == 0
    assert (tmp_path / "t.xlsx").is_file()


def test_columns_mapped_by_hand_on_the_command_line(cli_env, capsys, db, tmp_path):
    sheet = write_ledger(
        tmp_path / "本单位.xlsx",
        ["登记编号", "收到日期", "收发单位", "文件题目"],
        [["收文〔2026〕1号", "2026-3-1", "省政府", "通知一"]],
    )
    # the suggestion takes 收发单位 for the 承办单位 and finds no 来文机关
    assert main(["import", "incoming", str(sheet), "--dry-run"]) == 1
    assert "表中没有「来文机关」列" in capsys.readouterr().out
    args = ["import", "incoming", str(sheet), "--map", "来文机关=收发单位", "--map", "承办单位="]
    assert main([*args, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "收发单位→来文机关" in out and "预检通过" in out
    assert main(["import", "incoming", str(sheet), "--map", "来文机关=收据"]) == 2
    assert "「来文机关」对应的表头「收据」不在表中" in capsys.readouterr().err
    mapping = tmp_path / "列对应.txt"
    mapping.write_text("# 本单位收文台账\n来文机关=收发单位\n承办单位=\n", encoding="utf-8")
    assert main(["import", "incoming", str(sheet), "--mapping", str(mapping)]) == 0
    assert "已导入收文登记簿 1 条" in capsys.readouterr().out
    (doc,) = incoming.list_documents(db, CLERK, "", True, "")
    assert (doc.sender, doc.lead_unit_id) == ("省政府", None)
    # remembered: the next sheet with these headers needs no --map
    nxt = write_ledger(
        tmp_path / "本单位2.xlsx",
        ["登记编号", "收到日期", "收发单位", "文件题目"],
        [["收文〔2026〕2号", "2026-3-2", "省政府", "通知二"]],
    )
    assert main(["import", "incoming", str(nxt), "--dry-run"]) == 0
