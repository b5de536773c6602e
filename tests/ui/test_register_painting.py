"""A register's table is painted with one call into Python per cell (DtoTableModel.fill_cell,
reached through RegisterProxy.multiData), and what that call answers is what data() answers:
the text, and a voided row greyed and struck through."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyleOptionViewItem


@dataclass
class Row:
    id: int
    title: str
    unit: str
    void_reason: str | None = None


ROWS = [
    Row(1, "关于做好防汛工作的通知", "水务局"),
    Row(2, "关于春耕备耕的通知", "农业农村局", void_reason="重复登记"),
    Row(3, "关于秸秆禁烧的通告", "生态环境局"),
]


def _view(qtbot):
    from ui.widgets.table import Column, RegisterView

    view = RegisterView(
        "paintDemo",
        [Column("标题", lambda r: r.title, 200), Column("单位", lambda r: r.unit, 100)],
        lambda _include: ROWS,
    )
    qtbot.addWidget(view)
    view.resize(600, 300)
    view.show()
    view.model.set_rows(ROWS)
    qtbot.waitExposed(view)
    return view


def _painted(view, row: int, column: int) -> tuple[str, bool, str]:
    """What the item delegate paints the cell with (it asks the roles through multiData): the
    text, whether it is struck through, the text colour."""
    option = QStyleOptionViewItem()
    view.table.itemDelegate().initStyleOption(option, view.proxy.index(row, column))
    palette = option.palette
    colour = palette.color(palette.ColorGroup.Normal, palette.ColorRole.Text).name()
    return option.text, option.font.strikeOut(), colour


def test_the_painting_roles_come_in_one_call_and_match_data(qtbot):
    view = _view(qtbot)
    for r, source in enumerate(ROWS):
        for c, expected in enumerate((source.title, source.unit)):
            text, struck_through, colour = _painted(view, r, c)
            index = view.proxy.index(r, c)
            assert text == expected == index.data()
            voided = source.void_reason is not None
            assert struck_through is voided
            assert (index.data(Qt.ItemDataRole.FontRole) is not None) is voided
            assert (colour == "#888888") is voided


def test_a_sorted_register_paints_each_row_from_its_own_record(qtbot):
    """Through the proxy's mapping: sorted by title, the painted text follows the rows."""
    view = _view(qtbot)
    view.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # 生态环境局, 水务局, 农业农村局 …
    painted = [_painted(view, r, 1) for r in range(len(ROWS))]
    assert [text for text, _, _ in painted] == sorted((x.unit for x in ROWS), reverse=True)
    assert [struck for _, struck, _ in painted] == [
        x.unit == "农业农村局" for (x,) in zip(sorted(ROWS, key=lambda x: x.unit, reverse=True))
    ]


def test_a_filtered_register_paints_the_rows_that_match(qtbot):
    """Typed into the search box of a register filtered in the window: the painted rows are the
    matching ones, by pinyin initials too; cleared, all of them again in the order read."""
    view = _view(qtbot)
    view.search.setText("jg")  # 秸秆
    assert view.proxy.rowCount() == 1
    assert _painted(view, 0, 0)[0] == "关于秸秆禁烧的通告"
    view.search.setText("")
    assert [_painted(view, r, 0)[0] for r in range(3)] == [x.title for x in ROWS]


def test_a_repaint_asks_python_once_per_visible_cell(qtbot, monkeypatch):
    from ui.widgets.table import DtoTableModel

    view = _view(qtbot)
    calls = {"fill_cell": 0, "data": 0}
    fill_cell, data = DtoTableModel.fill_cell, DtoTableModel.data

    def counting_fill(self, *args):
        calls["fill_cell"] += 1
        return fill_cell(self, *args)

    def counting_data(self, *args):
        calls["data"] += 1
        return data(self, *args)

    monkeypatch.setattr(DtoTableModel, "fill_cell", counting_fill)
    monkeypatch.setattr(DtoTableModel, "data", counting_data)
    view.table.viewport().grab()  # painted into a pixmap, as the screen would be
    assert calls["fill_cell"] == len(ROWS) * 2  # every cell of this small register is visible
    assert calls["data"] == 0  # nothing asked role by role while painting


def test_a_span_asking_other_roles_is_answered_role_by_role(qtbot):
    """The delegate's span is answered at the places its painted roles were found; a span
    asking anything else (one role here, as another caller of multiData might) is answered
    role by role, also after the delegate's has been seen, and a voided cell greyed again."""
    from PySide6.QtCore import QModelRoleData, QModelRoleDataSpan

    view = _view(qtbot)
    view.table.viewport().grab()  # the delegate's spans seen
    assert view.model._painted_at  # its layout learned
    for role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.DisplayRole):
        for r in range(len(ROWS)):
            role_data = QModelRoleData(int(role))
            view.proxy.multiData(view.proxy.index(r, 0), QModelRoleDataSpan(role_data))
            assert role_data.data() == view.proxy.index(r, 0).data(role)
    assert [_painted(view, r, 0)[1] for r in range(len(ROWS))] == [False, True, False]


def test_the_proxy_gives_each_cell_the_models_own_flags(qtbot):
    """RegisterProxy answers flags itself (no index of the model per cell painted): the same
    as the model's, so rows stay selectable and nothing becomes editable."""
    view = _view(qtbot)
    view.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    for r in range(len(ROWS)):
        for c in range(2):
            index = view.proxy.index(r, c)
            assert view.proxy.flags(index) == view.model.flags(view.proxy.mapToSource(index))
    assert not view.proxy.flags(view.proxy.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    view.table.selectRow(1)
    assert view.current() is not None


def test_a_refresh_of_as_many_rows_changes_them_in_place_and_keeps_only_the_right_selection(
    qtbot,
):
    """A page read again with as many rows (a refresh, a search that fills its page again) is
    changed in place, not reset (a reset lays the table out again: 3 ms more paint); the
    clerk's record stays selected where it moved to, and a selection whose record is gone is
    cleared rather than left on whatever record now holds its row."""
    view = _view(qtbot)
    resets = []
    view.model.modelReset.connect(lambda: resets.append(1))
    view._set_rows(ROWS)
    view.table.selectRow(1)
    assert view.current().id == 2
    moved = [ROWS[1], ROWS[0], ROWS[2]]
    view._set_rows(moved)
    assert view.current().id == 2 and view.table.selectionModel().selectedRows()[0].row() == 0
    others = [Row(7, "关于冬季供暖的通知", "住建局"), ROWS[0], ROWS[2]]
    view._set_rows(others)
    assert view.current() is None  # not 「冬季供暖」, which now holds the selected row
    assert [_painted(view, r, 0)[0] for r in range(3)] == [x.title for x in others]
    assert resets == []
    view._set_rows(ROWS[:2])  # fewer rows: reset and laid out again
    assert resets == [1] and view.proxy.rowCount() == 2


def test_a_model_that_answers_a_role_of_its_own_is_painted_with_it(qtbot):
    """A DtoTableModel subclass overriding data() (the 发文 checklist's red open lines) keeps
    its colours, in a plain table and behind a register's proxy."""
    from PySide6.QtGui import QBrush, QColor
    from PySide6.QtWidgets import QTableView

    from ui.widgets.table import Column, DtoTableModel, RegisterProxy

    class Red(DtoTableModel):
        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            if role == Qt.ItemDataRole.ForegroundRole and index.row() == 0:
                return QBrush(QColor("#b22222"))
            return super().data(index, role)

    model = Red([Column("标题", lambda r: r.title)])
    model.set_rows(ROWS)
    proxy = RegisterProxy()
    proxy.setSourceModel(model)
    for shown in (model, proxy):
        table = QTableView()
        qtbot.addWidget(table)
        table.setModel(shown)
        colours = []
        for r in range(2):
            option = QStyleOptionViewItem()
            table.itemDelegate().initStyleOption(option, shown.index(r, 0))
            palette = option.palette
            colours.append(palette.color(palette.ColorGroup.Normal, palette.ColorRole.Text).name())
            assert option.text == ROWS[r].title
        assert colours[0] == "#b22222" and colours[1] == "#888888"  # red; the voided row grey


def test_a_sorted_register_refreshed_in_place_stays_sorted(qtbot):
    """The proxy sorts again what was changed in place (names whose order is the same in any
    locale)."""
    view = _view(qtbot)
    view.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # by 单位
    units = ("C局", "A局", "B局")
    renamed = [Row(x.id, x.title, u, x.void_reason) for x, u in zip(ROWS, units, strict=True)]
    view._set_rows(renamed)
    assert [_painted(view, r, 1)[0] for r in range(3)] == ["A局", "B局", "C局"]
    assert _painted(view, 0, 1)[1]  # A局 is the voided row: still struck through


def test_the_same_records_and_more_are_added_below_not_reset(qtbot, qtmodeltester):
    """The next page of a register (the same records first, then more) keeps the rows shown,
    refreshed in place, and inserts the others after them: no reset, which would put the view
    back at its top. Rows that begin with other records are a new list: reset."""
    view = _view(qtbot)
    qtmodeltester.check(view.model)
    events = []
    view.model.modelReset.connect(lambda: events.append("reset"))
    view.model.rowsInserted.connect(lambda _p, first, last: events.append((first, last)))
    more = [Row(4, "关于冬季供暖的通知", "住建局"), Row(5, "关于安全生产的通知", "应急管理局")]
    renamed = Row(1, "关于做好防汛抗旱工作的通知", "水务局")
    view._set_rows([renamed, ROWS[1], ROWS[2], *more])
    assert events == [(3, 4)]
    assert (
        [_painted(view, r, 0)[0] for r in range(5)]
        == [
            "关于做好防汛抗旱工作的通知",  # the record shown was refreshed too
            *(x.title for x in ROWS[1:]),
            *(x.title for x in more),
        ]
    )
    other = Row(6, "关于冬季森林防火的通知", "林业和草原局")
    view._set_rows([other, *ROWS, *more])  # more rows, other records first: a new list
    assert events == [(3, 4), "reset"] and view.proxy.rowCount() == 6


def test_a_width_changed_just_before_closing_is_remembered(qtbot):
    """The clerk widens a column and closes the register at once: the width is written as the
    view is hidden, not by a timer firing after it is gone (which would write it into whatever
    settings are current then)."""
    from ui import preferences

    view = _view(qtbot)
    qtbot.waitUntil(lambda: view.columns_fitted, timeout=5000)
    assert preferences.header_state(view.memory_key) is None
    view.table.horizontalHeader().resizeSection(0, 321)
    assert view._remember.isActive()  # waiting for the clerk to finish dragging
    view.close()
    assert not view._remember.isActive()
    state = preferences.header_state(view.memory_key)
    assert state is not None
    again = _view(qtbot)
    qtbot.waitUntil(lambda: again.columns_fitted, timeout=5000)
    assert again.table.horizontalHeader().sectionSize(0) == 321


def _scrolled_to_the_end(qtbot, fetch, state, key=None):
    """A 30-row register read through `fetch(include, state())` (and `key`, its query_key),
    shown about five rows high and scrolled to its end; with a function that reloads it and
    waits for the rows."""
    from ui.widgets.table import Column, RegisterView

    view = RegisterView("filterDemo", [Column("标题", lambda r: r.title, 200)], fetch)
    view.query_state = state
    view.query_key = key
    qtbot.addWidget(view)
    view.resize(400, 200)
    view.show()
    qtbot.waitExposed(view)

    def reloaded() -> None:
        with qtbot.waitSignal(view.loaded, timeout=5000):
            view.reload()

    reloaded()
    bar = view.table.verticalScrollBar()
    bar.setValue(bar.maximum())
    assert bar.value() > 0
    return view, reloaded


def test_rows_of_another_filter_start_at_the_top_a_refresh_keeps_the_place(qtbot):
    """A register filtered in the window's other widgets (query_state: a year, a seal …):
    another filter's rows are shown from their top, even where as many rows come back (they are
    then changed in place); the same filter read again keeps where the clerk had scrolled."""
    filters = {"year": 2025}

    def fetch(_include, year):
        return [Row(n, f"{year}年第{n}号文件", "办公室") for n in range(1, 31)]

    view, reloaded = _scrolled_to_the_end(qtbot, fetch, lambda: filters["year"])
    bar = view.table.verticalScrollBar()
    reloaded()  # the same year again
    assert bar.value() == bar.maximum() > 0
    filters["year"] = 2026
    reloaded()
    assert view.model.rows[0].title == "2026年第1号文件"
    assert bar.value() == 0


def test_a_record_saved_again_keeps_the_place_where_its_id_names_the_query(qtbot):
    """A register of one record's entries (a seal's custody): query_state hands the whole record
    to the fetch, and a save changes it; query_key (its id) says the query is the same, so the
    clerk's place is kept. Another record's entries start at the top."""
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Seal:
        id: int
        version: int

    current = {"seal": Seal(1, 1)}

    def fetch(_include, seal):
        return [
            Row(n, f"印章{seal.id}第{n}次交接（v{seal.version}）", "办公室") for n in range(1, 31)
        ]

    view, reloaded = _scrolled_to_the_end(
        qtbot, fetch, lambda: current["seal"], key=lambda: current["seal"].id
    )
    bar = view.table.verticalScrollBar()
    current["seal"] = Seal(1, 2)  # the same seal, saved
    reloaded()
    assert view.model.rows[0].title.endswith("（v2）")
    assert bar.value() == bar.maximum() > 0
    current["seal"] = Seal(2, 1)
    reloaded()
    assert bar.value() == 0


def test_rows_that_bring_a_scroll_bar_are_painted_once(qtbot):
    """Three rows, then forty (a new search): the vertical scroll bar appears and narrows the
    last column. Laid out with the rows, the table is painted once with its final geometry,
    not painted and then laid out and painted again."""
    from tests.ui.paint_count import PaintCount

    view = _view(qtbot)
    view.resize(600, 260)
    qtbot.wait(50)
    paints = PaintCount(view.table)  # the frame around the rows: painted in full only
    many = [Row(i, f"关于第{i}批项目的请示", "发展和改革局") for i in range(10, 50)]
    view._set_rows(many)
    for _ in range(5):
        qtbot.wait(20)  # every posted layout request and repaint delivered
    assert view.table.verticalScrollBar().isVisible()
    assert paints.count == 1
