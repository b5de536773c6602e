"""The mapping step of 「导入…」 (列对应): every field of the register with a combo of the sheet's
headers, each set to the suggested column (the register's remembered choice first, then the most
similar header); the clerk changes what is wrong and goes on to the dry run (预检). One header
for two fields, or a required field without a column, is said at once and 预检 waits for it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.system import ledger_mapping as lm
from desktop_app.services.system.ledger_sheet import FieldSpec

NOT_IMPORTED = "（不导入）"


class MappingDialog(QDialog):
    """Choose the sheet's column of every field. `mapping()`: header → field key."""

    sheet_chosen = Signal(str)  # another sheet of the workbook: read its headers instead

    def __init__(
        self,
        cols: lm.Columns,
        fields: list[FieldSpec],
        title: str,
        parent: QWidget,
        current: dict[str, str] | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("importMappingDialog")
        self.setWindowTitle(f"导入{title}：列对应")
        self.cols, self.fields = cols, fields
        chosen = current if current is not None else cols.suggested
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"「{cols.file_name}」工作表「{cols.sheet}」，第{cols.header_row}行为表头。"
            f"请为{title}的每一项选择表中对应的列（已按列名相似程度和上次的选择填好；"
            "红色 * 为必填；表中没有的项选「（不导入）」）。",
            objectName="importMappingIntro",
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form_box = QWidget()
        form = QFormLayout(form_box)
        self.sheet_combo: QComboBox | None = None
        if len(cols.sheets) > 1:
            self.sheet_combo = QComboBox(objectName="importSheet")
            self.sheet_combo.addItems(list(cols.sheets))
            self.sheet_combo.setCurrentText(cols.sheet)
            self.sheet_combo.currentTextChanged.connect(self._sheet_changed)
            form.addRow("工作表", self.sheet_combo)
        self.combos: dict[str, QComboBox] = {}
        for f in fields:
            combo = QComboBox(objectName=f"importMap_{f.key}")
            combo.addItem(NOT_IMPORTED, "")
            for header in cols.headers:
                combo.addItem(header, header)
            header = next((h for h, k in chosen.items() if k == f.key and h in cols.headers), "")
            combo.setCurrentIndex(max(0, combo.findData(header)))
            combo.setToolTip(f.help)
            combo.currentIndexChanged.connect(self._update)
            label = QLabel(
                f"{f.title}<span style='color:#b22222'> *</span>" if f.required else f.title
            )
            form.addRow(label, combo)
            self.combos[f.key] = combo
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_box)
        layout.addWidget(scroll, 1)
        self.state = QLabel(objectName="importMappingState")
        self.state.setWordWrap(True)
        layout.addWidget(self.state)
        buttons = QDialogButtonBox(objectName="importMappingButtons")
        self.check_button = buttons.addButton("预检", QDialogButtonBox.ButtonRole.AcceptRole)
        self.check_button.setObjectName("importMappingCheck")
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 620)
        self._update()

    def chosen(self) -> dict[str, str]:
        """field key → header ("" for a field the sheet does not have)."""
        return {key: combo.currentData() or "" for key, combo in self.combos.items()}

    def problems(self) -> list[str]:
        titles = {f.key: f.title for f in self.fields}
        out: list[str] = []
        used: dict[str, str] = {}
        for key, header in self.chosen().items():
            if header and header in used:
                out.append(f"「{header}」同时对应了「{titles[used[header]]}」和「{titles[key]}」")
            used.setdefault(header, key)
        missing = [f.title for f in self.fields if f.required and not self.chosen()[f.key]]
        if missing:
            out.append(f"请为必填项选择列：{'、'.join(missing)}")
        return out

    def mapping(self) -> dict[str, str]:
        """header → field key, every header of the sheet ("" not imported)."""
        return lm.apply_choices(self.cols.headers, self.fields, self.chosen())

    def _update(self) -> None:
        problems = self.problems()
        self.state.setText(
            "<span style='color:#b22222'>" + "；".join(problems) + "</span>" if problems else ""
        )
        self.check_button.setEnabled(not problems)

    def accept(self) -> None:
        if self.problems():
            return
        super().accept()

    def _sheet_changed(self, name: str) -> None:
        if name and name != self.cols.sheet:
            self.sheet_chosen.emit(name)
            self.reject()
