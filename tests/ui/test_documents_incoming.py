"""收文 tab details: the table models pass Qt's model tester, the status filter (已逾期, 已退文,
作废), the database search, a department route with assisting departments and a working-day
deadline (R35), a circle on a notice (R36), classified records hidden from a clerk (R44), and a
dashboard entry opening its record."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desktop_app.formatting import CHINA
from desktop_app.services.directory import commands as directory
from desktop_app.services.documents import incoming
from desktop_app.services.documents import search as doc_search
from desktop_app.services.system.common import CurrentUser
from tests.ui.conftest import close_errors, finish, open_errors, wait_ops
from tests.ui.test_documents_pane import pick, select, wait_loaded

CLERK = CurrentUser("wenmi", "文秘甲", "clerk")


def reg(ctx, title: str, day: date = date(2026, 11, 20), user=None, **kw):
    args = dict(
        received_at=datetime(day.year, day.month, day.day, 9, tzinfo=CHINA),
        sender="佳木斯市人民政府办公室",
        title=title,
        doc_type="通知",
        nature="action",
    )
    args.update(kw)
    return incoming.register_document(ctx.db, user or ctx.user, **args)


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


@pytest.fixture
def tab(qtbot, demo_ctx):
    from ui.panes.documents import DocumentsPane

    pane = DocumentsPane(demo_ctx)
    qtbot.addWidget(pane)
    return pane.incoming


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


def test_register_read_a_page_at_a_time(qtbot, tab):
    """A long register is not read whole: 「显示更多」 reads the next page; a dashboard entry for
    an older record reads on until it is shown."""
    ctx = tab.ctx
    docs = [reg(ctx, f"第{n}号通知", day=date(2026, 11, n)) for n in range(1, 6)]
    tab.pager.page_size = 2
    tab.pager.reset()
    tab.view.reload()
    wait_loaded(qtbot, tab.view)
    assert [d.title for d in tab.view.model.rows] == ["第5号通知", "第4号通知"]
    assert tab.pager.more.isVisibleTo(tab) and "前 2 条" in tab.pager.note.text()
    tab.pager.more.click()
    wait_loaded(qtbot, tab.view)
    assert tab.view.model.rowCount() == 4
    tab.pager.more.click()
    wait_loaded(qtbot, tab.view)
    assert tab.view.model.rowCount() == 5 and not tab.pager.more.isVisibleTo(tab)
    tab.open_document(docs[0].id)
    qtbot.waitUntil(
        lambda: tab.current() is not None and tab.current().id == docs[0].id, timeout=10000
    )


def test_search_asks_the_index_for_one_screen_at_a_time(qtbot, tab, monkeypatch):
    """A search asks the index for one screen (the page + 1), not for every hit; 「显示更多」
    asks for the next screen at an offset."""
    ctx = tab.ctx
    docs = [reg(ctx, f"关于第{n}批防汛物资调运的通知", day=date(2026, 11, n)) for n in range(1, 4)]
    asked = []
    real = doc_search.search_documents

    def spy(*args, **kw):
        asked.append((kw["limit"], kw["offset"]))
        return real(*args, **kw)

    monkeypatch.setattr(doc_search, "search_documents", spy)
    tab.pager.search_page_size = 2  # a search reads its own, smaller screens
    tab.view.search.setText("防汛物资")
    qtbot.waitUntil(lambda: tab.query["text"] == "防汛物资" and not tab.view.loading, timeout=5000)
    assert [x.id for x in tab.view.model.rows] == [docs[2].id, docs[1].id]
    assert asked == [(3, 0)] and tab.pager.more.isVisibleTo(tab)
    tab.pager.more.click()
    wait_loaded(qtbot, tab.view)
    assert [x.id for x in tab.view.model.rows] == [d.id for d in reversed(docs)]
    assert asked[-1] == (2, 3) and not tab.pager.more.isVisibleTo(tab)


def test_a_search_reads_a_smaller_screen_than_the_register(qtbot, tab):
    """The register reads PAGE_SIZE rows at a time; a search reads what the table shows and
    half as many again (SEARCH_PAGE_MIN to SEARCH_PAGE_SIZE hits), and clearing the search goes
    back to the register's pages."""
    from ui.panes.documents_common import PAGE_SIZE, SEARCH_PAGE_MIN, SEARCH_PAGE_SIZE

    assert SEARCH_PAGE_MIN < SEARCH_PAGE_SIZE < PAGE_SIZE
    tab.view.search.setText("防汛")
    qtbot.waitUntil(lambda: tab.query["text"] == "防汛" and not tab.view.loading, timeout=5000)
    screen = tab.pager.screen_rows()
    assert tab.pager.limit == screen and SEARCH_PAGE_MIN <= screen <= SEARCH_PAGE_SIZE
    tab.pager.more.click()
    assert tab.pager.limit == 2 * screen
    wait_loaded(qtbot, tab.view)
    tab.view.search.clear()
    qtbot.waitUntil(lambda: tab.query["text"] == "" and not tab.view.loading, timeout=5000)
    assert tab.pager.limit == PAGE_SIZE


def test_a_search_with_few_hits_does_not_move_the_table_and_each_load_paints_once(qtbot, tab):
    """After a search with more hits than a screen (「显示更多」 shown), one with a single hit
    (the button hidden) leaves the table where it was — the rows do not jump — and the rows of
    each load are painted once, not laid out again after they were first painted."""
    from PySide6.QtWidgets import QApplication

    from tests.ui.paint_count import PaintCount

    ctx = tab.ctx
    for n in range(1, 5):
        reg(ctx, f"关于第{n}批防汛物资调运的通知", day=date(2026, 11, n))
    reg(ctx, "关于秸秆禁烧工作的请示", day=date(2026, 11, 5))
    pane = tab.window()  # the 公文 pane, its 收文 tab in front
    pane.resize(1366, 768)
    pane.show()
    qtbot.waitExposed(pane)
    assert tab.view.table.isVisible()
    tab.pager.search_page_size = 2

    paints = PaintCount(tab.view.table.viewport())

    def settle() -> None:
        for _ in range(20):  # whatever a load left to do (layout, paint) runs now
            QApplication.processEvents()
            qtbot.wait(5)

    def search(text: str) -> int:
        """The paints of the table's rows from typing `text` until everything has settled."""
        settle()
        before = paints.count
        tab.view.search.setText(text)
        qtbot.waitUntil(lambda: tab.query["text"] == text and not tab.view.loading, timeout=5000)
        settle()
        return paints.count - before

    assert search("防汛物资") >= 1
    assert tab.pager.more.isVisibleTo(tab)
    where = tab.view.table.geometry()
    assert search("秸秆禁烧") == 1
    assert [d.title for d in tab.view.model.rows] == ["关于秸秆禁烧工作的请示"]
    assert not tab.pager.more.isVisibleTo(tab)
    assert tab.view.table.geometry() == where
    assert search("防汛物资") == 1
    assert tab.view.table.geometry() == where


def test_a_search_reads_as_many_hits_as_the_table_shows_and_half_again(qtbot, tab):
    """A table of about 20 rows reads 30 hits; one of 6 rows (the window's on a 1366×768
    laptop) 10, no more than a screen and a half; a shorter one the minimum; a tall one no more
    than SEARCH_PAGE_SIZE."""
    from ui.panes.documents_common import SEARCH_PAGE_MIN, SEARCH_PAGE_SIZE

    pane = tab.window()
    pane.show()
    qtbot.waitExposed(pane)
    row = tab.view.table.verticalHeader().defaultSectionSize()
    wanted = {}
    for rows_shown in (5, 6, 20, 60):
        tab.view.table.setFixedHeight(rows_shown * row + 40)
        qtbot.waitUntil(lambda n=rows_shown: tab.view.table.viewport().height() >= n * row)
        shown = tab.view.table.viewport().height() // row
        wanted[rows_shown] = (shown, tab.pager.screen_rows())
    assert wanted[5][1] == SEARCH_PAGE_MIN
    assert wanted[6] == (6, 10)
    shown, read = wanted[20]
    assert read >= shown * 3 // 2 and read % 5 == 0 and read < SEARCH_PAGE_SIZE
    assert wanted[60][1] == SEARCH_PAGE_SIZE


def shown_with_rows(qtbot, tab, rows: int) -> None:
    """The pane on a laptop's screen, its table about `rows` rows high."""
    pane = tab.window()
    pane.resize(1366, 768)
    pane.show()
    qtbot.waitExposed(pane)
    row = tab.view.table.verticalHeader().defaultSectionSize()
    tab.view.table.setFixedHeight(rows * row + 40)


def test_scrolling_to_the_last_hit_reads_the_next_screen_below_without_moving(qtbot, tab):
    """The clerk scrolls to the end of a search's hits: the next screen is read and added
    below the rows already shown; the view stays where it was scrolled and the selected record
    stays selected (before, 「显示更多」 reset the table to its top)."""
    ctx = tab.ctx
    docs = [reg(ctx, f"关于第{n}批防汛物资调运的通知", day=date(2026, 10, n)) for n in range(1, 13)]
    shown_with_rows(qtbot, tab, 4)
    tab.pager.search_page_size = 6
    tab.view.search.setText("防汛物资")
    qtbot.waitUntil(lambda: tab.query["text"] == "防汛物资" and not tab.view.loading, timeout=5000)
    newest = [d.id for d in reversed(docs)]
    assert [x.id for x in tab.view.model.rows] == newest[:6] and tab.pager.has_more
    tab.view.table.selectRow(1)
    bar = tab.view.table.verticalScrollBar()
    bar.setValue(bar.maximum())  # the last of the six
    at = bar.value()
    qtbot.waitUntil(lambda: len(tab.view.model.rows) == 12 and not tab.view.loading, timeout=5000)
    qtbot.wait(50)
    assert [x.id for x in tab.view.model.rows] == newest
    assert bar.value() == at  # not back at the top, not jumped to the selection
    assert tab.view.current().id == newest[1]
    assert not tab.pager.has_more and not tab.pager.more.isVisibleTo(tab)
    bar.setValue(bar.maximum())  # at the end with nothing more: nothing read
    qtbot.wait(50)
    assert not tab.view.loading and len(tab.view.model.rows) == 12


def test_a_new_search_is_shown_from_its_newest_hit_a_refresh_keeps_the_place(qtbot, tab):
    """A search with as many hits as the one before used to keep the table where the clerk had
    scrolled in the old list: the newest hits of the new search were above the screen. A new
    search, another status, 「显示已作废」 now start at the top; the same search read again
    (after a save) keeps the clerk's place."""
    ctx = tab.ctx
    flood = [reg(ctx, f"关于第{n}批防汛物资调运的通知", day=date(2026, 10, n)) for n in range(1, 7)]
    fire = [
        reg(ctx, f"关于第{n}批森林防火物资调运的通知", day=date(2026, 9, n)) for n in range(1, 7)
    ]
    shown_with_rows(qtbot, tab, 3)
    bar = tab.view.table.verticalScrollBar()

    def searched(text: str) -> None:
        tab.view.search.setText(text)
        qtbot.waitUntil(lambda: tab.query["text"] == text and not tab.view.loading, timeout=5000)

    searched("防汛物资")
    assert [x.id for x in tab.view.model.rows] == [d.id for d in reversed(flood)]
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum() // 2 or 1)
    scrolled = bar.value()
    assert scrolled > 0
    tab.reload()  # the same search again, as after a save: the place is kept
    qtbot.waitUntil(lambda: not tab.view.loading, timeout=5000)
    qtbot.wait(20)
    assert bar.value() == scrolled

    searched("森林防火物资")  # as many hits: the rows are refreshed in place
    assert [x.id for x in tab.view.model.rows] == [d.id for d in reversed(fire)]
    assert bar.value() == 0 and tab.view.table.rowAt(0) == 0  # the newest hit is on screen

    bar.setValue(bar.maximum())
    tab.view.show_voided.setChecked(True)  # another filter: from the top too
    qtbot.waitUntil(lambda: not tab.view.loading, timeout=5000)
    assert bar.value() == 0
