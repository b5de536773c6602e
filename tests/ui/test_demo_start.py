"""First start in the window: the first administrator's dialog offers 「写入示例数据（演示用）」 on an
empty database only, unchecked; checked, the demo office (directory and a year of records) is
written off the GUI thread behind a progress dialog, before the sign-in."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox, QDialog
from sqlalchemy import func, select


def _count(db, model) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_checked_on_an_empty_database_the_demo_office_is_written_with_progress(
    qtbot, sqlite_db, monkeypatch
):
    from db.models import IncomingDocument, Meeting, Person
    from desktop_app.services.system import accounts
    from ui.dialogs import demo_start, sign_in
    from ui.widgets.form import FormDialog

    shown, fills = [], []

    def clerk(dialog: FormDialog):
        shown.append(dialog.objectName())
        if dialog.objectName() != "firstAdminDialog":
            return QDialog.DialogCode.Rejected  # the sign-in: not part of this test
        demo = dialog.widgets["demo"]
        assert isinstance(demo, QCheckBox) and not demo.isChecked()  # default off
        for key, text in (
            ("username", "admin"),
            ("display_name", "管理员甲"),
            ("password", "first-start-1"),
            ("password2", "first-start-1"),
        ):
            dialog.widgets[key].setText(text)
        demo.setChecked(True)
        saving = dialog.try_save()
        qtbot.waitUntil(lambda: saving.done, timeout=20000)
        return dialog.result()

    real_fill = demo_start.fill_demo

    def recorded_fill(*args, **kwargs):
        fill = real_fill(*args, **kwargs)
        fills.append(fill)
        return fill

    monkeypatch.setattr(FormDialog, "exec", clerk)
    monkeypatch.setattr(demo_start, "fill_demo", recorded_fill)
    assert sign_in.sign_in(sqlite_db) is None  # the sign-in dialog was cancelled
    assert shown == ["firstAdminDialog", "signInDialog"]
    (fill,) = fills
    assert fill.state == "done", fill.error
    assert fill.job is not None and fill.job.pages_seen[-1] == (4, 4)  # the dialog moved
    assert [done for done, _total in fill.job.pages_seen] == [0, 1, 2, 3, 4]
    assert any(line.endswith("次会议") for line in fill.lines)
    assert fill.box is not None and fill.box.text().startswith("已写入示例数据：")
    fill.box.close()
    assert accounts.has_accounts(sqlite_db)
    assert _count(sqlite_db, Person) and _count(sqlite_db, Meeting)
    assert _count(sqlite_db, IncomingDocument)


def test_left_unchecked_nothing_is_written(qtbot, sqlite_db, monkeypatch):
    from db.models import Person
    from ui.dialogs import sign_in
    from ui.widgets.form import FormDialog

    def clerk(dialog: FormDialog):
        if dialog.objectName() != "firstAdminDialog":
            return QDialog.DialogCode.Rejected
        for key, text in (("username", "admin"), ("password", "first-start-1")):
            dialog.widgets[key].setText(text)
        dialog.widgets["password2"].setText("first-start-1")
        saving = dialog.try_save()
        qtbot.waitUntil(lambda: saving.done, timeout=20000)
        return dialog.result()

    monkeypatch.setattr(FormDialog, "exec", clerk)
    assert sign_in.sign_in(sqlite_db) is None
    assert _count(sqlite_db, Person) == 0


def test_never_offered_on_a_database_holding_records(qtbot, sqlite_db, admin):
    from desktop_app.services import demo_start
    from desktop_app.services.directory import commands as directory
    from desktop_app.services.system.common import ValidationError
    from ui.dialogs.sign_in import first_admin_dialog

    assert demo_start.may_offer_demo(sqlite_db)
    directory.save_person(sqlite_db, admin, name="张三")  # e.g. the directory imported first
    assert not demo_start.may_offer_demo(sqlite_db)
    dialog = first_admin_dialog(sqlite_db, offer_demo=demo_start.may_offer_demo(sqlite_db))
    qtbot.addWidget(dialog)
    assert "demo" not in dialog.widgets
    try:
        demo_start.fill_demo(sqlite_db, admin, today=date(2026, 11, 26))
    except ValidationError as exc:
        assert "已有记录" in str(exc)
    else:
        raise AssertionError("the demo was written over a database holding records")
