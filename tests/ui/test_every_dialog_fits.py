"""Issue 18 item 1, the whole app: every pane and every dialog a clerk can open from it — forms,
the print preview, Qt's file and print dialogs, message boxes with their content, the sign-in, the
settings dialogs, the help — opened on a 1366×768 laptop (728 px above the taskbar) fits the
screen with its buttons visible; and a screenshot of each, at 1366×768 and at 1920×1080, is saved
under pytest's temporary folder (not blank).

The walk clicks every enabled button of every register showing in every tab of every pane, with a
row selected where there is one (the demo government, plus a meeting, a 议题 and a 外出请示), and
every menu action. A watcher catches each window that opens — modal ones too, from inside their
own event loop — checks and photographs it, and closes it."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import shiboken6
from PySide6.QtCore import QRect, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QWidget,
)

from tests.ui.conftest import close_errors, wait_ops
from ui.widgets import screen_fit

SIZES = {
    "1366x768": QRect(0, 0, 1366, 728),  # less a 40-px taskbar
    "1920x1080": QRect(0, 0, 1920, 1040),
}


def not_blank(path: Path) -> bool:
    """The PNG exists and shows something: more than a handful of colours on a sample grid."""
    image = QImage(str(path))
    if image.isNull() or image.width() < 50 or image.height() < 30:
        return False
    colours = {
        image.pixel(x, y)
        for x in range(0, image.width(), max(1, image.width() // 40))
        for y in range(0, image.height(), max(1, image.height() // 40))
    }
    return len(colours) >= 3


class Watcher:
    """Checks, photographs and closes every new top-level window (QDialog, message box, print
    preview); a timer does it, so a dialog in its own exec() loop is handled too."""

    def __init__(self, main: QMainWindow, area: QRect, folder: Path, size: str):
        self.main, self.area, self.folder, self.size = main, area, folder, size
        self.seen: list[str] = []
        self.misfits: list[str] = []
        self.shots: list[Path] = []
        self.where = ""  # the button that opened what is seen next
        self.timer = QTimer()
        self.timer.setInterval(30)
        self.timer.timeout.connect(self.sweep)
        self.timer.start()

    def windows(self) -> list[QWidget]:
        return [
            w
            for w in QApplication.topLevelWidgets()
            if w is not self.main
            and shiboken6.isValid(w)
            and w.isVisible()
            and isinstance(w, QDialog | QMainWindow)
        ]

    def sweep(self) -> None:
        for w in self.windows():
            self.handle(w)

    def handle(self, w: QWidget) -> None:
        QApplication.processEvents()
        if not (shiboken6.isValid(w) and w.isVisible()):
            return
        name = f"{w.objectName() or type(w).__name__}「{w.windowTitle()}」"
        self.seen.append(f"{self.where} → {name}")
        self.check(w, name)
        safe = re.sub(r"[^\w.-]+", "_", f"{len(self.seen):03d}_{w.objectName()}_{w.windowTitle()}")
        path = self.folder / f"{safe}.png"
        w.grab().save(str(path))
        self.shots.append(path)
        if isinstance(w, QDialog):
            w.reject()
        if shiboken6.isValid(w) and w.isVisible():
            w.close()

    def check(self, w: QWidget, name: str) -> None:
        area = self.area
        if w.height() + screen_fit.FRAME_HEIGHT > area.height():
            self.misfits.append(f"{name}: {w.height()} px high on a {area.height()} px screen")
        if w.width() + screen_fit.FRAME_WIDTH > area.width():
            self.misfits.append(f"{name}: {w.width()} px wide on a {area.width()} px screen")
        scrolled = [a.widget() for a in w.findChildren(QScrollArea) if a.widget() is not None]
        for b in w.findChildren(QAbstractButton):
            if not b.isVisible() or b.window() is not w:
                continue
            if any(content.isAncestorOf(b) for content in scrolled):
                continue  # in the part that scrolls: reached by scrolling
            rect = QRect(b.mapTo(w, b.rect().topLeft()), b.size())
            if not w.rect().contains(rect):
                self.misfits.append(f"{name}: button 「{b.text()}」 lies outside the window")

    def stop(self) -> None:
        self.timer.stop()
        self.sweep()


def seed(ctx) -> None:
    """A record in the registers whose buttons need a selected row."""
    from desktop_app.services.absences import commands as absences
    from desktop_app.services.absences.commands import AbsenceInput
    from desktop_app.services.directory import commands as directory
    from desktop_app.services.meetings import agenda, planning

    today = ctx.today()
    person = {p.name: p.id for p in directory.list_persons(ctx.db)}
    unit = {u.name: u.id for u in directory.list_units(ctx.db)}
    china = ZoneInfo("Asia/Shanghai")
    planning.plan_meeting(
        ctx.db,
        ctx.user,
        kind="executive",
        starts_at=datetime(today.year, today.month, today.day, 9, tzinfo=china) + timedelta(days=1),
        presider_id=person["李明远"],
    )
    agenda.save_item(
        ctx.db,
        ctx.user,
        title="关于防汛工作的议题",
        category="report",
        department_id=unit["教育局"],
        today=today,
    )
    start = today + timedelta(days=10)
    absences.file_request(
        ctx.db,
        ctx.user,
        AbsenceInput(
            person_id=person["邓磊"],
            category="出差",
            reason="赴省汇报工作",
            destination="哈尔滨",
            start_date=start,
            start_half="上午",
            end_date=start + timedelta(days=2),
            end_half="晚上",
            transport="火车",
            contact="13945400000",
            acting_name="王强",
            acting_post="副职负责同志",
            acting_contact="13945400001",
            filed_on=today,
        ),
    )


def tabs_of(pane: QWidget) -> list[tuple[QTabWidget, int]]:
    return [(t, i) for t in pane.findChildren(QTabWidget) for i in range(t.count())]


def buttons_showing(pane: QWidget) -> list[QPushButton]:
    from ui.widgets.table import RegisterView

    found = []
    for view in pane.findChildren(RegisterView):
        if not view.isVisible():
            continue
        if view.model.rows and view.current() is None:
            view.table.selectRow(0)
        for i in range(view.buttons.count()):
            b = view.buttons.itemAt(i).widget()
            if isinstance(b, QPushButton) and b.isVisible() and b.isEnabled():
                found.append(b)
    return found


def settle(watcher: Watcher) -> None:
    for _ in range(3):
        wait_ops()
        QApplication.processEvents()
        watcher.sweep()
    close_errors()


@pytest.mark.parametrize("size", list(SIZES))
def test_every_pane_and_dialog_fits_and_is_photographed(
    qtbot, demo_ctx, monkeypatch, tmp_path, size
):
    from ui.dialogs.sign_in import first_admin_dialog, sign_in_dialog
    from ui.main_window import NAV, MainWindow
    from ui.panes.settings_database import DatabaseSettingsDialog
    from ui.print_preview import PrintPreview

    area = SIZES[size]
    monkeypatch.setattr(screen_fit, "available_geometry", lambda _w: area)
    folder = tmp_path / size
    folder.mkdir()
    seed(demo_ctx)
    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    win.resize(screen_fit.fitted(win, area.size()))
    win.show()
    qtbot.waitExposed(win)
    watcher = Watcher(win, area, folder, size)
    pane_shots = []
    clicked = 0
    pressed: set[int] = set()  # each button once (a pane's first tab shows before it is chosen)
    try:
        for name in NAV:
            pane = win.show_pane(name)
            settle(watcher)
            for tabs, index in [(None, 0), *tabs_of(pane)]:
                if tabs is not None:
                    if not tabs.isVisible():
                        continue
                    tabs.setCurrentIndex(index)
                    settle(watcher)
                if win.width() + screen_fit.FRAME_WIDTH > area.width():
                    watcher.misfits.append(
                        f"{name} tab {index}: the window is {win.width()} px wide"
                    )
                shot = folder / f"pane_{NAV.index(name)}_{name}_{index}.png"
                win.grab().save(str(shot))
                pane_shots.append(shot)
                for b in buttons_showing(pane):
                    if not (shiboken6.isValid(b) and b.isVisible() and b.isEnabled()):
                        continue
                    if id(b) in pressed:
                        continue
                    pressed.add(id(b))
                    watcher.where = f"{name}/{b.text()}"
                    b.click()
                    clicked += 1
                    settle(watcher)
        for action in win.menuBar().actions():
            for item in action.menu().actions():
                if item.isSeparator():
                    continue
                watcher.where = f"菜单/{item.text()}"
                item.trigger()
                settle(watcher)
        # the windows no pane button opens: sign-in, first start, database settings, a preview
        from tests.ui.test_print_preview import make_pdf

        for make in (
            lambda: sign_in_dialog(demo_ctx.db, username="admin"),
            lambda: first_admin_dialog(demo_ctx.db),
            lambda: DatabaseSettingsDialog(),
            lambda: PrintPreview(make_pdf(2), "收文登记簿", "收文登记簿.pdf"),
        ):
            w = make()
            qtbot.addWidget(w)
            watcher.where = "启动"
            w.show()
            settle(watcher)
    finally:
        watcher.stop()
    assert clicked > 40, f"only {clicked} buttons were pressed"
    kinds = " ".join(watcher.seen)
    for expected in (
        "signInDialog",
        "firstAdminDialog",
        "databaseSettingsDialog",
        "printPreview",
        "QFileDialog",
        "errorDialog",  # a refusal, with its message
        "QMessageBox「快捷键」",
    ):
        assert expected in kinds, f"{expected} was not opened: {watcher.seen}"
    assert len(watcher.seen) > 30, watcher.seen
    assert watcher.misfits == [], "\n".join(watcher.misfits)
    for shot in pane_shots + watcher.shots:
        assert shot.exists() and not_blank(shot), shot


def test_a_blank_screenshot_is_told_from_a_real_one(qtbot, tmp_path):
    """The screenshot check above is not fooled by an empty grey window."""
    from PySide6.QtWidgets import QLabel

    blank = QWidget()
    qtbot.addWidget(blank)
    blank.resize(400, 300)
    blank.grab().save(str(tmp_path / "blank.png"))
    assert not not_blank(tmp_path / "blank.png")
    label = QLabel("府办台账：每个窗口都放得下")
    qtbot.addWidget(label)
    label.resize(400, 300)
    label.grab().save(str(tmp_path / "label.png"))
    assert not_blank(tmp_path / "label.png")
    assert not not_blank(tmp_path / "missing.png")
