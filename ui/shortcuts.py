"""The main window's keys (issue 18 item 11), found in whatever pane is showing, so a pane needs
nothing of its own for them:

  Ctrl+F  the search box of the register in use          Ctrl+N  its 新建/登记 action
  Ctrl+P  print the selected record (else the list)      F5      refresh the pane

"The register in use" is the one holding the keyboard focus, else the one last used in this pane,
else the largest register showing (the pane's main list rather than a detail's sub-list)."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QMainWindow, QPushButton, QWidget

from ui.widgets.table import RegisterView

# Buttons that add a record start with one of these words (新建请示…, 登记收文…, 拟稿登记…, 新增).
NEW_WORDS = ("新建", "登记", "拟稿", "新增")
KEYS = {"Ctrl+F": "搜索", "Ctrl+N": "新建", "Ctrl+P": "打印", "F5": "刷新"}


def _showing(w: QWidget) -> bool:
    return shiboken6.isValid(w) and w.isVisible()


def registers(pane: QWidget) -> list[RegisterView]:
    """The registers showing in `pane`, largest first."""
    views = [v for v in pane.findChildren(RegisterView) if _showing(v)]
    return sorted(views, key=lambda v: -(v.width() * v.height()))


def buttons(view: RegisterView) -> list[QPushButton]:
    """The view's action buttons the clerk can press now, left to right."""
    found = []
    for i in range(view.buttons.count()):
        w = view.buttons.itemAt(i).widget()
        if isinstance(w, QPushButton) and _showing(w) and w.isEnabled():
            found.append(w)
    return found


def new_button(view: RegisterView) -> QPushButton | None:
    for b in buttons(view):
        if b not in view.row_actions and b.text().startswith(NEW_WORDS):
            return b
    return None


def print_button(view: RegisterView) -> QPushButton | None:
    """打印 of the selected record if the view has one (a button that needs a row), else its
    first printing button (the list, the register)."""
    printing = [
        b
        for b in buttons(view)
        if b.text().startswith("打印") or b.objectName().startswith("print")
    ]
    for b in printing:
        if b in view.row_actions:
            return b
    return printing[0] if printing else None


class PaneKeys(QObject):
    """Installs the keys on the main window; `pane()` is the pane showing. A child of the
    window: it goes (and its connection to the application's focus signal) with it."""

    def __init__(self, window: QMainWindow, pane):
        super().__init__(window)
        self.window = window
        self.pane = pane
        self.last: RegisterView | None = None  # the register last used, per the focus
        app = QApplication.instance()
        app.focusChanged.connect(self._focus_changed)  # type: ignore[attr-defined]
        for key, slot in (
            ("Ctrl+F", self.search),
            ("Ctrl+N", self.new),
            ("Ctrl+P", self.print),
            ("F5", self.refresh),
        ):
            shortcut = QShortcut(QKeySequence(key), window)
            shortcut.setObjectName(f"shortcut{key.replace('+', '')}")
            shortcut.activated.connect(slot)

    def _focus_changed(self, _old, now) -> None:
        w = now
        while w is not None and shiboken6.isValid(w):
            if isinstance(w, RegisterView):
                self.last = w
                return
            w = w.parentWidget()

    def view(self) -> RegisterView | None:
        pane = self.pane()
        focus = QApplication.focusWidget()
        showing = registers(pane)
        for v in showing:
            if focus is not None and v.isAncestorOf(focus):
                return v
        if self.last is not None and self.last in showing:
            return self.last
        return showing[0] if showing else None

    def _say(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 4000)

    def search(self) -> None:
        v = self.view()
        if v is None:
            self._say("此页没有可搜索的列表。")
            return
        v.search.setFocus()
        v.search.selectAll()

    def _press(self, find, missing: str) -> None:
        """Press the button `find` picks in the register in use, else in the pane's others."""
        first = self.view()
        others = [v for v in registers(self.pane()) if v is not first]
        for v in ([first] if first is not None else []) + others:
            button = find(v)
            if button is not None:
                self.last = v
                button.click()
                return
        self._say(missing)

    def new(self) -> None:
        self._press(new_button, "此页没有可新建的记录。")

    def print(self) -> None:
        self._press(print_button, "此页没有可打印的内容（请先选择一条记录）。")

    def refresh(self) -> None:
        pane = self.pane()
        pane.activate()
        v = self.view()
        if v is not None and not v.loading:
            v.reload()
        self._say("已刷新。")
