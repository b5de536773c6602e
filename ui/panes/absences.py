"""外出报备 pane."""

from __future__ import annotations

from ui.panes.base import ComingPane


class AbsencesPane(ComingPane):
    def __init__(self, ctx, parent=None):
        from ui.main_window import COMING

        super().__init__(ctx, "外出报备", COMING["外出报备"], parent)
