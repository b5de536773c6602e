"""Forms list everything a save lacks in ONE message before the database is asked (issue 18
item 5): every required field left empty (labels in red, the first focused), then the form's own
checks; hidden or disabled fields are not asked for; the message box is titled by what failed
(「无法登记」, 「登录失败」, 「无法签发」 …), and nothing is saved."""

from __future__ import annotations

import pytest

from tests.ui.conftest import close_errors, finish, open_errors, wait_ops


def error_boxes():
    from PySide6.QtWidgets import QApplication, QMessageBox

    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.objectName() == "errorDialog" and w.isVisible()
    ]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("登记收文", "无法登记"),
        ("登录府办台账", "登录失败"),
        ("记录纪要签发", "无法签发"),
        ("记录审批：张三外出请示", "无法记录"),
        ("编号印发：关于…的通知", "无法印发"),
        ("作废：收文〔2026〕3号", "无法作废"),
        ("新建用印申请（用印审批单）", "无法新建"),
        ("议题", "无法保存"),
    ],
)
def test_error_title_names_what_failed(title, expected):
    from ui.widgets.form_checks import error_title_for

    assert error_title_for(title) == expected


def test_every_missing_field_and_check_in_one_message_nothing_saved(qtbot, qapp):
    from ui.widgets.form import FormDialog
    from ui.widgets.form_fields import FieldSpec

    saved = []
    dialog = FormDialog(
        "登记来信",
        [
            FieldSpec("sender", "来信人", required=True),
            FieldSpec("kind", "类别", "combo", [(None, "（请选择）"), ("a", "甲")], required=True),
            FieldSpec("body", "内容（摘要）", "multiline", required=True),
            FieldSpec("note", "备注"),  # optional: never listed
            FieldSpec("copies", "份数", "int"),
        ],
        saved.append,
    )
    qtbot.addWidget(dialog)
    dialog.checks.append(lambda v: "份数至少为 1。" if v["copies"] < 1 else "")
    dialog.show()

    op = dialog.try_save()
    assert op.done and op.ok is False
    assert saved == []
    [box] = error_boxes()
    assert box.windowTitle() == "无法登记"
    text = box.text()
    assert "来信人、类别、内容" in text  # in the form's order, without the hint in brackets
    assert "份数至少为 1。" in text and "备注" not in text
    assert "请补齐后再登记" in text
    for key in ("sender", "kind", "body"):
        assert dialog.field_label(key).property("missing") is True
    assert dialog.field_label("note").property("missing") in (None, False)
    assert dialog.focusWidget() is dialog.widgets["sender"]  # the first missing field
    assert dialog.isVisible()  # the clerk's window stays open
    close_errors()

    # filled in: the labels turn back and the save runs
    dialog.widgets["sender"].setText("王某")
    dialog.widgets["kind"].setCurrentIndex(1)
    dialog.widgets["body"].setPlainText("反映供暖问题")
    dialog.widgets["copies"].setValue(1)
    assert finish(dialog.try_save()) is True
    assert saved and saved[0]["sender"] == "王某"
    assert dialog.field_label("sender").property("missing") is False


def test_hidden_and_disabled_fields_are_not_asked_for(qtbot, qapp):
    from ui.widgets.form import FormDialog
    from ui.widgets.form_fields import FieldSpec

    saved = []
    dialog = FormDialog(
        "记录审批环节",
        [
            FieldSpec("step", "环节"),
            FieldSpec("method", "协调方式", required=True),
            FieldSpec("copies_note", "材料说明", required=True),
        ],
        saved.append,
    )
    qtbot.addWidget(dialog)
    dialog.set_field_visible("method", False)
    dialog.widgets["copies_note"].setEnabled(False)
    dialog.show()
    assert finish(dialog.try_save()) is True, open_errors()
    assert len(saved) == 1
    assert not dialog.widgets["method"].isVisibleTo(dialog)


def test_register_incoming_lists_every_missing_field_at_once(qtbot, demo_ctx):
    """The 登记收文 form used to refuse one field at a time, and claimed its defaults (来文渠道,
    紧急程度) were missing; now one box titled 「无法登记」 names exactly what is empty."""
    from desktop_app.services.documents import incoming
    from ui.panes.documents import DocumentsPane

    pane = DocumentsPane(demo_ctx)
    qtbot.addWidget(pane)
    tab = pane.incoming
    before = len(incoming.list_documents(demo_ctx.db, user=demo_ctx.user))
    dialog = tab.forms.register()
    wait_ops()
    dialog.widgets["secrecy"].setCurrentIndex(dialog.widgets["secrecy"].findData("秘密"))
    op = dialog.try_save()
    wait_ops()
    assert op.ok is False
    [box] = error_boxes()
    assert box.windowTitle() == "无法登记"
    text = box.text()
    assert "以下内容须填写或选择：来文机关、标题、文种、文件性质。" in text
    assert "来文渠道" not in text and "紧急程度" not in text  # they have their defaults
    assert "涉密文件须登记保密期限" in text  # R44, in the same message
    close_errors()
    assert len(incoming.list_documents(demo_ctx.db, user=demo_ctx.user)) == before
    assert dialog.isVisible()

    dialog.widgets["secrecy"].setCurrentIndex(dialog.widgets["secrecy"].findData(""))
    dialog.widgets["sender"].setText("佳木斯市人民政府办公室")
    dialog.widgets["title"].setText("关于做好冬季供暖工作的通知")
    for key, value in (("doc_type", "通知"), ("nature", "action")):
        dialog.widgets[key].setCurrentIndex(dialog.widgets[key].findData(value))
    assert finish(dialog.try_save()) is True, open_errors()
    assert len(incoming.list_documents(demo_ctx.db, user=demo_ctx.user)) == before + 1


def test_sign_in_refusal_is_titled_login_failed(qtbot, ctx):
    from ui.dialogs.sign_in import sign_in_dialog

    dialog = sign_in_dialog(ctx.db, username="nobody")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.widgets["password"].setText("wrong-password")
    assert finish(dialog.try_save()) is False
    assert [b.windowTitle() for b in error_boxes()] == ["登录失败"]
    close_errors()
