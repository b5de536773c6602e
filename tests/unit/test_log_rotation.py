"""The log file rotates (1 MB, five older files kept) and a rotation that Windows refuses — another
fuban process holds the file — loses no line."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

from desktop_app.bootstrap import LOG_BACKUPS, LOG_BYTES, SharedRotatingFileHandler


def _record(text: str) -> logging.LogRecord:
    return logging.LogRecord("fuban.test", logging.INFO, __file__, 1, text, None, None)


def test_log_rotates_and_keeps_five_older_files(tmp_path):
    log = tmp_path / "fuban.log"
    handler = SharedRotatingFileHandler(log, max_bytes=2000, backups=5)
    try:
        for i in range(400):
            handler.emit(_record(f"第{i}行 " + "x" * 40))
    finally:
        handler.close()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["fuban.log"] + [f"fuban.log.{n}" for n in range(1, 6)]
    assert all(p.stat().st_size <= 2000 for p in tmp_path.iterdir())
    assert "第399行" in log.read_text(encoding="utf-8")
    if os.name == "posix":
        assert all(p.stat().st_mode & 0o077 == 0 for p in tmp_path.iterdir())


def test_a_refused_rotation_keeps_writing_and_tries_later(tmp_path, monkeypatch):
    log = tmp_path / "fuban.log"
    handler = SharedRotatingFileHandler(log, max_bytes=500, backups=5)
    tries = []

    def held_by_another_process(source, dest):
        tries.append(source)
        raise PermissionError(13, "另一个程序正在使用此文件，进程无法访问。", source)

    handler.rotator = held_by_another_process
    try:
        for i in range(60):
            handler.emit(_record(f"line {i} " + "y" * 30))
    finally:
        handler.close()
    text = log.read_text(encoding="utf-8")
    assert all(f"line {i} " in text for i in range(60))  # nothing lost
    assert len(tries) == 1  # not retried at every line
    assert not (tmp_path / "fuban.log.1").exists()


def test_setup_logging_uses_the_rotating_file(tmp_path):
    code = (
        "import logging\n"
        "from desktop_app.bootstrap import setup_logging, SharedRotatingFileHandler\n"
        "path = setup_logging()\n"
        "h = logging.getLogger().handlers\n"
        "print(path, [type(x).__name__ for x in h], h[0].maxBytes, h[0].backupCount)\n"
    )
    env = dict(os.environ, FUBAN_DATA_DIR=str(tmp_path / "data"))
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    expected = tmp_path / "data" / "logs" / "fuban.log"
    assert done.stdout.split() == [
        str(expected),
        "['SharedRotatingFileHandler']",
        str(LOG_BYTES),
        str(LOG_BACKUPS),
    ]
