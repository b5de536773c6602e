"""The 督办 pane's 按单位汇总 tab: each 承办单位's items on the pane's today — 办结 (按期, 逾期),
未办结, 在办 and 逾期未办结 (R71, R29.3) — with a button that lists the chosen unit's items in
the register."""

from __future__ import annotations

from collections.abc import Callable

from desktop_app.services.supervision import summaries
from ui.widgets.table import Column, RegisterView

UNIT_COLUMNS = [
    Column("承办单位", lambda u: u.unit_name, 160),
    Column("督办事项", lambda u: u.items, 70),
    Column("已办结", lambda u: u.done, 60),
    Column("按期办结", lambda u: u.done_on_time, 70),
    Column("逾期办结", lambda u: u.done_late, 70),
    Column("未办结", lambda u: u.not_done, 60),
    Column("在办", lambda u: u.open, 60),
    Column("逾期未办结", lambda u: u.overdue, 80),
]


def unit_summary_view(ctx, show_unit: Callable[[int], None]) -> RegisterView:
    """`show_unit(unit_id)`: the register filtered to that unit."""
    view = RegisterView(
        "supervisionUnits",
        UNIT_COLUMNS,
        lambda _voided: summaries.unit_summary(ctx.db, ctx.today(), user=ctx.user),
        voidable=False,
    )

    def show() -> None:
        row = view.current()
        if row is not None:
            show_unit(row.unit_id)

    view.add_action("查看该单位的督办事项", show, "supUnitItems", needs_row=True)
    return view
