"""Every missing field named at once in the 发文, 督办, 账户 and 人员与分管 forms too (issue 18
item 5), with the form's own checks in the same message; the red labels follow the fields as the
clerk fills them in, not only on the next 保存; nothing is saved while anything is missing."""

from __future__ import annotations

import pytest

from tests.ui.conftest import close_errors, finish, open_errors, wait_ops


def refusal(dialog) -> str:
    """Ask to save; the save must be refused before the database is asked: its one message."""
    op = dialog.try_save()
    wait_ops()
    assert op.ok is False
    [text] = open_errors()
    close_errors()
    assert dialog.isVisible()
    return text


def red(dialog, key: str) -> bool:
    return dialog.field_label(key).property("missing") is True


def pick(dialog, key: str, value) -> None:
    combo = dialog.widgets[key]
    i = combo.findData(value)
    assert i >= 0, value
    combo.setCurrentIndex(i)


def choose(dialog, key: str, text: str) -> None:
    combo = dialog.widgets[key]
    i = next(i for i in range(combo.count()) if combo.itemText(i).startswith(text))
    combo.setCurrentIndex(i)


def test_red_labels_clear_as_the_fields_are_filled_and_return_if_emptied(qtbot, qapp):
    from ui.widgets.form import FormDialog
    from ui.widgets.form_fields import FieldSpec

    dialog = FormDialog(
        "登记来信",
        [
            FieldSpec("sender", "来信人", required=True),
            FieldSpec("kind", "类别", "combo", [(None, "（请选择）"), ("a", "甲")], required=True),
            FieldSpec("body", "内容", "multiline", required=True),
        ],
        lambda v: v,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert "来信人、类别、内容" in refusal(dialog)
    assert all(red(dialog, k) for k in ("sender", "kind", "body"))

    dialog.widgets["sender"].setText("王")  # typing the first character clears it at once
    assert not red(dialog, "sender") and red(dialog, "kind") and red(dialog, "body")
    dialog.widgets["kind"].setCurrentIndex(1)
    assert not red(dialog, "kind")
    dialog.widgets["body"].setPlainText("反映供暖问题")
    assert not red(dialog, "body")
    assert dialog.field_label("sender").styleSheet() == ""

    dialog.widgets["sender"].clear()  # emptied again: red again, before any 保存
    assert red(dialog, "sender")
    dialog.widgets["kind"].setCurrentIndex(0)
    assert red(dialog, "kind")
    dialog.reject()


@pytest.fixture
def documents(qtbot, demo_ctx):
    from ui.panes.documents import DocumentsPane

    pane = DocumentsPane(demo_ctx)
    qtbot.addWidget(pane)
    yield pane
    close_errors()


def test_outgoing_draft_lists_every_missing_field_and_the_classified_check(qtbot, documents):
    from desktop_app.services.documents import outgoing

    ctx = documents.ctx
    before = len(outgoing.list_outgoing(ctx.db, ctx.user))
    dialog = documents.outgoing.forms.draft(None)
    wait_ops()
    pick(dialog, "secrecy", "秘密")
    text = refusal(dialog)
    assert "以下内容须填写或选择：文种、标题、拟稿单位。" in text
    assert "涉密文件须登记保密期限" in text  # R44, in the same message
    assert red(dialog, "doc_type") and red(dialog, "title") and red(dialog, "drafting_unit_id")
    pick(dialog, "doc_type", "通知")
    assert not red(dialog, "doc_type") and red(dialog, "title")
    dialog.widgets["title"].setText("关于做好2027年春耕生产工作的通知")
    choose(dialog, "drafting_unit_id", "农业农村局")
    pick(dialog, "secrecy", "")
    assert finish(dialog.try_save()) is True, open_errors()
    assert len(outgoing.list_outgoing(ctx.db, ctx.user)) == before + 1


def test_outgoing_void_and_openness_ask_for_what_they_need(qtbot, documents):
    from desktop_app.services.documents import outgoing
    from tests.ui.conftest import wait_loaded

    ctx = documents.ctx
    tab = documents.outgoing
    d = outgoing.create_outgoing(
        ctx.db,
        ctx.user,
        issuer="government",
        doc_type="通知",
        title="关于开展冬季安全检查的通知",
        drafting_unit_id=_unit(ctx, "农业农村局"),
        drafted_on=ctx.today(),
    )
    documents.tabs.setCurrentWidget(tab)
    wait_loaded(qtbot, tab.view)
    assert tab.view.select_where(lambda r: r.id == d.id)
    wait_ops()
    dialog = tab.forms.openness()
    assert not dialog.widgets["reason"].isVisibleTo(dialog)
    assert "以下内容须填写或选择：公开属性。" in refusal(dialog)
    pick(dialog, "openness", "不予公开")  # now its reason is asked, and shown
    assert dialog.widgets["reason"].isVisibleTo(dialog)
    assert "以下内容须填写或选择：不予公开理由。" in refusal(dialog)
    dialog.reject()

    dialog = tab.forms.void()
    assert "以下内容须填写或选择：作废原因。" in refusal(dialog)
    dialog.reject()
    assert not outgoing.get_outgoing(ctx.db, ctx.user, d.id).voided


def _unit(ctx, name: str) -> int:
    from desktop_app.services.directory.commands import list_units

    return next(u.id for u in list_units(ctx.db) if u.name == name)


@pytest.fixture
def supervision(qtbot, demo_ctx):
    from tests.ui.conftest import wait_loaded
    from ui.main_window import MainWindow

    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    pane = win.show_pane("督办")
    wait_loaded(qtbot, pane.view)
    yield pane
    close_errors()


def test_supervision_new_item_and_request_list_everything_at_once(qtbot, supervision):
    from desktop_app.services.supervision import queries
    from ui.panes import supervision_forms as forms

    ctx = supervision.ctx
    before = len(queries.list_items(ctx.db, ctx.today(), user=ctx.user))
    dialog = forms.new_item(supervision)
    wait_ops()
    assert "以下内容须填写或选择：督办事项、责任单位、责任人。" in refusal(dialog)
    dialog.widgets["title"].setText("督促完成老旧小区改造")
    choose(dialog, "unit_id", "财政局")
    assert (
        not red(dialog, "title")
        and not red(dialog, "unit_id")
        and red(dialog, "responsible_person")
    )
    dialog.reject()

    dialog = forms.request(supervision)
    wait_ops()
    pick(dialog, "form", "口头")
    text = refusal(dialog)
    assert "以下内容须填写或选择：请示事项、责任单位、责任人。" in text
    assert "接受人" in text and "报告人" in text  # R58's oral record, in the same message
    dialog.reject()
    assert len(queries.list_items(ctx.db, ctx.today(), user=ctx.user)) == before


def test_supervision_step_asks_the_signer_or_the_department_as_the_step_needs(qtbot, supervision):
    from datetime import date

    from desktop_app.services.supervision import commands
    from tests.ui.conftest import wait_loaded
    from ui.panes import supervision_forms as forms

    ctx = supervision.ctx
    item = commands.create_item(
        ctx.db,
        ctx.user,
        kind="major",
        title="会见台湾地区来宾",
        unit_id=_unit(ctx, "财政局"),
        responsible_person="徐东升",
        deadline=date(2026, 12, 20),
        assigned_on=ctx.today(),
        matter="taiwan_guest",
    )
    supervision.view.reload()
    wait_loaded(qtbot, supervision.view)
    row = next(r for r in supervision.view.model.rows if r.id == item.id)
    dialog = forms.step(supervision, row)
    wait_ops()
    # 对台部门审核意见: a department's opinion, no leader's signature
    assert dialog.widgets["step"].currentData() == "tao_opinion"
    assert dialog.widgets["signer_name"].isVisibleTo(dialog)
    assert not dialog.widgets["signer_id"].isVisibleTo(dialog)
    assert "以下内容须填写或选择：出具意见的部门。" in refusal(dialog)
    pick(dialog, "step", "director_agree")
    assert dialog.widgets["signer_id"].isVisibleTo(dialog)
    assert not dialog.widgets["signer_name"].isVisibleTo(dialog)
    dialog.reject()


def test_new_account_lists_missing_fields_then_password_problems_together(qtbot, ctx):
    from desktop_app.services.system import accounts
    from ui.panes.settings_accounts import AccountsWidget

    widget = AccountsWidget(ctx)
    qtbot.addWidget(widget)
    dialog = widget.new_account()
    text = refusal(dialog)
    assert "以下内容须填写或选择：用户名、姓名、初始密码、确认密码。" in text
    dialog.widgets["username"].setText("wenmi")
    dialog.widgets["display_name"].setText("文秘甲")
    dialog.widgets["password"].setText("short")
    dialog.widgets["password2"].setText("other")
    text = refusal(dialog)
    assert f"密码至少 {accounts.MIN_PASSWORD} 位。" in text
    assert "两次输入的密码不一致。" in text
    assert "须填写" not in text
    assert accounts.list_accounts(ctx.db) == []
    dialog.reject()


@pytest.fixture
def directory(qtbot, demo_ctx):
    from ui.panes.directory import DirectoryPane

    pane = DirectoryPane(demo_ctx)
    qtbot.addWidget(pane)
    yield pane
    close_errors()


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("persons", "以下内容须填写或选择：姓名。"),
        ("units", "以下内容须填写或选择：单位名称。"),
        ("appointments", "以下内容须填写或选择：人员。"),
        ("portfolios", "以下内容须填写或选择：副市长。\n请选择分管单位，或填写分管战线/领域。"),
        ("abPairs", "以下内容须填写或选择：A角、B角。"),
        ("entrustments", "以下内容须填写或选择：委托人、受委托人。"),
    ],
)
def test_directory_add_forms_name_every_missing_field(qtbot, directory, key, expected):
    from ui.panes.directory_forms import TABS

    spec = next(s for s in TABS if s.key == key)
    directory._open_form(spec, None)
    wait_ops()
    dialog = directory.dialog
    for k, w in dialog.widgets.items():  # whatever a form proposes is taken away
        if dialog.specs[k].required and hasattr(w, "setCurrentIndex"):
            w.setCurrentIndex(0)
    assert expected in refusal(dialog)
    dialog.reject()
