"""The technician's self-test (`fuban-cli --self-test`, desktop_app.selftest) and the console
tool's behaviour without a console to ask: no traceback, a Chinese line saying what to do."""

from __future__ import annotations

import io
import logging
import sys
from pathlib import Path

import pytest

from desktop_app import selftest
from desktop_app.cli import main
from desktop_app.selftest import machine, specimens

FORMS = [
    "会议纪要",
    "会议通知",
    "会议议程",
    "用印审批单",
    "外出请示报备表",
    "督办通知单",
    "收文处理笺",
    "登记簿样张",
    "收文登记簿",
    "发文登记簿",
    "用印登记簿",
    "外出报备一览表",
    "督查通报",
    "建议提案办理汇总",
]


def test_self_test_passes_draws_every_form_and_logs_the_report(capsys, caplog, tmp_path):
    caplog.set_level(logging.INFO, logger="fuban.selftest")
    assert main(["--self-test"]) == 0
    out = capsys.readouterr().out
    for name in FORMS:
        assert (
            f"        {name}：" in out and "页" in out.split(f"        {name}：")[1].split("\n")[0]
        )
    assert "[通过] 临时数据库：已建立并升级到最新结构" in out
    assert "[通过] 演示数据：已写入" in out
    assert "[通过] 工作台：各台账的待办汇总正常" in out
    assert "[通过] Excel：导出并读回正常" in out
    assert "[通过] _rl_accel：已加载" in out  # rl_accel is a runtime dependency
    assert "[通过] 共享数据库：未使用" in out
    assert "小标宋：" in out and "文件 " in out  # which file prints each role
    assert out.rstrip().splitlines()[-1].startswith("结论：自检通过")
    logged = [r.getMessage() for r in caplog.records if r.name == "fuban.selftest"]
    assert any("结论：自检通过" in m for m in logged)
    # Nothing of the clerk's: no database file and no audit key in the data folder.
    from desktop_app import config

    assert not config.data_dir().joinpath("fuban.db").exists()
    assert not config.audit_key_path().exists()


def test_a_form_that_cannot_be_drawn_fails_the_self_test_by_name(monkeypatch, capsys):
    def broken():
        raise ValueError("handle_pageBegin args=()\n字体文件损坏")  # ReportLab's two lines

    real = specimens.forms
    monkeypatch.setattr(specimens, "forms", lambda db: [*real(db)[:1], ("用印审批单", broken)])
    report = selftest.run(printers=lambda: ["办公室打印机"])
    assert not report.ok
    assert [c.name for c in report.failures] == ["打印表单"]
    text = report.text()
    assert "用印审批单：未能生成（ValueError：handle_pageBegin args=() 字体文件损坏）" in text
    assert "会议纪要：" in text
    assert "结论：有 1 项未通过：打印表单" in text
    assert report.check("打印机").details == ("办公室打印机",)
    monkeypatch.setattr(selftest, "run", lambda **kw: report)
    assert main(["--self-test"]) == 1
    assert "未通过" in capsys.readouterr().out


def test_a_missing_program_module_fails_the_dashboard_check(monkeypatch):
    """A program folder without one of the modules the window loads by name (an area's 工作台
    provider) fails the self-test, as the window would fail after sign-in."""
    from desktop_app.services import areas

    monkeypatch.setattr(
        areas, "DASHBOARD_MODULES", (*areas.DASHBOARD_MODULES, "desktop_app.services.gone")
    )
    monkeypatch.setattr(specimens, "forms", lambda db: [])
    report = selftest.run(printers=lambda: [])
    check = report.check("工作台")
    assert check is not None and check.status == selftest.FAIL
    assert "desktop_app.services.gone" in check.summary
    assert [c.name for c in report.failures] == ["工作台"]


def test_no_printer_is_a_warning_not_a_failure():
    check = machine.printer_check(lambda: [])
    assert check.ok and check.status == selftest.WARN and "未找到打印机" in check.summary


def test_shared_database_is_checked_when_configured(db_url, monkeypatch, db):
    monkeypatch.setenv("FUBAN_DB_URL", db_url)
    check = machine.shared_database()
    if db_url.startswith("sqlite"):
        assert check.summary == "未使用（本机数据库文件）"
    else:
        assert check.ok and "可以连接" in check.summary and "数据库结构为最新" in check.summary


@pytest.mark.postgres
def test_a_shared_server_that_does_not_answer_fails_in_chinese(monkeypatch):
    monkeypatch.setenv("FUBAN_DB_URL", "postgresql+psycopg://postgres@127.0.0.1:9/fuban")
    check = selftest._timed("共享数据库", machine.shared_database)
    assert check.status == selftest.FAIL
    assert "127.0.0.1" in check.summary and "Error" not in check.summary


def _backup(tmp_path: Path, capsys) -> Path:
    assert main(["demo"]) == 0
    backup = tmp_path / "b.zip"
    assert main(["db", "backup", str(backup)]) == 0
    capsys.readouterr()
    return backup


@pytest.mark.parametrize("stdin", [None, ""], ids=["no-stdin", "empty-stdin"])
def test_restore_without_yes_and_nothing_to_ask_refuses_and_changes_nothing(
    db_url, db, tmp_path, monkeypatch, capsys, stdin
):
    monkeypatch.setenv("FUBAN_DB_URL", db_url)
    backup = _backup(tmp_path, capsys)
    monkeypatch.setattr(sys, "stdin", None if stdin is None else io.StringIO(stdin))
    assert main(["db", "restore", str(backup)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and "--yes" in err and "Traceback" not in err
    assert not list((tmp_path / "data" / "backups").glob("恢复前自动备份-*.zip"))


def test_admin_sign_in_without_a_console_says_how(db_url, db, tmp_path, monkeypatch, capsys):
    from desktop_app.services.system import accounts

    monkeypatch.setenv("FUBAN_DB_URL", db_url)
    accounts.create_first_admin(db, "admin", "管理员", "first-pass-123")
    monkeypatch.setattr(sys, "stdin", None)
    assert main(["db", "backup", str(tmp_path / "b.zip")]) == 2
    assert "FUBAN_ADMIN" in capsys.readouterr().err


def test_the_console_tool_without_a_command_prints_its_help(monkeypatch, capsys):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(Path("C:/fuban/fuban-cli.exe")))
    assert main([]) == 0
    assert "fuban-cli --self-test" in capsys.readouterr().out


def test_the_self_test_draws_every_form_printing_can_build(tmp_path):
    """Every `build_…_pdf` of desktop_app/printing runs in the self-test's forms (directly or
    through its service): a new printed form must be added to selftest.specimens."""
    import ast

    printing = Path(specimens.__file__).resolve().parents[1] / "printing"
    defined = {
        node.name
        for path in printing.glob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef)
        and node.name.startswith("build_")
        and node.name.endswith("_pdf")
    }
    called: set[str] = set()

    def profile(frame, event, arg):
        code = frame.f_code
        if event == "call" and code.co_name in defined and "printing" in code.co_filename:
            called.add(code.co_name)

    database, _ = specimens.fresh_database(tmp_path)
    try:
        specimens.fill_demo(database)
        sys.setprofile(profile)
        try:
            drawn, failed = specimens.render_all(database, tmp_path)
        finally:
            sys.setprofile(None)
    finally:
        database.dispose()
    assert failed == []
    assert len(defined) >= 14
    assert sorted(defined - called) == []


def test_output_to_a_code_page_without_chinese_is_written_in_utf8(monkeypatch):
    """`fuban-cli --self-test > report.txt` on an English Windows (cp1252) prints, in UTF-8."""
    raw = io.BytesIO()
    stdout = io.TextIOWrapper(raw, encoding="cp1252")
    monkeypatch.setattr(sys, "stdout", stdout)
    with pytest.raises(SystemExit):
        main(["--version"])
    stdout.flush()
    assert raw.getvalue().decode("utf-8").startswith("府办台账 ")
