"""人员与分管 pane: the six dated registers, their dialogs, voiding and 按日查询 (R4, R6.1–R6.3)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialogButtonBox, QPushButton

from tests.ui.conftest import close_errors, finish, open_errors, wait_ops
from ui.widgets.table import ROW_ROLE

KEYS = ["persons", "units", "appointments", "portfolios", "abPairs", "entrustments"]


@pytest.fixture
def make_pane(qtbot):
    from ui.panes.directory import DirectoryPane

    def make(ctx):
        pane = DirectoryPane(ctx)
        qtbot.addWidget(pane)
        pane.resize(1100, 700)
        return pane

    yield make
    close_errors()


def show_tab(qtbot, pane, key):
    """Switch to a register's tab and wait until its rows are loaded."""
    view = pane.views[key]
    with qtbot.waitSignal(view.loaded, timeout=5000):
        if pane.tabs.currentWidget() is view:
            view.reload()
        else:
            pane.tabs.setCurrentWidget(view)
    return view


def click(pane, object_name):
    button = pane.findChild(QPushButton, object_name)
    assert button is not None and button.isEnabled(), object_name
    button.click()
    wait_ops()  # the form opens once its pick lists are read
    return pane.dialog


def pick(combo, value):
    i = combo.findData(value)
    assert i >= 0, value
    combo.setCurrentIndex(i)


def person_id(ctx, name):
    from desktop_app.services.directory import commands as directory

    return next(p.id for p in directory.list_persons(ctx.db, True) if p.name == name)


def names(view):
    return [r.name for r in view.model.rows]


def test_pane_has_seven_tabs_and_actions(make_pane, ctx):
    pane = make_pane(ctx)
    assert pane.objectName() == "directoryPane" and pane.title == "人员与分管"
    assert pane.tabs.objectName() == "directoryTabs"
    assert [pane.tabs.tabText(i) for i in range(pane.tabs.count())] == [
        "人员",
        "单位",
        "任职",
        "分管",
        "AB角",
        "委托",
        "按日查询",
    ]
    for key in KEYS:
        assert pane.views[key].objectName() == key
        for action in ("add", "edit", "void"):
            assert pane.findChild(QPushButton, f"{key}_{action}") is not None
        assert not pane.findChild(QPushButton, f"{key}_edit").isEnabled()  # needs a row


def test_dated_registers_keep_the_service_order(qtbot, make_pane, demo_ctx):
    """Newest first, as the service lists them, until the clerk clicks a header."""
    pane = make_pane(demo_ctx)
    view = show_tab(qtbot, pane, "appointments")
    starts = [
        view.proxy.index(r, 0).data(ROW_ROLE).start_date for r in range(view.proxy.rowCount())
    ]
    assert starts == sorted(starts, reverse=True)


def test_add_person_through_dialog(qtbot, make_pane, ctx):
    from desktop_app.services.directory import commands as directory

    pane = make_pane(ctx)
    view = show_tab(qtbot, pane, "persons")
    dialog = click(pane, "persons_add")
    assert dialog.objectName() == "personDialog" and dialog.isVisible()
    dialog.widgets["name"].setText("钱学文")
    dialog.widgets["phone"].setText("0454-2321009")
    with qtbot.waitSignal(ctx.data_changed) as changed, qtbot.waitSignal(view.loaded):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert changed.args == ["人员与分管"]
    assert not dialog.isVisible()
    assert names(view) == ["钱学文"] and view.current().name == "钱学文"
    assert [(p.name, p.phone) for p in directory.list_persons(ctx.db)] == [
        ("钱学文", "0454-2321009")
    ]


def test_empty_name_is_refused_and_dialog_keeps_typed_fields(qtbot, make_pane, ctx):
    from desktop_app.services.directory import commands as directory

    pane = make_pane(ctx)
    show_tab(qtbot, pane, "persons")
    dialog = click(pane, "persons_add")
    dialog.widgets["phone"].setText("13900000000")
    dialog.widgets["note"].setPlainText("新调入")
    assert finish(dialog.try_save()) is False
    assert any("以下内容须填写或选择：姓名。" in text for text in open_errors())
    assert dialog.isVisible()
    assert dialog.widgets["phone"].text() == "13900000000"
    assert dialog.widgets["note"].toPlainText() == "新调入"
    assert directory.list_persons(ctx.db) == []


def test_R4_appointment_giving_two_mayors_is_refused(qtbot, make_pane, demo_ctx):
    pane = make_pane(demo_ctx)
    view = show_tab(qtbot, pane, "appointments")
    before = len(view.model.rows)
    dialog = click(pane, "appointments_add")
    assert dialog.objectName() == "appointmentDialog"
    pick(dialog.widgets["person_id"], person_id(demo_ctx, "陈立"))
    pick(dialog.widgets["post_code"], "mayor")
    pick(dialog.widgets["unit_id"], None)
    assert dialog.widgets["unit_id"].currentText() == "（无）"
    assert dialog.widgets["start_date"].date().toPython() == date(2026, 11, 26)
    assert finish(dialog.try_save()) is False
    errors = open_errors()
    assert any("依据《工作规则》第四条" in t and "李明远" in t for t in errors), errors
    assert dialog.isVisible()
    show_tab(qtbot, pane, "appointments")
    assert len(view.model.rows) == before


def test_edit_with_stale_version_is_refused(qtbot, make_pane, ctx):
    from desktop_app.services.directory import commands as directory

    p = directory.save_person(ctx.db, ctx.user, name="孔令辉")
    pane = make_pane(ctx)
    view = show_tab(qtbot, pane, "persons")
    assert view.select_where(lambda r: r.id == p.id)
    dialog = click(pane, "persons_edit")
    assert dialog.widgets["name"].text() == "孔令辉"
    directory.save_person(
        ctx.db, ctx.user, name="孔令辉", phone="110", record_id=p.id, expected_version=p.version
    )  # another clerk saves first
    dialog.widgets["name"].setText("孔令晖")
    with qtbot.waitSignal(view.loaded):  # the register reloads to show the newer record
        assert finish(dialog.try_save()) is False
    assert any("该记录已被他人修改" in t for t in open_errors())
    assert dialog.isVisible() and dialog.widgets["name"].text() == "孔令晖"
    assert [(x.name, x.phone) for x in directory.list_persons(ctx.db)] == [("孔令辉", "110")]


def test_void_needs_a_reason_then_row_shows_only_with_voided(qtbot, make_pane, ctx):
    from desktop_app.services.directory import commands as directory

    p = directory.save_person(ctx.db, ctx.user, name="重复录入")
    pane = make_pane(ctx)
    view = show_tab(qtbot, pane, "persons")
    assert view.select_where(lambda r: r.id == p.id)
    dialog = click(pane, "persons_void")
    assert dialog.objectName() == "voidDialog"
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Save).text() == "作废"
    assert finish(dialog.try_save()) is False
    assert any("须填写或选择：作废原因。" in t for t in open_errors())
    assert dialog.isVisible()
    close_errors()
    dialog.widgets["reason"].setPlainText("与另一条重复")
    with qtbot.waitSignal(view.loaded):
        assert finish(dialog.try_save()) is True
    assert names(view) == []
    with qtbot.waitSignal(view.loaded):
        view.show_voided.setChecked(True)
    assert [(r.name, r.void_reason) for r in view.model.rows] == [("重复录入", "与另一条重复")]
    view.select_where(lambda r: r.id == p.id)
    assert not pane.findChild(QPushButton, "persons_edit").isEnabled()
    assert not pane.findChild(QPushButton, "persons_void").isEnabled()


def test_day_view_shows_who_held_what(qtbot, make_pane, demo_ctx):
    pane = make_pane(demo_ctx)
    day = pane.day
    assert day.picker.objectName() == "dayPicker"
    assert day.day() == date(2026, 11, 26)
    with qtbot.waitSignal(day.loaded, timeout=5000):
        pane.tabs.setCurrentWidget(day)
    assert day.mayor.objectName() == "dayMayor" and day.mayor.text() == "李明远"
    assert day.secretary.text() == "王建国"
    assert day.entrusted.text() == "（无委托）"
    leaders = {r.name: r for r in day.model.rows}
    assert leaders["张海峰"].title == "常务副市长"
    assert leaders["赵文华"].ab_partner == "孙立新"
    assert "农业农村战线" in leaders["孙立新"].portfolio

    with qtbot.waitSignal(day.loaded, timeout=5000):
        day.picker.setDate(QDate(2026, 12, 4))
    assert day.entrusted.text().startswith("张海峰")

    with qtbot.waitSignal(day.loaded, timeout=5000):
        day.picker.setDate(QDate(2020, 1, 1))
    assert day.mayor.text() == "刘国栋"
    assert day.model.rows == []


def test_read_only_user_cannot_add(qtbot, make_pane, demo_ctx):
    from desktop_app.services.system.common import CurrentUser
    from ui.context import AppContext

    ro = AppContext(demo_ctx.db, CurrentUser("ro", "只读", "readonly"), today=demo_ctx.today)
    pane = make_pane(ro)
    view = show_tab(qtbot, pane, "persons")
    assert "李明远" in names(view)
    for key in KEYS:
        for action in ("add", "edit", "void"):
            button = pane.findChild(QPushButton, f"{key}_{action}")
            assert button is None or not button.isEnabled()
    assert pane.dialog is None


def test_open_record_selects_the_person(qtbot, make_pane, demo_ctx):
    pane = make_pane(demo_ctx)
    pid = person_id(demo_ctx, "张海峰")
    view = pane.views["persons"]
    with qtbot.waitSignal(view.loaded, timeout=5000):
        pane.open_record("person", pid)
    assert pane.tabs.currentWidget() is view
    assert view.current().id == pid


def test_open_record_shows_unit_and_post(qtbot, make_pane, demo_ctx):
    from desktop_app.services.directory import commands as directory

    pane = make_pane(demo_ctx)
    unit = next(u for u in directory.list_units(demo_ctx.db) if u.name == "信访局")
    post = next(
        a for a in directory.list_periods(demo_ctx.db, "appointment") if a.person_name == "王建国"
    )
    for kind, key, ref_id in (("unit", "units", unit.id), ("post", "appointments", post.id)):
        view = pane.views[key]
        with qtbot.waitSignal(view.loaded, timeout=5000):
            pane.open_record(kind, ref_id)
        assert pane.tabs.currentWidget() is view and view.current().id == ref_id


def test_open_record_finds_a_voided_person(qtbot, make_pane, ctx):
    from desktop_app.services.directory import commands as directory

    p = directory.save_person(ctx.db, ctx.user, name="已调离")
    directory.void(ctx.db, ctx.user, "person", p.id, "调离", p.version)
    pane = make_pane(ctx)
    view = pane.views["persons"]
    pane.open_record("person", p.id)
    qtbot.waitUntil(lambda: view.current() is not None and view.current().id == p.id)
    assert view.show_voided.isChecked()


def test_edit_unit_keeps_its_sort_order(qtbot, make_pane, demo_ctx):
    from desktop_app.services.directory import commands as directory

    pane = make_pane(demo_ctx)
    view = show_tab(qtbot, pane, "units")
    before = [u.name for u in directory.list_units(demo_ctx.db)]
    assert view.select_where(lambda r: r.name == "审计局")
    dialog = click(pane, "units_edit")
    assert dialog.objectName() == "unitDialog"
    assert dialog.widgets["kind"].currentData() == "department"
    assert dialog.widgets["sort_order"].value() == 6
    dialog.widgets["short_name"].setText("审计")
    with qtbot.waitSignal(view.loaded):
        assert finish(dialog.try_save()) is True
    assert [u.name for u in directory.list_units(demo_ctx.db)] == before
    assert view.current().short_name == "审计"


def test_edit_appointment_form_is_prefilled(qtbot, make_pane, demo_ctx):
    from desktop_app.services.directory import commands as directory

    pane = make_pane(demo_ctx)
    view = show_tab(qtbot, pane, "appointments")
    assert view.select_where(lambda r: r.person_name == "李明远" and r.post_code == "mayor")
    dialog = click(pane, "appointments_edit")
    w = dialog.widgets
    assert w["person_id"].currentData() == person_id(demo_ctx, "李明远")
    assert w["post_code"].currentData() == "mayor" and w["unit_id"].currentData() is None
    assert w["title"].text() == "" and w["end_date"].value() is None
    w["note"].setPlainText("第十届")
    with qtbot.waitSignal(view.loaded):
        assert finish(dialog.try_save()) is True
    mayors = [
        a for a in directory.list_periods(demo_ctx.db, "appointment") if a.post_code == "mayor"
    ]
    assert [(a.person_name, a.note, a.end_date) for a in mayors if a.end_date is None] == [
        ("李明远", "第十届", None)
    ]


def test_R6_1_portfolio_by_area_and_vice_mayors_listed_first(qtbot, make_pane, demo_ctx):
    pane = make_pane(demo_ctx)
    view = show_tab(qtbot, pane, "portfolios")
    dialog = click(pane, "portfolios_add")
    combo = dialog.widgets["person_id"]
    assert combo.itemText(0) == "（请选择）"
    assert {combo.itemText(i) for i in range(1, 6)} == {
        "张海峰（常务副市长）",
        "赵文华（副市长）",
        "孙立新（副市长）",
        "周志强（副市长）",
        "吴秀兰（副市长）",
    }
    pick(combo, person_id(demo_ctx, "吴秀兰"))
    dialog.widgets["area"].setText("文化旅游战线")
    with qtbot.waitSignal(view.loaded):
        assert finish(dialog.try_save()) is True
    assert view.current().label == "文化旅游战线" and view.current().person_name == "吴秀兰"


def test_R6_3_entrustment_form_defaults(qtbot, make_pane, demo_ctx):
    pane = make_pane(demo_ctx)
    view = show_tab(qtbot, pane, "entrustments")
    assert [(r.person_name, r.other_name) for r in view.model.rows] == [("李明远", "张海峰")]
    dialog = click(pane, "entrustments_add")
    assert dialog.objectName() == "entrustmentDialog"
    assert dialog.widgets["scope"].text() == "主持市政府全面工作"
    assert dialog.widgets["principal_id"].itemText(1) == "李明远（市长）"
    assert dialog.widgets["end_date"].date().toPython() == date(2026, 11, 26)


def test_register_models_pass_qt_model_tester(qtbot, qtmodeltester, make_pane, demo_ctx):
    pane = make_pane(demo_ctx)
    for key in KEYS:
        qtmodeltester.check(show_tab(qtbot, pane, key).model)


def test_persons_tab_lists_by_rank_then_pinyin_with_unit_and_title_apart(
    qtbot, make_pane, demo_ctx
):
    """Issue 18 item 10: the 人员 tab reads like a printed 名录 — 市委书记, 市长, 常务副市长, the
    vice mayors in pinyin order …, the former mayor among those without a post — and a township
    post reads 「向阳乡 · 乡镇党委书记」, not 「向阳乡乡镇党委书记」."""
    pane = make_pane(demo_ctx)
    view = show_tab(qtbot, pane, "persons")
    rows = [(r.name, r.posts) for r in view.model.rows]
    names = [n for n, _p in rows]
    assert names[:3] == ["王建国", "李明远", "张海峰"]  # 市委书记, 市长, 常务副市长
    assert names[3:7] == ["孙立新", "吴秀兰", "赵文华", "周志强"]  # 副市长: sūn, wú, zhào, zhōu
    posts = dict(rows)
    assert posts["刘国栋"] == "" and names.index("刘国栋") > names.index("周志强")
    township = [p for p in posts.values() if "乡镇党委书记" in p]
    assert township and all(" · " in p for p in township)
    assert "向阳乡 · 乡镇党委书记" in township
    # the table shows the same order as the service gives (no sort by a column yet)
    assert view.proxy.index(1, 0).data() == "李明远"
    assert view.proxy.index(1, 1).data() == "市长"
