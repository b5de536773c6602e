"""收文登记簿 / 发文登记簿 for a date range: printed through the print preview, or exported to
Excel. Both are built off the GUI thread; the services audit every classified row (R44)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from desktop_app.services.documents import export as doc_export
from desktop_app.services.documents import register_printouts as doc_registers
from desktop_app.services.system.common import ValidationError
from ui.build_progress import BuildJob, build_with_progress
from ui.errors import show_error
from ui.widgets import export as export_file
from ui.widgets.form import FormDialog
from ui.widgets.form_fields import FieldSpec

TITLES = {"incoming": ("收文登记簿", "收文日期"), "outgoing": ("发文登记簿", "印发日期")}


def builders(kind: str) -> tuple[Callable, Callable]:
    """The PDF and xlsx functions of the register `kind`."""
    return (
        getattr(doc_registers, f"{kind}_register_pdf"),
        getattr(doc_export, f"export_{kind}_xlsx"),
    )


class RegisterOutput:
    """The 「打印登记簿」 and 「导出Excel」 actions of one register tab (`tab.ctx`)."""

    def __init__(self, tab: QWidget, kind: str):
        self.tab, self.kind = tab, kind
        self.ctx = tab.ctx  # type: ignore[attr-defined]
        self.title, self.date_label = TITLES[kind]
        self.pdf_fn, self.xlsx_fn = builders(kind)
        self.previews: list[Any] = []  # kept open (and reachable for tests)
        self.exported: int | None = None  # rows written by the last export
        self.busy = False
        self.job: BuildJob | None = None  # the last print's build (progress, cancel)

    def ask_range(self, title: str, on_range: Callable[[dict], None]) -> FormDialog:
        """A window-modal dialog for the period; `on_range(values)` once it is valid."""
        today = self.ctx.today()

        def check(v: dict) -> dict:
            if v["end"] < v["start"]:
                raise ValidationError("截止日期不能早于起始日期。")
            return v

        dialog = FormDialog(
            title,
            [
                FieldSpec("start", f"{self.date_label}自", "date"),
                FieldSpec("end", "至", "date"),
                FieldSpec("include_voided", "包括作废记录（注明作废）", "check"),
            ],
            check,
            {"start": date(today.year, 1, 1), "end": today, "include_voided": True},
            self.tab,
            f"{self.kind}RangeDialog",
        )
        dialog.accepted.connect(lambda: on_range(dialog.result_value))
        dialog.open()
        return dialog

    # --- print ------------------------------------------------------------------------------
    def print_register(self) -> FormDialog:
        return self.ask_range(f"打印{self.title}", self.preview)

    def preview(self, v: dict) -> None:
        db, user, today, build = self.ctx.db, self.ctx.user, self.ctx.today(), self.pdf_fn

        def job(progress, cancelled):
            return build(
                db,
                user,
                start=v["start"],
                end=v["end"],
                include_voided=v["include_voided"],
                printed_on=today,
                progress=progress,
                cancelled=cancelled,
            )

        self.busy = True
        # On the one database worker: the register is read, drawn and its printing audited in
        # one service call (see ui/panes/meeting_print.py for why the drawing goes with it); a
        # long register shows its pages in a progress dialog and 取消 stops it, nothing kept.
        self.job = build_with_progress(
            self.tab, job, self.title, self._show, self._cancelled, self._failed
        )

    def _show(self, result) -> None:
        from ui.print_preview import PrintPreview

        self.busy = False
        window = PrintPreview(result.pdf, self.title, f"{self.title}.pdf", result.notes, self.tab)
        self.previews.append(window)
        window.show()

    def _cancelled(self) -> None:
        self.busy = False

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        show_error(self.tab, exc, "无法生成登记簿")

    # --- export -----------------------------------------------------------------------------
    def export_register(self) -> FormDialog:
        def chosen(v: dict) -> None:
            path = export_file.ask_path(self.tab, f"导出{self.title}", f"{self.title}.xlsx")
            if path:
                self.export_to(path, v)

        return self.ask_range(f"导出{self.title}", chosen)

    def export_to(self, path: Path, v: dict) -> None:
        db, user, export = self.ctx.db, self.ctx.user, self.xlsx_fn
        self.busy = True
        export_file.write(
            self.tab,
            path,
            lambda: export(
                db, user, path, start=v["start"], end=v["end"], include_voided=v["include_voided"]
            ),
            self._exported,
            on_failed=lambda _e: self._cancelled(),  # export_file shows the message
            title="无法导出登记簿",
        )

    def _exported(self, count: int) -> None:
        self.busy = False
        self.exported = count

    def add_buttons(self, view) -> None:
        """Add the two buttons to a RegisterView."""
        view.add_action("打印登记簿…", self.print_register, f"print{self.kind.title()}Register")
        view.add_action("导出Excel…", self.export_register, f"export{self.kind.title()}Register")
        if self.ctx.user.can("records"):
            from ui.panes.ledger_import import RegisterImport

            self.importer = RegisterImport(self.tab, import_spec(self.kind))
            self.importer.on_imported = getattr(view, "reload", None)
            self.importer.add_buttons(view)


def import_spec(kind: str):
    """The import of the register `kind` (services.documents.import_*)."""
    from desktop_app.services.documents import import_incoming, import_outgoing

    return {"incoming": import_incoming.SPEC, "outgoing": import_outgoing.SPEC}[kind]
