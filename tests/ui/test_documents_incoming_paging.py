"""收文 tab paging: the register and a search's hits are read a screen at a time (「显示更多」,
a search screen sized to the table, scrolling to the last hit reads on), and the table stays
where the clerk left it — no jump after a search, the place kept on a refresh."""

from __future__ import annotations

from datetime import date

from desktop_app.services.documents import search as doc_search
from tests.ui.conftest import wait_loaded
from tests.ui.documents_incoming_support import (
    reg,
    tab_fixture,  # noqa: F401 - the `tab` fixture
)


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
    from ui.widgets.pager import PAGE_SIZE, SEARCH_PAGE_MIN, SEARCH_PAGE_SIZE

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
    from ui.widgets.pager import SEARCH_PAGE_MIN, SEARCH_PAGE_SIZE

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
