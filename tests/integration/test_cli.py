"""The `fuban` command line, run in-process against a database chosen by FUBAN_DB_URL."""

from __future__ import annotations

import json
import zipfile

import pytest
from sqlalchemy import text

from desktop_app.cli import main


@pytest.fixture
def cli_env(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("FUBAN_DB_URL", db_url)
    monkeypatch.setenv("FUBAN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("FUBAN_CONFIG_DIR", str(tmp_path / "cfg"))
    return db_url


def test_demo_then_check_passes(cli_env, capsys):
    assert main(["demo"]) == 0
    assert "演示数据" in capsys.readouterr().out
    assert main(["check"]) == 0
    assert "检查通过" in capsys.readouterr().out
    # A second demo into a filled database is refused, with a message and exit code 2.
    assert main(["demo"]) == 2
    assert "空数据库" in capsys.readouterr().err


def test_check_fails_on_a_tampered_audit_log(cli_env, capsys, db):
    assert main(["demo"]) == 0
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_entry WHERE seq = 5"))
    assert main(["check"]) == 1
    assert "审计记录缺失" in capsys.readouterr().out


def test_rules_lists_every_enforced_rule_as_json(cli_env, capsys):
    assert main(["rules", "--json"]) == 0
    rules = json.loads(capsys.readouterr().out)
    ids = [r["rule_id"] for r in rules]
    assert {"R4", "R6.1", "R6.2", "R6.3", "R62.5", "CAL1", "CAL2"} <= set(ids)
    assert all(r["article"] and r["summary"] for r in rules)
    assert main(["rules"]) == 0
    assert "第六条" in capsys.readouterr().out


def test_rules_text_prints_each_rules_article_and_the_source(capsys):
    """`fuban rules --text` (and `fuban rules R45.1 …`) print the article's own words."""
    from desktop_app.rules import article_text

    assert main(["rules", "--text"]) == 0
    out = capsys.readouterr().out
    assert "    " + article_text("第四十五条") in out
    assert "「用印登记簿规则」不是《同江市人民政府工作规则》的条文" in out
    assert out.rstrip().endswith(
        "来源：《同江市人民政府工作规则》（同政发〔2018〕34号），同江市人民政府2018年9月4日印发。"
    )
    assert main(["rules", "R45.1", "LOG"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("R45.1") and "\nLOG" in out and "R62.3" not in out
    assert "重要用印须由市长签批。" in out
    assert main(["rules", "R45.1", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["article"] == "第四十五条" and row["article_text"] == article_text("第四十五条")
    assert main(["rules", "R999"]) == 2
    assert "没有这些规则：R999" in capsys.readouterr().err


_CLI_IDS = """
import json, subprocess, sys
out = subprocess.run([sys.executable, "-m", "desktop_app.cli", "rules", "--json"], check=True,
                     capture_output=True, text=True, encoding="utf-8").stdout
print(json.dumps([r["rule_id"] for r in json.loads(out)]))
"""

# The app with every pane and every service loaded, as a clerk's session has them; the list is
# what 设置 → 规则 shows (its own fetch function).
_APP_IDS = """
import importlib, json, pkgutil
from PySide6.QtWidgets import QApplication
app = QApplication([])
import desktop_app.services, ui
for package in (desktop_app.services, ui):
    for m in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(m.name)
from ui.panes.settings_rules import RulesWidget
widget = RulesWidget()
print(json.dumps([r.rule_id for r in widget.view.fetch(None)]))
"""


def _ids_from_fresh_interpreter(code: str) -> list[str]:
    import os
    import subprocess
    import sys

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_R23_7_2_fuban_rules_and_the_in_app_list_read_one_registry():
    """`fuban rules` (a fresh interpreter, the command itself) and 设置 → 规则 (a fresh interpreter
    with the whole app loaded) list exactly the same rules, in the same order. R23.7.2, declared
    only in a service module, was missing from the command (66 vs 67)."""
    on_command_line = _ids_from_fresh_interpreter(_CLI_IDS)
    in_the_app = _ids_from_fresh_interpreter(_APP_IDS)
    assert len(on_command_line) > 60
    assert on_command_line == in_the_app


def test_backup_and_restore(cli_env, capsys, tmp_path, db):
    assert main(["demo"]) == 0
    backup = tmp_path / "b.zip"
    assert main(["db", "backup", str(backup)]) == 0
    assert zipfile.is_zipfile(backup)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE person SET phone = 'changed'"))
    assert main(["db", "restore", str(backup), "--yes"]) == 0
    with db.engine.connect() as conn:
        assert (
            conn.execute(text("SELECT count(*) FROM person WHERE phone = 'changed'")).scalar() == 0
        )
    assert list((tmp_path / "data" / "backups").glob("恢复前自动备份-*.zip"))


def test_restore_refuses_a_foreign_file(cli_env, capsys, tmp_path):
    foreign = tmp_path / "x.zip"
    foreign.write_bytes(b"PK not really")
    assert main(["db", "restore", str(foreign), "--yes"]) == 2
    assert "不是府办台账的备份文件" in capsys.readouterr().err


def test_CAL1_calendar_import_and_show(cli_env, capsys, tmp_path):
    notice = tmp_path / "2027.txt"
    notice.write_text(
        "年份: 2027\n休: 2027-10-01 至 2027-10-07 国庆节\n班: 2027-10-09\n", encoding="utf-8"
    )
    assert main(["calendar", "show", "2027"]) == 0
    assert "暂按周末计算" in capsys.readouterr().out
    assert main(["calendar", "import", str(notice)]) == 0
    assert "已导入2027年" in capsys.readouterr().out
    assert main(["calendar", "show", "2027"]) == 0
    out = capsys.readouterr().out
    assert "已录入的放假通知" in out and "2027-10-01 国庆节" in out
    assert main(["calendar", "import", str(notice)]) == 2  # already entered: needs --replace
    assert main(["calendar", "import", str(notice), "--replace"]) == 0


def test_db_upgrade_reports_the_revision(cli_env, capsys):
    assert main(["db", "upgrade"]) == 0
    from db.migrate import HEAD

    assert HEAD in capsys.readouterr().out


def test_print_sample_writes_the_specimen_pdfs(tmp_path, capsys):
    """`fuban print sample` needs no database: a new PC's fonts and printer can be checked."""
    import pdfplumber

    out = tmp_path / "样张.pdf"
    assert main(["print", "sample", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    register = tmp_path / "样张-登记簿.pdf"
    assert "字体：" in printed and str(register) in printed
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) >= 3
        assert "同江市人民政府常务会议纪要" in pdf.pages[0].extract_text()
    with pdfplumber.open(register) as pdf:
        assert pdf.pages[0].width > pdf.pages[0].height  # landscape
        assert "用印登记簿" in pdf.pages[0].extract_text()


def test_maintenance_commands_need_an_administrators_sign_in(
    cli_env, capsys, tmp_path, db, monkeypatch
):
    """Whoever can open a terminal is not thereby an administrator: once the database has
    accounts, backup (and restore, repair, demo, calendar import) ask for an admin's sign-in."""
    from desktop_app.services.system import accounts
    from desktop_app.services.system.common import CurrentUser

    accounts.create_first_admin(db, "admin", "管理员", "first-pass-123")
    accounts.create_account(
        db, CurrentUser("admin", "管理员", "admin"), "wenmi", "文秘甲", "clerk-pass-123", "clerk"
    )
    backup = tmp_path / "b.zip"
    monkeypatch.setenv("FUBAN_ADMIN", "wenmi")
    monkeypatch.setenv("FUBAN_ADMIN_PASSWORD", "clerk-pass-123")
    assert main(["db", "backup", str(backup)]) == 2
    assert "须由管理员账户执行" in capsys.readouterr().err and not backup.exists()
    monkeypatch.setenv("FUBAN_ADMIN_PASSWORD", "wrong-password")
    assert main(["db", "backup", str(backup)]) == 2
    assert "用户名或密码错误" in capsys.readouterr().err
    monkeypatch.setenv("FUBAN_ADMIN", "admin")
    monkeypatch.setenv("FUBAN_ADMIN_PASSWORD", "first-pass-123")
    assert main(["db", "backup", str(backup)]) == 0
    assert "已签名" in capsys.readouterr().out
    assert main(["db", "restore", str(backup), "--yes"]) == 0
