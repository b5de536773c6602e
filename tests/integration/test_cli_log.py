"""Each command's outcome is written to the log file (command and sub-command, exit code, the
message of a failure) — never its arguments, which may hold a password in a --url."""

from __future__ import annotations

import os
import subprocess
import sys


def test_command_outcomes_are_logged_without_arguments(tmp_path):
    code = (
        "import sys\n"
        "from desktop_app.cli import main\n"
        "main(['rules', 'R45.1'])\n"
        "main(['db', 'restore', 'no-such-backup.zip', '--unsigned'])\n"
        "main(['db', 'upgrade', '--url', 'postgresql+psycopg://u:TopSecret@127.0.0.1:1/x'])\n"
    )
    env = dict(
        os.environ,
        FUBAN_DATA_DIR=str(tmp_path / "data"),
        FUBAN_CONFIG_DIR=str(tmp_path / "cfg"),
    )
    env.pop("FUBAN_DB_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    log = (tmp_path / "data" / "logs" / "fuban.log").read_text(encoding="utf-8")
    assert "command rules finished: exit code 0" in log
    assert "command db restore failed: exit code 2: 找不到备份文件" in log
    assert "command db upgrade failed: exit code 2" in log
    assert "TopSecret" not in log
