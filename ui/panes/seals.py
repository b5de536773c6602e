"""用印 pane."""

from __future__ import annotations

from ui.panes.base import ComingPane


class SealsPane(ComingPane):
    def __init__(self, ctx, parent=None):
        from ui.main_window import COMING

        super().__init__(ctx, "用印", COMING["用印"], parent)
