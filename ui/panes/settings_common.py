"""Small pieces the settings tabs share."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ui.widgets.table import RegisterView

OK_COLOR = "#1b7a2f"
BAD_COLOR = "#b3261e"
HINT_STYLE = "color: #666;"


def keep_service_order(view: RegisterView) -> None:
    """Show rows in the order the service returns them (rulebook order, by year, by name) until
    the clerk clicks a header; a sortable QTableView otherwise starts sorted descending by its
    first column."""
    view.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
