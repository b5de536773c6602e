"""Every `fuban` command fails with one Chinese line on stderr and a non-zero exit, never a
traceback: a damaged database file, a data folder that cannot be made, a bad argument, a missing
backup, an unreadable settings.json, and an error nobody foresaw (named with the log file)."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.cli import build_parser, main


@pytest.fixture
def env(tmp_path, monkeypatch) -> Path:
    monkeypatch.delenv("FUBAN_DB_URL", raising=False)
    monkeypatch.setenv("FUBAN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("FUBAN_CONFIG_DIR", str(tmp_path / "cfg"))
    return tmp_path


def _random_file(path: Path, size: int = 24_576) -> Path:
    path.write_bytes(random.Random(18).randbytes(size))
    return path


def _truncated_database(sqlite_template: Path, dest: Path) -> Path:
    """A real fuban database cut off in the middle, as a full disk or a pulled USB stick leaves it."""
    data = sqlite_template.read_bytes()
    dest.write_bytes(data[: len(data) // 3])
    return dest


def _one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err and "sqlalche.me" not in err and "sqlite3" not in err
    return lines[0]


def _run(args: list[str], tmp_path: Path, **env) -> subprocess.CompletedProcess:
    """`python -m desktop_app …` as a clerk types `fuban …`, in its own process."""
    full = dict(os.environ, FUBAN_DATA_DIR=str(tmp_path / "data"))
    full["FUBAN_CONFIG_DIR"] = str(tmp_path / "cfg")
    full.update(env)
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=full,
        timeout=300,
        cwd=Path(__file__).resolve().parents[2],
    )


def test_check_on_random_bytes_says_not_a_valid_database_file(env):
    """`fuban check` on a file of random bytes (here run exactly as typed, in a new process)."""
    bad = _random_file(env / "台账.db")
    done = _run(["check"], env, FUBAN_DB_URL=f"sqlite:///{bad}")
    assert done.returncode == 2
    line = _one_line(done.stderr)
    assert f"不是有效的数据库文件：{bad}" in line
    assert bad.read_bytes() == random.Random(18).randbytes(24_576)  # left as it was


@pytest.mark.parametrize("command", [["check"], ["db", "upgrade"], ["demo"]])
def test_commands_on_a_truncated_database_fail_in_one_line(
    env, sqlite_template, monkeypatch, capsys, command
):
    bad = _truncated_database(sqlite_template, env / "fuban.db")
    monkeypatch.setenv("FUBAN_DB_URL", f"sqlite:///{bad}")
    assert main(command) == 2
    captured = capsys.readouterr()
    assert f"不是有效的数据库文件：{bad}" in _one_line(captured.err)
    assert captured.out == ""


def test_calendar_show_with_a_word_for_a_year(env, capsys):
    assert main(["calendar", "show", "abc"]) == 2
    line = _one_line(capsys.readouterr().err)
    assert "「abc」不是年份" in line and "fuban calendar show --help" in line


def test_unknown_command_and_missing_argument_are_told_in_chinese(env, capsys):
    assert main(["backup"]) == 2
    line = _one_line(capsys.readouterr().err)
    assert "没有「backup」" in line and "db、server、demo" in line
    assert main(["db", "restore"]) == 2
    assert "缺少参数：文件" in _one_line(capsys.readouterr().err)
    assert main(["db"]) == 2
    assert "缺少参数：子命令" in _one_line(capsys.readouterr().err)


def test_restore_of_a_missing_file_says_it_is_missing(env, capsys):
    missing = env / "备份" / "2026-11-25.zip"
    assert main(["db", "restore", str(missing), "--yes"]) == 2
    line = _one_line(capsys.readouterr().err)
    assert f"找不到备份文件：{missing}" in line and "未做任何改动" in line
    assert not (env / "data" / "fuban.db").exists()  # refused before the database was opened


def test_data_folder_under_a_file_is_named(env, capsys, monkeypatch):
    """A data folder that cannot be made (its parent is a file: true even for root)."""
    blocker = env / "占位文件"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("FUBAN_DATA_DIR", str(blocker / "fuban"))
    assert main(["db", "upgrade"]) == 2
    line = _one_line(capsys.readouterr().err)
    assert str(blocker) in line and "不是文件夹" in line


def test_unexpected_error_names_the_log_file_which_holds_the_traceback(env):
    """An error nobody foresaw (here: the rules text is not a valid file) is one line naming
    the log; the traceback is in the log, not on the screen."""
    code = (
        "import sys, desktop_app.rules.articles as a\n"
        "def broken(*args, **kw):\n"
        "    raise KeyError('第九十九条')\n"
        "a.source_line = broken\n"
        "from desktop_app.cli import main\n"
        "sys.exit(main(['rules', '--text']))\n"
    )
    full = dict(os.environ, FUBAN_DATA_DIR=str(env / "data"), FUBAN_CONFIG_DIR=str(env / "cfg"))
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=full,
        timeout=300,
    )
    assert done.returncode == 2
    log = env / "data" / "logs" / "fuban.log"
    assert _one_line(done.stderr) == f"错误：发生了意外错误，详情见日志：{log}"
    logged = log.read_text(encoding="utf-8")
    assert "Traceback" in logged and "KeyError: '第九十九条'" in logged


def test_unreadable_settings_file_is_kept_aside_and_named(env, capsys):
    settings = env / "cfg" / "settings.json"
    settings.parent.mkdir(parents=True)
    broken = '{"database": {"mode": "postgresql", "host": "10.0.0.5",'  # cut off while saving
    settings.write_text(broken, encoding="utf-8")
    assert main(["rules"]) == 0
    err = capsys.readouterr().err
    assert f"设置文件无法读取：{settings}" in err and "settings.json.bad" in err
    assert (env / "cfg" / "settings.json.bad").read_text(encoding="utf-8") == broken
    assert not settings.exists()


def test_help_is_in_chinese_with_a_line_per_command(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：fuban")
    assert "不带命令运行 fuban（或双击图标）打开府办台账窗口" in out
    assert "显示本帮助并退出" in out and "show this help" not in out and "usage:" not in out
    commands = [
        "db upgrade",
        "db backup 文件",
        "db restore 文件",
        "db repair-audit",
        "server init",
        "server check",
        "demo",
        "numbering set 序列 年份 号",
        "numbering show 年份",
        "calendar import 文件",
        "calendar show 年份",
        "rules [规则编号 …]",
        "check",
        "import 登记簿 文件",
        "import-template 登记簿 文件",
        "print sample --out PDF文件",
    ]
    lines = out.splitlines()
    for command in commands:
        assert any(line.strip().startswith(f"fuban {command} ") for line in lines), command
    assert "日志文件" in out
    parser = build_parser()  # every command in the parser is listed (none forgotten)
    assert len([line for line in lines if line.startswith("  fuban ")]) == len(commands)
    assert parser.prog == "fuban"


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_read_only_database_file_is_named(env, sqlite_template, monkeypatch, capsys):
    folder = env / "只读"
    folder.mkdir()
    path = folder / "fuban.db"
    shutil.copyfile(sqlite_template, path)
    path.chmod(0o444)
    folder.chmod(0o555)
    try:
        if os.access(path, os.W_OK):
            pytest.skip("running as root: a read-only mode does not stop writing")
        monkeypatch.setenv("FUBAN_DB_URL", f"sqlite:///{path}")
        assert main(["db", "upgrade"]) == 2
        line = _one_line(capsys.readouterr().err)
        assert str(path) in line and ("只读" in line or "没有权限" in line)
    finally:
        folder.chmod(0o755)
        path.chmod(0o644)
