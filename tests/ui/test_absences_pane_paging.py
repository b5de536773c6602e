"""The 外出报备 register is read a page at a time, newest departure first (as the 用印 list and
the 公文 registers): years of requests are not read to show one screen. 「显示更多」 reads the
next page; a new filter starts from the first page; the quick search box, 打印列表 and 导出Excel
(which take the rows as filtered on screen) and a request opened from the 工作台 each read every
request the filters let through first. (The page is made small here: the real one is
ui.widgets.pager.PAGE_SIZE rows.)"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop_app.services.absences import commands as absences
from desktop_app.services.absences.commands import AbsenceInput
from desktop_app.services.directory import listing
from tests.ui.conftest import wait_loaded
from ui.widgets.table_model import ROW_ROLE

PAGE = 2
DESTINATIONS = ["哈尔滨市", "佳木斯市", "齐齐哈尔市", "牡丹江市", "大庆市"]


@pytest.fixture
def pane(qtbot, demo_ctx):
    from ui.main_window import MainWindow

    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    pane = win.show_pane("外出报备")
    pane.pager.page_size = pane.pager.limit = PAGE
    return pane


@pytest.fixture
def filed(pane) -> list[int]:
    """Five requests of one township head, a week apart, the last departing latest."""
    ctx = pane.ctx
    person = next(p.id for p in listing.list_persons(ctx.db) if p.name == "曹阳")
    ids = []
    for n, destination in enumerate(DESTINATIONS):
        start = date(2027, 3, 1) + timedelta(days=7 * n)
        ids.append(
            absences.file_request(
                ctx.db,
                ctx.user,
                AbsenceInput(
                    person_id=person,
                    category="出差",
                    reason="赴省汇报工作",
                    destination=destination,
                    start_date=start,
                    start_half="上午",
                    end_date=start + timedelta(days=1),
                    end_half="晚上",
                    transport="火车",
                    contact="13945400011",
                    acting_name="邓晓",
                    acting_post="街津口赫哲族乡副乡长",
                    acting_contact="13945400012",
                    filed_on=date(2026, 11, 20),
                ),
            ).id
        )
    return ids


def loaded(qtbot, pane) -> None:
    wait_loaded(qtbot, pane.register)


def shown(pane) -> list[int]:
    proxy = pane.register.proxy
    return [proxy.index(r, 0).data(ROW_ROLE).id for r in range(proxy.rowCount())]


def first_page(qtbot, pane) -> None:
    pane.register.reload()
    loaded(qtbot, pane)
    assert len(shown(pane)) == PAGE and pane.pager.has_more


def test_the_register_shows_the_newest_page_and_more_on_request(qtbot, pane, filed):
    first_page(qtbot, pane)
    assert shown(pane) == filed[::-1][:PAGE]  # the latest departures first
    assert pane.pager.more.isVisibleTo(pane) and f"前 {PAGE} 条" in pane.pager.note.text()
    pane.pager.more.click()
    loaded(qtbot, pane)
    assert shown(pane)[: 2 * PAGE] == filed[::-1][: 2 * PAGE]
    # a filter starts again from the first page
    pane.filter_bar.period.setCurrentIndex(pane.filter_bar.period.findData("year"))
    loaded(qtbot, pane)
    assert pane.pager.limit == PAGE


def test_the_quick_search_reads_every_request_first(qtbot, pane, filed):
    first_page(qtbot, pane)
    pane.register.search.setText(DESTINATIONS[0])  # the oldest one's destination
    qtbot.waitUntil(lambda: shown(pane) == [filed[0]], timeout=5000)
    assert not pane.pager.has_more


def test_print_and_export_take_every_request_not_just_the_page(qtbot, pane, filed, monkeypatch):
    from ui.panes import absences_actions

    taken: list[list[int]] = []
    monkeypatch.setattr(
        absences_actions, "print_list", lambda p: taken.append([d.id for d in p.shown_rows()])
    )
    monkeypatch.setattr(
        absences_actions, "export", lambda p: taken.append([d.id for d in p.shown_rows()])
    )
    first_page(qtbot, pane)
    pane.print_list()
    qtbot.waitUntil(lambda: len(taken) == 1, timeout=5000)
    assert set(filed) <= set(taken[0]) and len(taken[0]) > PAGE
    pane.export()  # everything is read already: at once
    assert len(taken) == 2 and taken[1] == taken[0]


def test_a_request_opened_from_the_dashboard_is_found_however_old(qtbot, pane, filed):
    first_page(qtbot, pane)
    pane.open_record("absence", filed[0])
    qtbot.waitUntil(
        lambda: pane.register.current() is not None and pane.register.current().id == filed[0],
        timeout=5000,
    )


def test_a_category_is_paged_too(qtbot, pane, filed, monkeypatch):
    """类别 is chosen by the database, so a list of one category is read a page at a time."""
    from desktop_app.services.absences import queries

    asked = []
    real = queries.list_absences

    def spy(*args, **kw):
        asked.append((kw.get("category"), kw.get("limit")))
        return real(*args, **kw)

    monkeypatch.setattr(queries, "list_absences", spy)
    first_page(qtbot, pane)
    category = pane.filter_bar.category
    category.setCurrentIndex(category.findData("出差"))
    loaded(qtbot, pane)
    assert asked[-1] == ("出差", PAGE + 1)
    assert shown(pane) == filed[::-1][:PAGE] and pane.pager.has_more
    category.setCurrentIndex(category.findData("休假"))  # none of the five
    loaded(qtbot, pane)
    assert not set(filed) & set(shown(pane))


def test_a_state_chosen_exactly_by_the_database_is_paged_too(qtbot, pane, filed, monkeypatch):
    """待审批 is the service's pending status itself: read a page at a time, like the whole
    list. 待销假 is one part of the service's returned status (the calendar decides which):
    the few requests of that status are read whole, never every request of every year."""
    from desktop_app.services.absences import queries

    asked = []
    real = queries.list_absences

    def spy(*args, **kw):
        asked.append((args[3], kw.get("limit")))
        return real(*args, **kw)

    monkeypatch.setattr(queries, "list_absences", spy)
    first_page(qtbot, pane)
    state = pane.filter_bar.state
    state.setCurrentIndex(state.findData("待审批"))  # the five are filed, none approved yet
    loaded(qtbot, pane)
    assert asked[-1] == ("pending", PAGE + 1)
    assert shown(pane) == filed[::-1][:PAGE] and pane.pager.has_more
    pane.pager.show_more()
    loaded(qtbot, pane)
    assert shown(pane)[: PAGE * 2] == filed[::-1][: PAGE * 2]
    state.setCurrentIndex(state.findData("待销假"))
    loaded(qtbot, pane)
    assert asked[-1] == ("returned", None)
    assert not set(filed) & set(shown(pane)) and not pane.pager.has_more
