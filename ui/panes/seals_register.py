"""The 用印登记簿 tab (register entries of a period, voided ones kept and marked, with 「打印登记簿」
and 「导出Excel」) and the 对账 tab (approved vs stamped vs spoiled copies per seal and month)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QVBoxLayout, QWidget

from desktop_app.services import seals
from desktop_app.services.seals import export as seal_export
from ui import operations
from ui.build_progress import BuildJob, build_with_progress
from ui.panes import seals_forms as forms
from ui.panes.documents_common import imported_mark
from ui.panes.meeting_print import show_preview
from ui.panes.seals_filters import PeriodFilter, fill_seals, fill_units
from ui.widgets import export as export_file
from ui.widgets.actions import open_after
from ui.widgets.pick_search import make_searchable
from ui.widgets.table import Column, RegisterView


class RegisterTab(QWidget):
    def __init__(self, ctx, on_changed, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.on_changed = on_changed
        self.job: BuildJob | None = None  # the last register print's build (progress, cancel)
        today = ctx.today()
        self.period = PeriodFilter(date(today.year, 1, 1), today, False, "registerPeriod")
        self.seal = QComboBox(objectName="registerSeal")
        self.unit = make_searchable(QComboBox(objectName="registerUnit"))
        self.view = RegisterView(
            "sealRegister",
            [
                Column("序号", lambda r: f"{r.year}-{r.serial}", 70),
                Column("日期", lambda r: r.date_text, 140),
                Column("编号", lambda r: r.number, 130),
                Column("用印单位", lambda r: r.unit_name, 130),
                Column("文件名称", lambda r: r.title, 220),
                Column("事由", lambda r: r.purpose, 140),
                Column("印章", lambda r: r.seal_name, 140),
                Column("份数", lambda r: r.copies_stamped, 50),
                Column("经办人", lambda r: r.handler, 70),
                Column("批准人", lambda r: r.approvers, 140),
                Column("监印人", lambda r: r.supervisor, 70),
                Column("来源", imported_mark, 40),
                Column("备注", lambda r: r.remarks),
            ],
            self._fetch,
            voidable=False,
        )  # the register always shows its voided entries
        v = self.view
        v.query_state = self._filters
        v.add_action("作废登记…", self.void_entry, "voidRegisterEntry", True).setVisible(
            ctx.user.can("records")
        )
        v.add_action("打印登记簿", self.print_register, "printRegister")
        v.add_action("导出Excel…", self.export, "exportRegister")
        if ctx.user.can("records"):  # the office's own 用印登记簿 brought in (导入…, 导入模板…)
            from desktop_app.services.seals.import_register import SPEC as IMPORT_SPEC
            from ui.panes.ledger_import import RegisterImport

            self.importer = RegisterImport(self, IMPORT_SPEC)
            self.importer.on_imported = self._changed
            self.importer.add_buttons(v)
        filters = QHBoxLayout()
        for w in (self.period, self.seal, self.unit):
            filters.addWidget(w)
        filters.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(v)
        self.period.changed.connect(v.reload)
        self.seal.currentIndexChanged.connect(lambda _i: v.reload())
        self.unit.currentIndexChanged.connect(lambda _i: v.reload())

    def refresh_choices(self) -> None:
        fill_seals(self.seal, self.ctx.db)
        fill_units(self.unit, self.ctx.db)

    def _range(self) -> tuple[date, date]:
        return self.period.start(), self.period.end()

    def _filters(self) -> tuple:
        """Period, seal and unit, read on the GUI thread before the query runs."""
        return (*self._range(), self.seal.currentData(), self.unit.currentData())

    def _fetch(self, _include_voided: bool, filters: tuple):
        start, end, seal_id, unit_id = filters
        if end < start:
            return []
        return seals.register_rows(
            self.ctx.db, start, end, seal_id=seal_id, unit_id=unit_id, user=self.ctx.user
        )

    def void_entry(self) -> operations.Operation:
        """The entry is read first (its version for the save); the operation's result is the
        dialog."""
        row, db, user = self.view.current(), self.ctx.db, self.ctx.user

        def open_dialog(use):
            return forms.void_dialog(
                self,
                f"作废用印登记：{row.year}年第{row.serial}号（{row.number}）",
                lambda reason: seals.void_use(db, user, use.id, reason, use.version),
                "sealVoidUseDialog",
                self._changed,
            )

        return open_after(self, lambda: seals.get_use(db, row.use_id), open_dialog)

    def _changed(self) -> None:
        self.view.reload()
        self.on_changed()

    def print_register(self) -> None:
        from desktop_app.services.seals.printouts import seal_register_pdf

        start, end = self._range()
        seal_id, unit_id = self.seal.currentData(), self.unit.currentData()
        db, user, today = self.ctx.db, self.ctx.user, self.ctx.today()
        # A 500-entry register runs to dozens of pages: its pages show in a progress dialog
        # and 取消 stops the build before anything is audited or shown.
        self.job = build_with_progress(
            self,
            lambda progress, cancelled: seal_register_pdf(
                db,
                start,
                end,
                seal_id=seal_id,
                unit_id=unit_id,
                printed_on=today,
                user=user,
                progress=progress,
                cancelled=cancelled,
            ),
            "用印登记簿",
            lambda result: show_preview(self, result, "用印登记簿"),
        )

    def export(self) -> None:
        path = export_file.ask_path(self, "导出用印登记簿", "用印登记簿.xlsx")
        if path:
            start, end = self._range()
            db, user = self.ctx.db, self.ctx.user
            seal_id, unit_id = self.seal.currentData(), self.unit.currentData()  # GUI thread
            export_file.write(
                self,
                path,
                lambda: seal_export.export_register_xlsx(
                    db, path, start, end, seal_id=seal_id, unit_id=unit_id, user=user
                ),
            )


class ReconciliationTab(QWidget):
    """对账: per seal and month of a year — a gap between approved and stamped copies, or many
    spoiled ones, is what the office checks against the stamped documents."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.year = QComboBox(objectName="reconYear")
        for y in range(ctx.today().year, ctx.today().year - 10, -1):
            self.year.addItem(f"{y}年", y)
        self.seal = QComboBox(objectName="reconSeal")
        self.view = RegisterView(
            "sealReconciliation",
            [
                Column("印章", lambda r: r.seal_name, 180),
                Column("月份", lambda r: f"{r.year}年{r.month}月", 90),
                Column("用印次数", lambda r: r.uses, 70),
                Column("批准份数", lambda r: r.copies_approved, 70),
                Column("用印份数", lambda r: r.copies_stamped, 70),
                Column("废页", lambda r: r.copies_spoiled, 50),
                Column("未用份数", lambda r: r.unstamped, 70),
                Column("作废登记", lambda r: r.voided_entries),
            ],
            lambda _inc, f: seals.reconciliation(self.ctx.db, f[0], seal_id=f[1]),
            voidable=False,
        )
        self.view.query_state = lambda: (self.year.currentData(), self.seal.currentData())
        self.view.add_action("导出Excel…", self.export, "exportReconciliation")
        filters = QHBoxLayout()
        filters.addWidget(self.year)
        filters.addWidget(self.seal)
        filters.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.view)
        self.year.currentIndexChanged.connect(lambda _i: self.view.reload())
        self.seal.currentIndexChanged.connect(lambda _i: self.view.reload())

    def refresh_choices(self) -> None:
        fill_seals(self.seal, self.ctx.db)

    def export(self) -> None:
        year = self.year.currentData()
        path = export_file.ask_path(self, "导出用印对账", f"用印对账{year}.xlsx")
        if path:
            db, seal_id = self.ctx.db, self.seal.currentData()  # read on the GUI thread
            export_file.write(
                self,
                path,
                lambda: seal_export.export_reconciliation_xlsx(db, path, year, seal_id=seal_id),
            )
