"""Issue 18.1: on a 1366×768 laptop (about 728 px above the taskbar) every form dialog fits the
screen with 保存/取消 visible and its fields scrolling; the print preview opens no larger than
the screen. The available area is set through ui.widgets.screen_fit, which the dialogs ask."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from tests.ui.conftest import finish, open_errors, wait_ops
from tests.ui.test_absences_pane import approve, file_request, opened, select
from tests.ui.test_print_preview import make_pdf
from ui.widgets import screen_fit

LAPTOP = QRect(0, 0, 1366, 728)  # 1366×768 less a 40-px taskbar
DESKTOP = QRect(0, 0, 1920, 1040)


@pytest.fixture
def pane(qtbot, demo_ctx):
    from ui.main_window import MainWindow

    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    return win.show_pane("外出报备")


@pytest.fixture
def screen(monkeypatch):
    def set_area(area: QRect) -> QRect:
        monkeypatch.setattr(screen_fit, "available_geometry", lambda _widget: area)
        return area

    return set_area


def assert_fits(dialog, area: QRect) -> None:
    wait_ops()
    QApplication.processEvents()
    assert dialog.isVisible()
    assert dialog.frameGeometry().height() + screen_fit.FRAME_HEIGHT <= area.height() + (
        dialog.frameGeometry().height() - dialog.height()  # a real frame is already counted
    )
    assert dialog.width() <= area.width() - screen_fit.FRAME_WIDTH
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save.text() == "保存" and save.isVisible()
    top_left = save.mapTo(dialog, save.rect().topLeft())
    bottom_right = save.mapTo(dialog, save.rect().bottomRight())
    assert dialog.rect().contains(top_left) and dialog.rect().contains(bottom_right)
    # the button box is outside the scrolled part: it never moves off the dialog
    assert not dialog.scroll.isAncestorOf(save)


def scrolls(dialog) -> bool:
    QApplication.processEvents()
    return dialog.scroll.verticalScrollBar().maximum() > 0


def test_new_absence_request_fits_the_laptop_and_scrolls(qtbot, pane, screen):
    area = screen(LAPTOP)
    dialog = pane.new_request()
    assert_fits(dialog, area)
    assert scrolls(dialog)  # the form is taller than the laptop: its fields scroll
    # the last field can be scrolled into view and typed into
    last = [w for w in dialog.widgets.values() if w.isVisible()][-1]
    dialog.scroll.ensureWidgetVisible(last)
    QApplication.processEvents()
    assert dialog.scroll.verticalScrollBar().value() > 0
    dialog.reject()


def test_new_absence_request_shows_whole_on_a_large_screen(qtbot, pane, screen):
    area = screen(DESKTOP)
    dialog = pane.new_request()
    assert_fits(dialog, area)
    assert not scrolls(dialog)  # room enough: the whole form, no scroll bar
    assert dialog.height() > LAPTOP.height() - screen_fit.FRAME_HEIGHT
    dialog.reject()


def test_change_of_itinerary_fits_the_laptop(qtbot, pane, screen):
    assert finish(file_request(qtbot, pane).try_save()), open_errors()
    for step in ("vm_agree", "mayor_approve"):
        approve(qtbot, pane, step)
    approve(qtbot, pane, "cc_party", note="已书面报送市委办")
    select(qtbot, pane.register, lambda d: d.person_name == "曹阳")
    area = screen(LAPTOP)
    dialog = opened(pane.amend())
    assert_fits(dialog, area)
    assert scrolls(dialog)
    dialog.reject()


def test_outgoing_draft_fits_the_laptop(qtbot, demo_ctx, screen):
    from ui.panes.documents import DocumentsPane

    documents = DocumentsPane(demo_ctx)
    qtbot.addWidget(documents)
    area = screen(LAPTOP)
    dialog = documents.outgoing.forms.draft(None)
    assert_fits(dialog, area)
    assert scrolls(dialog)
    dialog.reject()


def test_outgoing_draft_grows_to_its_filled_lists_on_a_large_screen(qtbot, demo_ctx, screen):
    from ui.panes.documents import DocumentsPane

    documents = DocumentsPane(demo_ctx)
    qtbot.addWidget(documents)
    area = screen(DESKTOP)
    dialog = documents.outgoing.forms.draft(None)
    shown = dialog.height()
    # the units' check lists are filled after the dialog shows: the dialog grows to show them,
    # as far as the screen allows
    wait_ops()
    qtbot.waitUntil(lambda: dialog.height() > shown, timeout=5000)
    cap = area.height() - screen_fit.FRAME_HEIGHT
    assert dialog.height() == min(dialog.sizeHint().height(), cap)
    assert_fits(dialog, area)
    assert dialog.y() + dialog.height() <= area.bottom() + 1 - screen_fit.FRAME_HEIGHT
    dialog.reject()


@pytest.mark.parametrize(
    ("area", "expected"),
    [(LAPTOP, (900, LAPTOP.height() - screen_fit.FRAME_HEIGHT)), (DESKTOP, (900, 1000))],
)
def test_print_preview_opens_within_the_screen(qtbot, screen, area, expected):
    from ui.print_preview import PrintPreview

    screen(area)
    win = PrintPreview(make_pdf(2), "收文登记簿", "收文登记簿.pdf")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    assert (win.width(), win.height()) == expected


def test_main_window_opens_within_the_laptop_screen(qtbot, ctx, screen):
    from ui.main_window import MainWindow

    area = screen(LAPTOP)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    assert win.width() <= area.width() - screen_fit.FRAME_WIDTH
    assert win.height() <= area.height() - screen_fit.FRAME_HEIGHT


def test_absence_request_is_grouped_into_the_paper_forms_parts(qtbot, pane, screen):
    screen(LAPTOP)
    dialog = pane.new_request()
    parts = {
        "外出人员与行程": ["person_id", "category", "destination", "end_date", "filed_on"],
        "主持工作": ["acting_name", "acting_post", "acting_contact"],
        "特殊情况": ["emergency_reason", "both_away_reason", "for_meeting", "note"],
    }
    assert list(dialog.sections) == list(parts)
    for title, keys in parts.items():
        group = dialog.sections[title]
        assert group.title() == title and dialog.scroll.widget().isAncestorOf(group)
        assert all(group.isAncestorOf(dialog.widgets[k]) for k in keys), title
    dialog.reject()


def test_any_form_fits_the_laptop_however_many_fields(qtbot, screen):
    """Every form of the app is a FormDialog: forty fields still leave 保存 on screen."""
    from ui.widgets.form import FormDialog
    from ui.widgets.form_fields import FieldSpec

    area = screen(LAPTOP)
    fields = [
        FieldSpec(f"f{i}", f"字段{i}", "multiline" if i % 5 == 0 else "text") for i in range(40)
    ]
    dialog = FormDialog("很长的表单", fields, lambda v: v, intro="说明文字。")
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    assert_fits(dialog, area)
    assert scrolls(dialog)
    dialog.reject()
