"""「打印处理笺」「打印稿纸」「打印审批表」: a register's button that builds the selected record's
sheet (services: documents.sheets, meetings.agenda_sheet — read, code, audit, draw in one call)
on the operation runner and shows it in the print preview."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ui.panes.meeting_print import preview


def add_sheet_button(
    view: Any,
    ctx: Any,
    text: str,
    object_name: str,
    build: Callable[[Any, Any, int, Any], Any],
    title: Callable[[Any], str],
):
    """`build(db, user, record_id, today)` → RenderResult; `title(row)` names the preview."""

    def run() -> None:
        row = view.current()  # read on the GUI thread; the build runs on the worker
        if row is None:
            return
        db, user, today = ctx.db, ctx.user, ctx.today()
        preview(view, lambda: build(db, user, row.id, today), title(row))

    return view.add_action(text, run, object_name, needs_row=True)
