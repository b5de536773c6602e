"""The directory's standing gaps (a vice mayor without an AB partner, a unit without a vice mayor in
charge): true day after day, so not a day's work on the 工作台. The 人员与分管 pane shows them once,
above its tabs, until the clerk marks them read; a gap that changes shows again."""

from __future__ import annotations

import shiboken6
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from desktop_app.services.directory.dashboard import standing_gaps
from ui import operations, preferences
from ui.context import AppContext

HINT = "directory_gaps"


class StandingGapsHint(QFrame):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.setObjectName("directoryGaps")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.ctx = ctx
        self.text = QLabel(objectName="directoryGapsText")
        self.text.setWordWrap(True)
        self.read = QPushButton("知道了", objectName="directoryGapsRead")
        self.read.setToolTip("不再提示，直到这些情况有变化")
        self.read.clicked.connect(self.mark_read)
        layout = QHBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.read)
        self.setVisible(False)
        self.shown_text = ""
        self._latest = operations.Latest()

    def reload(self) -> None:
        db, day = self.ctx.db, self.ctx.today()
        operations.run(
            lambda: standing_gaps(db, day),
            self._show,
            lambda _exc: None,  # a hint, not a record: the pane's own lists report failures
            parent=self,
            still_wanted=self._latest.ticket(),
        )

    def data_changed(self, area: str) -> None:
        if area == "人员与分管":
            self.reload()

    def _show(self, gaps) -> None:
        if not shiboken6.isValid(self):
            return
        lines = [f"· {g.title}。{g.detail}" for g in gaps]
        self.shown_text = "\n".join(lines)
        self.text.setText("提示（这些情况每天都成立，只提示一次）：\n" + self.shown_text)
        self.setVisible(bool(lines) and preferences.hint_read(HINT) != self.shown_text)

    def mark_read(self) -> None:
        preferences.mark_hint_read(HINT, self.shown_text)
        self.setVisible(False)
