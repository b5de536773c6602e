"""发文 tab search: the search box finds a document by its number and its addressee, through the
full-text index (each word may match a different field; only the hits' records are loaded and
where each matched is shown), one screen of hits at a time (「显示更多」 reads the next)."""

from __future__ import annotations

from datetime import date

from desktop_app.services.directory import commands as directory
from desktop_app.services.documents import outgoing
from desktop_app.services.documents import search as doc_search
from tests.ui.conftest import wait_loaded
from tests.ui.documents_outgoing_support import (
    TITLE,
    signed_doc,
    tab_fixture,  # noqa: F401 - the `tab` fixture
)


def test_search_box_finds_by_number_and_addressee(qtbot, tab):
    ctx = tab.ctx
    d = signed_doc(ctx, main_to="各乡镇人民政府")
    outgoing.issue_outgoing(
        ctx.db, ctx.user, d.id, issued_on=date(2026, 11, 24), expected_version=d.version
    )
    signed_doc(ctx, title="关于开展秋季植树活动的通知", main_to="市林业和草原局")
    tab.view.reload()
    wait_loaded(qtbot, tab.view)
    assert tab.view.model.rowCount() == 2
    for text, title in (
        ("同政发〔2026〕1号", TITLE),
        ("林业和草原局", "关于开展秋季植树活动的通知"),
    ):
        tab.view.search.setText(text)
        qtbot.waitUntil(
            lambda text=text: tab.query["text"] == text and not tab.view.loading, timeout=5000
        )
        assert [x.title for x in tab.view.model.rows] == [title]


def searched(qtbot, tab, text: str) -> list[int]:
    tab.view.search.setText(text)
    qtbot.waitUntil(lambda: tab.query["text"] == text and not tab.view.loading, timeout=5000)
    return [x.id for x in tab.view.model.rows]


def test_search_goes_through_the_full_text_index_and_loads_only_the_hits(qtbot, tab, monkeypatch):
    """Each part of the query may match a different field (拟稿单位 「农业」, 主送 「乡镇」): only
    the full-text index answers that. The tab loads just the hits' records and shows where each
    matched."""
    ctx = tab.ctx
    hit = signed_doc(ctx, main_to="各乡镇人民政府")
    other = signed_doc(ctx, title="关于开展秋季植树活动的通知", main_to="市林业和草原局")
    # the register's own search takes the query as one substring
    assert outgoing.list_outgoing(ctx.db, ctx.user, search="农业 乡镇") == []
    loads = []
    real = outgoing.list_outgoing

    def spy(*args, **kw):
        rows = real(*args, **kw)
        loads.append((kw, [x.id for x in rows]))
        return rows

    monkeypatch.setattr(outgoing, "list_outgoing", spy)
    assert searched(qtbot, tab, "农业 乡镇") == [hit.id]
    kw, loaded = loads[-1]
    assert kw["ids"] == [hit.id] and not kw.get("search") and loaded == [hit.id]
    col = [c.title for c in tab.view.model.columns].index("匹配内容")
    shown = tab.view.model.index(0, col).data()
    assert shown.startswith(("拟稿单位：", "主送：")) and ("农业" in shown or "乡镇" in shown)
    assert searched(qtbot, tab, "乡镇") == [hit.id]  # two characters of 主送
    assert searched(qtbot, tab, "林业和草原局") == [other.id]


def test_search_reads_one_screen_of_hits_at_a_time(qtbot, tab, monkeypatch):
    """The index is asked for one screen (the page + 1, so 「显示更多」 knows there is more);
    「显示更多」 asks only for the next screen, at an offset; a reload reads from the first hit."""
    ctx = tab.ctx
    unit = {u.name: u.id for u in directory.list_units(ctx.db)}["农业农村局"]
    docs = [
        outgoing.create_outgoing(
            ctx.db,
            ctx.user,
            issuer="government",
            doc_type="通知",
            title=f"关于第{n}批春耕物资调运的通知",
            drafting_unit_id=unit,
            drafted_on=date(2026, 11, 20),
        )
        for n in range(1, 6)
    ]
    asked = []
    real = doc_search.search_documents

    def spy(*args, **kw):
        asked.append((kw["limit"], kw["offset"]))
        return real(*args, **kw)

    monkeypatch.setattr(doc_search, "search_documents", spy)
    tab.pager.search_page_size = 2  # a search reads its own, smaller screens
    newest = [d.id for d in reversed(docs)]
    assert searched(qtbot, tab, "春耕物资") == newest[:2]
    assert asked == [(3, 0)]
    assert tab.pager.more.isVisibleTo(tab) and "前 2 条" in tab.pager.note.text()
    tab.pager.more.click()
    wait_loaded(qtbot, tab.view)
    assert [x.id for x in tab.view.model.rows] == newest[:4] and asked[-1] == (2, 3)
    tab.pager.more.click()
    wait_loaded(qtbot, tab.view)
    assert [x.id for x in tab.view.model.rows] == newest and asked[-1] == (2, 5)
    assert not tab.pager.more.isVisibleTo(tab)
    tab.reload()
    wait_loaded(qtbot, tab.view)
    assert [x.id for x in tab.view.model.rows] == newest and asked[-1] == (7, 0)
