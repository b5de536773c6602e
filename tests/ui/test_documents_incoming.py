"""收文 tab details: the table models pass Qt's model tester, the status filter (已逾期, 已退文,
作废), the database search, a department route with assisting departments and a working-day
deadline (R35), a circle on a notice (R36), classified records hidden from a clerk (R44), and a
dashboard entry opening its record."""

from __future__ import annotations

from datetime import date

from desktop_app.services.directory import commands as directory
from desktop_app.services.documents import incoming
from desktop_app.services.system.common import CurrentUser
from tests.ui.conftest import close_errors, finish, open_errors, wait_loaded, wait_ops
from tests.ui.documents_incoming_support import (
    reg,
    tab_fixture,  # noqa: F401 - the `tab` fixture
)
from tests.ui.test_documents_pane import pick, select

CLERK = CurrentUser("wenmi", "文秘甲", "clerk")


def routed(ctx, title: str, deadline: date, **kw):
    d = reg(ctx, title, **kw)
    d = incoming.propose(ctx.db, ctx.user, d.id, "转农业农村局办理。", d.version)
    unit = {u.name: u.id for u in directory.list_units(ctx.db)}["农业农村局"]
    return incoming.route(
        ctx.db,
        ctx.user,
        d.id,
        to="department",
        lead_unit_id=unit,
        deadline=deadline,
        today=date(2026, 11, 20),
        expected_version=d.version,
    )


def test_register_and_detail_models_pass_the_model_tester(qtbot, qtmodeltester, tab):
    ctx = tab.ctx
    d = routed(ctx, "关于做好冬季供暖工作的通知", date(2026, 12, 4))
    incoming.record_reading(
        ctx.db,
        ctx.user,
        d.id,
        read_on=date(2026, 11, 21),
        opinion="请抓紧落实。",
        unit_id=d.lead_unit_id,
    )
    incoming.chase(ctx.db, ctx.user, d.id, date(2026, 11, 24), "电话催办", "")
    reg(ctx, "关于召开安全生产会议的通知")
    select(qtbot, tab, lambda x: x.id == d.id)
    qtbot.waitUntil(lambda: tab.detail.chases.rowCount() == 1, timeout=5000)
    assert tab.view.model.rowCount() == 2
    for model in (tab.view.model, tab.view.proxy, tab.detail.readings, tab.detail.chases):
        qtmodeltester.check(model, force_py=True)
    assert "主办部门农业农村局" in "".join(tab.detail.text.toPlainText().split())


def test_status_filter_overdue_returned_and_voided(qtbot, tab):
    ctx = tab.ctx
    late = routed(ctx, "逾期未办结的通知", date(2026, 11, 25))  # ctx today: 26 November
    routed(ctx, "尚在时限内的通知", date(2026, 12, 10))
    back = reg(ctx, "非正常程序报送的请示", channel="irregular")
    incoming.return_to_sender(ctx.db, ctx.user, back.id, "非正常程序报送", back.version)
    gone = reg(ctx, "重复登记的通知")
    incoming.void_document(ctx.db, ctx.user, gone.id, "重复登记", gone.version)

    def titles(status: str) -> list[str]:
        tab.status.setCurrentIndex(tab.status.findData(status))
        tab.view.reload()
        wait_loaded(qtbot, tab.view)
        return sorted(d.title for d in tab.view.model.rows)

    assert titles("overdue") == ["逾期未办结的通知"]
    assert titles("routed") == ["尚在时限内的通知", "逾期未办结的通知"]
    assert titles("returned") == ["非正常程序报送的请示"]
    assert titles("voided") == ["重复登记的通知"]
    assert "重复登记的通知" not in titles("")
    status_col = [c.title for c in tab.view.model.columns].index("状态")
    row = next(i for i, d in enumerate(tab.view.model.rows) if d.id == late.id)
    assert tab.view.model.index(row, status_col).data() == "办理中（已逾期）"


def test_search_box_asks_the_database(qtbot, tab):
    ctx = tab.ctx
    reg(ctx, "关于做好2018年防汛工作的通知")
    reg(ctx, "关于开展秋季植树活动的通知", sender="同江市林业和草原局")
    tab.view.reload()
    wait_loaded(qtbot, tab.view)
    assert tab.view.model.rowCount() == 2
    tab.view.search.setText("防汛")
    qtbot.waitUntil(lambda: tab.query["text"] == "防汛" and not tab.view.loading, timeout=5000)
    assert [d.title for d in tab.view.model.rows] == ["关于做好2018年防汛工作的通知"]
    tab.view.search.setText("林业和草原局")
    qtbot.waitUntil(
        lambda: tab.query["text"] == "林业和草原局" and not tab.view.loading, timeout=5000
    )
    assert [d.title for d in tab.view.model.rows] == ["关于开展秋季植树活动的通知"]


def test_R35_department_route_with_assisting_departments_and_working_days(qtbot, tab):
    ctx = tab.ctx
    d = reg(ctx, "关于报送2026年粮食生产情况的通知", from_higher=True)
    incoming.propose(ctx.db, ctx.user, d.id, "转农业农村局办理。", d.version)
    select(qtbot, tab, lambda x: x.id == d.id)
    dialog = tab.forms.route()
    pick(dialog, "to", "department")
    assert not dialog.widgets["leader_id"].isEnabled()
    pick(dialog, "unit_id", {u.name: u.id for u in directory.list_units(ctx.db)}["农业农村局"])
    assert dialog.widgets["lead_unit_id"].currentText() == "农业农村局"
    dialog.widgets["assist"].setText("财政局、不存在的局")
    assert not finish(dialog.try_save())
    assert any("不存在的局" in e for e in open_errors())
    close_errors()
    dialog.widgets["assist"].setText("财政局")
    dialog.widgets["working_days"].setValue(3)
    assert finish(dialog.try_save()), open_errors()
    select(qtbot, tab, lambda x: x.id == d.id and x.status == "routed")
    doc = tab.current()
    assert doc.deadline == date(2026, 12, 1)  # Thursday 26 November + 3 working days
    assert any("（R35）" in f for f in doc.flags)  # from 佳木斯 without the vice mayor's reading
    text = "".join(tab.detail.text.toPlainText().split())
    assert "协办部门财政局" in text and "分管副市长阅批" in text


def test_R36_notice_read_by_circle_without_an_opinion(qtbot, tab):
    ctx = tab.ctx
    d = routed(ctx, "关于国庆假期安排的通报", date(2026, 12, 10), nature="notice", doc_type="通报")
    select(qtbot, tab, lambda x: x.id == d.id)
    dialog = tab.forms.record_reading()
    wait_ops()  # the form's pick list is read through the runner
    assert dialog.widgets["who"].currentText() == "农业农村局"
    assert finish(dialog.try_save()), open_errors()
    select(qtbot, tab, lambda x: x.id == d.id)
    qtbot.waitUntil(lambda: tab.detail.readings.rowCount() == 1, timeout=5000)
    assert tab.detail.readings.rows[0][2] == "已阅知"


def test_R32_return_to_sender_from_the_pane(qtbot, tab):
    ctx = tab.ctx
    d = reg(ctx, "某乡越级报送的请示", channel="irregular", reverse_flow=True)
    select(qtbot, tab, lambda x: x.id == d.id)
    assert "非正常程序" in tab.detail.text.toPlainText()  # the R32 flag is shown
    dialog = tab.forms.return_to_sender()
    assert not finish(dialog.try_save())  # a reason is required
    close_errors()
    dialog.widgets["reason"].setPlainText("非正常程序报送，请按程序报送。")
    assert finish(dialog.try_save()), open_errors()
    select(qtbot, tab, lambda x: x.id == d.id and x.status == "returned")
    assert {n for n, b in tab.buttons.items() if b.isEnabled()} == {"voidIncoming"}


def test_R44_classified_records_not_listed_for_a_clerk(qtbot, demo_ctx):
    from ui.context import AppContext
    from ui.panes.documents import DocumentsPane

    reg(
        demo_ctx,
        "涉密事项的通知",
        secrecy="机密",
        secrecy_term="10年",
        copies=1,
        copy_numbers="003",
    )
    reg(demo_ctx, "公开事项的通知")
    clerk_ctx = AppContext(demo_ctx.db, CLERK, today=demo_ctx.today)
    pane = DocumentsPane(clerk_ctx)
    qtbot.addWidget(pane)
    pane.incoming.view.reload()
    wait_loaded(qtbot, pane.incoming.view)
    assert [d.title for d in pane.incoming.view.model.rows] == ["公开事项的通知"]


def test_dashboard_entry_opens_the_document(qtbot, demo_ctx):
    from desktop_app.services.system import dashboard
    from ui.main_window import MainWindow

    d = reg(demo_ctx, "今日收到尚未拟办的通知", day=date(2026, 11, 26))
    items = [i for i in dashboard.collect(demo_ctx.db, demo_ctx.today()) if i.ref_id == d.id]
    assert items and items[0].ref_kind == "incoming"
    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    win.open_record(items[0].area, items[0].ref_kind, items[0].ref_id)
    tab = win.pane("公文").incoming
    qtbot.waitUntil(lambda: tab.current() is not None and tab.current().id == d.id, timeout=5000)
    qtbot.waitUntil(lambda: tab.detail.document is not None, timeout=5000)
    assert tab.detail.document.title == "今日收到尚未拟办的通知"


def test_search_finds_a_document_by_its_reading_opinion(qtbot, tab):
    """With the full-text search installed, opinions are searched too and the match is shown."""
    ctx = tab.ctx
    d = routed(ctx, "关于做好冬季供暖工作的通知", date(2026, 12, 4))
    incoming.record_reading(
        ctx.db,
        ctx.user,
        d.id,
        read_on=date(2026, 11, 21),
        opinion="请住建局督促热源厂按时供热。",
        unit_id=d.lead_unit_id,
    )
    reg(ctx, "关于开展秋季植树活动的通知")
    tab.view.search.setText("热源厂")
    qtbot.waitUntil(lambda: tab.query["text"] == "热源厂" and not tab.view.loading, timeout=5000)
    assert [x.id for x in tab.view.model.rows] == [d.id]
    col = [c.title for c in tab.view.model.columns].index("匹配内容")
    assert "热源厂" in tab.view.model.index(0, col).data()


def test_a_read_only_account_sees_the_register_with_every_action_disabled(qtbot, demo_ctx):
    from ui.context import AppContext
    from ui.panes.documents import DocumentsPane

    d = reg(demo_ctx, "关于召开安全生产会议的通知")
    viewer = AppContext(
        demo_ctx.db, CurrentUser("chakan", "查看", "readonly"), today=demo_ctx.today
    )
    pane = DocumentsPane(viewer)
    qtbot.addWidget(pane)
    select(qtbot, pane.incoming, lambda x: x.id == d.id)
    tab = pane.incoming
    assert not tab.view.findChild(type(tab.buttons["voidIncoming"]), "registerIncoming").isEnabled()
    assert not any(b.isEnabled() for b in tab.buttons.values())


def test_register_exported_to_excel_for_a_date_range(qtbot, tab, tmp_path):
    from openpyxl import load_workbook

    ctx = tab.ctx
    reg(ctx, "关于做好冬季供暖工作的通知", day=date(2026, 11, 20))
    reg(ctx, "十月收到的通知", day=date(2026, 10, 9))
    path = tmp_path / "收文登记簿.xlsx"
    tab.output.export_to(
        path, {"start": date(2026, 11, 1), "end": date(2026, 11, 30), "include_voided": True}
    )
    qtbot.waitUntil(lambda: tab.output.exported is not None, timeout=15000)
    assert tab.output.exported == 1
    sheet = load_workbook(path).active
    titles = [c.value for c in next(sheet.iter_rows(min_row=1, max_row=1))]
    row = [c.value for c in next(sheet.iter_rows(min_row=2, max_row=2))]
    assert row[titles.index("标题")] == "关于做好冬季供暖工作的通知"
