"""The operation runner (ui.operations): one worker for database operations, results and errors on
the GUI thread, the parent busy meanwhile, stale results dropped — and the window keeps
responding while a save waits on a lock of the database."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
import shiboken6
from PySide6.QtCore import Qt, QThread, QTimer
from PySide6.QtWidgets import QApplication, QPushButton, QVBoxLayout, QWidget

from tests.ui.conftest import close_errors, finish, open_errors, wait_ops


def _on_gui_thread() -> bool:
    return QThread.currentThread() is QApplication.instance().thread()


def _pane_with_button(qtbot) -> tuple[QWidget, QPushButton]:
    pane = QWidget()
    button = QPushButton("保存", pane, objectName="saveButton")
    QVBoxLayout(pane).addWidget(button)
    qtbot.addWidget(pane)
    return pane, button


def test_the_operation_runs_off_the_gui_thread_and_its_result_arrives_on_it(qapp):
    from ui import operations

    seen: dict[str, bool] = {}

    def op():
        seen["op_on_gui"] = _on_gui_thread()
        return 42

    got = []
    op_ = operations.run(
        op, lambda r: (got.append(r), seen.setdefault("cb_on_gui", _on_gui_thread()))
    )
    assert finish(op_) is True
    assert got == [42] and op_.result == 42
    assert seen == {"op_on_gui": False, "cb_on_gui": True}


def test_an_error_arrives_on_the_gui_thread_and_is_shown_when_no_handler_is_given(qapp):
    from desktop_app.services.system.common import ValidationError
    from ui import operations

    def refuse():
        raise ValidationError("请填写标题。")

    handled = []
    op1 = operations.run(refuse, on_failure=lambda e: handled.append((e, _on_gui_thread())))
    assert finish(op1) is False
    assert isinstance(handled[0][0], ValidationError) and handled[0][1] is True
    assert open_errors() == []  # a handler of its own: the runner shows nothing

    op2 = operations.run(refuse, lambda _r: pytest.fail("no result expected"))
    assert finish(op2) is False and isinstance(op2.error, ValidationError)
    assert open_errors() == ["请填写标题。"]
    close_errors()


def test_an_unexpected_error_is_shown_plainly_and_its_traceback_logged(qapp, caplog):
    from ui import operations

    def broken():
        raise KeyError("boom")

    assert finish(operations.run(broken)) is False
    [text] = open_errors()
    assert text.startswith("发生了意外错误，操作未完成") and "KeyError" in text
    close_errors()
    record = next(r for r in caplog.records if r.name == "fuban.ui")
    assert record.exc_info is not None and record.exc_info[0] is KeyError


def test_the_parent_is_busy_while_its_operation_runs_and_free_afterwards(qtbot):
    from ui import operations

    pane, button = _pane_with_button(qtbot)
    already_off = QPushButton("作废", pane, objectName="voidButton")
    already_off.setEnabled(False)
    release = threading.Event()
    states = []
    op = operations.run(
        lambda: release.wait(10), lambda _r: states.append(button.isEnabled()), parent=pane
    )
    assert not button.isEnabled()
    assert pane.cursor().shape() == Qt.CursorShape.WaitCursor and pane.property("busy") is True
    release.set()
    assert finish(op) is True
    assert states == [True]  # freed before the result is delivered: the callback may disable it
    assert button.isEnabled() and not already_off.isEnabled()  # each button as it was
    assert pane.cursor().shape() != Qt.CursorShape.WaitCursor and pane.property("busy") is False


def test_operations_run_one_at_a_time_in_the_order_started(qapp):
    from ui import operations

    lock = threading.Lock()
    running, peak, order = [0], [0], []

    def op(n):
        def run():
            with lock:
                running[0] += 1
                peak[0] = max(peak[0], running[0])
            time.sleep(0.03)
            with lock:
                running[0] -= 1
                order.append(n)
            return n

        return run

    ops = [operations.run(op(n)) for n in range(6)]
    assert operations.runner().pending() == 6
    wait_ops()
    assert all(o.ok for o in ops)
    assert peak[0] == 1
    assert order == list(range(6))
    assert operations.runner().is_idle()


def test_a_result_for_a_record_no_longer_wanted_is_dropped(qtbot):
    from ui import operations

    pane, _button = _pane_with_button(qtbot)
    latest = operations.Latest()
    shown = []
    first = operations.run(
        lambda: "first row", shown.append, parent=pane, still_wanted=latest.ticket()
    )
    second = operations.run(
        lambda: "second row", shown.append, parent=pane, still_wanted=latest.ticket()
    )  # the clerk selected another row
    wait_ops()
    assert shown == ["second row"]
    assert first.dropped and first.ok is None and second.ok is True


def test_a_failure_for_a_record_no_longer_wanted_is_not_shown(qapp):
    from desktop_app.services.system.common import ValidationError
    from ui import operations

    latest = operations.Latest()
    ticket = latest.ticket()
    latest.cancel()

    def refuse():
        raise ValidationError("过时的错误")

    op = operations.run(refuse, still_wanted=ticket)
    wait_ops()
    assert op.dropped and open_errors() == []


def test_results_for_a_closed_dialog_or_a_deleted_pane_are_dropped(qtbot):
    from PySide6.QtWidgets import QDialog

    from ui import operations

    dialog = QDialog()
    qtbot.addWidget(dialog)
    release = threading.Event()
    shown = []
    op = operations.run(lambda: release.wait(10), shown.append, parent=dialog)
    operations.mark_closed(dialog)  # the clerk closed it while the read ran
    release.set()
    wait_ops()
    assert op.dropped and shown == []

    pane = QWidget()
    release.clear()
    op = operations.run(lambda: release.wait(10), shown.append, parent=pane)
    shiboken6.delete(pane)  # the pane is gone (its window closed) before the result arrives
    release.set()
    wait_ops()
    assert op.dropped and shown == []


class _OtherClerk:
    """Another clerk's program in the middle of a write: on SQLite it holds the database file's
    write lock (BEGIN IMMEDIATE); on PostgreSQL the person row's lock (SELECT … FOR UPDATE)."""

    def __init__(self, db, person_id: int):
        url = db.engine.url
        if url.get_backend_name() == "sqlite":
            self.conn = sqlite3.connect(url.database, isolation_level=None, check_same_thread=False)
            self.conn.execute("BEGIN IMMEDIATE")
        else:
            import psycopg

            self.conn = psycopg.connect(
                host=url.host, port=url.port or 5432, user=url.username, dbname=url.database
            )
            self.conn.execute("SELECT id FROM person WHERE id = %s FOR UPDATE", (person_id,))

    def finish(self) -> None:
        self.conn.rollback()
        self.conn.close()


def test_the_window_stays_responsive_while_a_save_waits_on_a_database_lock(qtbot, qapp, db, admin):
    """The key promise, on both engines: a save that waits on a lock of the database never
    freezes the window — timers keep ticking and another widget answers — and it completes once
    the lock is released."""
    from desktop_app.services.directory import commands as directory
    from ui.widgets.form import FormDialog
    from ui.widgets.form_fields import FieldSpec

    person = directory.save_person(db, admin, name="韩冬")
    dialog = FormDialog(
        "修改人员",
        [FieldSpec("phone", "电话")],
        lambda v: directory.save_person(
            db,
            admin,
            name="韩冬",
            phone=v["phone"],
            record_id=person.id,
            expected_version=person.version,
        ),
        object_name="personDialog",
    )
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.widgets["phone"].setText("0454-5221234")

    other = _OtherClerk(db, person.id)
    ticks: list[float] = []
    timer = QTimer(interval=20)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    search = QPushButton("另一个窗口部件")
    qtbot.addWidget(search)
    clicks = []
    search.clicked.connect(lambda: clicks.append(time.monotonic()))

    started = time.monotonic()
    op = dialog.try_save()
    try:
        qtbot.wait(1000)  # the save is blocked on the lock all this second
        assert not op.done and dialog.isVisible()
        assert not dialog.buttons.buttons()[0].isEnabled()  # the dialog is busy meanwhile
        assert len([t for t in ticks if t > started]) >= 20  # ~50 expected; frozen: 0
        qtbot.mouseClick(search, Qt.MouseButton.LeftButton)  # another widget still answers
        assert len(clicks) == 1
    finally:
        other.finish()  # the other write ends: the save goes through
    assert finish(op) is True, open_errors()
    timer.stop()
    assert not dialog.isVisible() and dialog.result() == FormDialog.DialogCode.Accepted
    assert [(p.name, p.phone) for p in directory.list_persons(db)] == [("韩冬", "0454-5221234")]
    assert dialog.result_value.phone == "0454-5221234"


def test_a_forms_pick_lists_are_read_through_the_runner_and_fill_once_read(qtbot):
    """open_form(choices=…): the combo says it is reading and 保存 waits; then it is filled
    with the given value chosen, and a hint derived from the choice is updated."""
    from ui.widgets.form import open_form
    from ui.widgets.form_fields import FieldSpec

    parent = QWidget()
    qtbot.addWidget(parent)
    release = threading.Event()

    def pick_lists():
        release.wait(10)
        return {"unit_id": [(None, "（请选择）"), (1, "财政局"), (2, "审计局")]}

    dialog = open_form(
        parent,
        "用印申请",
        [FieldSpec("unit_id", "用印单位", "combo", lazy=True)],
        lambda v: v,
        "lazyDialog",
        {"unit_id": 2},
        choices=pick_lists,
    )
    combo = dialog.widgets["unit_id"]
    hints, filled = [], []
    combo.currentIndexChanged.connect(lambda _i: hints.append(combo.currentText()))
    dialog.choices_filled.connect(lambda: filled.append(combo.currentData()))
    assert combo.currentText() == "（正在读取…）"
    assert not dialog.buttons.buttons()[0].isEnabled()  # 保存 waits for the lists
    release.set()
    wait_ops()
    assert [combo.itemText(i) for i in range(combo.count())] == ["（请选择）", "财政局", "审计局"]
    assert combo.currentData() == 2 and hints == ["审计局"] and filled == [2]
    assert dialog.buttons.buttons()[0].isEnabled()
    assert finish(dialog.try_save()) is True and dialog.result_value == {"unit_id": 2}


def test_a_save_asked_for_while_the_pick_lists_are_read_waits_for_them(qtbot):
    """Enter pressed (or a caller saving) before the lists arrive: the form saves what it shows
    once they are in, not the 「正在读取…」 placeholder."""
    from ui.widgets.form import open_form
    from ui.widgets.form_fields import FieldSpec

    parent = QWidget()
    qtbot.addWidget(parent)
    release = threading.Event()

    def pick_lists():
        release.wait(10)
        return {"meeting_id": [(7, "市政府第一次常务会议"), (8, "市政府第二次常务会议")]}

    dialog = open_form(
        parent,
        "列入会议",
        [FieldSpec("meeting_id", "会议", "combo", lazy=True)],
        lambda v: v,
        "lazySaveDialog",
        choices=pick_lists,
    )
    op = dialog.try_save()
    assert not op.done and dialog.isVisible()
    release.set()
    assert finish(op) is True
    assert dialog.result_value == {"meeting_id": 7} and not dialog.isVisible()


def test_an_unexpected_error_in_a_dropped_operation_still_reaches_the_log(qapp, caplog):
    from ui import operations

    latest = operations.Latest()
    ticket = latest.ticket()
    latest.cancel()  # the clerk moved on before it failed

    def broken():
        raise ZeroDivisionError("boom")

    op = operations.run(broken, still_wanted=ticket)
    wait_ops()
    assert op.dropped and open_errors() == []
    record = next(
        r for r in caplog.records if r.name == "fuban.ui.operations" and r.levelname == "ERROR"
    )
    assert record.exc_info[0] is ZeroDivisionError


def test_a_quick_read_leaves_its_parent_as_it_is_and_a_slow_one_makes_it_busy(qtbot):
    """busy_after_ms (a register's reload): the buttons do not flash grey for a read of a few ms;
    one still running after the delay makes the parent busy until it reports."""
    from ui import operations

    pane, button = _pane_with_button(qtbot)
    states: list[bool] = []
    quick = operations.run(
        lambda: 1, lambda _r: states.append(button.isEnabled()), parent=pane, busy_after_ms=200
    )
    assert button.isEnabled() and pane.property("busy") is not True  # not at once
    assert finish(quick) is True and states == [True]
    qtbot.wait(300)  # past the delay: nothing left to make the pane busy
    assert button.isEnabled() and pane.property("busy") is not True

    release = threading.Event()
    slow = operations.run(lambda: release.wait(10), parent=pane, busy_after_ms=50)
    assert button.isEnabled()
    qtbot.waitUntil(lambda: not button.isEnabled(), timeout=2000)  # after the delay
    assert pane.cursor().shape() == Qt.CursorShape.WaitCursor and pane.property("busy") is True
    release.set()
    assert finish(slow) is True
    assert button.isEnabled() and pane.property("busy") is False
