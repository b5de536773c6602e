"""公文 pane."""

from __future__ import annotations

from ui.panes.base import ComingPane


class DocumentsPane(ComingPane):
    def __init__(self, ctx, parent=None):
        from ui.main_window import COMING

        super().__init__(ctx, "公文", COMING["公文"], parent)
