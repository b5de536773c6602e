"""Pick lists and register search boxes find entries by name or by pinyin initials (issue 18
item 12): 「zhf」 finds 张海峰 in a form's pick list, 「czj」 财政局, and 「fx」 a 防汛 row."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from db.pinyin import initials
from ui.widgets.form import FormDialog
from ui.widgets.form_fields import FieldSpec
from ui.widgets.pick_search import PinyinFilterProxy, make_searchable, matches

PEOPLE = [(1, "（请选择）"), (2, "李明"), (3, "张海峰"), (4, "曾国华"), (5, "王海风")]


def test_matches_by_part_or_initials():
    assert matches("张海峰", "zhf") and matches("张海峰", "ZHF") and matches("张海峰", "海峰")
    assert matches("财政局", "czj") and matches("关于做好防汛工作的通知", "fx")
    assert not matches("张海峰", "zf") and not matches("李明", "zhf")
    # a name in a pick list: a surname read either way (曾 zēng/céng)
    assert matches("曾国华", "zgh", every_reading=True) and matches("曾国华", "cgh", True)
    assert matches("银行行长", "yhhz")  # 行 and 长 read by the word
    assert matches("任何文字", "")


def form(qtbot) -> FormDialog:
    dialog = FormDialog(
        "登记",
        [FieldSpec("person_id", "签批人", "combo", lazy=True), FieldSpec("note", "备注")],
        lambda values: values,
    )
    qtbot.addWidget(dialog)
    dialog._fill_choices({"person_id": PEOPLE})
    return dialog


def test_a_form_pick_list_narrows_to_initials_and_selects(qtbot):
    dialog = form(qtbot)
    combo = dialog.widgets["person_id"]
    assert isinstance(combo, QComboBox) and combo.isEditable()
    dialog.show()
    combo.setFocus()
    combo.lineEdit().clear()
    qtbot.keyClicks(combo.lineEdit(), "zhf")
    proxy = combo.pick_filter
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["张海峰"]
    popup = combo.completer().popup()
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert combo.currentData() == 3 and combo.currentText() == "张海峰"
    assert dialog.isVisible() and dialog.saving is None  # choosing did not save the form
    assert dialog.values()["person_id"] == 3


def leave(qtbot, dialog, combo) -> None:
    """The clerk clicks into the next field: the list below closes, then the focus moves."""
    popup = combo.completer().popup()
    if popup.isVisible():
        qtbot.keyClick(popup, Qt.Key.Key_Escape)
    dialog.widgets["note"].setFocus()


def test_typed_text_that_names_no_one_is_put_back(qtbot):
    dialog = form(qtbot)
    combo = dialog.widgets["person_id"]
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)  # focus moves, so fields are left
    combo.setCurrentIndex(combo.findData(2))
    combo.setFocus()
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo.lineEdit(), "xyz")
    dialog.widgets["note"].setFocus()  # leaving the field
    assert combo.currentData() == 2 and combo.currentText() == "李明"
    # initials that leave one entry choose it when the clerk leaves the field
    combo.setFocus()
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo.lineEdit(), "zhf")
    leave(qtbot, dialog, combo)
    assert combo.currentData() == 3 and combo.currentText() == "张海峰"
    # two people share the initials (张海峰, 王海风): nothing is guessed
    combo.setFocus()
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo.lineEdit(), "hf")
    assert combo.pick_filter.rowCount() == 2
    leave(qtbot, dialog, combo)
    assert combo.currentData() == 3 and combo.currentText() == "张海峰"


def test_a_plain_combo_stays_as_it_was(qtbot):
    combo = QComboBox()
    qtbot.addWidget(combo)
    make_searchable(combo)
    for value, label in PEOPLE:
        combo.addItem(label, value)
    combo.setCurrentIndex(2)
    assert combo.currentData() == 3 and combo.currentText() == "张海峰"


def test_register_search_box_finds_rows_by_initials(qtbot):
    from ui.widgets.table import Column, RegisterView

    rows = [
        type("Row", (), {"id": i, "title": t})()
        for i, t in enumerate(["关于防汛的通知", "关于春耕的通知"])
    ]
    view = RegisterView("demo", [Column("标题", lambda r: r.title)], lambda _include: rows)
    qtbot.addWidget(view)
    assert isinstance(view.proxy, PinyinFilterProxy)
    view.model.set_rows(rows)
    view.search.setText("fx")
    assert view.proxy.rowCount() == 1
    assert view.proxy.index(0, 0).data() == "关于防汛的通知"
    view.search.setText("春耕")
    assert view.proxy.rowCount() == 1
    view.search.setText("")
    assert view.proxy.rowCount() == 2


def test_the_registers_unit_and_person_filters_are_searchable(qtbot, demo_ctx):
    """The filters above the registers that list the directory (用印 单位, 外出 人员, 督办 单位 and
    批示领导) narrow by initials too."""
    from tests.ui.conftest import wait_ops
    from ui.main_window import MainWindow

    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    for area, name in (
        ("用印", "applicationUnit"),
        ("外出报备", "personFilter"),
        ("督办", "supervisionUnit"),
    ):
        pane = win.show_pane(area)
        wait_ops()
        combo = pane.findChild(QComboBox, name)
        assert combo is not None and combo.isEditable(), name
        labels = [combo.itemText(i) for i in range(1, combo.count())]
        assert labels, name
        wanted = labels[-1]
        combo.pick_filter.setFilterFixedString(initials(wanted))
        shown = [combo.pick_filter.index(r, 0).data() for r in range(combo.pick_filter.rowCount())]
        assert wanted in shown, (name, wanted, shown)
