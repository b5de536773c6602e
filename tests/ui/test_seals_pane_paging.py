"""The 用印申请 list is read a page at a time, newest first, as the 公文 registers are: years of
applications are not read to show one screen. 「显示更多」 reads the next page; a new filter
starts from the first page again; the quick search box, which filters the rows read, reads
every application the filters let through; a record opened from elsewhere is found however
old it is. (The page is made small here: the real one is ui.widgets.pager.PAGE_SIZE rows.)"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop_app.services import seals
from desktop_app.services.directory import listing
from tests.ui.conftest import wait_loaded
from tests.ui.seals_pane_support import window_fixture  # noqa: F401 - the `window` fixture
from ui.panes.seals import TEXT_DELAY_MS
from ui.widgets.table_model import ROW_ROLE

PAGE = 3
HANDLERS = ["甲经办", "乙经办", "丙经办", "丁经办", "戊经办", "己经办", "庚经办"]


@pytest.fixture
def applied(window) -> list[int]:
    """Seven applications on seven days, oldest first (ids in that order)."""
    ctx = window.ctx
    seal = seals.add_seal(
        ctx.db,
        ctx.user,
        name="同江市人民政府办公室印",
        kind="office",
        made_on=date(2025, 1, 2),
        document="刻制批准函",
        imprint=b"imprint",
    )
    seals.change_status(ctx.db, ctx.user, seal.id, "active", date(2025, 1, 3), "启用", seal.version)
    unit = next(u.id for u in listing.list_units(ctx.db) if u.name == "农业农村局")
    return [
        seals.apply(
            ctx.db,
            ctx.user,
            applied_on=date(2026, 11, 2) + timedelta(days=n),
            unit_id=unit,
            handler=handler,
            contact="13900000000",
            title=f"第{n + 1}份材料",
            copies=1,
            seal_id=seal.id,
            purpose="报送",
        ).id
        for n, handler in enumerate(HANDLERS)
    ]


def paged_pane(qtbot, window):
    pane = window.show_pane("用印")
    pane.pager.page_size = pane.pager.limit = PAGE
    pane.applications.reload()
    wait_loaded(qtbot, pane.applications)
    return pane


def shown(pane) -> list[int]:
    view = pane.applications
    return [view.proxy.index(r, 0).data(ROW_ROLE).id for r in range(view.proxy.rowCount())]


def test_the_list_shows_the_newest_page_and_more_on_request(qtbot, window, applied):
    pane = paged_pane(qtbot, window)
    newest = applied[::-1]
    assert shown(pane) == newest[:PAGE]
    assert pane.pager.has_more and pane.pager.more.isVisibleTo(pane)
    assert f"前 {PAGE} 条" in pane.pager.note.text()

    pane.pager.more.click()
    wait_loaded(qtbot, pane.applications)
    assert shown(pane) == newest[: 2 * PAGE]
    pane.pager.more.click()
    wait_loaded(qtbot, pane.applications)
    assert shown(pane) == newest
    assert not pane.pager.has_more and not pane.pager.more.isVisibleTo(pane)
    assert pane.pager.note.text() == ""

    # a new filter starts from the first page again
    pane.document.setText("材料")
    qtbot.waitUntil(lambda: pane.pager.limit == PAGE and shown(pane) == newest[:PAGE])


def test_the_quick_search_finds_an_application_older_than_the_page(qtbot, window, applied):
    pane = paged_pane(qtbot, window)
    assert applied[0] not in shown(pane)
    pane.applications.search.setText(HANDLERS[0])  # the oldest one's 经办人
    qtbot.waitUntil(lambda: shown(pane) == [applied[0]], timeout=5000)
    assert not pane.pager.has_more
    # a filter changed while the box holds text: still every application it lets through
    pane.document.setText("材料")
    qtbot.wait(TEXT_DELAY_MS + 100)  # the filter's own pause before it reloads
    wait_loaded(qtbot, pane.applications)
    assert shown(pane) == [applied[0]] and not pane.pager.has_more
    pane.applications.search.clear()
    assert shown(pane) == applied[::-1]  # everything read stays until the filters change


def test_a_record_opened_from_elsewhere_is_found_however_old(qtbot, window, applied):
    pane = paged_pane(qtbot, window)
    pane.open_record("seal_application", applied[0])
    qtbot.waitUntil(
        lambda: pane.detail.app is not None and pane.detail.app.id == applied[0], timeout=5000
    )
    assert pane.applications.current().id == applied[0]
    # the newest is found on the first page, without reading them all
    pane.open_record("seal_application", applied[-1])
    qtbot.waitUntil(
        lambda: pane.detail.app is not None and pane.detail.app.id == applied[-1], timeout=5000
    )
    wait_loaded(qtbot, pane.applications)
    assert len(shown(pane)) == PAGE and pane.pager.has_more
