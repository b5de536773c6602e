"""「打印处理笺」「打印稿纸」「打印审批表」: a register's button that builds the selected record's
sheet (services: documents.sheets, meetings.agenda_sheet — read, code, audit, draw in one call)
on the operation runner and shows it in the print preview; a sheet of classified content that is
numbered per copy (R44) asks its 份数 first."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ui.panes.meeting_print import preview, preview_copies


def add_sheet_button(
    view: Any,
    ctx: Any,
    text: str,
    object_name: str,
    build: Callable[..., Any],
    title: Callable[[Any], str],
    numbered: Callable[[Any], bool] | None = None,
):
    """`build(db, user, record_id, today)` → RenderResult; `title(row)` names the preview.
    `numbered(row)`: the row's sheet shows classified content (R44) — printed by an account
    that may see it, it asks its 份数 first and `build(…, copies=n)` gives each copy a 份号."""

    def run() -> None:
        row = view.current()  # read on the GUI thread; the build runs on the worker
        if row is None:
            return
        db, user, today = ctx.db, ctx.user, ctx.today()
        if numbered is not None and numbered(row) and user.can("classified"):
            preview_copies(
                view, lambda copies: build(db, user, row.id, today, copies=copies), title(row)
            )
            return
        preview(view, lambda: build(db, user, row.id, today), title(row))

    return view.add_action(text, run, object_name, needs_row=True)
