"""设置 → 编号续接: the administrator sets the last number used on paper and the list shows the
next one; a value below a number fuban issued is refused with the dialog kept open; a clerk has
no such tab."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtWidgets import QLabel, QPushButton

from tests.ui.conftest import close_errors, finish, open_errors


@pytest.fixture(autouse=True)
def machine_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("FUBAN_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("FUBAN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("FUBAN_DB_URL", raising=False)
    yield
    close_errors()


def _pane(qtbot, ctx):
    from ui.panes.settings import SettingsPane

    p = SettingsPane(ctx)
    qtbot.addWidget(p)
    return p


def _dialog(widget):
    from ui.widgets.form import FormDialog

    dialog = widget.findChild(FormDialog, "numberingDialog")
    assert dialog is not None and dialog.isVisible()
    return dialog


def _open_row(qtbot, w, label: str):
    with qtbot.waitSignal(w.view.loaded, timeout=5000):
        w.reload()
    assert w.view.select_where(lambda r: r.label == label)
    w.findChild(QPushButton, "editNumbering").click()
    return _dialog(w)


def test_setting_the_paper_number_shows_the_next_one(qtbot, ctx):
    pane = _pane(qtbot, ctx)
    pane.show_tab("编号续接")
    w = pane.numbering
    assert w is not None and w.year.value() == 2026
    dialog = _open_row(qtbot, w, "收文")
    labels = {r.label for r in w.view.model.rows}
    assert {"发文 同政发", "收文", "用印", "用印登记", "常务会议纪要", "常务会议"} <= labels
    dialog.widgets["last"].setValue(57)
    with qtbot.waitSignal(w.view.loaded, timeout=5000):
        assert finish(dialog.try_save())
    row = next(r for r in w.view.model.rows if r.label == "收文")
    assert (row.last_used, row.on_paper, row.next_text) == (57, 57, "收文〔2026〕58号")


def test_a_value_below_an_issued_number_keeps_the_dialog_with_the_message(qtbot, ctx):
    from desktop_app.formatting import CHINA
    from desktop_app.services.documents import incoming
    from desktop_app.services.system import numbering

    numbering.set_last_on_paper(ctx.db, ctx.user, "incoming:2026", 57)
    incoming.register_document(
        ctx.db,
        ctx.user,
        received_at=datetime(2026, 11, 26, 9, tzinfo=CHINA),
        sender="佳木斯市人民政府办公室",
        title="关于做好冬季安全生产的通知",
        doc_type="通知",
        nature="action",
        sender_number="佳政办发〔2026〕93号",
    )
    pane = _pane(qtbot, ctx)
    w = pane.numbering
    dialog = _open_row(qtbot, w, "收文")
    assert any("不能小于 58" in label.text() for label in dialog.findChildren(QLabel))
    dialog.widgets["last"].setValue(50)
    assert finish(dialog.try_save()) is False
    assert "不能小于 58" in "\n".join(open_errors())
    assert dialog.isVisible()
    assert numbering.get_sequence(ctx.db, "incoming:2026").last_used == 58


def test_a_clerk_has_no_numbering_tab(qtbot, sqlite_db, clerk):
    from ui.context import AppContext

    pane = _pane(qtbot, AppContext(sqlite_db, clerk, today=lambda: date(2026, 11, 26)))
    assert pane.numbering is None
    titles = [pane.tabs.tabText(i) for i in range(pane.tabs.count())]
    assert "编号续接" not in titles and "规则" in titles
