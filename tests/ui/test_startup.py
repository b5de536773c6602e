"""Start-up failures a clerk can act on: a Chinese dialog naming the file or folder and what to
do, never a traceback; a damaged database offers 「从最新备份恢复」 (dated) or 「选择其他数据库」;
an unreadable settings.json is named and kept aside; cancelling says the app will close.

The message boxes are answered by replacing ui.startup.ask, which runs each of them."""

from __future__ import annotations

import os
import random
import shutil
import sys
from datetime import date

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox
from sqlalchemy import func, select

from db.models import Person
from desktop_app import bootstrap, config
from desktop_app.services import demo
from desktop_app.services.system import maintenance
from desktop_app.services.system.common import CurrentUser


class Answers:
    """Stands in for the clerk: answers each start-up box with the first button whose text
    starts with the next answer, and keeps what each box said."""

    def __init__(self, *answers: str):
        self.answers = list(answers)
        self.boxes: list[dict] = []

    def __call__(self, box: QMessageBox):
        buttons = {b.text(): b for b in box.buttons()}
        self.boxes.append(
            {
                "title": box.windowTitle(),
                "text": box.text(),
                "info": box.informativeText(),
                "buttons": list(buttons),
            }
        )
        assert self.answers, f"unexpected box {box.windowTitle()}: {box.text()}"
        answer = self.answers.pop(0)
        button = next(b for text, b in buttons.items() if text.startswith(answer))
        box.close()
        return button


@pytest.fixture
def answers(monkeypatch):
    from ui import startup

    def install(*texts: str) -> Answers:
        a = Answers(*texts)
        monkeypatch.setattr(startup, "ask", a)
        return a

    return install


@pytest.fixture
def own_database(qapp, tmp_path, monkeypatch):
    """This PC's own database file in the data folder, with the demo government and a backup
    taken by hand into the backups folder; the settings name no other database."""
    monkeypatch.delenv("FUBAN_DB_URL", raising=False)
    path = config.data_dir() / "fuban.db"
    d = bootstrap.open_database(f"sqlite:///{path}")
    demo.fill(d, CurrentUser("admin", "管理员", "admin"), today=date(2026, 11, 26))
    maintenance.backup(d, config.data_dir() / "backups" / "fuban-手动备份.zip")
    d.dispose()
    return path


def _persons(database) -> int:
    with database.read() as s:
        return int(s.scalar(select(func.count()).select_from(Person)) or 0)


def _no_raw_error(text: str) -> None:
    for raw in ("sqlite3", "sqlalche.me", "Traceback", "DatabaseError", "OperationalError"):
        assert raw not in text


def test_damaged_database_is_named_and_restored_from_the_newest_backup(own_database, answers):
    from ui.app import _open_database_interactively

    before = bootstrap.open_database(f"sqlite:///{own_database}")
    persons = _persons(before)
    before.dispose()
    data = own_database.read_bytes()
    own_database.write_bytes(data[: len(data) // 3])  # cut off, as a full disk leaves it
    clerk = answers("从最新备份恢复", "确定")
    database = _open_database_interactively()
    try:
        assert database is not None and _persons(database) == persons > 0
    finally:
        database.dispose()
    failed, done = clerk.boxes
    assert failed["title"] == "无法打开数据库"
    assert f"不是有效的数据库文件：{own_database}" in failed["text"]
    _no_raw_error(failed["text"] + failed["info"])
    (restore,) = [b for b in failed["buttons"] if b.startswith("从最新备份恢复")]
    assert restore.startswith(f"从最新备份恢复（{date.today():%Y年%m月%d日}")
    assert "选择其他数据库…" in failed["buttons"] and "退出" in failed["buttons"]
    assert "fuban-手动备份.zip" in failed["info"]
    assert done["title"] == "已从备份恢复" and "需要重新录入" in done["text"]
    kept = [p for p in own_database.parent.iterdir() if "无法使用" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == data[: len(data) // 3]


def test_random_bytes_then_another_database_is_chosen(qapp, tmp_path, answers, monkeypatch):
    """No backup on this PC: only 「选择其他数据库…」; the settings dialog chooses a new file."""
    from ui import app

    monkeypatch.delenv("FUBAN_DB_URL", raising=False)
    bad = tmp_path / "同事拷来的.db"
    bad.write_bytes(random.Random(3).randbytes(40_000))
    config.save(config.MachineSettings(database=config.DatabaseSettings(sqlite_path=str(bad))))
    fresh = tmp_path / "新台账" / "fuban.db"

    def settings_dialog_exec(dialog):
        s = config.load()
        s.database.sqlite_path = str(fresh)
        config.save(s)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(
        "ui.panes.settings_database.DatabaseSettingsDialog.exec", settings_dialog_exec
    )
    clerk = answers("选择其他数据库")
    database = app._open_database_interactively()
    try:
        assert database is not None and database.url == f"sqlite:///{fresh}"
    finally:
        database.dispose()
    (failed,) = clerk.boxes
    assert f"不是有效的数据库文件：{bad}" in failed["text"]
    assert "本机没有找到这个数据库的备份" in failed["info"]
    assert not any(b.startswith("从最新备份恢复") for b in failed["buttons"])
    assert bad.read_bytes() == random.Random(3).randbytes(40_000)  # left as it was


def test_cancelling_the_database_settings_says_the_app_will_close(
    qapp, tmp_path, answers, monkeypatch
):
    from ui import app

    monkeypatch.setenv("FUBAN_DB_URL", f"sqlite:///{tmp_path / 'x.db'}")
    (tmp_path / "x.db").write_bytes(b"\x00" * 4096)
    shown = []
    monkeypatch.setattr(
        "ui.panes.settings_database.DatabaseSettingsDialog.exec",
        lambda dialog: shown.append(1) or QDialog.DialogCode.Rejected,
    )
    clerk = answers("选择其他数据库", "返回数据库设置", "关闭府办台账")
    assert app._open_database_interactively() is None
    assert len(shown) == 2  # went back once, then closed
    assert [b["title"] for b in clerk.boxes][1:] == ["府办台账将关闭", "府办台账将关闭"]
    assert "将关闭" in clerk.boxes[1]["text"]


def test_cancelling_the_first_administrator_says_the_app_will_close(
    qapp, sqlite_db, answers, monkeypatch
):
    from ui import app
    from ui.widgets.form import FormDialog

    asked = []
    monkeypatch.setattr(
        FormDialog, "exec", lambda d: asked.append(d.objectName()) or QDialog.DialogCode.Rejected
    )
    clerk = answers("返回创建管理员账户", "关闭府办台账")
    assert app._sign_in(sqlite_db) is None
    assert asked == ["firstAdminDialog", "firstAdminDialog"]
    assert "尚未创建管理员账户" in clerk.boxes[0]["text"] and "将关闭" in clerk.boxes[0]["text"]


def test_data_folder_that_cannot_be_made_is_a_dialog_not_a_traceback(
    qapp, tmp_path, answers, monkeypatch, capsys
):
    """Any start-up failure reaches the clerk as a dialog; here the data folder's parent is a
    file, so the folder cannot be made (true for root too)."""
    from ui import app

    blocker = tmp_path / "D盘已满的占位"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("FUBAN_DATA_DIR", str(blocker / "fuban"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    clerk = answers("关闭")
    assert app.main([]) == 1
    (box,) = clerk.boxes
    assert box["title"] == "府办台账无法启动"
    assert f"无法写入数据文件夹：{blocker / 'fuban'}" in box["text"]
    assert "FUBAN_DATA_DIR" in box["text"] and "日志文件" in box["text"]
    _no_raw_error(box["text"])
    assert "Traceback" not in capsys.readouterr().err


def test_an_unforeseen_start_up_error_names_the_log(qapp, answers, monkeypatch):
    from ui import app

    def broken(*a, **k):
        raise RuntimeError("字体缓存损坏")

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(app, "_run", broken)
    clerk = answers("关闭")
    assert app.main([]) == 1
    text = clerk.boxes[0]["text"]
    assert f"发生了意外错误，详情见日志：{bootstrap.log_file()}" in text


def test_unreadable_settings_file_is_named_at_start(qapp, answers, monkeypatch):
    from ui import app

    monkeypatch.setattr(config, "_problem", None)
    settings = config.settings_file()
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_bytes(b'{"database": {"mode": "postgresql", "host": "10.')
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(app, "_open_database_interactively", lambda: None)
    clerk = answers("按默认设置继续")
    assert app.main([]) == 1  # then the database was not opened (stubbed here)
    (box,) = clerk.boxes
    assert box["title"] == "设置文件无法读取"
    assert str(settings) in box["text"] and "settings.json.bad" in box["text"]
    assert "修改数据库设置…" in box["buttons"]
    assert settings.with_name("settings.json.bad").exists() and not settings.exists()


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_read_only_database_offers_the_backup_and_another_database(own_database, answers):
    from ui.app import _open_database_interactively

    own_database.chmod(0o444)
    own_database.parent.chmod(0o555)
    try:
        if os.access(own_database, os.W_OK):
            pytest.skip("running as root: a read-only mode does not stop writing")
        clerk = answers("退出")
        assert _open_database_interactively() is None
        (box,) = clerk.boxes
        assert str(own_database) in box["text"] and "只读" in box["text"]
        assert any(b.startswith("从最新备份恢复") for b in box["buttons"])
        assert "选择其他数据库…" in box["buttons"]
    finally:
        own_database.parent.chmod(0o755)
        own_database.chmod(0o600)
    shutil.rmtree(own_database.parent / "backups", ignore_errors=True)


def test_a_file_that_cannot_be_written_during_work_is_named(qapp, tmp_path):
    """After the start, too: saving a PDF into a folder that is really a file names the path
    in Chinese instead of 「发生了意外错误 … NotADirectoryError」."""
    from ui.errors import message_for

    blocker = tmp_path / "导出"
    blocker.write_text("x", encoding="utf-8")
    try:
        (blocker / "纪要.pdf").write_bytes(b"%PDF")
    except OSError as exc:
        text = message_for(exc)
    assert str(blocker / "纪要.pdf") in text and "操作未完成" in text
    assert "意外错误" not in text and "Errno" not in text
