"""Register prints built off the GUI thread with a progress dialog that moves page by page and a
「取消」 button that stops the build leaving nothing behind (no preview, no audit entry of a print
that never happened); the 收文登记簿's preview shows its 「缺字」 and borrowed-character notes."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from PySide6.QtWidgets import QPushButton
from sqlalchemy import func, select

from tests.integration.test_doc_registers import JIYAO, china, reg
from tests.ui.conftest import open_errors, wait_ops

LONG = "关于进一步做好全市防汛抗旱和地质灾害防治工作确保人民群众生命财产安全的通知"


@pytest.fixture
def output(qtbot, qapp, sqlite_db, admin):
    """The 收文登记簿 output of a tab whose clerk is 机要 (sees and prints classified rows),
    over 40 documents — half of them classified — in January 2018: several pages."""
    from PySide6.QtWidgets import QWidget

    from ui.context import AppContext
    from ui.panes.documents_registers import RegisterOutput

    for i in range(40):
        kw = dict(secrecy="秘密", secrecy_term="5年", copy_numbers=f"{i:03d}") if i % 2 else {}
        reg(sqlite_db, f"{LONG}（第{i + 1}份）", china(2018, 1, 1 + i % 28, 9, i), JIYAO, **kw)
    tab = QWidget()
    qtbot.addWidget(tab)
    tab.ctx = AppContext(sqlite_db, JIYAO, today=lambda: date(2018, 2, 1))  # type: ignore[attr-defined]
    out = RegisterOutput(tab, "incoming")
    yield out
    wait_ops()


def _audit_entries(db) -> int:
    from db.models import AuditEntry

    with db.read() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry))


def _print(out) -> None:
    out.preview({"start": date(2018, 1, 1), "end": date(2018, 1, 31), "include_voided": True})


def test_progress_moves_page_by_page_and_the_preview_shows_the_register(qtbot, output):
    _print(output)
    job = output.job
    assert job is not None and job.dialog.objectName() == "buildProgress"
    assert job.dialog.labelText().startswith("正在生成收文登记簿")
    qtbot.waitUntil(lambda: bool(output.previews), timeout=60000)
    wait_ops()
    assert job.state == "done" and not open_errors()
    seen = job.pages_seen
    total = seen[-1][1]
    assert total >= 3 and [d for d, _t in seen] == list(range(1, total + 1))
    preview = output.previews[-1]
    assert preview.page_count() == total
    assert "共40条登记" in preview.notes_label.text()
    assert output.busy is False
    preview.close()


def test_cancel_stops_the_build_and_leaves_nothing_behind(qtbot, output):
    """The clerk presses 取消 while page 1 is done: the build stops before page 2, no preview
    opens, no error is shown, and the classified rows' print is not audited (R44 entries are
    written only for a print that was made)."""
    db = output.ctx.db
    before = _audit_entries(db)
    gate = threading.Event()
    real = output.pdf_fn

    def gated(*args, progress, cancelled, **kw):
        def after_page(done: int, total: int) -> None:
            progress(done, total)
            if done == 1:
                gate.wait(30)  # the clerk reads 「第 1/N 页」 and presses 取消

        return real(*args, progress=after_page, cancelled=cancelled, **kw)

    output.pdf_fn = gated
    _print(output)
    job = output.job
    qtbot.waitUntil(lambda: bool(job.pages_seen), timeout=60000)
    qtbot.waitUntil(lambda: job.dialog.value() == 1, timeout=5000)
    assert job.dialog.maximum() == job.pages_seen[0][1] > 1  # the bar moves: 1 of N
    button = job.dialog.findChild(QPushButton, "buildCancel")
    assert button.text() == "取消" and button.isEnabled()  # not disabled with the busy pane
    button.click()
    assert job.dialog.labelText() == "正在取消…"
    gate.set()
    wait_ops()
    assert job.state == "cancelled"
    assert [d for d, _t in job.pages_seen] == [1]  # no page after the cancel
    assert output.previews == [] and not open_errors() and output.busy is False
    assert _audit_entries(db) == before
    # The next print, not cancelled, is made and audited.
    output.pdf_fn = real
    _print(output)
    qtbot.waitUntil(lambda: bool(output.previews), timeout=60000)
    wait_ops()
    assert _audit_entries(db) > before
    output.previews[-1].close()


def test_incoming_register_preview_lists_borrowed_characters(qtbot, output):
    reg(output.ctx.db, "关于王堃同志任职的通知", china(2018, 1, 30), JIYAO)
    _print(output)
    qtbot.waitUntil(lambda: bool(output.previews), timeout=60000)
    wait_ops()
    preview = output.previews[-1]
    assert "生僻字取自其他字体：堃" in preview.notes_label.text()
    preview.close()
