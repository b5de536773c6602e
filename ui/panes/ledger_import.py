"""「导入…」 and 「导入模板…」 of a register tab: the office's own ledger checked in a dry run off
the GUI thread (progress, 取消), every row that would be imported and every problem by row and
column shown, and — only when the clerk confirms a sheet without problems — imported in one
transaction with its own progress and 取消 (a cancelled import leaves nothing written)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.system import ledger_import as li
from desktop_app.services.system import ledger_mapping as lm
from desktop_app.services.system.ledger_check import Preview
from desktop_app.services.system.ledger_spec import RegisterSpec
from desktop_app.services.system.ledger_template import write_template
from ui import operations
from ui.build_progress import build_with_progress
from ui.panes.ledger_mapping import MappingDialog

PREVIEW_ROWS = 2000  # rows listed in the dialog; the count says how many there are


class PreviewDialog(QDialog):
    """The dry run's result: rows to import, problems, and 导入 (only without problems)."""

    def __init__(self, preview: Preview, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("importPreviewDialog")
        self.setWindowTitle(f"导入{preview.title}：预检结果")
        self.preview = preview
        layout = QVBoxLayout(self)
        fields = {f.key: f.title for f in _spec_fields(parent)}
        mapping = "，".join(
            f"{h}→{fields.get(k, '（不导入）')}" for h, k in preview.mapping.items()
        )
        summary = QLabel(
            f"「{preview.file_name}」工作表「{preview.sheet}」：可导入 {len(preview.rows)} 行，"
            f"问题 {len(preview.problems)} 处。\n列对应：{mapping}",
            objectName="importSummary",
        )
        summary.setWordWrap(True)
        layout.addWidget(summary)
        self.problems = QPlainTextEdit(objectName="importProblems")
        self.problems.setReadOnly(True)
        self.problems.setPlainText(
            "\n".join(preview.problem_lines())
            or "未发现问题。确认后全部记录一次写入（作为导入的历史记录，注明来源文件和行号）。"
        )
        layout.addWidget(self.problems)
        self.table = QTableWidget(objectName="importRows")
        self.table.setColumnCount(len(preview.columns) + 1)
        self.table.setHorizontalHeaderLabels(["行号", *preview.columns])
        shown = preview.rows[:PREVIEW_ROWS]
        self.table.setRowCount(len(shown))
        for i, (row, cells) in enumerate(shown):
            self.table.setItem(i, 0, QTableWidgetItem(str(row)))
            for j, cell in enumerate(cells, start=1):
                self.table.setItem(i, j, QTableWidgetItem(cell))
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(objectName="importButtons")
        self.import_button = buttons.addButton("导入", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("importConfirm")
        self.import_button.setEnabled(preview.ok)
        self.remap_button = buttons.addButton("调整列对应…", QDialogButtonBox.ButtonRole.ResetRole)
        self.remap_button.setObjectName("importRemap")
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(900, 600)


def _spec_fields(widget: QWidget):
    importer = getattr(widget, "_importer", None)
    return importer.spec.fields if importer else []


class RegisterImport:
    """The import actions of one register tab (`tab.ctx`) for `spec`."""

    def __init__(self, tab: QWidget, spec: RegisterSpec):
        self.tab, self.spec, self.ctx = tab, spec, tab.ctx  # type: ignore[attr-defined]
        tab._importer = self  # type: ignore[attr-defined]
        self.preview: Preview | None = None
        self.dialog: PreviewDialog | None = None
        self.result: li.ImportResult | None = None
        self.job = None
        self.state = ""  # mapping | checked | imported | cancelled | failed
        self.mapping_dialog: MappingDialog | None = None
        self.on_imported = None  # the tab reloads its register

    def add_buttons(self, view) -> None:
        kind = self.spec.kind.title()
        view.add_action("导入…", self.choose_file, f"import{kind}")
        view.add_action("导入模板…", self.save_template, f"import{kind}Template")

    def save_template(self) -> None:
        path, _f = QFileDialog.getSaveFileName(
            self.tab, "保存导入模板", f"{self.spec.title}导入模板.xlsx", "Excel (*.xlsx)"
        )
        if path:
            spec = self.spec
            operations.run(lambda: write_template(spec, Path(path)), parent=self.tab)

    def choose_file(self) -> None:
        path, _f = QFileDialog.getOpenFileName(
            self.tab,
            f"导入{self.spec.title}",
            "",
            "表格文件 (*.xlsx *.xls *.ods *.et);;所有文件 (*)",
        )
        if path:
            self.map_columns(Path(path))

    def map_columns(
        self, path: Path, sheet: str | None = None, current: dict[str, str] | None = None
    ) -> None:
        """The mapping step: the sheet's headers read off the GUI thread, then a combo per
        field set to the suggested column; 预检 goes on to the dry run with the clerk's choice."""
        db, spec = self.ctx.db, self.spec
        self.path = path
        operations.run(
            lambda: lm.columns(db, spec, path, sheet),
            lambda cols: self._choose(cols, current),
            parent=self.tab,
        )

    def _choose(self, cols: lm.Columns, current: dict[str, str] | None) -> None:
        self.state = "mapping"
        dialog = MappingDialog(cols, self.spec.fields, self.spec.title, self.tab, current)
        self.mapping_dialog = dialog
        dialog.accepted.connect(lambda: self.check(self.path, dialog.mapping(), cols.sheet))
        dialog.sheet_chosen.connect(lambda name: self.map_columns(self.path, name))
        dialog.open()

    def check(
        self, path: Path, mapping: dict[str, str] | None = None, sheet: str | None = None
    ) -> None:
        """The dry run, off the GUI thread with progress and 取消; then the preview dialog.
        `mapping`: the clerk's (header → field key); None: the suggested one."""
        db, user, spec = self.ctx.db, self.ctx.user, self.spec
        self.path = path

        def job(progress, cancelled):
            return li.dry_run(
                db, user, spec, path, mapping, sheet=sheet, progress=progress, cancelled=cancelled
            )

        self.job = build_with_progress(
            self.tab, job, spec.title, self._checked, self._cancelled, None, "预检", "行"
        )

    def _checked(self, preview: Preview) -> None:
        self.preview, self.state = preview, "checked"
        self.dialog = PreviewDialog(preview, self.tab)
        self.dialog.accepted.connect(self.confirm)
        self.dialog.remap_button.clicked.connect(self.remap)
        self.dialog.open()

    def remap(self) -> None:
        """Back from the preview to the mapping step, with the mapping the dry run used."""
        assert self.preview is not None
        if self.dialog is not None:
            self.dialog.reject()
        self.map_columns(self.path, self.preview.sheet, self.preview.mapping)

    def confirm(self) -> None:
        """Import what the dry run checked (the same file, the same mapping)."""
        assert self.preview is not None
        db, user, spec, preview, path = (
            self.ctx.db,
            self.ctx.user,
            self.spec,
            self.preview,
            self.path,
        )

        def job(progress, cancelled):
            return li.import_file(
                db,
                user,
                spec,
                path,
                preview.mapping,
                sheet=preview.sheet,
                expected_hash=preview.file_hash,
                progress=progress,
                cancelled=cancelled,
            )

        self.job = build_with_progress(
            self.tab, job, spec.title, self._imported, self._cancelled, None, "导入", "行"
        )

    def _imported(self, result: li.ImportResult) -> None:
        self.result, self.state = result, "imported"
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "已导入",
            f"已导入{self.spec.title} {result.count} 条（「{result.file_name}」）。",
            parent=self.tab,
        )
        box.setObjectName("importDone")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        if self.on_imported is not None:
            self.on_imported()

    def _cancelled(self) -> None:
        self.state = "cancelled"
