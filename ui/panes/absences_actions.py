"""The 外出报备 pane's operations on the selected request that read before they act: 记录审批
(once the history is reread), 变更行程 (from the itinerary in force), the printed
外出请示报备表 and list, and the Excel export of the rows as shown. Plain functions taking the
pane (its ctx, register, detail, shown_rows() and filter_text()), as meeting_actions are: the
pane keeps its layout and selection, and the dialogs themselves live in absences_forms."""

from __future__ import annotations

from desktop_app.services.absences import commands as absence_commands
from desktop_app.services.absences import export as absence_export
from desktop_app.services.absences import queries as absences_queries
from desktop_app.services.system.common import ValidationError
from ui import operations
from ui.build_progress import build_with_progress
from ui.errors import show_error
from ui.panes import absences_forms as forms
from ui.panes.meeting_print import preview, show_preview
from ui.widgets import export as export_file
from ui.widgets.actions import open_after


def record_approval(pane) -> operations.Operation:
    """The dialog opens once the history is reloaded (the operation's result)."""
    return with_history(pane, lambda: open_approval(pane))


def open_approval(pane):
    target = pane.detail.approval_target()
    if target.status != "pending":
        show_error(
            pane,
            ValidationError("该外出请示的审批环节均已登记；行程有变化的，请先「变更行程」。"),
            "无需登记",
        )
        return None
    return forms.record_approval(pane, target)


def amend(pane) -> operations.Operation:
    """变更行程: the itinerary in force is read first (the operation's result is the dialog)."""
    row, db = pane.register.current(), pane.ctx.db
    in_force = row.effective_id if row.effective_id and row.effective_id != row.id else None
    return open_after(
        pane,
        lambda: absence_commands.get_absence(db, in_force) if in_force else row,
        lambda current: forms.amend_request(pane, row, current),
        still_selected(pane, row),
    )


def print_form(pane) -> operations.Operation:
    return with_history(pane, lambda: preview_form(pane))


def preview_form(pane) -> None:
    from desktop_app.services.absences.printouts import absence_form_pdf

    # The form of the change awaiting approval, else of the itinerary in force (R62.7).
    target = pane.detail.approval_target()
    form_id, db = target.id, pane.ctx.db
    if target.amends_id is None and target.effective_id:
        form_id = target.effective_id
    preview(
        pane,
        lambda: absence_form_pdf(db, form_id),
        f"{target.person_name}外出请示报备表",
    )


def print_list(pane) -> None:
    from desktop_app.services.absences.printouts import absence_list_pdf

    rows, text, today, db = pane.shown_rows(), pane.filter_text(), pane.ctx.today(), pane.ctx.db
    title = "外出请示报备登记表"
    # A long list shows its pages in a progress dialog; 取消 stops it with nothing shown.
    pane.list_job = build_with_progress(
        pane,
        lambda progress, cancelled: absence_list_pdf(
            db, rows, text, today, progress=progress, cancelled=cancelled
        ),
        title,
        lambda result: show_preview(pane, result, title),
    )


def export(pane) -> None:
    path = export_file.ask_path(pane, "导出外出请示报备", "外出请示报备.xlsx")
    if path:
        rows = sorted(pane.shown_rows(), key=lambda d: (d.start_date, d.id))
        today = pane.ctx.today()
        export_file.write(pane, path, lambda: absence_export.write_absences_xlsx(path, rows, today))


def with_history(pane, then) -> operations.Operation:
    """The history (a pending change of itinerary) is shown from a read the selection
    started; an action needs it as it is now: reread through the runner, then `then()`."""
    d, db = pane.register.current(), pane.ctx.db

    def refreshed(rows):
        pane.detail.history_rows = rows
        pane.detail.absence = d
        return then()

    return open_after(
        pane,
        lambda: absences_queries.absences_of_root(db, d.root_id),
        refreshed,
        still_selected(pane, d),
    )


def still_selected(pane, row):
    """Whether the clerk still has `row` selected when a read for it reports."""

    def wanted() -> bool:
        current = pane.register.current()
        return current is not None and current.id == row.id

    return wanted
